"""Company answers come only from the sections; the ranking works for any company's wording."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agente_vendedor.conversation.company_knowledge import (
    OVERLAP_MIN,
    RankedSection,
    _answers,
    answer_from_sections,
    company_overlap,
    lemma,
    stem,
    topic_signals,
)
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import family


@dataclass
class Section:
    titulo: str
    contenido: str


DEV = [
    Section("Sobre nosotros", "Sextinvalle S.A.S. (NIT 901527384-4) distribuye dotación y EPP en el Valle desde 2014."),
    Section(
        "Horario", "Atendemos de lunes a viernes de 8:00 a. m. a 6:00 p. m. y los sábados de 9:00 a. m. a 1:00 p. m."
    ),
    Section("Dirección", "Estamos en la Avenida 3 Norte # 45-18, barrio La Flora, Cali. Hay parqueadero en el sótano."),
    Section("Contacto", "Teléfono fijo (602) 395 1122, WhatsApp 318 220 4455 y correo hola@sextinvalle.co."),
    Section(
        "Envíos", "Domicilio en Cali por $9.000; gratis para compras superiores a $250.000. Nacionales en 3 a 5 días."
    ),
    Section(
        "Medios de pago", "Transferencias Davivienda, Nequi al 318 220 4455, tarjetas y efectivo. Crédito a 45 días."
    ),
    Section("Garantía y devoluciones", "Todos los productos tienen 3 meses de garantía por defectos de fabricación."),
    Section("Servicios", "Recargamos extintores en 72 horas y dictamos capacitaciones de trabajo seguro en alturas."),
]
# Another company, other titles and wording.
OTHER = [
    Section(
        "Quiénes somos", "Protecciones del Pacífico Ltda. vende elementos de seguridad en Buenaventura desde 1998."
    ),
    Section("Horarios de atención", "Abrimos de lunes a sábado de 7:30 a. m. a 5:30 p. m.; domingos cerrado."),
    Section("Ubicación", "Calle 2 # 3-45, sector El Centro. Frente al parque principal."),
    Section("Formas de pago", "Aceptamos Daviplata, Bancolombia a la mano y pago contraentrega en la ciudad."),
    Section("Despachos", "Despachamos a todo el país con Servientrega; el flete lo paga el cliente."),
    Section("Cambios", "Aceptamos cambios en los 10 días siguientes presentando la factura."),
    Section("Alquiler de equipos", "Alquilamos andamios certificados por días o semanas."),
]


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("puedo pagarles desde el celular con alguna app?", "Nequi"),
        ("numero de whatsapp?", "318 220 4455"),
        ("los sabados hasta que hora trabajan", "1:00"),
        ("cual es el correo para pedidos", "hola@sextinvalle.co"),
        ("que garantia tienen los productos", "3 meses"),
        ("en cuanto tiempo recargan un extintor", "72 horas"),
        ("a que horas abren entre semana", "8:00"),
        ("a partir de cuanto el envio es gratis", "250.000"),
        ("tienen parqueadero?", "sótano"),
        ("en que barrio quedan", "La Flora"),
        ("cuanto vale el domicilio en cali", "9.000"),
        ("cual es la direccion del almacen", "Avenida 3 Norte"),
        ("cuantos dias de credito dan", "45 días"),
    ],
)
def test_dev_company(question: str, fact: str) -> None:
    answer = answer_from_sections(DEV, question)
    assert answer.found
    assert normalize(fact) in normalize(" ".join(s.contenido for s in answer.sections))


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("a que hora abren?", "Horarios de atención"),
        ("el domingo atienden?", "Horarios de atención"),
        ("donde estan ubicados", "Ubicación"),
        ("puedo pagar con daviplata?", "Formas de pago"),
        ("pagan contra entrega?", "Formas de pago"),
        ("hacen envios a Medellin?", "Despachos"),
        ("si no me queda bien lo puedo cambiar?", "Cambios"),
        ("alquilan andamios?", "Alquiler de equipos"),
        ("quienes son ustedes", "Quiénes somos"),
    ],
)
def test_other_company_wording(question: str, title: str) -> None:
    assert _best_title(OTHER, question) == title


def _best_title(sections: list[Section], question: str) -> str:
    answer = answer_from_sections(sections, question)
    assert answer.found, question
    return answer.sections[0].titulo


def test_unknown_points_to_contact() -> None:
    answer = answer_from_sections(DEV, "venden escaleras de fibra de vidrio?")
    assert not answer.found
    assert answer.contact is not None and answer.contact.titulo == "Contacto"


def test_no_sections() -> None:
    answer = answer_from_sections([], "horario")
    assert not answer.found and answer.contact is None


def test_signals_and_stems() -> None:
    assert "pagos" in topic_signals("puedo pagarles con tarjeta?")
    assert "horario" in topic_signals("a qué hora cierran?")
    assert topic_signals("cuánto vale el casco azul") == []
    assert stem("pagarles") == stem("pagar")
    assert stem("envios") == stem("envio")


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("hace cuanto existe la empresa", "empresa"),
        ("cuantos años llevan en el mercado", "empresa"),
        ("en que año fue fundada la empresa", "empresa"),
        ("los tapones tienen cambio?", "garantia"),
        ("si me queda grande la bota la puedo cambiar?", "garantia"),
        ("hacen inspeccion de arneses?", "servicios"),
        ("bordan el logo de la empresa en los overoles?", "servicios"),
        ("recargan extintores?", "servicios"),
        ("a que correo envio la orden de compra", "contacto"),
        ("donde los puedo visitar en manizales", "ubicacion"),
    ],
)
def test_more_company_signals(message: str, topic: str) -> None:
    assert topic in topic_signals(message)


@pytest.mark.parametrize(
    "message",
    ["lamparas de emergencia recargables", "extintor recargable", "pertiga de 6 metros hay existencias?"],
)
def test_product_adjectives_are_not_company_signals(message: str) -> None:
    assert topic_signals(message) == []


def test_company_age_is_answered_from_the_about_section() -> None:
    assert normalize("2014") in normalize(
        answer_from_sections(DEV, "hace cuanto existe la empresa").sections[0].contenido
    )


def test_a_quality_noun_and_its_adjective_are_one_family() -> None:
    assert family(lemma("validez")) == family(lemma("válida"))
    assert family(lemma("rapidez")) == family(lemma("rápido"))
    assert family(lemma("vez")) != family(lemma("ver"))


def test_a_section_named_by_a_quality_noun_answers_it() -> None:
    sections = [
        Section("Cotizaciones", "Cada propuesta comercial es válida por 20 días calendario."),
        Section("Horarios", "Atendemos de lunes a sábado."),
    ]
    overlap = company_overlap(
        sections,
        "qué validez tiene la propuesta que nos enviaron?",
        names_use=lambda _: False,
        catalogue_uses=lambda _: False,
    )
    assert overlap.sections[0].titulo == "Cotizaciones" and overlap.score >= OVERLAP_MIN


HUILA = [
    Section("Quiénes somos", "Seguridad Opita S.A.S. vende dotación en Neiva, Timaná y Pitalito desde 2009."),
    Section(
        "Sede Neiva: dirección y horario",
        "Carrera 5 # 12-40. Abrimos de lunes a viernes de 7 a 5 y los sábados de 8 a 12.",
    ),
    Section("Sucursal Timaná", "Calle 7 # 9-15. Abre de lunes a viernes de 8 a 12 y de 2 a 6."),
    Section(
        "Festivos y temporada", "Ninguna sede abre los domingos ni los festivos; en diciembre ampliamos el horario."
    ),
    Section("Rutas del camión", "Nuestro camión va a Tarqui y Altamira los jueves, y a Algeciras los martes."),
    Section("Formas de pago", "Recibimos efectivo, transferencia y tarjeta. No aceptamos cheques de terceros."),
    Section("Atención posventa", "Las quejas se radican en posventa@opita.co y se responden en 5 días hábiles."),
]


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # a town no dictionary has, said by one section only, designates it (whatever its accent)
        ("vivo en altamira, cuando me llegaria un pedido", "Rutas del camión"),
        ("y pa Algeciras que dia sale el camion?", "Rutas del camión"),
        # a town in a title names the section: the branch's hours, not every section about hours
        ("que horario tiene la de timana?", "Sucursal Timaná"),
        ("a que hora abre la sucursal de Timaná los viernes", "Sucursal Timaná"),
        # the day itself said by a section before a section only on its topic
        ("y el sábado abren?", "Sede Neiva: dirección y horario"),
        # means of payment and complaints are company topics
        ("les puedo pagar con un cheque?", "Formas de pago"),
        ("a quién le presento una queja", "Atención posventa"),
    ],
)
def test_names_days_and_topic_words_pick_their_section(question: str, title: str) -> None:
    assert _best_title(HUILA, question) == title


def test_a_word_no_dictionary_has_is_its_own_lemma_with_or_without_its_accent() -> None:
    assert lemma("chinácota") == lemma("chinacota") == "chinacota"
    assert lemma("Altamira") == lemma("altamira")
    assert lemma("despachamos") == "despachar"  # a word the dictionary has still loses its inflection


def test_a_common_word_without_its_accent_is_no_name() -> None:
    sections = [
        Section(
            "Dotación de ley", "Entregamos la dotación de ley tres veces al año, en bolsas marcadas por trabajador."
        ),
        Section(
            "Capacitaciones", "Con compras desde 5 millones damos una inducción gratuita sobre protección auditiva."
        ),
    ]
    answer = answer_from_sections(sections, "si les compramos dotacion por 8 millones, nos hacen la inducción?")
    assert answer.found and answer.sections[0].titulo == "Capacitaciones"


def test_a_title_said_whole_names_the_section_above_shared_topics() -> None:
    sections = [
        Section("Recarga de extintores", "Los extintores ABC y de CO2 quedan listos en 48 horas hábiles."),
        Section(
            "Rutas del camión",
            "Nuestro camión sale a Tarqui los jueves; la entrega del pedido demora un día y el servicio de recarga se "
            "coordina con el conductor.",
        ),
        Section("Horario", "Atendemos de lunes a viernes."),
    ]
    answer = answer_from_sections(sections, "cuanto se demora la recarga de extintores")
    assert answer.found and answer.sections[0].titulo == "Recarga de extintores"


def test_a_town_told_as_the_customers_own_is_no_question_about_its_section() -> None:
    assert not answer_from_sections(HUILA, "soy de altamira y necesito cascos blancos").found
    assert _best_title(HUILA, "vivo en altamira, cuando me llegaria un pedido") == "Rutas del camión"


@pytest.mark.parametrize(
    ("scores", "answers"),
    [
        ((0.9, 0.85), True),  # enough evidence of its own
        ((0.68, 0.43), True),  # short of it, but far ahead of every other section
        ((0.6,), True),  # the only section that shares anything
        ((0.68, 0.6), False),  # two sections close together: neither is sure
        ((0.45, 0.1), False),  # too little evidence, however far ahead
    ],
)
def test_a_section_answers_by_its_evidence_or_by_leading_all_others_clearly(
    scores: tuple[float, ...], answers: bool
) -> None:
    ranked = [RankedSection(f"Sección {i}", "…", score) for i, score in enumerate(scores)]
    assert _answers(ranked) is answers


_BRANCHES = [
    Section("Sede principal Neiva", "Carrera 5 # 10-20, zona industrial; abre de lunes a viernes de 7 a 5."),
    Section("Sucursal Pitalito", "Calle 3 # 4-15, barrio Centro; abre de lunes a sábado de 8 a 6."),
    Section("Sucursal Garzón", "Carrera 10 # 7-40; abre de lunes a viernes de 8 a 12 y de 2 a 6."),
    Section("Medios de pago", "Efectivo, transferencia, Nequi y tarjeta débito o crédito en todas las sedes."),
]


@pytest.mark.parametrize("message", ["¿cuántas sedes tienen y dónde quedan?", "¿cuáles son sus sucursales?"])
def test_an_enumerating_question_gets_every_section_its_noun_titles(message: str) -> None:
    titles = [s.titulo for s in answer_from_sections(_BRANCHES, message).sections]
    assert titles == ["Sede principal Neiva", "Sucursal Pitalito", "Sucursal Garzón"]


def test_a_question_about_one_branch_gets_that_branch() -> None:
    titles = [s.titulo for s in answer_from_sections(_BRANCHES, "¿a qué hora abre la sucursal de Garzón?").sections]
    assert titles[0] == "Sucursal Garzón"


_TERMS = [
    Section("Medios de pago", "Efectivo, transferencia a Bancolombia, Nequi y Daviplata; datáfono en las dos sedes."),
    Section("Cambios", "Aceptamos cambios de talla en los 8 días siguientes a la compra, con la factura."),
    Section("Entidades públicas", "A hospitales y alcaldías les aceptamos pago a 60 días tras radicar la factura."),
    Section("Cotizaciones", "Una cotización sostiene sus precios 10 días calendario; después se actualiza."),
    Section("Contacto", "WhatsApp 300 111 2233 y correo ventas@ejemplo.co."),
]


def test_a_verb_of_accepting_takes_its_topic_from_what_is_accepted() -> None:
    assert answer_from_sections(_TERMS, "aceptan daviplata").sections[0].titulo == "Medios de pago"


def test_a_one_word_title_said_names_the_section() -> None:
    assert answer_from_sections(_TERMS, "y la cotizacion cuanto me dura").sections[0].titulo == "Cotizaciones"


def test_a_word_no_dictionary_has_is_one_lemma_in_singular_and_plural() -> None:
    assert lemma("portacandados") == lemma("portacandado")
    assert lemma("multigases") == lemma("multigas")
    assert lemma("Pasto") == "pasto"  # short words and names keep their form


def test_a_feminine_participle_and_the_noun_of_a_verb_in_olver_share_their_family() -> None:
    assert family(lemma("estampadas")) == family(lemma("estampado")) == family("estampar")
    assert family(lemma("devolución")) == family("devolver")
    assert family(lemma("resolución")) == family("resolver")


# A company whose sections about other matters also mention shipping, credit and returns in passing.
MIXED = [
    Section("Ventas a crédito", "El estudio de crédito para empresas tarda 8 días hábiles y pide cámara de comercio."),
    Section("Pagos", "Pagos en efectivo, Nequi o transferencia; el crédito se paga a 30 días y el envío se cobra."),
    Section("Envíos", "Mandamos por transportadora a todo el país; las entregas tardan de 2 a 4 días hábiles."),
    Section("Bordado", "Entregamos 6 días hábiles después de aprobar el diseño; mínimo 12 prendas."),
    Section("Cambios y devoluciones", "El dinero vuelve a su cuenta en 7 días hábiles si el producto no se usó."),
    Section("Sede Norte", "Calle 80 # 12-40. Allí recibimos cambios y devolvemos facturas mal hechas."),
    Section("Equipos por encargo", "Los portacandados importados se piden por encargo y llegan en 25 días."),
]


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("¿y la aprobación del crédito, cuánto se demora?", "8 dias"),  # the subject, not "how long" (shipping)
        ("¿las chaquetas bordadas qué día las entregan?", "6 dias"),  # a feminine participle, its title's noun
        ("¿la plata la devuelven en cuánto tiempo?", "7 dias"),  # devolver / devoluciones
        ("¿cuánto tarda en llegar un portacandado por encargo?", "25 dias"),  # a plural no dictionary has
    ],
)
def test_the_subject_of_a_how_long_question_picks_its_section(question: str, fact: str) -> None:
    answer = answer_from_sections(MIXED, question)
    assert answer.found
    assert fact in normalize(answer.sections[0].contenido)


def test_the_companys_nit_asked_is_its_identity() -> None:
    assert "empresa" in topic_signals("buenas, ¿q NIT tienen? es pa registrarlos en el sistema")
    assert "empresa" in topic_signals("¿qué nit es el de ustedes?")

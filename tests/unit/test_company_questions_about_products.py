"""Questions about the company that mention a product: a service it performs on products (recharge, maintenance,
inspection, calibration, visits), the norms its sections list, delivery, credit or payment asked with a product or a
description of the buyer. They are answered from the company's sections (`contexto`) and never change the order;
a purchase with such a question stays a purchase, and a pure product question stays `inventario`.

Four fictional companies (their own titles and wording) and one fictional catalogue; the product probe and the
catalogue's words stand in for the database. Every message here is written for this test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from agente_vendedor.conversation.classifier import DialogueState, classify
from agente_vendedor.conversation.company_knowledge import (
    OVERLAP_MIN,
    asks_about_company,
    company_overlap,
    rank_sections,
    stem,
)
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.purchase_verbs import BUY
from agente_vendedor.language.speech_acts import Stance, is_conditional_purchase, is_question, stances


@dataclass
class Section:
    titulo: str
    contenido: str


BOMBERIL = [  # Barranquilla: recharge and height-equipment inspection, credit, norms
    Section("Quiénes somos", "Bomberil del Caribe vende equipos contra incendio y protección personal desde 2011."),
    Section(
        "Recarga y mantenimiento de extintores",
        "Recargamos extintores de 5 a 150 libras: la recarga de uno de 10 libras cuesta $28.000. Hacemos el "
        "mantenimiento anual y la prueba hidrostática cada cinco años.",
    ),
    Section(
        "Inspección de equipos de alturas",
        "Revisamos arneses, eslingas y líneas de vida cada seis meses y entregamos un certificado de inspección.",
    ),
    Section("Despachos", "Entregamos en Barranquilla, Soledad y Malambo en 24 horas; al resto del país en 3 a 5 días."),
    Section("Crédito para empresas", "Las constructoras con NIT pueden pedir un cupo de crédito a 30 días."),
    Section("Normas", "Las botas tienen certificación NTC 2396 y los tapones auditivos cumplen la norma ANSI S3.19."),
    Section("Horario", "Lunes a viernes de 7:00 a. m. a 5:00 p. m."),
    Section("Contacto", "WhatsApp 300 555 1212 y correo ventas@bomberil.co."),
]
SABANA = [  # Cundinamarca: technical service with other words, deliveries, payment terms, certificates
    Section("Nuestra empresa", "Dotaciones Sabana atiende a la industria de Cundinamarca desde 2004."),
    Section(
        "Entregas", "Llevamos los pedidos a Bogotá, Soacha y Chía en dos días hábiles; flete gratis desde $400.000."
    ),
    Section("Formas de pago", "Transferencia, tarjeta y PSE. A empresas les damos plazo de 60 días para pagar."),
    Section(
        "Servicio técnico",
        "Hacemos mantenimiento de arneses y revisión anual de mangueras contra incendio; calibramos detectores de "
        "gas cada seis meses.",
    ),
    Section("Certificados de calidad", "El calzado y los cascos que vendemos están certificados bajo normas ICONTEC."),
    Section("Garantía", "Seis meses por defectos de fabricación."),
]
ANDINA = [  # Manizales: on-site visits and regulations named as resolutions, approvals of respirators
    Section("Quiénes somos", "Protección Andina S.A.S. distribuye elementos de protección en el Eje Cafetero."),
    Section(
        "Asesoría en planta", "Vamos a su planta sin costo para inventariar los extintores y revisar la señalización."
    ),
    Section(
        "Normatividad",
        "Los botiquines se arman según la Resolución 705 de 2007 y los respiradores están aprobados por NIOSH.",
    ),
    Section("Despachos", "Manizales y Villamaría en el día; Chinchiná y Neira los martes."),
    Section("Pagos", "Efectivo, Nequi y transferencia."),
]
TORNILLO = [  # a hardware store that says nothing of services, norms or credit
    Section("Horario", "Abrimos de lunes a sábado de 8 a 6."),
    Section("Ubicación", "Calle 10 # 5-20, Pasto."),
    Section("Pagos", "Efectivo y Nequi."),
]
COMPANIES = {"bomberil": BOMBERIL, "sabana": SABANA, "andina": ANDINA, "tornillo": TORNILLO}


def _words(text: str) -> list[str]:
    return text.split()


# The catalogue: words of product names (what names explain) and of their descriptions.
NAMES = _words(
    "extintor multiproposito pqs libras co2 arnes cuerpo completo argollas eslinga posicionamiento manguera contra "
    "incendio pulgadas bota seguridad puntera acero tapones auditivos espuma guante nitrilo mantenimiento casco "
    "dielectrico clase blanco detector gas cuatro gases botiquin respirador n95 linterna recargable"
)
DESCRIPTIONS = _words(
    "recargable manometro soporte pared bodegas talleres obras construccion certificado ansi cinta poliester ganchos "
    "chaqueta gabinete cuero constructoras obra civil suela antideslizante desechables poliuretano mecanico grasas "
    "electricos portatil espacios confinados led bateria litio tallas"
)
_NAME_STEMS = {stem(w) for w in NAMES}
_CATALOGUE = set(NAMES) | set(DESCRIPTIONS)


def names_use(word: str) -> bool:
    return stem(word) in _NAME_STEMS


def catalogue_uses(word: str) -> bool:
    return word in _CATALOGUE or names_use(word)


def product_probe(message: str) -> float:
    words = normalize(message).split()
    return 1.0 if any(names_use(w) for w in words if len(w) > 3) else 0.0


def policy_probe(sections: list[Section]) -> Callable[[str], bool]:
    def probe(message: str) -> bool:
        return asks_about_company(
            sections,
            message,
            names_use=names_use,
            catalogue_uses=catalogue_uses,
            names_product=lambda: bool(product_probe(message)),
        )

    return probe


def kind(company: str, message: str, state: DialogueState | None = None) -> str:
    sections = COMPANIES[company]
    return classify(message, state, product_probe, lambda _: 0.0, policy_probe(sections)).tipo


OPEN_ORDER = DialogueState(estado_venta="pendiente", expecting=("nombre", "cedula", "telefono", "direccion"))


# --- services the company performs on products -------------------------------------------------------------------
SERVICES = [
    ("bomberil", "¿cuánto vale recargar el extintor de veinte?"),
    ("bomberil", "¿cuánto cuesta la recarga de un extintor pequeño?"),
    ("bomberil", "¿ustedes hacen el mantenimiento de los arneses?"),
    ("sabana", "¿ustedes hacen el mantenimiento de los arneses?"),
    ("bomberil", "¿cada cuánto toca revisar las eslingas?"),
    ("sabana", "¿cada cuánto toca revisar las mangueras?"),
    ("bomberil", "¿les puedo llevar mi extintor de CO2 para que lo recarguen?"),
    ("sabana", "necesito saber si calibran detectores de gas"),
    ("sabana", "el detector de gas cada cuánto toca calibrarlo"),
    ("bomberil", "hacen prueba hidrostática para extintores grandes"),
    ("bomberil", "¿inspeccionan eslingas y líneas de vida?"),
    ("andina", "¿ustedes van a la bodega a revisar la señalización de emergencia?"),
    ("andina", "¿ustedes van a la planta a mirar la señalización?"),
]
# --- norms and certifications the company's sections list ---------------------------------------------------------
NORMS = [
    ("bomberil", "¿esas botas tienen certificación?"),
    ("sabana", "¿esas botas tienen certificación?"),
    ("bomberil", "¿los tapones cumplen alguna norma?"),
    ("sabana", "qué norma cumple el casco dieléctrico"),
    ("bomberil", "las botas de puntera son certificadas?"),
    ("andina", "¿qué resolución aplica para armar el botiquín?"),
    ("andina", "¿el respirador N95 que venden tiene aprobación NIOSH?"),
]
# --- delivery, credit, payment asked with a product or a description of the buyer --------------------------------
TERMS = [
    ("bomberil", "si pido guantes, ¿cuándo llegan a Soledad?"),
    ("sabana", "si pido guantes, ¿cuándo llegan a Soacha?"),
    ("bomberil", "somos una constructora, ¿manejan crédito?"),
    ("bomberil", "somos una constructora manejan crédito"),
    ("sabana", "somos una constructora manejan crédito"),
    ("bomberil", "si compro los cascos me los despachan a Malambo"),
    ("sabana", "¿puedo pagar los extintores con tarjeta?"),
    ("tornillo", "¿puedo pagar los extintores con Nequi?"),
    ("sabana", "somos un taller de mecánica, nos dan plazo para pagar"),
    ("bomberil", "¿los guantes me llegan mañana si los pido hoy?"),
    ("andina", "si pido cascos para la obra de Neira, ¿alcanzan a entregarlos el martes?"),
    ("bomberil", "tenemos una obra en Malambo, hasta allá entregan las botas"),
    ("bomberil", "¿qué documentos piden para el crédito?"),
    ("bomberil", "¿cuáles son los requisitos para crédito?"),  # "para" + a term of sale is still the company's
]
# --- the price of a service, not of a product ----------------------------------------------------------------------
SERVICE_PRICES = [
    ("bomberil", "¿la revisión de los arneses tiene costo?"),
    ("bomberil", "¿cada cuánto se debe recargar un extintor?"),
    ("sabana", "¿cuánto cobran por la calibración del detector?"),
]


@pytest.mark.parametrize(("company", "message"), SERVICES + NORMS + TERMS + SERVICE_PRICES)
def test_a_company_question_naming_a_product_is_about_the_company(company: str, message: str) -> None:
    assert kind(company, message) == "contexto"


@pytest.mark.parametrize(
    ("company", "message"),
    [
        ("bomberil", "somos una constructora, ¿manejan crédito?"),
        ("bomberil", "somos una constructora manejan crédito"),
        ("sabana", "somos un taller de mecánica, nos dan plazo para pagar"),
        ("bomberil", "¿cuánto vale recargar el extintor de veinte?"),
        ("bomberil", "¿esas botas tienen certificación?"),
        ("sabana", "si pido guantes, ¿cuándo llegan a Soacha?"),
        ("sabana", "necesito saber si calibran detectores de gas"),
        ("andina", "¿ustedes van a la bodega a revisar la señalización de emergencia?"),
    ],
)
def test_inside_an_open_order_it_is_still_a_question_about_the_company(company: str, message: str) -> None:
    assert kind(company, message, OPEN_ORDER) == "contexto"


@pytest.mark.parametrize(
    ("company", "message"),
    [
        ("bomberil", "quiero 3 extintores de veinte libras y que me los recarguen cada año"),
        ("bomberil", "quiero 3 extintores de veinte libras y ¿me los recargan cada año?"),
        ("sabana", "me regala 2 arneses y cuánto vale el mantenimiento"),
        ("bomberil", "necesito 10 pares de bota de seguridad, somos una constructora"),
        ("sabana", "mándeme 4 cajas de tapones a Soacha"),
        ("bomberil", "cotíceme 5 extintores pequeños con la recarga incluida"),
        ("andina", "cotíceme 2 botiquines"),
    ],
)
def test_a_purchase_with_a_company_word_stays_a_purchase(company: str, message: str) -> None:
    assert kind(company, message) == "venta"


@pytest.mark.parametrize("company", list(COMPANIES))
@pytest.mark.parametrize(
    "message",
    [
        "¿tienen extintores de veinte?",
        "¿cuánto vale el casco?",
        "¿qué arneses manejan?",
        "¿hay botas talla 42?",
        "¿cuánto cuesta la manguera contra incendio?",
        "¿qué guantes sirven para mantenimiento de motores?",
        "¿el extintor grande es recargable?",
        "¿los tapones de espuma son desechables?",
        "qué precio tiene el detector de gas",
        "¿cómo se recarga la linterna?",
    ],
)
def test_a_pure_product_question_stays_inventory(company: str, message: str) -> None:
    assert kind(company, message) == "inventario"


@pytest.mark.parametrize("company", ["bomberil", "sabana"])
@pytest.mark.parametrize(
    "message",
    [
        "el técnico tiene que revisar el tablero, qué guantes debe usar",  # which product: a service verb is not enough
        "los operarios entran a calibrar las máquinas, qué tapones les sirven",
        "¿cuál detector de gas sirve para calibrar en campo?",
        "¿en cuánto me sale una caja de tapones?",
    ],
)
def test_choosing_a_product_for_a_task_the_company_also_does_stays_inventory(company: str, message: str) -> None:
    assert kind(company, message) == "inventario"


@pytest.mark.parametrize(
    "message",
    [
        # what a person or a thing does (3rd singular, gerund, motion) is a situation, not a service asked for
        "cuando el técnico cambie las mangueras, nadie debe abrir la válvula",
        "el que revisa los arneses se cayó ayer, qué le sirve",
        "se dañó la válvula del tanque y el operario iba subiendo por la escalera",
        # a time of day or a weekday in a need told is no question about opening hours
        "los sábados al mediodía fumigamos y el olor se queda en la ropa",
    ],
)
def test_a_situation_told_with_service_words_is_not_a_company_question(message: str) -> None:
    for sections in (BOMBERIL, SABANA):
        assert not asks_about_company(
            sections,
            message,
            names_use=names_use,
            catalogue_uses=catalogue_uses,
            names_product=lambda: True,
            describes_need=lambda: True,
        )


def test_a_policy_word_asked_is_still_a_company_question_in_a_need() -> None:
    assert asks_about_company(
        BOMBERIL,
        "¿abren los sábados al mediodía?",
        names_use=names_use,
        catalogue_uses=catalogue_uses,
        describes_need=lambda: True,
    )


# --- the pieces ----------------------------------------------------------------------------------------------------
def _overlap(sections: list[Section], message: str) -> float:
    return company_overlap(sections, message, names_use=names_use, catalogue_uses=catalogue_uses).score


def test_a_service_verb_the_company_says_of_itself_counts_product_words_do_not() -> None:
    # "calibramos" is the company's own voice; "detector" and "gas" are explained by product names
    assert _overlap(SABANA, "calibran detectores de gas") >= OVERLAP_MIN
    assert _overlap(SABANA, "detectores de gas") == 0
    # the same verb means nothing for a company whose sections never say it
    assert _overlap(TORNILLO, "calibran detectores de gas") == 0


def test_a_section_title_word_counts_a_verb_of_having_products_does_not() -> None:
    assert _overlap(ANDINA, "asesoría en planta para extintores") >= OVERLAP_MIN
    # "vendemos" is the company's voice, but selling is what every product question is about
    assert _overlap(SABANA, "venden cascos") < OVERLAP_MIN


def test_a_word_of_the_catalogue_descriptions_weighs_less_than_one_only_the_company_uses() -> None:
    only_company = _overlap(BOMBERIL, "la prueba hidrostática")
    assert only_company > _overlap(BOMBERIL, "constructoras")


@pytest.mark.parametrize(
    "message",
    [
        "somos una constructora manejan crédito",
        "soy contratista tienen factura electrónica",
        "hacen mantenimiento a los arneses",
        "dan plazo para pagar",
        "aceptan tarjeta",
        "reciben transferencias",
    ],
)
def test_questions_without_a_question_mark(message: str) -> None:
    assert is_question(message)


@pytest.mark.parametrize(
    "message",
    ["hacen falta 3 cascos", "somos 12 en la cuadrilla y necesitamos guantes", "manden 3 cascos", "soy Pedro Gómez"],
)
def test_statements_and_orders_are_not_questions(message: str) -> None:
    assert not is_question(message)


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("quiero 3 extintores de veinte libras y ¿me los recargan cada año?", False),  # ordered, then asked
        ("necesito 4 arneses, ¿los inspeccionan?", False),
        ("¿cuánto valen 20 cascos?", True),  # the whole message is the question
        ("tengo 3 extintores, ¿los recargan?", True),  # nothing ordered before the question
        ("¿me regala 2 arneses?", True),
    ],
)
def test_an_order_said_before_the_question_is_not_asked(message: str, asks: bool) -> None:
    assert (Stance.QUESTION in stances(message)) is asks


@pytest.mark.parametrize(
    ("message", "conditional"),
    [
        ("si los pido hoy me llegan mañana", True),
        ("si las compro ahora las despachan hoy", True),
        ("si lo encargo hoy cuándo llega", True),
        ("los pido hoy", False),
        # a habit or a case: the terms of every such purchase
        ("cada vez que encargo overoles se paga el domicilio?", True),
        ("siempre que compramos más de 50 nos hacen descuento?", True),
        ("pido overoles cada vez que entra gente nueva", False),
    ],
)
def test_a_purchase_in_a_condition_with_an_object_pronoun(message: str, conditional: bool) -> None:
    assert is_conditional_purchase(message) is conditional


@pytest.mark.parametrize(
    ("message", "buys"),
    [
        ("nos dan plazo para pagar", False),
        ("me dan crédito", False),
        ("nos dan descuento", False),
        ("me da la factura", False),
        ("nos dan 3 cascos", True),
        ("cotíceme 5 extintores", True),
        ("cotícemelos", True),
    ],
)
def test_giving_terms_is_not_handing_over_goods(message: str, buys: bool) -> None:
    assert bool(BUY.search(normalize(message))) is buys


@pytest.mark.parametrize(
    ("message", "signals"),
    [
        ("¿tienen overoles para mantenimiento?", []),  # what the product is for
        ("¿cómo se recarga la linterna?", []),  # a verb after "se"
        ("¿hacen mantenimiento de extintores?", ["servicios"]),
        ("¿cuánto vale la recarga?", ["servicios"]),
    ],
)
def test_a_service_word_in_a_product_s_place_is_no_company_signal(message: str, signals: list[str]) -> None:
    from agente_vendedor.conversation.company_knowledge import topic_signals

    assert topic_signals(message) == signals


def test_the_section_that_answers_a_service_question_is_the_service_section() -> None:
    from agente_vendedor.conversation.company_knowledge import answer_from_sections

    answer = answer_from_sections(SABANA, "¿cada cuánto toca revisar las mangueras?")
    assert answer.found and answer.sections[0].titulo == "Servicio técnico"
    answer = answer_from_sections(ANDINA, "¿ustedes van a la bodega a revisar la señalización de emergencia?")
    assert answer.found and answer.sections[0].titulo == "Asesoría en planta"


def test_no_example_here_is_only_a_pattern_of_words() -> None:
    # the same words in another company: what decides is what the sections say, not the phrase
    assert kind("tornillo", "necesito saber si calibran detectores de gas") == "inventario"
    assert re.search(r"calibr", " ".join(s.contenido for s in TORNILLO)) is None


def test_the_price_of_a_service_the_section_prices_is_a_company_question() -> None:
    sections = [
        Section("Detectores", "Hacemos la prueba de alarma sin costo. La calibración con gas patrón cuesta $120.000."),
        Section("Horario", "Lunes a viernes de 8 a 5."),
    ]
    message = "cuánto vale calibrar el detector"
    overlap = company_overlap(sections, message, names_use=names_use, catalogue_uses=catalogue_uses)
    assert overlap.service  # asked of the company and priced by its section, though not said in its voice
    assert asks_about_company(
        sections, message, names_use=names_use, catalogue_uses=catalogue_uses, names_product=lambda: True
    )


_TAILOR = [
    Section("Bordados y estampados", "Bordamos o estampamos el logo de su empresa en camisas y chalecos."),
    Section("Contacto", "Escríbanos al WhatsApp 300 111 2233 o al correo ventas@ejemplo.co."),
]


@pytest.mark.parametrize(
    "message",
    [
        "¿en la bodega hay tan poca luz que no se ven los bordes de las estibas, me ayudan?",  # bordes / bordamos
        "¿de noche los carros no ven a los que caminan por el borde de la via, algo para eso?",
    ],
)
def test_a_need_asked_with_an_echo_of_a_section_word_is_about_products(message: str) -> None:
    assert not asks_about_company(
        _TAILOR,
        message,
        names_use=names_use,
        catalogue_uses=catalogue_uses,
        names_product=lambda: True,
        describes_need=lambda: True,
    )


def test_a_service_asked_on_a_named_product_still_is_a_company_question() -> None:
    assert asks_about_company(
        _TAILOR,
        "¿me bordan el logo en las camisas que les compré?",
        names_use=names_use,
        catalogue_uses=catalogue_uses,
        names_product=lambda: True,
        describes_need=lambda: True,
    )


def test_what_the_goods_come_with_is_asked_of_the_company() -> None:
    """ "¿vienen con certificado?" asks what the company delivers with them; "con certificado" in an order is a
    requirement on the product."""
    assert kind("bomberil", "¿los tapones vienen con certificado?") == "contexto"
    assert kind("bomberil", "las botas traen certificación?") == "contexto"
    assert kind("bomberil", "necesito 4 botas con certificación") == "venta"


PUERTO = [  # a company with a programme of its own name
    Section("Quiénes somos", "Seguridad Portuaria vende protección personal a los terminales del Caribe."),
    Section(
        "Programa Socio Fiel",
        "Los clientes inscritos en el programa socio fiel acumulan 2 % de sus compras para redimir en dotación.",
    ),
    Section("Despachos", "Entregamos en el puerto y en la zona franca en 24 horas."),
]


@pytest.mark.parametrize("message", ["¿qué es el socio fiel?", "cómo funciona lo del programa socio fiel"])
def test_a_name_only_the_company_gives_is_asked_of_the_company(message: str) -> None:
    assert asks_about_company(PUERTO, message, names_use=names_use, catalogue_uses=catalogue_uses)
    assert rank_sections(PUERTO, message)[0].titulo == "Programa Socio Fiel"


def test_a_pair_of_product_words_is_no_name_of_the_company() -> None:
    sections = [Section("Despachos", "Los cascos blancos y los guantes de nitrilo salen el mismo día.")]
    assert not asks_about_company(
        sections, "¿tienen cascos blancos?", names_use=names_use, catalogue_uses=catalogue_uses
    )


@pytest.mark.parametrize(
    "message", ["necesito que supriman mis datos de su sistema", "¿qué hacen ustedes con mis datos?"]
)
def test_the_customers_rights_over_their_data_are_answered_by_the_data_policy(message: str) -> None:
    sections = [
        *PUERTO,
        Section("Política de datos", "Tratamos los datos personales según la Ley 1581 de 2012; el titular puede pedir "
                "su supresión escribiendo a datos@puerto.co."),
    ]  # fmt: skip
    assert rank_sections(sections, message)[0].titulo == "Política de datos"


_SHARPENING = [
    Section("Taller", "Afilamos tijeras de poda y machetes en el día; el afilado cuesta $8.000 por herramienta."),
    Section("Horario", "Lunes a sábado de 7 a 4."),
]


@pytest.mark.parametrize(
    ("message", "about_company"),
    [
        ("cuánto cuesta afilar unas tijeras de poda", True),  # the sections say the company does it
        ("qué cobran por afilar el machete", True),
        ("cuánto cuesta comprar unas tijeras de poda", False),  # buying is no service
        ("cuánto vale lavar los overoles", False),  # the sections never say the company washes
    ],
)
def test_the_price_of_an_action_the_sections_name_is_a_service(message: str, about_company: bool) -> None:
    found = asks_about_company(
        _SHARPENING, message, names_use=names_use, catalogue_uses=catalogue_uses, names_product=lambda: True
    )
    assert found is about_company

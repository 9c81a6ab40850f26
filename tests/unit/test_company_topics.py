"""Company questions are recognised from the company's own sections plus a small domain model, for any company.

Two fictional companies with different titles and wording: Sextinvalle (Cali, the dev company's section titles) and
Extintores y Dotaciones del Oriente (Bucaramanga). A policy word keeps a message about the company whatever product
it also names; product words alone never make it so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import pytest

from agente_vendedor.conversation.company_knowledge import (
    COMPANY_THRESHOLD,
    analyse,
    answer_from_sections,
    company_topic_score,
    family,
    lemma,
    policy_hits,
    topic_signals,
    topics,
)
from agente_vendedor.language.normalization import normalize


@dataclass
class Section:
    titulo: str
    contenido: str


SEXTINVALLE = [
    Section("Sobre nosotros", "Sextinvalle S.A.S. distribuye dotación y protección personal en el Valle desde 2014."),
    Section("Horario", "Atendemos de lunes a viernes de 8:00 a. m. a 6:00 p. m. y los sábados hasta la 1:00 p. m."),
    Section("Dirección", "Avenida 3 Norte # 45-18, barrio La Flora, Cali. Parqueadero para clientes en el sótano."),
    Section("Contacto", "Teléfono fijo (602) 395 1122, WhatsApp 318 220 4455 y correo hola@sextinvalle.co."),
    Section("Envíos", "Domicilio en Cali por $9.000. Envíos nacionales por transportadora en 3 a 5 días hábiles."),
    Section("Medios de pago", "Transferencia Davivienda, Nequi y efectivo. A empresas, crédito a 45 días."),
    Section(
        "Garantía y devoluciones", "Tres meses de garantía por defectos de fabricación. Cambios en 5 días hábiles."
    ),
    Section("Servicios", "Recargamos extintores en 72 horas y dictamos capacitaciones de trabajo en alturas."),
]
ORIENTE = [
    Section(
        "Nuestra historia",
        "Extintores y Dotaciones del Oriente S.A.S. nació en 2009 en Bucaramanga y atiende a la industria santandereana.",
    ),
    Section("Atención al público", "De lunes a viernes de 7:30 a 12:00 y de 2:00 a 6:00; sábados de 8:00 a 12:00."),
    Section("Sede principal", "Carrera 27 # 36-14, barrio Sotomayor, Bucaramanga. Frente al parque de los Niños."),
    Section("Líneas de atención", "Celular 316 744 2090, fijo (607) 634 1188 y correo ventas@oriente.co."),
    Section("Redes sociales", "Estamos en Instagram y Facebook como @extintoresoriente."),
    Section(
        "Normatividad",
        "Los extintores que vendemos y recargamos cumplen la NTC 2885. Las botas tienen certificado de puntera.",
    ),
    Section(
        "Cambios y devoluciones",
        "Si la talla de la dotación no le queda, la cambiamos dentro de los 15 días con la factura. "
        "No se reciben devoluciones de productos usados.",
    ),
    Section(
        "Cobertura de despachos",
        "Despachamos sin costo a Floridablanca, Girón y Piedecuesta. Al resto del país enviamos por Coordinadora.",
    ),
    Section("Facturación", "Emitimos factura electrónica de la DIAN; envíenos su RUT al correo para crearlo."),
    Section("Garantía", "Botas: 6 meses contra despegue de suela. Cascos: un año por defectos de fábrica."),
    Section(
        "Mantenimiento y recarga",
        "Recargamos extintores de 5 a 150 libras y hacemos el mantenimiento anual con etiqueta y prueba hidrostática.",
    ),
]


def _about_company(sections: list[Section], message: str) -> bool:
    return company_topic_score(sections, message).is_company


# ------------------------------------------------------------------------------------------------ words
def test_lemmas_restore_missing_accents_and_join_noun_and_verb() -> None:
    assert lemma("envios") == lemma("envíos") == "envio"
    assert lemma("garantia") == "garantia"
    assert lemma("despachamos") == "despachar"
    assert family(lemma("recargan")) == family(lemma("recarga"))
    assert family(lemma("facturación")) == family(lemma("facturar"))
    assert family("norma") != family("normal")


def test_a_verb_counts_as_said_to_the_company_in_the_third_plural() -> None:
    addressed = {w.form: w.addressed for w in analyse("¿me pueden cambiar las gafas y me cambian el casco?")}
    assert addressed["cambiar"] and addressed["cambian"]
    assert not {w.form: w.addressed for w in analyse("cada cuanto se cambia el cartucho")}["cambia"]


def test_every_topic_has_a_reason_and_words() -> None:
    data = json.loads(resources.files("agente_vendedor.language.lexicon").joinpath("temas_empresa.json").read_text())
    for entry in data["temas"]:
        assert entry["razon"].strip() and "\n" not in entry["razon"], entry["tema"]
        assert entry["lemas"], entry["tema"]
    assert {t.name for t in topics()} >= {"envios", "pagos", "garantia", "factura", "redes", "certificaciones"}


# ------------------------------------------------------------------------------------------------ the score
@pytest.mark.parametrize(
    ("message", "topic", "title"),
    [
        ("¿sus extintores están certificados con la NTC?", "certificaciones", "Normatividad"),
        ("si las botas me quedan grandes ¿me las cambian por otro número?", "garantia", "Cambios y devoluciones"),
        ("¿tienen página de Facebook?", "redes", "Redes sociales"),
        ("¿despachan guantes de nitrilo hasta Girón?", "envios", "Cobertura de despachos"),
        ("¿me pueden facturar electrónicamente los overoles?", "factura", "Facturación"),
        ("¿cuánto dura la garantía de los cascos?", "garantia", "Garantía"),
        ("¿le hacen mantenimiento a un extintor de CO2?", "servicios", "Mantenimiento y recarga"),
        ("¿a qué hora cierran el sábado?", "horario", "Atención al público"),
        ("¿en qué barrio está la sede?", "ubicacion", "Sede principal"),
        ("¿me regala un celular para hablar con alguien?", "contacto", "Líneas de atención"),
        ("¿desde qué año existe la empresa?", "empresa", "Nuestra historia"),
    ],
)
def test_company_questions_of_another_company(message: str, topic: str, title: str) -> None:
    match = company_topic_score(ORIENTE, message)
    assert match.is_company, match
    assert topic in match.topics
    assert match.sections[0].titulo == title


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("¿hasta dónde mandan las botas punta de acero?", "Envíos"),
        ("¿las gafas traen garantía?", "Garantía y devoluciones"),
        ("¿me cambian el arnés si no me sirve?", "Garantía y devoluciones"),
        ("¿aceptan nequi para pagar los conos?", "Medios de pago"),
        ("¿cuánto se demoran recargando un extintor de 10 libras?", "Servicios"),
        ("¿los sábados atienden?", "Horario"),
    ],
)
def test_company_questions_naming_products_at_sextinvalle(message: str, title: str) -> None:
    match = company_topic_score(SEXTINVALLE, message)
    assert match.is_company and match.policy, match
    assert match.sections[0].titulo == title


@pytest.mark.parametrize(
    "message",
    [
        "¿tienen extintores de 20 libras?",
        "necesito botas de caucho talla 40",
        "¿cuánto vale el casco dieléctrico blanco?",
        "busco guantes para manipular vidrio",
        "¿el respirador trae filtros de repuesto?",
    ],
)
def test_product_questions_are_not_about_the_company(message: str) -> None:
    for sections in (SEXTINVALLE, ORIENTE):
        match = company_topic_score(sections, message)
        assert not match.is_company and not match.policy, (message, match)


@pytest.mark.parametrize(
    "message",
    [
        "¿cada cuánto se cambia el cartucho del respirador?",  # exchange verb not said to the company
        "¿cómo se recarga la linterna de casco?",  # a verb after "se", not the noun "recarga"
        "despácheme 12 conos reflectivos",  # a command: an order, not a delivery policy
        "¿tienen botas con certificado dieléctrico?",  # a requirement on the product
    ],
)
def test_policy_words_that_do_not_ask_about_the_company(message: str) -> None:
    match = company_topic_score(ORIENTE, message)
    assert not match.policy and not match.is_company, match


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("¿se despacha a Barrancabermeja?", "envios"),
        ("¿puedo pagarles con Daviplata?", "pagos"),
        ("¿hacen recarga de extintores de CO2?", "servicios"),
        ("¿se pueden devolver unos tapabocas sin abrir?", "garantia"),
    ],
)
def test_impersonal_and_modal_questions_are_about_the_company(message: str, topic: str) -> None:
    assert topic in company_topic_score(ORIENTE, message).topics


def test_norms_count_only_when_the_company_talks_about_them() -> None:
    message = "¿los extintores que venden sí cumplen la norma técnica?"
    assert company_topic_score(ORIENTE, message).topics == ("certificaciones",)
    assert not company_topic_score(SEXTINVALLE, message).policy


def test_a_policy_topic_the_company_does_not_describe_is_still_about_the_company() -> None:
    match = company_topic_score(SEXTINVALLE, "¿tienen cuenta de Instagram?")
    assert match.is_company and match.topics == ("redes",) and not match.sections
    answer = answer_from_sections(SEXTINVALLE, "¿tienen cuenta de Instagram?")
    assert not answer.found and answer.contact is not None and answer.contact.titulo == "Contacto"


def test_a_company_topic_outside_the_model_is_found_by_its_own_words() -> None:
    sections = [*ORIENTE, Section("Plan de puntos", "Cada compra suma puntos que se redimen en dotación.")]
    match = company_topic_score(sections, "¿cómo funciona el plan de puntos?")
    assert match.score >= COMPANY_THRESHOLD and match.sections[0].titulo == "Plan de puntos"


def test_product_words_do_not_dilute_the_policy_word() -> None:
    short = company_topic_score(ORIENTE, "¿hacen despachos a Girón?")
    long = company_topic_score(ORIENTE, "¿hacen despachos de botas, overoles, cascos, gafas y guantes a Girón?")
    assert long.score >= short.score >= COMPANY_THRESHOLD


def test_compound_terms_are_one_topic() -> None:
    assert {h.topic for h in policy_hits("¿reciben pago contra entrega?")} == {"pagos"}


def test_no_sections() -> None:
    assert company_topic_score([], "¿tienen garantía?").is_company
    assert not company_topic_score([], "casco azul").is_company


# ------------------------------------------------------------------------------------------------ answers
@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("¿la garantía de las botas cuánto tiempo cubre?", "6 meses"),
        ("¿despachan gratis a Piedecuesta?", "Piedecuesta"),
        ("¿me reciben devoluciones de un overol ya usado?", "usados"),
        ("¿cuál es el Instagram de ustedes?", "@extintoresoriente"),
        ("¿hasta qué capacidad recargan extintores?", "150 libras"),
    ],
)
def test_the_answer_picks_the_section_and_its_sentence(message: str, fact: str) -> None:
    answer = answer_from_sections(ORIENTE, message)
    assert answer.found and answer.fact is not None
    assert normalize(fact) in normalize(answer.fact)
    assert answer.score >= COMPANY_THRESHOLD


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("¿en cuánto tiempo me llega el envío a Pasto?", "2 a 4 días"),
        ("¿cuánto me cobran el domicilio?", "$7.000"),
    ],
)
def test_the_sentence_of_the_kind_asked(message: str, fact: str) -> None:
    sections = [
        Section("Domicilios", "Domicilio en Bucaramanga por $7.000. Al resto del país llega en 2 a 4 días hábiles.")
    ]
    answer = answer_from_sections(sections, message)
    assert answer.fact is not None and fact in answer.fact and len(answer.fact) < len(sections[0].contenido)


@pytest.mark.parametrize(
    "message",
    [
        "en la cafeteria de la empresa se quemo una olla con aceite, que tienen para eso",
        "los conductores de la empresa manejan de noche por la via al mar",
        "la bodega de la empresa se inunda cuando llueve, que botas me sirven",
    ],
)
def test_the_customers_own_company_is_not_a_question_about_ours(message: str) -> None:
    assert "empresa" not in topic_signals(message)


@pytest.mark.parametrize(
    "message", ["cuentenme sobre la empresa", "cual es la historia de la empresa", "su empresa desde cuando existe"]
)
def test_asking_about_our_company_still_is(message: str) -> None:
    assert "empresa" in topic_signals(message)

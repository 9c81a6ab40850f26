"""Names, kinds and counts, each on examples written for it: a product whose name says what a rule's product is
counts as that rule's category whatever category the catalogue files it under; "calzo 42" is a shoe size; a count
after a verb of having, or that a service is done to, is no order; "ustedes + verb" asks without "?"; a typo never
stands for a common word; proper names a company section shares with a question (a register, a town) are strong
evidence; "se + verb" on the product a section serves asks for the service; "Vía" is a street.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, cast

import pytest

from agente_vendedor.conversation.company_knowledge import (
    OVERLAP_MIN,
    answer_from_sections,
    company_overlap,
    rank_sections,
)
from agente_vendedor.language.attributes import Attribute, extract_attributes
from agente_vendedor.language.customer_data import extract_customer_data
from agente_vendedor.language.quantities import (
    ROLE_SIZE,
    Quantity,
    counts_possessions,
    counts_service_objects,
    find_quantities,
    read_numbers,
)
from agente_vendedor.language.speech_acts import is_question
from agente_vendedor.search import vocabulary as vocabulary_module
from agente_vendedor.search.needs import Protection
from agente_vendedor.search.ranking import ProductText, _protection_score
from agente_vendedor.search.vocabulary import CatalogVocabulary


def _product(nombre: str, categoria: str) -> ProductText:
    row = SimpleNamespace(nombre=nombre, descripcion="", categoria=categoria, marca="", sinonimos=())
    return ProductText.build(cast(Any, row))


# --- the product's own name places it where a rule's category would --------------------------------------------
_HANDS = Protection("Protección de manos", ("guante dielectrico", "clase 0"), 0.8)


def test_a_kind_named_by_the_rule_counts_as_its_category() -> None:
    """A hazard's glove filed under "Trabajo eléctrico" scores like one filed under the hands' category."""
    filed_elsewhere = _product("Guante dieléctrico de caucho clase 2", "Trabajo eléctrico")
    filed_with_hands = _product("Guante dieléctrico de caucho clase 2", "Protección de manos")
    affinities = {"protección de manos": 1.0}
    elsewhere = _protection_score(_HANDS, filed_elsewhere, "Trabajo eléctrico", affinities)
    with_hands = _protection_score(_HANDS, filed_with_hands, "Protección de manos", affinities)
    assert elsewhere == pytest.approx(with_hands)


def test_a_generic_product_of_the_category_stays_below_the_one_the_rule_names() -> None:
    generic = _product("Guante de vaqueta tipo ingeniero", "Protección de manos")
    named = _product("Guante dieléctrico clase 00 Salisbury", "Equipos para electricistas")
    affinities = {"protección de manos": 1.0}
    assert _protection_score(_HANDS, named, "Equipos para electricistas", affinities) > _protection_score(
        _HANDS, generic, "Protección de manos", affinities
    )


def test_a_word_of_the_term_that_is_not_the_products_kind_gives_no_category() -> None:
    """ "dieléctrico" alone says nothing of boots for a helmet: the head noun has to be the term's."""
    boots = Protection("Protección de pies", ("dielectrico",), 0.8)
    helmet = _product("Casco dieléctrico clase E", "Cabeza")
    assert _protection_score(boots, helmet, "Cabeza", {"protección de pies": 1.0}) < 0.3


# --- "calzo 42" ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "size"),
    [("necesito unas botas, calzo 43", "43"), ("mi hermano calza el 39", "39"), ("todos calzamos 40", "40")],
)
def test_the_verb_of_wearing_shoes_gives_the_size(message: str, size: str) -> None:
    assert Attribute("talla", size) in extract_attributes(message)


def test_a_shoe_size_is_no_count() -> None:
    readings = read_numbers("despácheme 3 botas negras, que calzo 41")
    assert [(r.value, r.role) for r in readings if r.value == 41] == [(41, ROLE_SIZE)]


# --- counts that are no order: what the customer has, what a service is done to -----------------------------------
@pytest.mark.parametrize(
    ("reads", "message", "count"),
    [
        (counts_possessions, "tenemos 14 camillas en la bodega, ¿ustedes les hacen mantenimiento?", 14),
        (counts_possessions, "en el taller hay 9 duchas de emergencia", 9),
        (counts_possessions, "contamos con 25 linternas viejas", 25),
        (counts_service_objects, "¿en cuánto me sale grabar el nombre en 40 cascos?", 40),
        (counts_service_objects, "nos cobran por revisar 25 arneses?", 25),
        (counts_service_objects, "cada cuanto toca inspeccionar 12 arneses", 12),
        # the infinitive of the service further back in its clause
        (counts_service_objects, "me gustaría grabar el logo de la finca en 15 overoles", 15),
        # a definite count opening its clause, told its past by a relative clause: goods already had
        (counts_possessions, "las 12 botas que nos despacharon salieron pequeñas, ¿las cambian?", 12),
        (counts_possessions, "buenas tardes, los 30 tapabocas que compramos vinieron rotos", 30),
        (counts_possessions, "esos 4 extintores que recargué en enero ya vencieron?", 4),
        # some of the goods the shop sold, counted in a story or a complaint
        (counts_possessions, "en la revisión salieron 3 eslingas de las suyas con la costura abierta", 3),
        (counts_possessions, "a 2 caretas de las que nos vendieron se les rayó el visor", 2),
    ],
)
def test_a_count_that_is_no_order(reads: Callable[[str, Quantity], bool], message: str, count: int) -> None:
    quantity = next(q for q in find_quantities(message) if q.value == count)
    assert reads(message, quantity)


@pytest.mark.parametrize(
    "message",
    [
        "necesito 14 camillas",
        "mándeme 9 duchas",
        "quiero 25 linternas",
        "quiero comprar 40 cascos",
        "me pueden enviar 25 overoles",
        "para marcar la zona necesito 12 conos",
        "Por favor procesar la orden de 35 botiquines de pared.",
        # a definite count after the verb that orders it is ordered again
        "despácheme las 12 botas que le pedí ayer",
        "quiero los 30 tapabocas que cotizamos",
        "necesito 8 chalecos que tengan bolsillos",
        # more of the same goods, ordered
        "quiero 3 de los que me despacharon en marzo",
        "mándeme 5 cascos de los que le compramos en junio",
    ],
)
def test_an_ordered_count_is_neither(message: str) -> None:
    for quantity in find_quantities(message):
        assert not counts_possessions(message, quantity)
        assert not counts_service_objects(message, quantity)


# --- "ustedes + verb" ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "ustedes fabrican chalecos con logo",
        "ya tenemos las camillas, ustedes las revisan",
        "ustedes nos capacitan en el uso del arnés",
    ],
)
def test_a_verb_said_to_the_company_asks(message: str) -> None:
    assert is_question(message)


@pytest.mark.parametrize("message", ["ustedes son muy amables", "mándenme 3 conos"])
def test_no_addressed_present_verb_no_question(message: str) -> None:
    assert not is_question(message)


# --- typos ---------------------------------------------------------------------------------------------------------
def test_a_typo_never_stands_for_a_common_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vocabulary_module, "_lexemes", {})
    vocabulary = CatalogVocabulary(
        version=1, total=10, lexeme_df={}, name_df={"careta": 3}, categories={}, lexicon_words=frozenset({"tengo"})
    )
    assert vocabulary.correct("tenco") is None  # a place or a name, not "tengo"
    assert vocabulary.correct("caretta") == "careta"


# --- proper names shared with a section --------------------------------------------------------------------------
_SECTIONS = [
    SimpleNamespace(titulo="Quiénes somos", contenido="Distribuimos elementos de protección desde 2009 en Neiva."),
    SimpleNamespace(
        titulo="Licitaciones",
        contenido="Estamos registrados en Colcompras y participamos en convocatorias de entidades públicas.",
    ),
    SimpleNamespace(
        titulo="Rutas de entrega",
        contenido="Los jueves llevamos pedidos a Garzón, Pitalito y Timaná sin costo desde 500.000 pesos.",
    ),
    SimpleNamespace(titulo="Medios de pago", contenido="Transferencia, efectivo y tarjeta en la tienda."),
]


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("estan registrados en colcompras", "Licitaciones"),
        ("llevan pedidos hasta timana", "Rutas de entrega"),
    ],
)
def test_a_proper_name_the_section_says_answers_from_it(message: str, title: str) -> None:
    answer = answer_from_sections(cast(Any, _SECTIONS), message)
    assert answer.found
    assert rank_sections(cast(Any, _SECTIONS), message)[0].titulo == title


def test_a_common_word_shared_with_a_section_is_weaker_than_a_name() -> None:
    named = rank_sections(cast(Any, _SECTIONS), "llevan a timana")[0].score
    common = rank_sections(cast(Any, _SECTIONS), "llevan a la tienda")[0].score
    assert named > common


# --- "se + verb": the service the company performs on that product ---------------------------------------------
_SERVICES = [
    SimpleNamespace(
        titulo="Revisión de arneses", contenido="Inspeccionamos arneses y eslingas cada año con certificado."
    ),
    SimpleNamespace(titulo="Recarga", contenido="Recargamos extintores en 48 horas."),
    SimpleNamespace(titulo="Pagos", contenido="Transferencia y efectivo."),
]
# product vocabulary: names use these words (one shares a stem with the verb: an "inspección" kit)
_NAMES = {"arnes", "arneses", "linterna", "inspecciona", "extintor"}


def _overlap(message: str) -> Any:
    return company_overlap(
        cast(Any, _SERVICES), message, names_use=lambda w: w in _NAMES, catalogue_uses=lambda w: w in _NAMES
    )


def test_an_impersonal_verb_on_the_product_a_section_serves_asks_for_the_service() -> None:
    overlap = _overlap("cada cuanto se inspecciona el arnes")
    assert overlap.service and overlap.score >= OVERLAP_MIN
    assert overlap.sections[0].titulo == "Revisión de arneses"


def test_an_impersonal_verb_on_another_product_is_no_service() -> None:
    assert not _overlap("como se inspecciona la linterna").service


# --- "Vía" addresses ------------------------------------------------------------------------------------------------
def test_a_via_is_a_street() -> None:
    data = extract_customer_data("Ferretería El Puerto S.A.S., cel 3001234567, Vía 12 # 40-15, Soledad").datos
    assert data["direccion"] == "Vía 12 # 40-15"

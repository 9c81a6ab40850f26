"""What a need description says besides the need: the thing a wanted product goes on, what the customer already
has, idioms read literally, and how much the words a product's own text shares with the message count (examples
written for these tests)."""

from __future__ import annotations

import math

import pytest

from agente_vendedor.language.lexicon import literal_tokens
from agente_vendedor.language.normalization import normalize
from agente_vendedor.search.lemma_index import LemmaIndex, lemma_keys
from agente_vendedor.search.needs import host_positions, needs_interpreter, place_positions, possessed_phrases


def _tokens(message: str) -> list[str]:
    return normalize(message).split()


@pytest.mark.parametrize(
    ("message", "host"),
    [
        ("qué filtro uso en la máscara", "mascara"),
        ("cuál cartucho le pongo al respirador de media cara", "respirador"),
        ("pa pintar con pistola qué le cambio a la careta", "careta"),
        ("que repuesto le sirve pal arnes viejo", "arnes"),
        ("necesito el filtro que va en el respirador", "respirador"),
    ],
)
def test_the_thing_a_product_goes_on_is_context(message: str, host: str) -> None:
    tokens = _tokens(message)
    assert {tokens[p] for p in host_positions(tokens)} == {host}


@pytest.mark.parametrize(
    "message",
    [
        "quiero 3 cascos para la obra",
        "tienen botas para la lluvia",
        "los guantes de nitrilo",
    ],
)
def test_a_request_without_a_which_question_has_no_host(message: str) -> None:
    assert host_positions(_tokens(message)) == set()


def test_what_the_customer_already_has_may_come_before_the_relative_clause() -> None:
    tokens = _tokens("qué le pongo a la máscara de goma que ya tengo para el olor")
    assert (("mascara", "goma"), [5, 7]) in possessed_phrases(tokens)
    assert possessed_phrases(_tokens("los cascos que ya tengo y, pero quiero gafas")) == [(("cascos",), [1])]
    # after "ya", what is had needs no article; without it, "tengo alergia" owns nothing
    assert possessed_phrases(_tokens("ya tengo careta de soldar, qué vidrio le pongo"))[0][0][0] == "careta"
    assert possessed_phrases(_tokens("tengo alergia al látex")) == []


@pytest.mark.parametrize(
    ("message", "literal"),
    [
        ("quedó mojado de pies a cabeza", "quedo mojado todo el cuerpo"),
        ("se untó de la cabeza a los pies", "se unto todo el cuerpo"),
        ("nos falta mano de obra", "nos falta personal"),
        ("uno por cabeza", "uno por persona"),
        ("me pueden echar una mano con la cotización", "me pueden ayudar con la cotizacion"),
    ],
)
def test_idioms_are_read_literally(message: str, literal: str) -> None:
    assert " ".join(literal_tokens(_tokens(message))) == literal


def test_a_whole_body_idiom_reads_no_head_or_foot_hazard() -> None:
    reading = needs_interpreter().read(literal_tokens(_tokens("el muchacho quedó mojado de pies a cabeza")))
    assert not {rule.id for rule in reading.needs} & {"caida_objetos", "aplastamiento_pies"}


def _index(products: dict[int, str]) -> LemmaIndex:
    postings: dict[str, list[tuple[int, float]]] = {}
    for pid, text in products.items():
        keys = lemma_keys(text)
        for key in keys:
            postings.setdefault(key, []).append((pid, 1 / math.sqrt(len(keys) + 5)))
    idf = {k: math.log(len(products) / len(v)) for k, v in postings.items()}
    return LemmaIndex(1, postings, idf, len(products))


def test_lemma_scores_are_the_share_of_the_message_a_product_holds() -> None:
    index = _index(
        {
            1: "Tapete de caucho para estar de pie muchas horas: reduce la fatiga de las piernas",
            2: "Cordón absorbente para rodear derrames en el piso",
            3: "Guante de carnaza para soldador",
        }
    )
    scores = index.scores("las cajeras pasan muchas horas de pie y les duelen las piernas", limit=3)
    assert next(iter(scores)) == 1
    assert 0 < scores[1] <= 1.0
    # one shared ordinary word is a small share, not "the best match" of a message that mentions it in passing
    weak = index.scores("los techadores resbalan y caen al piso desde cinco metros", limit=3)
    assert weak.get(2, 0.0) < 0.5


def test_an_attribute_value_stays_in_a_protection_term() -> None:
    from agente_vendedor.search.ranking import _term_stems

    # "clase k" (kitchen fires) must not read as "clase", which every helmet of class E or G has
    assert len(_term_stems("clase k")) == 2
    assert len(_term_stems("tipo 2")) == 2
    assert len(_term_stems("manta ignifuga")) == 2


@pytest.mark.parametrize(
    ("message", "places"),
    [
        ("en el páramo de Puracé los ordeñadores tiritan de frío", ["purace"]),
        ("en la vereda de guaitarilla se mojan todo el día", ["guaitarilla"]),
        ("en la zona de carga se resbalan con el aceite", []),  # a known word
        ("el cuarto de Químicos necesita ducha", []),  # no place noun before it
    ],
)
def test_a_places_name_after_its_noun_is_context(message: str, places: list[str]) -> None:
    tokens = _tokens(message)
    assert sorted(tokens[i] for i in place_positions(tokens)) == places

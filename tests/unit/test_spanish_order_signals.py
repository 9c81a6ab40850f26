"""Spanish constructions that decide whether a message touches the order (examples written for these rules, none
taken from an evaluation set): the preterite tells a story, a final "no" refuses what it follows, a first-person
"¿puedo cambiar…?" asks permission, a negated command adds nothing, a counted subject ("6 ya usan…") is no order,
an infinitive of purpose is no command, and a decision put off to somebody else waits."""

from __future__ import annotations

import pytest

from agente_vendedor.conversation.order_operations import (
    explicit_quantity,
    may_change_order,
    measure_numbers,
    refused_clauses,
)
from agente_vendedor.language.attributes import extract_attributes
from agente_vendedor.language.customer_data import extract_customer_data
from agente_vendedor.language.dialogue_acts import Act, acts
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.purchase_verbs import BUY, asks_for_units
from agente_vendedor.language.quantities import counts_people, find_quantities, subject_count_spans
from agente_vendedor.language.spanish_words import stem
from agente_vendedor.language.speech_acts import Stance, replacing_clause, stances
from agente_vendedor.language.timing import Timing, timings


@pytest.mark.parametrize(
    "message",
    [
        "las 12 caretas del pedido anterior se empañaron a la semana",
        "los 8 arneses que revisaron en junio ya tienen las costuras peladas",
        "de las 20 botas que mandaron, 3 se despegaron por la suela",
        "el medidor que ajustaron hace 10 días marca 5 de más",
    ],
)
def test_a_story_in_the_preterite_never_changes_the_order(message: str) -> None:
    assert Timing.PAST in timings(message)
    assert not may_change_order(message)


@pytest.mark.parametrize(
    "message",
    [
        "me mandaron 4 la otra vez y ahora quiero 6 más",
        "ya llegaron los guantes, agrégueme 2 cascos",
    ],
)
def test_a_story_with_a_request_still_orders(message: str) -> None:
    assert may_change_order(message)


def test_a_final_no_refuses_what_it_follows() -> None:
    assert refused_clauses("500 cascos no, eso lo pide la obra grande; con lo que le dije") == ["500 cascos"]
    assert refused_clauses("el de 15 kilos no, con los de 10 basta") == ["el de 15 kilos"]
    # a tag question, a put-off or a bare "uy no" refuse nothing
    assert refused_clauses("son los de 20, ¿o no?") == []
    assert refused_clauses("por ahora no") == []
    assert refused_clauses("uy no, qué caro") == []


@pytest.mark.parametrize(
    "message",
    [
        "¿si al operario le queda grande podemos reemplazarla luego?",
        "¿podemos cambiarlas después si salen grandes?",
        "¿las que sobren se pueden devolver?",
    ],
)
def test_asking_what_the_customer_may_do_changes_nothing(message: str) -> None:
    assert Stance.QUESTION in stances(message)
    assert not may_change_order(message)


def test_a_polite_request_to_change_is_still_a_change() -> None:
    assert may_change_order("¿me puede cambiar los guantes a talla 9?")


@pytest.mark.parametrize(
    "message",
    [
        "el ingeniero dice que mejor 15, pero déjeme consultarlo y le aviso",
        "pongamos 8, déjeme confirmar con la jefa",
    ],
)
def test_a_decision_put_off_to_someone_else_waits(message: str) -> None:
    assert Timing.LATER in timings(message)
    assert not may_change_order(message)


def test_availability_asked_mid_sentence_is_a_question() -> None:
    assert Stance.QUESTION in stances("y en negro también la tienen o solo en blanco")
    assert Stance.QUESTION in stances("la de cuero todavía la manejan")


def test_a_counted_subject_is_no_quantity_of_the_order() -> None:
    text = "somos 12 y 6 ya usan tapones, déjelo en 12"
    six = next(q for q in find_quantities(text) if q.value == 6)
    assert counts_people(text, six)
    assert explicit_quantity(text) == 12
    start, end = subject_count_spans(text)[0]
    assert text[start:end].startswith("6 ya usan tapones")
    assert subject_count_spans("mándeme 4 ya mismo") == []  # "ya" after a count can mean "now"


@pytest.mark.parametrize(
    ("message", "removes"),
    [
        ("necesito una pala pa sacar el barro del pozo", False),
        ("guantes para retirar moldes calientes", False),
        ("sáquele el casco al pedido", True),
        ("quite las gafas", True),
    ],
)
def test_an_infinitive_of_purpose_is_no_removal(message: str, removes: bool) -> None:
    assert (Act.REMOVE in acts(message)) is removes


def test_a_verb_of_asking_for_in_a_purpose_clause_is_no_purchase() -> None:
    assert not asks_for_units("¿a qué número escribo pa pedir?")
    assert asks_for_units("quiero pedir 3 cascos")


def test_a_negated_command_to_add_adds_nothing() -> None:
    from agente_vendedor.conversation.order_operations import _NEGATION

    assert _NEGATION.search("no me agregue los filtros eso ya lo tengo")
    assert _NEGATION.search("no le ponga la funda")
    assert not _NEGATION.search("agregue la funda")


def test_a_measure_after_a_cross_is_a_measure_not_a_pack() -> None:
    assert extract_attributes("Cinta de demarcación 5 cm x 3 m") == [
        *extract_attributes("5 cm"),
        *extract_attributes("3 m"),
    ]
    assert extract_attributes("Respirador 3M 6200") == []  # the brand, glued
    assert [a.key for a in extract_attributes("Tapones caja x 200")] == ["empaque"]


@pytest.mark.parametrize("name", ["Julián Cuesta Sierra", "Marta Lucía Castillo Roca", "Hernando Flores"])
def test_a_bare_name_with_surnames_that_are_common_words(name: str) -> None:
    expecting = ("nombre", "cedula", "telefono", "direccion")
    assert extract_customer_data(name, expecting=expecting).datos == {"nombre": name}


@pytest.mark.parametrize("words", ["Casco Blanco", "Guante Nitrilo", "Listo Gracias"])
def test_capitalised_shop_or_chat_words_are_no_name(words: str) -> None:
    expecting = ("nombre", "cedula", "telefono", "direccion")
    assert "nombre" not in extract_customer_data(words, expecting=expecting).datos


@pytest.mark.parametrize(
    "message",
    [
        "la de nitrilo aguanta harto más que la de látex",
        "el de 6 kilos dura bastante más que el de 4 o sale casi igual",
    ],
)
def test_a_comparison_with_a_degree_word_is_a_comparison(message: str) -> None:
    assert Stance.COMPARISON in stances(message)
    assert not may_change_order(message)


def test_a_company_is_thanked_without_cutting_its_name() -> None:
    from agente_vendedor.conversation.replies import Voice, thanks_for_data

    assert thanks_for_data("Lucía Herrera", Voice("amigable")) == "¡Gracias, Lucía!"
    assert thanks_for_data("Talleres Unidos de Urabá S.A.S.", Voice("amigable")) == "¡Gracias!"


def test_a_part_counted_in_words_is_an_attribute() -> None:
    # the same attribute the catalogue's "1 argolla" has, so the two compare
    assert extract_attributes("eslinga de un gancho") == extract_attributes("Eslinga de posicionamiento 1 gancho")
    assert extract_attributes("eslinga de posicionamiento") == []


def test_joining_words_set_no_product_apart() -> None:
    from agente_vendedor.conversation.understanding import _words_apart

    apart = _words_apart("Medidor de 3 gases con bomba", ["Medidor monogas CO"])
    assert "de" not in apart and "con" not in apart and "3" in apart
    assert "y" in _words_apart("Eslinga en Y con absorbedor", ["Eslinga sencilla con absorbedor"])


@pytest.mark.parametrize(
    ("segment", "said", "not_said"),
    [
        ("me vende 4 caretas visión 260", {"260"}, {"4"}),  # a model after the noun is said; the count is not
        ("páseme seis pares de guantes en talla 9", {"9"}, {"6"}),
        ("necesito tres eslingas de un gancho", {"1"}, {"3"}),
        ("me despacha tres extintores de 9 kilos", {"9"}, {"3"}),
    ],
)
def test_what_is_said_of_a_product_leaves_out_the_count(segment: str, said: set[str], not_said: set[str]) -> None:
    from agente_vendedor.conversation.understanding import _said

    words = _said(segment)
    assert said <= words and not (not_said & words)


def test_a_y_after_a_preposition_is_a_shape_not_a_conjunction() -> None:
    from agente_vendedor.search.retrieval import _pieces

    assert _pieces("necesito 4 conectores tipo y de acero")[-1] == "4 conectores tipo y de acero"
    assert _pieces("necesito 4 conectores y 2 mosquetones")[-2:] == ["4 conectores", "2 mosquetones"]


@pytest.mark.parametrize(
    "message",
    [
        "déjelo así, no son 5",
        "no, así estamos bien",
        "mejor no le toque nada al pedido",
        "¿la linterna trae pilas o se venden por separado?",
        "las monogafas cumplen la norma ANSI",
        "los tapones son certificados",
        "traje 3 overoles sin usar que quiero devolver",
    ],
)
def test_keeping_things_as_they_are_or_asking_changes_nothing(message: str) -> None:
    assert not may_change_order(message)


def test_asking_for_an_action_is_no_purchase() -> None:
    assert not asks_for_units("¿cómo pido que actualicen mi dirección?")
    assert asks_for_units("le pido 3 cascos")


@pytest.mark.parametrize(
    ("message", "numbers"),
    [
        ("cámbielos a talla 41", {"41"}),
        ("mejor los de 6, y que sean 4", {"6"}),
        ("mejor 15 libras", {"15"}),
        ("que sean de 2 ganchos", {"2"}),
        ("mejor póngame 5", set()),
        ("que sean 7 cajas", set()),
    ],
)
def test_the_numbers_that_measure_a_variant_are_not_counts(message: str, numbers: set[str]) -> None:
    assert measure_numbers(message) == numbers


@pytest.mark.parametrize(
    ("message", "clause"),
    [
        ("mejor oscuro, es para el sol de la tarde", "oscuro"),
        ("ay no, me confundí, eran en 38", "eran en 38"),
        ("no, para la bodega van los de 20", "para la bodega van los de 20"),
        ("cámbielas a talla M y que sean 8", "talla m y que sean 8"),
        ("no, ¿y la de 20 cuánto vale?", None),  # a question corrects nothing
        ("no gracias", None),
        ("listo, eso es todo", None),
        ("no, la de 20 no, es muy grande para la camioneta", None),  # ruled out, not chosen
        ("rinde mejor la de 6 kilos o la de 9 pa la cocina", None),  # weighed, not chosen
        ("me bastan esos o será mejor pedir la grande", None),
    ],
)
def test_a_correction_says_in_its_own_clause_what_the_goods_should_be(message: str, clause: str | None) -> None:
    assert replacing_clause(message) == clause


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("busco con qué protegerle las dos rodillas al que embaldosa", 2),  # a body part of the person
        ("al soldador se le quemaron los 2 brazos con la escoria", 2),
        ("en el cuarto frío ya llevamos tres caídas este mes", 3),  # what happened
        ("tuvimos 4 accidentes con la pulidora", 4),
    ],
)
def test_a_persons_body_parts_or_what_happened_to_them_are_no_quantity(text: str, count: int) -> None:
    quantity = next(q for q in find_quantities(text) if q.value == count)
    assert counts_people(text, quantity)


@pytest.mark.parametrize("text", ["necesito dos guantes de carnaza", "deme 3 pares de botines", "quiero 4 caretas"])
def test_a_count_of_goods_counts_no_person(text: str) -> None:
    assert not any(counts_people(text, q) for q in find_quantities(text))


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("no no, no son 4 correas, son las 2 que pedí", [2]),  # the denied count is no count
        ("no quiero 10, quiero 4", [4]),
        ("no, son 3", [3]),  # "no," then the count: a correction to 3
    ],
)
def test_a_count_the_message_denies_is_not_read(text: str, counts: list[int]) -> None:
    assert [q.value for q in find_quantities(text) if q.explicit] == counts


def test_a_difference_asked_as_the_other_choice_compares() -> None:
    assert Stance.COMPARISON in stances("el medidor de 4 gases también lee el CO o son equipos distintos")
    assert Stance.COMPARISON in stances("la careta verde protege igual o es diferente")
    assert Stance.COMPARISON not in stances("quiero 3, son distintos colores")


@pytest.mark.parametrize(
    ("message", "buys"),
    [
        ("me envían la guía de la transportadora", False),  # a paper of the sale
        ("¿me dan el NIT y el RUT para crearlos como proveedor?", False),
        ("aún no me despachan lo que pagué el lunes", False),  # a complaint about an order
        ("aún no nos mandan la remisión", False),
        ("me mandan 3 cascos blancos", True),
        ("¿no me regala 2 pares de guantes?", True),  # the polite negative question still orders
    ],
)
def test_papers_of_the_sale_and_complaints_about_a_dispatch_order_nothing(message: str, buys: bool) -> None:
    assert bool(BUY.search(normalize(message))) is buys


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("ojo: 41 es la talla, no son 41 pares", []),
        ("el 6200 es el modelo, necesito 3", [3]),
        ("quiero 10, en talla 9", [10]),
    ],
)
def test_a_number_declared_a_size_or_model_is_no_count(text: str, counts: list[int]) -> None:
    assert [q.value for q in find_quantities(text) if q.explicit] == counts


def test_a_correction_announced_by_its_noun_replaces() -> None:
    assert replacing_clause("Corrección: son talla 40, igual cantidad") is not None
    assert replacing_clause("fe de erratas, las queremos en clase 00") is not None


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("mejor el de 6 kilos, uno solo", [1]),
        ("solo una por favor", [1]),
        ("algo que cubra ojos y nariz con una sola pieza", []),  # made of one piece: no count
    ],
)
def test_one_alone_is_a_count_unless_it_describes_the_thing(text: str, counts: list[int]) -> None:
    assert [q.value for q in find_quantities(text) if q.explicit] == counts


def test_a_loanwords_plural_folds_to_its_singular() -> None:
    assert [stem(w) for w in ("jeans", "shorts", "clips")] == ["jean", "short", "clip"]

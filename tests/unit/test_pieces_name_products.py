"""A piece of a purchase names the product it says by what it is (`retrieval._named_in`): the noun a product's name
or synonym starts with, a model code, the SKU; a measure ("de 20") is no code, and a piece that only mentions a word of
a product's name (where the buyer works) names nothing unless it counts units. An ordinal points at a listed product
unless it is a room ("en el cuarto de servidores"); a count bound to the product's words wins over a count of another
thing ("42 puestos") (examples written for these tests)."""

from __future__ import annotations

import pytest

from agente_vendedor.conversation.product_requests import quantity_in
from agente_vendedor.conversation.understanding import pointed_sku
from agente_vendedor.db.models import Product
from agente_vendedor.search.candidates import CandidateRow, ProductWords
from agente_vendedor.search.ranking import ProductText, Scored
from agente_vendedor.search.retrieval import _CODE, _named_in


def _scored(sku: str, nombre: str, sinonimos: tuple[str, ...] = (), lexical: float = 1.0) -> Scored:
    row = CandidateRow(
        id=hash(sku) % 10_000, sku=sku, nombre=nombre, categoria="X", precio=1, stock=5, version=1, rank=1
    )
    text = ProductText.build(ProductWords(nombre, nombre, "X", None, sinonimos))
    return Scored(row=row, text=text, score=lexical, lexical=lexical, lexical_absolute=lexical)


CABINET = _scored("GAB", "Gabinete metálico para extintor de 20 lb", ("caja para extintor",))
EXTINGUISHER = _scored("EXT", "Extintor multipropósito ABC de 20 lb")
LAMP = _scored("LAM", "Lámpara minera de casco L4", ("lámpara de mina",))


def test_the_candidate_named_by_what_it_is_wins_over_a_better_one_that_shares_words() -> None:
    assert _named_in("2 extintores de 20 que van adentro", [CABINET, EXTINGUISHER]) is EXTINGUISHER
    assert _named_in("2 gabinetes pa extintor de 20 libras", [CABINET, EXTINGUISHER]) is CABINET


def test_a_place_that_shares_a_products_word_names_nothing() -> None:
    assert _named_in("yo trabajo en una mina en Marmato", [LAMP]) is None


def test_a_model_code_or_a_count_names_the_product() -> None:
    assert _named_in("y 4 de las L4", [LAMP]) is LAMP
    assert _named_in("unas L4 también", [LAMP]) is LAMP
    assert _named_in("3 de las mineras", [LAMP]) is LAMP  # counted units of the best one


@pytest.mark.parametrize(("word", "code"), [("l4", True), ("n95", True), ("6003", True), ("20", False), ("de", False)])
def test_a_code_has_letters_and_digits_or_three_digits(word: str, code: bool) -> None:
    assert bool(_CODE.fullmatch(word)) is code


@pytest.mark.parametrize(
    ("message", "pointed"),
    [
        ("deme el cuarto", "D"),
        ("el segundo, 3 unidades", "B"),
        ("en el cuarto de servidores hay 14 equipos", None),  # the room
        ("lo necesito pal cuarto frío", None),
        ("el cuarto de la lista", None),  # "cuarto de" is read as the room: the agent asks rather than guesses
    ],
)
def test_an_ordinal_points_at_a_product_unless_it_is_a_room(message: str, pointed: str | None) -> None:
    assert pointed_sku(message, ["A", "B", "C", "D"]) == pointed


@pytest.mark.parametrize(
    ("segment", "units"),
    [
        ("el bus tiene 42 puestos y con 2 extintores no alcanza", 2),  # 42 counts seats
        ("hay 14 equipos en el cuarto", None),  # what there is, not what is ordered
        ("4 pares de extintores", 4),  # past the packaging, the product
        ("5 extintores de 20", 5),
        ("2 rollos de 15 metros", 2),  # nothing bound to the product's words: the counts as they come
    ],
)
def test_a_count_bound_to_the_product_wins_over_counts_of_other_things(segment: str, units: int | None) -> None:
    product = Product(sku="E", nombre="Extintor multipropósito ABC de 20 lb", categoria="X", sinonimos=[], marca=None)
    quantity = quantity_in(segment, product)
    assert (quantity.value if quantity else None) == units


def test_near_ties_keep_the_products_whose_head_noun_was_said() -> None:
    from agente_vendedor.conversation.understanding import of_the_kind_said

    extinguisher = Product(sku="X-1", nombre="Extintor ABC de 30 lb", sinonimos=["extintor de 30 libras"])
    cabinet = Product(sku="G-1", nombre="Gabinete para extintor de 30 lb", sinonimos=["caja para extintor"])
    assert of_the_kind_said([cabinet, extinguisher], "y 3 extintores de 30 para guardar ahí") == [extinguisher]
    # both said, or neither: the tie stays for the customer to settle
    assert of_the_kind_said([cabinet, extinguisher], "3 gabinetes y extintores de 30") == [cabinet, extinguisher]
    assert of_the_kind_said([cabinet, extinguisher], "3 de 30") == [cabinet, extinguisher]

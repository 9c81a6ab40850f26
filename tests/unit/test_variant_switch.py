"""Variants of one product differ in a size, class, measure or colour; a customer correcting themselves switches the
line to the variant they name (examples written for these tests)."""

from __future__ import annotations

import pytest

from agente_vendedor.conversation.order_operations import is_variant, states_other_variant
from agente_vendedor.db.models import Product
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.speech_acts import SELF_CORRECTION


def _product(pid: int, nombre: str, categoria: str = "Cabeza") -> Product:
    return Product(id=pid, sku=f"T-{pid}", nombre=nombre, categoria=categoria, precio=1000, stock=5)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Casco tipo II clase E blanco con ratchet", "Casco tipo II clase E verde con ratchet"),
        ("Guante dieléctrico clase 0 de 1.000 V", "Guante dieléctrico clase 2 de 17.000 V"),
        ("Bota de caucho talla 38", "Bota de caucho talla 42"),
        ("Chaleco reflectivo naranja talla M", "Chaleco reflectivo amarillo talla L"),
    ],
)
def test_variants_differ_only_in_size_class_measure_or_colour(one: str, other: str) -> None:
    assert is_variant(_product(1, one), _product(2, other))


def test_different_products_are_no_variants() -> None:
    assert not is_variant(_product(1, "Casco clase E blanco"), _product(2, "Barbuquejo elástico blanco"))
    assert not is_variant(_product(1, "Casco clase E blanco"), _product(2, "Casco clase E blanco", "Otra"))


def test_a_colour_said_that_the_line_does_not_have_states_another_variant() -> None:
    line = _product(1, "Casco tipo II clase E blanco con ratchet")
    assert states_other_variant("mejor los azules", line)
    assert not states_other_variant("los blancos están bien", line)


@pytest.mark.parametrize(
    "message",
    [
        "pensándolo bien, que sean de talla 40",
        "uy perdón, me equivoqué: eran clase 2",
        "más bien en color amarillo",
        "cámbiemelos por los de clase 0",
    ],
)
def test_self_corrections(message: str) -> None:
    assert SELF_CORRECTION.search(normalize(message))


def test_adding_another_is_no_correction() -> None:
    assert not SELF_CORRECTION.search(normalize("y también 2 amarillos"))

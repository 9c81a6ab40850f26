"""A photographed list becomes a plan held for confirmation, checked by the one plan validator."""

from __future__ import annotations

from agente_vendedor.conversation.photo_turns import ListMatch, list_plan, search_text
from agente_vendedor.db.models import Product
from agente_vendedor.schemas.photo_reading import PhotoLine, PhotoReading
from agente_vendedor.schemas.turn_plan import PHOTO_LIST


def _product(sku: str) -> Product:
    return Product(sku=sku, nombre=sku, descripcion="", categoria="x", precio=1000, stock=10)


def test_found_lines_are_held_until_the_customer_confirms() -> None:
    matches = [
        ListMatch(PhotoLine(texto="guantes", cantidad=12), _product("G-1")),
        ListMatch(PhotoLine(texto="guantes de carnaza", cantidad=3), _product("G-1")),  # the same product adds up
        ListMatch(PhotoLine(texto="extintor", cantidad=None), _product("E-1")),  # no quantity written: one
        ListMatch(PhotoLine(texto="unicornio", cantidad=2), None),
    ]
    plan = list_plan(matches, frozenset())
    assert plan is not None and plan.motivo == PHOTO_LIST and plan.pregunta == "confirmar"
    assert plan.operaciones == []  # nothing is applied this turn
    assert {(op.sku, op.cantidad) for op in plan.pendientes} == {("G-1", 15), ("E-1", 1)}


def test_an_absurd_quantity_or_nothing_found_gives_no_plan() -> None:
    assert list_plan([ListMatch(PhotoLine(texto="guantes", cantidad=100000), _product("G-1"))], frozenset()) is None
    assert list_plan([ListMatch(PhotoLine(texto="guantes", cantidad=0), _product("G-1"))], frozenset()) is None
    assert list_plan([ListMatch(PhotoLine(texto="unicornio", cantidad=1), None)], frozenset()) is None


def test_the_attributes_are_one_query() -> None:
    reading = PhotoReading(tipo="producto", atributos=["casco  de seguridad", "color blanco", " "])
    assert search_text(reading) == "casco de seguridad color blanco"

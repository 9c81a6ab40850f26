"""The sale state machine's pure parts on unsaved ORM objects (the database-backed flow is in
tests/integration/test_chat_sale_flow.py)."""

from __future__ import annotations

from typing import Any, cast

import pytest
from sqlalchemy.orm import Session

from agente_vendedor.commerce import orders
from agente_vendedor.conversation.order_operations import plan_operations
from agente_vendedor.conversation.product_requests import ProductRequest
from agente_vendedor.conversation.sale_flow import (
    Offer,
    SaleOutcome,
    _next_state,
    apply_operations,
    chat_order_view,
)
from agente_vendedor.db.models import Customer, Order, Product

NO_SESSION = cast(Session, None)


def product(pid: int, sku: str, nombre: str, precio: int = 10_000, stock: int = 100) -> Product:
    return Product(
        id=pid, sku=sku, nombre=nombre, precio=precio, stock=stock, categoria="Test", descripcion="", marca=None,
        sinonimos=[], activo=True,
    )  # fmt: skip


CASCO = product(1, "T-CAB", "Casco dieléctrico azul", 49_000, 150)
GUANTE = product(2, "T-MAN", "Guante de carnaza corto (par)", 9_800, 300)
KIT = product(3, "T-LOT", "Kit de bloqueo LOTO", 350_000, 2)
MANGAS = product(4, "T-ROP", "Mangas de carnaza", 26_000, 0)
FULL_DATA = {"nombre": "Ana Gil", "cedula": "52345678", "telefono": "3001234567", "direccion": "Calle 1 # 2-3"}


def order(**lines: int) -> Order:
    o = Order(chat_id="t", estado="iniciada", datos_cliente={})
    o.lineas = []
    for sku, qty in lines.items():
        orders.set_quantity(o, {"T_CAB": CASCO, "T_MAN": GUANTE, "T_LOT": KIT}[sku], qty)
    return o


def run(
    o: Order, message: str, requests: list[ProductRequest] | None = None, offer: Offer | None = None
) -> SaleOutcome:
    outcome = SaleOutcome(order=o, estado=o.estado)
    operations = plan_operations(o, message, requests or [], offer)
    apply_operations(NO_SESSION, outcome, o, operations, offer, [r.product for r in requests or []])
    return outcome


def items(o: Order) -> dict[str, int]:
    return {line.producto.sku: line.cantidad for line in o.lineas}


# ------------------------------------------------------------------------------------------------ states
def test_empty_cart_is_iniciada() -> None:
    o = order()
    assert _next_state(o, SaleOutcome(o, None), "quiero comprar") == "iniciada"


def test_items_without_data_are_pendiente() -> None:
    o = order(T_CAB=2)
    assert _next_state(o, SaleOutcome(o, None), "quiero 2 cascos") == "pendiente"


def test_done_adding_moves_to_collecting() -> None:
    o = order(T_CAB=2)
    o.estado = "pendiente"
    assert _next_state(o, SaleOutcome(o, None), "eso es todo") == "recolectando_datos"


def test_partial_data_is_recolectando_datos() -> None:
    o = order(T_CAB=2)
    o.datos_cliente = {"nombre": "Ana Gil"}
    assert _next_state(o, SaleOutcome(o, None), "soy Ana Gil") == "recolectando_datos"
    assert orders.missing_fields(o) == ["cedula", "telefono", "direccion"]


def test_complete_data_is_listo_para_finalizar() -> None:
    o = order(T_CAB=2)
    o.datos_cliente = dict(FULL_DATA)
    assert _next_state(o, SaleOutcome(o, None), "...") == "listo_para_finalizar"


@pytest.mark.parametrize("final", ["cerrada", "cancelada"])
def test_final_states_stay(final: str) -> None:
    o = order(T_CAB=2)
    o.estado = final
    assert _next_state(o, SaleOutcome(o, None), "sí") == final


def test_known_customer_fills_missing_fields() -> None:
    o = order(T_CAB=1)
    o.cliente = Customer(cedula="52345678", tipo="persona", nombre="Ana Gil", telefono="3001234567",
                         direccion="Calle 1 # 2-3", ciudad="Cali")  # fmt: skip
    o.datos_cliente = {"cedula": "52345678"}
    assert orders.missing_fields(o) == []
    assert orders.customer_data(o)["ciudad"] == "Cali"


# ------------------------------------------------------------------------------------------------ items
def test_add_with_quantity() -> None:
    o = order()
    outcome = run(o, "quiero 3 cascos", [ProductRequest(CASCO, 3, "quiero 3 cascos")])
    assert items(o) == {"T-CAB": 3}
    assert outcome.added == [(CASCO, 3)]


def test_add_without_quantity_is_one() -> None:
    o = order()
    run(o, "quiero un casco", [ProductRequest(CASCO, None, "quiero un casco")])
    assert items(o) == {"T-CAB": 1}


def test_restating_a_product_sets_its_quantity() -> None:
    o = order(T_CAB=2)
    run(o, "quiero 5 cascos", [ProductRequest(CASCO, 5, "quiero 5 cascos")])
    assert items(o) == {"T-CAB": 5}


def test_add_to_a_product_already_there() -> None:
    o = order(T_CAB=2)
    run(o, "agrégale 3 cascos más", [ProductRequest(CASCO, 3, "agrégale 3 cascos más")])
    assert items(o) == {"T-CAB": 5}


@pytest.mark.parametrize("message", ["mejor que sean 4", "mejor que sean cuatro", "que sean 4", "ponle 4", "4"])
def test_change_quantity_of_the_only_line(message: str) -> None:
    o = order(T_CAB=2)
    outcome = run(o, message)
    assert items(o) == {"T-CAB": 4}
    assert outcome.changed == [(CASCO, 4)]


def test_change_quantity_of_a_named_line() -> None:
    o = order(T_CAB=2, T_MAN=10)
    run(o, "mejor que los guantes sean 20")
    assert items(o) == {"T-CAB": 2, "T-MAN": 20}


def test_add_another_one() -> None:
    o = order(T_CAB=2)
    run(o, "agrégale otro")
    assert items(o) == {"T-CAB": 3}


@pytest.mark.parametrize(
    "message",
    [
        "quítale los guantes",
        "quita los guantes",
        "sin los guantes",
        "elimina los guantes",
        "ya no quiero los guantes",
        "ya no necesito los guantes",
    ],
)
def test_remove_by_name(message: str) -> None:
    o = order(T_CAB=2, T_MAN=10)
    outcome = run(o, message)
    assert items(o) == {"T-CAB": 2}
    assert outcome.removed == [GUANTE]


@pytest.mark.parametrize(
    ("message", "left"),
    [("quítale uno", 1), ("quita 2 cascos", 1), ("quita los cascos", 0), ("quítale una eslinga", 2)],
)
def test_remove_some_units(message: str, left: int) -> None:
    """An eslinga is not in an order of cascos: nothing is removed (contract §6: when unsure, ask)."""
    o = order(T_CAB=3) if "cascos" in message else order(T_CAB=2)
    run(o, message)
    assert items(o) == ({"T-CAB": left} if left else {})


def test_a_generic_name_means_the_line_already_in_the_order() -> None:
    o = order(T_MAN=2)
    latex = product(9, "T-LAT", "Guante de látex calibre 35 (par)")
    run(o, "cambia los guantes a 5", [ProductRequest(latex, 5, "cambia los guantes a 5")])
    assert items(o) == {"T-MAN": 5}
    run(o, "agrégale 2 guantes de látex", [ProductRequest(latex, 2, "agrégale 2 guantes de látex")])
    assert items(o) == {"T-MAN": 5, "T-LAT": 2}


@pytest.mark.parametrize("message", ["sí", "déjeme las que haya", "listo, lo disponible"])
def test_accepting_the_available_units(message: str) -> None:
    o = order(T_LOT=5)
    run(o, message, offer=Offer("ajustar", {"T-LOT": 2}))
    assert items(o) == {"T-LOT": 2}


def test_remove_something_not_in_the_order_adds_nothing() -> None:
    o = order(T_CAB=2)
    outcome = run(o, "quítale los guantes", [ProductRequest(GUANTE, None, "quítale los guantes")])
    assert items(o) == {"T-CAB": 2}
    assert outcome.remove_missed


def test_out_of_stock_is_not_added() -> None:
    o = order()
    outcome = run(o, "quiero 2 mangas", [ProductRequest(MANGAS, 2, "quiero 2 mangas")])
    assert items(o) == {}
    assert outcome.unavailable == [MANGAS]


def test_short_stock_stays_in_the_order_with_an_offer() -> None:
    o = order()
    outcome = run(o, "necesito 5 kits", [ProductRequest(KIT, 5, "necesito 5 kits")])
    assert items(o) == {"T-LOT": 5}
    assert outcome.short == [(KIT, 5, 2)]
    assert outcome.offer == Offer("ajustar", {"T-LOT": 2})


def test_offer_json_round_trip_and_validation() -> None:
    offer = Offer("agregar", {"T-CAB": 1})
    assert Offer.from_json(offer.to_json()) == offer
    bad: list[Any] = [None, {}, {"accion": "robar", "items": {"x": 1}}, {"accion": "agregar", "items": {"x": -1}}]
    assert all(Offer.from_json(b) is None for b in bad)


# ------------------------------------------------------------------------------------------------ privacy
def test_anonymous_chat_sees_only_the_data_it_gave() -> None:
    o = order(T_CAB=1)
    o.id = "p1"
    o.cliente = Customer(cedula="52345678", tipo="persona", nombre="Ana María Gil", telefono="3001234567",
                         email="ana@gil.co", direccion="Calle 1 # 2-3", ciudad="Cali")  # fmt: skip
    o.datos_cliente = {"cedula": "52345678"}
    anonymous = chat_order_view(o, staff=False).cliente
    assert anonymous is not None
    assert anonymous.cedula == "52345678"
    assert "3001234567" not in anonymous.model_dump_json()
    assert "ana@gil.co" not in anonymous.model_dump_json()
    assert "Calle 1" not in anonymous.model_dump_json()
    assert "Ana" not in anonymous.model_dump_json()
    staff = chat_order_view(o, staff=True).cliente
    assert staff is not None and staff.telefono == "3001234567"

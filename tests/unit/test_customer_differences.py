"""When a chat's customer data differ from the stored record (`Venta.cliente_difiere`), on unsaved ORM objects."""

from __future__ import annotations

from typing import Any

import pytest

from agente_vendedor.commerce.customers import differs, same_name
from agente_vendedor.db.models import Customer
from agente_vendedor.schemas.customers import CustomerIn

STORED = {
    "cedula": "1061789234", "nombre": "Diego Alejandro Bermúdez", "telefono": "3124458812",
    "email": "diego@example.com", "direccion": "Calle 72 # 28D-15", "ciudad": "Cali",
}  # fmt: skip


def record() -> Customer:
    return Customer(tipo="persona", **STORED)


def given(**changes: Any) -> CustomerIn:
    return CustomerIn(**{**STORED, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"nombre": "diego bermudez"},  # a shorter form, without accents
        {"telefono": "312 445 8812"},
        {"email": "DIEGO@example.com"},
        {"direccion": "calle 72 #28D-15", "ciudad": "CALI"},
        {"email": None, "direccion": None, "ciudad": None},  # not given: nothing to compare
    ],
)
def test_the_same_data_written_otherwise_do_not_differ(changes: dict[str, Any]) -> None:
    assert not differs(record(), given(**changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"nombre": "Pedro Ramírez"},
        {"nombre": "Diego Alejandro Bermúdez Ruiz"},  # a longer name is not the stored one
        {"telefono": "3001112233"},
        {"email": "otro@example.com"},
        {"direccion": "Carrera 50 # 10-20"},
        {"ciudad": "Palmira"},
    ],
)
def test_a_different_field_differs(changes: dict[str, Any]) -> None:
    assert differs(record(), given(**changes))


def test_a_field_the_record_lacks_differs_when_given() -> None:
    customer = record()
    customer.email = None
    assert differs(customer, given())


def test_same_name() -> None:
    assert same_name("Rosa Elena Caicedo", "rosa caicedo")
    assert not same_name("Rosa Elena Caicedo", "")
    assert not same_name("", "Rosa")

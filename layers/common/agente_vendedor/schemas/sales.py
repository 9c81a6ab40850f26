from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from agente_vendedor.schemas.common import Schema, Sku
from agente_vendedor.schemas.customers import CustomerIn, CustomerOut, CustomerRef, CustomerStats

SaleState = Literal["iniciada", "pendiente", "recolectando_datos", "listo_para_finalizar", "cerrada", "cancelada"]


class LineOut(Schema):
    sku: str
    nombre: str
    cantidad: int
    precio_unitario: int
    subtotal: int


class SaleOut(Schema):
    id: str
    cliente: CustomerOut = Field(description="El cliente como se dio en esta venta (el chat no cambia su ficha)")
    items: list[LineOut]
    total: int
    fecha: datetime
    canal: Literal["chat", "manual"]
    chat_id: str | None
    cliente_difiere: bool = Field(description="Los datos dados en el chat difieren de la ficha del cliente: revisar")


class SaleItemIn(Schema):
    sku: Sku
    cantidad: int = Field(gt=0, le=100_000)


class SaleIn(Schema):
    """A manual sale: `cliente` is a full Cliente, or just `{"cedula"}` of a known customer."""

    cliente: CustomerIn | CustomerRef
    items: list[SaleItemIn] = Field(min_length=1, max_length=200)


class CustomerDetail(CustomerOut):
    historial: list[SaleOut]
    estadisticas: CustomerStats


class OrderOut(Schema):
    id: str
    chat_id: str
    estado: SaleState
    items: list[LineOut]
    total: int
    cliente: CustomerOut | None
    faltantes: list[str]
    venta_id: str | None

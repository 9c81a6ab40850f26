from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, EmailStr, Field, StringConstraints, field_validator, model_validator

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.language.colombian_ids import parse_colombian_id
from agente_vendedor.language.phones import normalize_phone
from agente_vendedor.schemas.common import Schema

# The customer data the agent gathers in a chat (the contract's `Cliente` fields a customer types), and the part
# of it a sale cannot close without. The one list: the LLM's extraction schema and the order read these.
CUSTOMER_FIELDS = ("nombre", "cedula", "telefono", "direccion", "email", "ciudad")
REQUIRED_CUSTOMER_FIELDS = ("nombre", "cedula", "telefono", "direccion")


def _validated_id(value: str) -> str:
    try:
        return parse_colombian_id(value).number
    except InvalidInputError as exc:
        raise ValueError(exc.message) from exc


class CustomerRef(Schema):
    cedula: str

    @field_validator("cedula")
    @classmethod
    def _cedula(cls, value: str) -> str:
        return _validated_id(value)


CustomerType = Literal["persona", "empresa"]
Name = Annotated[str, StringConstraints(min_length=2, max_length=200)]
Address = Annotated[str, StringConstraints(max_length=300)]
City = Annotated[str, StringConstraints(max_length=100)]


def _validated_phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except InvalidInputError as exc:
        raise ValueError(exc.message) from exc


class CustomerIn(CustomerRef):
    """A full `Cliente`: creates or updates the customer with this cédula/NIT."""

    tipo: CustomerType | None = None
    nombre: Name
    telefono: str
    email: EmailStr | None = None
    direccion: Address | None = None
    ciudad: City | None = None

    @field_validator("telefono")
    @classmethod
    def _telefono(cls, value: str) -> str:
        return _validated_phone(value)


class CustomerPatch(Schema):
    """`PATCH /clientes/{cedula}` (staff): the fields to change, at least one; the cédula/NIT never changes.
    `email`, `direccion` and `ciudad` may be cleared with null; `tipo`, `nombre` and `telefono` may not."""

    model_config = ConfigDict(extra="forbid")

    tipo: CustomerType | None = None
    nombre: Name | None = None
    telefono: str | None = None
    email: EmailStr | None = None
    direccion: Address | None = None
    ciudad: City | None = None

    @field_validator("telefono")
    @classmethod
    def _telefono(cls, value: str | None) -> str | None:
        return None if value is None else _validated_phone(value)

    @model_validator(mode="after")
    def _something_to_change(self) -> CustomerPatch:
        if not self.model_fields_set:
            raise ValueError("Indique al menos un campo para cambiar.")
        cleared = [name for name in _NOT_NULLABLE if name in self.model_fields_set and getattr(self, name) is None]
        if cleared:
            raise ValueError(f"No se puede dejar vacío: {', '.join(cleared)}.")
        return self


_NOT_NULLABLE = ("tipo", "nombre", "telefono")


class CustomerOut(Schema):
    cedula: str
    tipo: Literal["persona", "empresa"]
    nombre: str
    telefono: str
    email: str | None
    direccion: str | None
    ciudad: str | None


class FrequentProduct(Schema):
    sku: str
    nombre: str
    cantidad: int


class CustomerStats(Schema):
    numero_compras: int
    total_compras: int
    ticket_promedio: int
    ultima_compra: datetime | None
    productos_frecuentes: list[FrequentProduct] = Field(default_factory=list)

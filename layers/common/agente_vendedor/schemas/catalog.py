from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from agente_vendedor.schemas.common import Schema, Sku

Nombre = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Categoria = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Sinonimo = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class ProductIn(Schema):
    """A `Producto` as sent by staff (create, replace, import)."""

    sku: Sku
    nombre: Nombre
    descripcion: Annotated[str, StringConstraints(max_length=4000)] = ""
    categoria: Categoria
    precio: int = Field(gt=0, le=10_000_000_000, description="Precio en pesos colombianos (COP), entero")
    stock: int = Field(ge=0, le=100_000_000)
    marca: Annotated[str, StringConstraints(max_length=120)] | None = None
    sinonimos: list[Sinonimo] = Field(default_factory=list, max_length=50)
    activo: bool = True

    @field_validator("marca")
    @classmethod
    def _empty_brand_is_none(cls, value: str | None) -> str | None:
        return value or None


class ProductPatch(Schema):
    """Only the fields sent change. `null` only clears `marca`: any other field sent as `null` is a 422.
    (The `None` defaults mean "not sent" and are never validated nor applied: `model_dump(exclude_unset=True)`.)"""

    nombre: Annotated[Nombre, Field(default=None)]
    descripcion: Annotated[str, StringConstraints(max_length=4000), Field(default=None)]
    categoria: Annotated[Categoria, Field(default=None)]
    precio: Annotated[int, Field(default=None, gt=0, le=10_000_000_000)]
    stock: Annotated[int, Field(default=None, ge=0, le=100_000_000)]
    marca: Annotated[str, StringConstraints(max_length=120)] | None = None
    sinonimos: Annotated[list[Sinonimo], Field(default=None, max_length=50)]
    activo: Annotated[bool, Field(default=None)]


class ProductOut(Schema):
    sku: str
    nombre: str
    descripcion: str
    categoria: str
    precio: int
    stock: int
    marca: str | None
    sinonimos: list[str]
    activo: bool


class ProductBrief(Schema):
    """A product as the chat mentions it (`productos` in ChatRespuesta)."""

    sku: str
    nombre: str
    precio: int
    stock: int


class ImportRowError(Schema):
    fila: int
    error: str


class ImportResult(Schema):
    creados: int
    actualizados: int
    errores: list[ImportRowError]

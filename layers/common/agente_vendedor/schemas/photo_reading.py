"""What the model may say about a customer's photo (its `response_schema`): the kind of picture, and either search
attributes for a product or the lines of a photographed list. No SKUs, prices or totals: the attributes go through
our own retrieval and the lines through the plan validator, so every product and price comes from the catalogue."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agente_vendedor.schemas.common import Schema

PhotoKind = Literal[
    "producto",  # a product (or its label, box or a worker wearing it)
    "lista",  # a written list, a handwritten order or a purchase order: products with quantities
    "otro",  # anything else (a selfie, a landscape, a screenshot of nothing to buy)
]


class PhotoLine(Schema):
    """One line of a photographed list as written: the product words and the units (None when not written)."""

    texto: str = Field(max_length=120, description="el producto como está escrito, sin cantidad")
    cantidad: int | None = Field(default=None, description="unidades pedidas en esa línea")


class PhotoReading(Schema):
    tipo: PhotoKind
    atributos: list[str] = Field(
        default_factory=list,
        max_length=8,
        description="si es un producto: qué es y sus rasgos visibles (tipo, color, material, marca, norma), en español",
    )
    lineas: list[PhotoLine] = Field(default_factory=list, max_length=20, description="si es una lista o pedido")

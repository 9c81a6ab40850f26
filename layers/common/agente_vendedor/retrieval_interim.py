"""TEMPORARY: the retrieval API the chat calls, until `retrieval.py` provides it (then this module is deleted).

Delegates to `agente_vendedor.retrieval` when it has the functions; otherwise a basic lexical stand-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agente_vendedor import retrieval as _real
from agente_vendedor.db.models import Product
from agente_vendedor.text_normalization import normalize


@dataclass
class RetrievalResult:
    products: list[Product]
    in_stock_alternatives: dict[str, list[Product]] = field(default_factory=dict)
    interpretation: dict[str, Any] = field(default_factory=dict)


def retrieve(session: Session, message: str, *, limit: int = 5, categoria: str | None = None) -> Any:
    if hasattr(_real, "retrieve"):
        return _real.retrieve(session, message, limit=limit, categoria=categoria)
    return RetrievalResult(_real.rank_products(session, message, categoria=categoria, limit=limit))


_SPLIT = re.compile(r",|;|\by\b|\btambien\b|\bademas\b|\bmas\b|\+")


def find_product_mentions(session: Session, message: str) -> list[tuple[Product, str]]:
    if hasattr(_real, "find_product_mentions"):
        result: list[tuple[Product, str]] = _real.find_product_mentions(session, message)
        return result
    found: list[tuple[Product, str]] = []
    for segment in _SPLIT.split(normalize(message)):
        if len(segment.split()) < 1:
            continue
        ranked = _real.rank_products(session, segment, limit=1)
        if ranked and ranked[0] not in [p for p, _ in found]:
            found.append((ranked[0], segment))
    return found


def related_products(session: Session, product: Product, limit: int = 3) -> list[Product]:
    if hasattr(_real, "related_products"):
        related: list[Product] = _real.related_products(session, product, limit=limit)
        return related
    query = (
        select(Product)
        .where(Product.categoria == product.categoria, Product.id != product.id, Product.activo.is_(True), Product.stock > 0)
        .limit(limit)
    )
    return list(session.scalars(query))

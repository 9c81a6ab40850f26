"""Product retrieval for the chat and `GET /productos/?q=` (basic lexical version; extended by the agent work)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agente_vendedor.catalog_search import _filtered, fulltext_ranking, query_terms
from agente_vendedor.db.models import Product


def rank_products(
    session: Session,
    q: str,
    *,
    categoria: str | None = None,
    en_stock: bool | None = None,
    include_inactive: bool = False,
    limit: int = 200,
) -> list[Product]:
    exact = session.scalar(
        _filtered(select(Product), categoria, en_stock, include_inactive).where(
            func.lower(Product.sku) == q.strip().lower()
        )
    )
    if exact is not None:
        return [exact]
    ranking = fulltext_ranking(query_terms(q))
    if ranking is None:
        return []
    matches, rank = ranking
    query = _filtered(select(Product), categoria, en_stock, include_inactive).where(matches)
    return list(session.scalars(query.order_by(rank.desc(), Product.sku).limit(limit)))

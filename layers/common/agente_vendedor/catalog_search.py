"""Lexical catalogue search in PostgreSQL: Spanish full-text search over the normalised, synonym-expanded document.

Works on any PostgreSQL 15+ without extensions. The chat's retrieval (`retrieval.py`) builds on `fulltext_ranking`.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, func, literal_column
from sqlalchemy.orm import Session

from agente_vendedor.db.models import Product
from agente_vendedor.lexicon import synonym_lexicon
from agente_vendedor.text_normalization import normalize

_TOKEN = re.compile(r"[a-z0-9]+")


def tsquery_text(terms: list[str]) -> str:
    """An OR tsquery of the terms; a multi-word term becomes a phrase ('casco <-> dielectrico')."""
    clauses: list[str] = []
    for term in terms:
        words = _TOKEN.findall(term)
        if not words:
            continue
        clause = " <-> ".join(words) if len(words) > 1 else words[0]
        clause = f"({clause})" if len(words) > 1 else clause
        if clause not in clauses:
            clauses.append(clause)
    return " | ".join(clauses)


def query_terms(query: str) -> list[str]:
    normalized = normalize(query)
    return normalized.split() + synonym_lexicon().expand(normalized)


def fulltext_ranking(terms: list[str]) -> tuple[ColumnElement[bool], ColumnElement[float]] | None:
    text = tsquery_text(terms)
    if not text:
        return None
    tsquery = func.to_tsquery(literal_column("'spanish'::regconfig"), text)
    return Product.search_vector.op("@@")(tsquery), func.ts_rank_cd(Product.search_vector, tsquery)


def _filtered(
    query: Select[tuple[Product]], categoria: str | None, en_stock: bool | None, include_inactive: bool
) -> Select[tuple[Product]]:
    if not include_inactive:
        query = query.where(Product.activo.is_(True))
    if categoria:
        query = query.where(func.lower(Product.categoria) == categoria.strip().lower())
    if en_stock is not None:
        query = query.where(Product.stock > 0 if en_stock else Product.stock == 0)
    return query


def search_products(
    session: Session,
    q: str,
    *,
    categoria: str | None = None,
    en_stock: bool | None = None,
    limit: int = 20,
    offset: int = 0,
    include_inactive: bool = False,
) -> tuple[list[Product], int]:
    """Products matching `q`, best first, and how many match in all."""
    from agente_vendedor.retrieval import rank_products  # the chat's ranking, so `?q=` and the chat agree

    ranked = rank_products(session, q, categoria=categoria, en_stock=en_stock, include_inactive=include_inactive)
    total = len(ranked)
    return ranked[offset : offset + limit], total

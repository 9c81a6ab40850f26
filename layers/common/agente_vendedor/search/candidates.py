"""The candidate stage of catalogue search, in PostgreSQL: Spanish full-text search over the normalised,
synonym-expanded search document (generated `search_vector` column, GIN index). No extension is needed.

One statement gathers candidates from several branches, each bounded so that the cost stays flat on large
catalogues: products having every concept, products missing one (only for rarer concepts), the best-ranked
products for the rarer concepts (ts_rank only where the matches are known to be few), products with the terms
of the needs rules, products of the categories those rules point to, and exact SKUs. The final ordering is done
in Python (`ranking.py`); `retrieval.search_products` is what `GET /productos/?q=` calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.search.vocabulary import lexeme

# Ranking reads every matching row: only do it where the matches are few.
_RANK_BUDGET = 1500
_MAX_CLAUSES_FOR_ALL_BUT_ONE = 6


@dataclass(frozen=True)
class Clause:
    """A tsquery fragment for one concept, with an estimate of how many products match it."""

    query: str
    df: int


@dataclass(frozen=True)
class CandidateFilters:
    categoria: str | None = None
    en_stock: bool | None = None
    include_inactive: bool = False


@dataclass(frozen=True)
class CandidateRow:
    """A candidate as ranking needs it; its words are fetched apart (`fetch_words`) and only when not cached."""

    id: int
    sku: str
    nombre: str
    categoria: str
    precio: int
    stock: int
    version: int  # last update, in microseconds: a cache key for the product's words
    rank: float


@dataclass(frozen=True)
class ProductWords:
    nombre: str
    descripcion: str
    categoria: str
    marca: str | None
    sinonimos: tuple[str, ...]


def version_of(updated: datetime) -> int:
    return int(updated.timestamp() * 1_000_000)


def fetch_words(session: Session, ids: Sequence[int]) -> dict[int, ProductWords]:
    rows = session.execute(
        text("SELECT id, nombre, descripcion, categoria, marca, sinonimos FROM productos WHERE id = ANY(:ids)"),
        {"ids": list(ids)},
    )
    return {int(r[0]): ProductWords(r[1], r[2], r[3], r[4], tuple(r[5] or ())) for r in rows}


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_clause(alternatives: list[tuple[str, ...]]) -> str:
    """ "('pav' | 'casc' | ('casc' & 'segur'))" from word alternatives: a tsquery literal of PostgreSQL's own
    lexemes (see `vocabulary.lexeme`), so that the database never parses it row by row; stopwords are left out,
    and the result is empty when no usable word remains."""
    parts: list[str] = []
    for words in alternatives:
        lexemes = [lex for lex in (lexeme(w) for w in words if w) if lex]
        if not lexemes:
            continue
        quoted = [_quoted(lex) for lex in dict.fromkeys(lexemes)]
        part = quoted[0] if len(quoted) == 1 else "(" + " & ".join(quoted) + ")"
        if part not in parts:
            parts.append(part)
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _any_of(queries: list[str]) -> str:
    return " | ".join(queries)


def _all_of(queries: list[str]) -> str:
    return " & ".join(queries)


class _Statement:
    """One SQL statement: the bounded branches, then the candidate rows with their rank. Every tsquery is a literal
    of lexemes (a constant), so PostgreSQL plans each branch knowing how selective it is and never re-parses it."""

    def __init__(self, filters: CandidateFilters) -> None:
        self.params: dict[str, Any] = {}
        self.branches: list[str] = []
        conditions = [] if filters.include_inactive else ["activo"]
        if filters.categoria:
            conditions.append("lower(categoria) = :categoria")
            self.params["categoria"] = filters.categoria.strip().lower()
        if filters.en_stock is not None:
            conditions.append("stock > 0" if filters.en_stock else "stock = 0")
        self.where = " AND ".join(conditions) or "TRUE"

    def _param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def matching(self, query: str, limit: int, *, ranked: bool = False) -> None:
        q = f"CAST({self._param(query)} AS tsquery)"
        if ranked:
            self.branches.append(
                f"(SELECT id, ts_rank(search_vector, {q}) AS r FROM productos "
                f"WHERE {self.where} AND search_vector @@ {q} ORDER BY r DESC, id LIMIT {int(limit)})"
            )
        else:
            self.branches.append(
                f"(SELECT id, 0.0::float4 AS r FROM productos WHERE {self.where} "
                f"AND search_vector @@ {q} LIMIT {int(limit)})"
            )

    def in_categories(self, categories: list[str], limit: int) -> None:
        c = self._param([name.lower() for name in categories])
        self.branches.append(
            f"(SELECT id, 0.0::float4 AS r FROM productos WHERE {self.where} "
            f"AND lower(categoria) = ANY({c}) LIMIT {int(limit)})"
        )

    def with_ids(self, ids: list[int], limit: int) -> None:
        i = self._param(ids)
        self.branches.append(
            f"(SELECT id, 0.0::float4 AS r FROM productos WHERE {self.where} AND id = ANY({i}) LIMIT {int(limit)})"
        )

    def with_skus(self, skus: list[str]) -> None:
        s = self._param([sku.lower() for sku in skus])
        self.branches.append(
            f"(SELECT id, 10.0::float4 AS r FROM productos WHERE {self.where} AND lower(sku) = ANY({s}))"
        )

    def sql(self, rank_query: str | None, cap: int) -> str:
        rank = "max(c.r)"
        if rank_query:
            rank = f"greatest(max(c.r), ts_rank(p.search_vector, CAST({self._param(rank_query)} AS tsquery)))"
        return (
            f"WITH c AS ({' UNION ALL '.join(self.branches)}) "
            "SELECT p.id, p.sku, p.nombre, p.categoria, p.precio, p.stock, "
            "(extract(epoch FROM p.actualizado) * 1000000)::bigint, "
            f"{rank} AS rank FROM c JOIN productos p ON p.id = c.id GROUP BY p.id ORDER BY rank DESC, p.id "
            f"LIMIT {int(cap)}"
        )


def find_candidates(
    session: Session,
    clauses: list[Clause],
    *,
    needs_queries: Sequence[str] = (),
    categories: Sequence[str] = (),
    skus: Sequence[str] = (),
    ids: Sequence[int] = (),
    filters: CandidateFilters | None = None,
    limit: int = 150,
) -> list[CandidateRow]:
    """Products worth ranking for these concept clauses (best-effort, bounded, deduplicated)."""
    clauses = [c for c in clauses if c.query]
    statement = _Statement(filters or CandidateFilters())
    if skus:
        statement.with_skus(list(skus))
    if ids:
        statement.with_ids(list(ids), limit)
    queries = [c.query for c in clauses]
    if len(clauses) >= 2:
        statement.matching(_all_of(queries), limit)
    # "all but one" cannot be answered from the index cheaply when a clause is frequent: only for rarer clauses
    if 3 <= len(clauses) <= _MAX_CLAUSES_FOR_ALL_BUT_ONE and sum(c.df for c in clauses) <= 2 * _RANK_BUDGET:
        subsets = ["(" + _all_of(list(s)) + ")" for s in combinations(queries, len(queries) - 1)]
        statement.matching(_any_of(subsets), limit)
    rare: list[str] = []
    frequent: list[str] = []
    spent = 0
    for clause in sorted(clauses, key=lambda c: c.df):
        if spent + clause.df <= _RANK_BUDGET:
            rare.append(clause.query)
            spent += clause.df
        else:
            frequent.append(clause.query)
    if rare:
        statement.matching(_any_of(rare), limit, ranked=True)
    if frequent:
        statement.matching(_any_of(frequent), max(20, limit // 3))
    for query in needs_queries:
        if query:
            statement.matching(query, max(30, limit // 3))
    if categories:
        statement.in_categories(list(categories), max(40, limit // 3))
    if not statement.branches:
        return []
    rank_query = _any_of([*queries, *(q for q in needs_queries if q)])
    sql = statement.sql(rank_query or None, cap=limit)
    rows = session.execute(text(sql), statement.params)
    return [CandidateRow(*row) for row in rows]

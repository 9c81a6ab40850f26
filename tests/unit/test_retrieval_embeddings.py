"""Reciprocal rank fusion and the embedding switch (no network: a fake embedder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from agente_vendedor.core.settings import Settings
from agente_vendedor.search import embeddings


@pytest.fixture(autouse=True)
def _default_embedder() -> Iterator[None]:
    yield
    embeddings.use_embedder(None)


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = embeddings.reciprocal_rank_fusion([[1, 2, 3, 4], [3, 1, 5]])
    assert fused[:2] == [1, 3]  # in both rankings, near the top
    assert set(fused) == {1, 2, 3, 4, 5}
    assert embeddings.reciprocal_rank_fusion([]) == []
    assert embeddings.reciprocal_rank_fusion([[7, 8]]) == [7, 8]


def test_no_key_no_embeddings() -> None:
    assert embeddings.gemini_embedder(Settings(llm_provider="auto", google_api_key=None)) is None
    assert embeddings.gemini_embedder(Settings(llm_provider="offline", google_api_key="clave")) is None


class _Result:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def first(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)


class _FakeSession:
    """Answers the column check and the similarity query; records what was asked."""

    def __init__(self, column: bool) -> None:
        self.column = column
        self.statements: list[tuple[str, dict[str, Any]]] = []
        self.url = f"fake://{uuid.uuid4().hex}"  # a database of its own (id() is reused once an object is freed)

    def get_bind(self) -> Any:
        return type("Bind", (), {"engine": type("Engine", (), {"url": self.url})()})()

    def execute(self, statement: Any, params: dict[str, Any] | None = None) -> _Result:
        sql = str(statement)
        self.statements.append((sql, params or {}))
        if "information_schema" in sql:
            return _Result([(1,)] if self.column else [])
        return _Result([(11,), (7,)])


def fake_embedder(texts: Sequence[str], for_query: bool) -> list[list[float]]:
    return [[float(len(t) % 7) / 7.0] * embeddings.DIMENSIONS for t in texts]


def test_semantic_ranking_uses_the_vector_column_when_there() -> None:
    embeddings.use_embedder(fake_embedder)
    session = _FakeSession(column=True)
    assert embeddings.semantic_ranking(session, "casco para electricista") == [11, 7]  # type: ignore[arg-type]
    sql, params = session.statements[-1]
    assert "<=>" in sql and params["v"].startswith("[") and params["n"] == 50


def test_semantic_ranking_is_skipped_without_column_or_embedder() -> None:
    embeddings.use_embedder(fake_embedder)
    assert embeddings.semantic_ranking(_FakeSession(column=False), "casco") == []  # type: ignore[arg-type]


def test_a_failing_embedder_leaves_retrieval_lexical() -> None:
    def broken(texts: Sequence[str], for_query: bool) -> list[list[float]]:
        raise TimeoutError

    embeddings.use_embedder(broken)
    assert embeddings.semantic_ranking(_FakeSession(column=True), "casco") == []  # type: ignore[arg-type]

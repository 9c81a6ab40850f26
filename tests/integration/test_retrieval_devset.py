"""Retrieval quality on the public dev set and on hand-written queries about the demo catalogue.

Prints recall@1, recall@3 and MRR per query file (`pytest tests/integration/test_retrieval_devset.py -q -s`).
recall@k counts the relevant products among the first k, over min(k, number of relevant products); MRR uses the
rank of the first relevant product. The demo queries (tests/integration/data/retrieval_demo_queries.jsonl) guard
against tuning to the dev set: they are about other products, in other words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

# shared/ sits beside the repository (also in CI, which clones main next to it)
DEV_EVAL = Path(__file__).resolve().parents[3] / "shared" / "dev-eval"
DEMO_QUERIES = Path(__file__).resolve().parent / "data" / "retrieval_demo_queries.jsonl"


@dataclass
class Figures:
    queries: int
    recall_at_1: float
    recall_at_3: float
    mrr: float
    misses: list[str]

    def line(self, name: str) -> str:
        return (
            f"{name}: n={self.queries} recall@1={self.recall_at_1:.3f} recall@3={self.recall_at_3:.3f} "
            f"MRR={self.mrr:.3f}"
        )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _load_catalogue(rows: list[dict[str, Any]]) -> None:
    from agente_vendedor.commerce.catalog import import_products
    from agente_vendedor.db.engine import session_scope

    with session_scope() as session:
        result = import_products(session, rows)
    assert not result.errores, result.errores


def _evaluate(queries: list[dict[str, Any]]) -> Figures:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import retrieve

    judged = [q for q in queries if q.get("skus")]
    r1 = r3 = mrr = 0.0
    misses: list[str] = []
    for query in judged:
        with session_scope() as session:
            got = [p.sku for p in retrieve(session, query["mensaje"], limit=5).products]
        relevant = query["skus"]
        r1 += 1.0 if got[:1] and got[0] in relevant else 0.0
        r3 += len(set(got[:3]) & set(relevant)) / min(3, len(relevant))
        rank = next((i + 1 for i, sku in enumerate(got) if sku in relevant), None)
        mrr += 1.0 / rank if rank else 0.0
        if rank != 1:
            misses.append(f"{query['id']}: {query['mensaje']!r} -> {got} (esperado {relevant})")
    n = len(judged)
    return Figures(n, r1 / n, r3 / n, mrr / n, misses)


def _report(name: str, figures: Figures) -> None:
    print("\n" + figures.line(name))
    for miss in figures.misses:
        print("   ", miss)


@pytest.mark.skipif(not DEV_EVAL.is_dir(), reason="shared/dev-eval no está junto al repositorio")
def test_dev_set_retrieval(db: None) -> None:
    _load_catalogue(json.loads((DEV_EVAL / "catalog.json").read_text("utf-8")))
    normal = _evaluate(_read_jsonl(DEV_EVAL / "queries.jsonl"))
    hard = _evaluate(_read_jsonl(DEV_EVAL / "queries_hard.jsonl"))
    _report("queries.jsonl", normal)
    _report("queries_hard.jsonl", hard)
    assert normal.recall_at_3 >= 0.92 and normal.mrr >= 0.85, normal.line("queries.jsonl")
    assert hard.recall_at_3 >= 0.85 and hard.mrr >= 0.70, hard.line("queries_hard.jsonl")


def test_demo_catalogue_retrieval(db: None) -> None:
    source = resources.files("agente_vendedor.ops.demo_data").joinpath("catalogo.json")
    _load_catalogue(json.loads(source.read_text("utf-8")))
    queries = _read_jsonl(DEMO_QUERIES)
    assert len(queries) >= 40
    figures = _evaluate(queries)
    _report("retrieval_demo_queries.jsonl", figures)
    assert figures.recall_at_3 >= 0.85 and figures.mrr >= 0.80, figures.line("demo")


def test_purchase_messages_name_their_products(db: None) -> None:
    """`find_product_mentions` puts the intended product first for the dev set's purchase messages."""
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import find_product_mentions

    if not DEV_EVAL.is_dir():
        pytest.skip("shared/dev-eval no está junto al repositorio")
    _load_catalogue(json.loads((DEV_EVAL / "catalog.json").read_text("utf-8")))
    sales = [
        q
        for name in ("queries.jsonl", "queries_hard.jsonl")
        for q in _read_jsonl(DEV_EVAL / name)
        if q["tipo"] == "venta" and q["skus"]
    ]
    right = 0
    wrong: list[str] = []
    for query in sales:
        with session_scope() as session:
            mentions = [(p.sku, segment) for p, segment in find_product_mentions(session, query["mensaje"])]
        if mentions and mentions[0][0] == query["skus"][0]:
            right += 1
        else:
            wrong.append(f"{query['id']}: {query['mensaje']!r} -> {mentions}")
    print(f"\nfind_product_mentions: {right}/{len(sales)} con el producto esperado primero")
    for line in wrong:
        print("   ", line)
    assert right / len(sales) >= 0.85

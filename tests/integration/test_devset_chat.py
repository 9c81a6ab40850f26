"""The dev evaluation set through the FastAPI app (real PostgreSQL, moto DynamoDB): the issue's thresholds.

intent ≥ 0.95, recall@3 ≥ 0.92, MRR ≥ 0.85, company facts ≥ 0.90, sale scenarios ≥ 0.90, and no personal data in
anonymous answers to customer lookups.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eval.devset import DEFAULT_DEV_DIR, THRESHOLDS, DevSet, Report, evaluate
from tests.conftest import STAFF, aws_from_template, empty_database, reset_caches

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not DEFAULT_DEV_DIR.exists(), reason="dev-eval set not available"),
]


@pytest.fixture(scope="module")
def report(database_url: str) -> Iterator[Report]:
    from agente_vendedor.api.app import create_app

    reset_caches()
    empty_database()
    with aws_from_template():
        client = TestClient(create_app())
        result = evaluate(client, STAFF, DevSet.load(DEFAULT_DEV_DIR))
        print("\n" + result.render())
        yield result


def test_intent_accuracy(report: Report) -> None:
    assert report.intent_accuracy() >= THRESHOLDS["intent"], report.render()


def test_retrieval(report: Report) -> None:
    normal = report.retrieval(hard=False)
    assert normal["recall@3"] >= THRESHOLDS["recall@3"], report.render()
    assert normal["mrr"] >= THRESHOLDS["mrr"], report.render()


def test_company_facts(report: Report) -> None:
    assert report.facts() >= THRESHOLDS["facts"], report.render()


def test_sale_scenarios(report: Report) -> None:
    assert report.scenario_rate() >= THRESHOLDS["scenarios"], report.render()


def test_sale_quantities(report: Report) -> None:
    # 0.85, not 0.9: two dev purchases phrased as questions ("¿…me sirve…?") now get an answer and an offer instead
    # of a change to the order (contract §6: a question never changes the order; issue 9).
    assert report.quantities() >= 0.85, report.render()


def test_no_personal_data_to_anonymous_chats(report: Report) -> None:
    assert report.pii_checked > 0
    assert not report.pii_leaks, report.render()

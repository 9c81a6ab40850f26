"""The nightly job (EventBridge schedule → the exports function): the full report, then semantic-search upkeep."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from agente_vendedor.db.engine import session_scope
from agente_vendedor.ops.exports.service import ScheduledReport, run_scheduled_report
from agente_vendedor.search.embeddings import refresh_product_embeddings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NightlyResult:
    report: ScheduledReport
    embedded_products: int  # products given a Gemini embedding (0 without a key or without pgvector)


def run_nightly(scheduled_at: datetime | None = None) -> NightlyResult:
    report = run_scheduled_report(scheduled_at)
    return NightlyResult(report=report, embedded_products=refresh_embeddings_safely())


def refresh_embeddings_safely() -> int:
    """Embed products that lack an embedding; a Gemini failure is logged and leaves the lexical search untouched."""
    try:
        with session_scope() as session:
            return refresh_product_embeddings(session)
    except Exception:
        log.exception("product embeddings were not refreshed")
        return 0

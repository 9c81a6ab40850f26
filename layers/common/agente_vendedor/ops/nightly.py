"""The nightly job (EventBridge schedule → the exports function): the full report, then semantic-search upkeep."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from agente_vendedor.conversation import turn_outbox
from agente_vendedor.db.engine import session_scope
from agente_vendedor.ops.exports.service import ScheduledReport, run_scheduled_report
from agente_vendedor.search.embeddings import refresh_product_embeddings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NightlyResult:
    report: ScheduledReport
    embedded_products: int  # products given a Gemini embedding (0 without a key or without pgvector)
    messages_copied: int = 0  # outbox rows of chats that never came back after DynamoDB failed


def run_nightly(scheduled_at: datetime | None = None) -> NightlyResult:
    report = run_scheduled_report(scheduled_at)
    return NightlyResult(
        report=report, embedded_products=refresh_embeddings_safely(), messages_copied=copy_stale_messages()
    )


def copy_stale_messages() -> int:
    """Chat messages still in the outbox (DynamoDB refused them, the chat never came back) reach the sessions table."""
    try:
        return turn_outbox.deliver_stale()
    except Exception:
        log.exception("stale outbox rows were not copied")
        return 0


def refresh_embeddings_safely() -> int:
    """Embed products that lack an embedding; a Gemini failure is logged and leaves the lexical search untouched."""
    try:
        with session_scope() as session:
            return refresh_product_embeddings(session)
    except Exception:
        log.exception("product embeddings were not refreshed")
        return 0

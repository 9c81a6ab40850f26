"""A turn's messages on their way to the sessions table (DynamoDB): the transactional outbox.

`stage` writes them into `mensajes_pendientes` inside the turn's PostgreSQL transaction, together with the order, the
sale and the report copy of the messages, so the turn commits whole or not at all. After the commit `deliver` copies
them to DynamoDB; the chat's next turn, which reads them there, forgets the row in its own transaction
(`pending_for_chat`). Their sort keys are fixed when staged, so copying twice overwrites instead of duplicating: a row
that DynamoDB refused is copied again by the chat's next turn or by the nightly job (`deliver_stale`), and the answer
already given stands.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from agente_vendedor.conversation import session_memory
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import PendingMessages, utcnow

logger = logging.getLogger(__name__)


@dataclass
class StagedMessages:
    row_ids: list[int]
    items: list[dict[str, Any]]
    messages: list[session_memory.StoredMessage] = field(default_factory=list)

    def joined(self, later: StagedMessages) -> StagedMessages:
        """Earlier turns' leftovers and this turn's messages, delivered in one write."""
        return StagedMessages(self.row_ids + later.row_ids, self.items + later.items, self.messages + later.messages)

    def with_content(self, sk: str, contenido: str) -> None:
        """The model's wording replaces the draft staged for the same message (same sort key)."""
        for item in self.items:
            if item["sk"]["S"] == sk:
                item["contenido"] = {"S": contenido}


def stage(session: Session, chat_id: str, messages: Sequence[session_memory.NewMessage]) -> StagedMessages:
    built = session_memory.build_items(chat_id, messages)
    items = [item for item, _ in built]
    row_id = session.execute(
        insert(PendingMessages).values(chat_id=chat_id, items=items).returning(PendingMessages.id)
    ).scalar_one()
    return StagedMessages([row_id], items, [stored for _, stored in built])


def restage(session: Session, staged: StagedMessages) -> None:
    """Store one turn's changed items (the model's wording) in its row, should the copy fail."""
    session.execute(update(PendingMessages).where(PendingMessages.id.in_(staged.row_ids)).values(items=staged.items))


def pending_for_chat(session: Session, chat_id: str, copied: set[str]) -> StagedMessages:
    """This chat's outbox rows, read in its turn's transaction: those whose messages the sessions table already shows
    (`copied`: the sort keys the turn just read there) are forgotten in the same transaction; the others come back to
    be copied again with this turn's messages."""
    rows = session.execute(
        select(PendingMessages.id, PendingMessages.items)
        .where(PendingMessages.chat_id == chat_id)
        .order_by(PendingMessages.id)
    ).all()
    seen = [row_id for row_id, items in rows if all(item["sk"]["S"] in copied for item in items)]
    if seen:
        session.execute(delete(PendingMessages).where(PendingMessages.id.in_(seen)))
    left = [(row_id, items) for row_id, items in rows if row_id not in seen]
    items = [item for _, row_items in left for item in row_items]
    return StagedMessages([row_id for row_id, _ in left], items, [session_memory.parse_item(i) for i in items])


def deliver(staged: StagedMessages) -> bool:
    """Copy to DynamoDB; False (logged) when it fails. The rows stay until the chat's next turn sees the messages
    there (and forgets them in its own transaction: no extra round trip on the answer's path) or the nightly sweep."""
    if not staged.items:
        return True
    try:
        session_memory.put_items(staged.items)
    except Exception as error:
        logger.warning("turn messages kept in the outbox for a later copy: %s", type(error).__name__)
        return False
    return True


def deliver_turn(earlier: StagedMessages, staged: StagedMessages) -> bool:
    """A committed turn's messages, with earlier turns' leftovers in the same write; leftovers copied at last are
    forgotten at once (the turn's own row waits for the next turn to see it)."""
    delivered = deliver(earlier.joined(staged))
    if delivered and earlier.row_ids:
        _forget(earlier.row_ids)
    return delivered


def _forget(row_ids: list[int]) -> None:
    with session_scope() as session:
        session.execute(delete(PendingMessages).where(PendingMessages.id.in_(row_ids)))


def deliver_stale(older_than: timedelta = timedelta(minutes=1), limit: int = 500) -> int:
    """The nightly sweep: copy rows nobody copied (a chat that never came back after DynamoDB failed)."""
    with session_scope() as session:
        rows = session.execute(
            select(PendingMessages.id, PendingMessages.items)
            .where(PendingMessages.creado < utcnow() - older_than)
            .order_by(PendingMessages.id)
            .limit(limit)
        ).all()
    delivered = 0
    for row_id, items in rows:
        if deliver(StagedMessages([row_id], list(items))):
            _forget([row_id])
            delivered += 1
    return delivered

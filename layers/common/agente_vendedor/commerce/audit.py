"""Audit events (sales closed, exports, staff changes, LLM failures...), shown newest first at `GET /logs/`.

`actor` is who acted: a staff member's usuario (`token:admin` for the break-glass token), or a system actor
(`agente`, `programador`, `chat:<chat_id>`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    tipo: str | None = None
    actor: str | None = None
    desde: datetime | None = None
    hasta: datetime | None = None


# Each filter of `GET /logs/`: the AuditFilter field and the condition it puts on the events.
_FILTERS: tuple[tuple[str, Callable[[Any], ColumnElement[bool]]], ...] = (
    ("tipo", lambda value: AuditEvent.tipo == value),
    ("actor", lambda value: AuditEvent.actor == value),
    ("desde", lambda value: AuditEvent.fecha >= value),
    ("hasta", lambda value: AuditEvent.fecha <= value),
)


def record_event(session: Session, tipo: str, actor: str, **detalle: Any) -> AuditEvent:
    event = AuditEvent(tipo=tipo, actor=actor[:64], detalle=detalle)
    session.add(event)
    session.flush()
    return event


def record_event_now(tipo: str, actor: str, **detalle: Any) -> None:
    """`record_event` in a transaction of its own (callers without a database session, e.g. a chat turn)."""
    with session_scope() as session:
        record_event(session, tipo, actor, **detalle)


def record_staff_chat_turn(usuario: str | None, chat_id: str, tipo_mensaje: str) -> None:
    """A staff member's chat turn answered about a customer (`cliente`): it read a customer's record."""
    if usuario is not None and tipo_mensaje == "cliente":
        record_event_now("cliente_consultado", usuario, canal="chat", chat_id=chat_id)


def recent_events(
    session: Session, wanted: AuditFilter | None = None, *, limit: int = 100, offset: int = 0
) -> list[AuditEvent]:
    wanted = wanted or AuditFilter()
    conditions = [where(value) for field, where in _FILTERS if (value := getattr(wanted, field)) is not None]
    query = select(AuditEvent).where(*conditions)
    return list(
        session.scalars(query.order_by(AuditEvent.fecha.desc(), AuditEvent.id.desc()).limit(limit).offset(offset))
    )

"""Audit events (sales closed, exports, LLM failures...), shown newest first at `GET /logs/`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agente_vendedor.db.models import AuditEvent


def record_event(session: Session, tipo: str, actor: str, **detalle: Any) -> AuditEvent:
    event = AuditEvent(tipo=tipo, actor=actor[:64], detalle=detalle)
    session.add(event)
    session.flush()
    return event


def recent_events(session: Session, *, tipo: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEvent]:
    query = select(AuditEvent)
    if tipo:
        query = query.where(AuditEvent.tipo == tipo)
    return list(
        session.scalars(query.order_by(AuditEvent.fecha.desc(), AuditEvent.id.desc()).limit(limit).offset(offset))
    )

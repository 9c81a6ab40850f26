"""Failed logins per key (`usuario:<name>`, `ip:<address>`) in PostgreSQL, so every Lambda container sees them.

Failures count within a window; the one that reaches the key's limit locks the key for a while (429). A successful
login clears its usuario's failures (never its address's: one good password must not reset a guessing IP).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from agente_vendedor.db.models import LoginThrottle


def usuario_key(usuario: str) -> str:
    return f"usuario:{usuario}"[:200]


def address_key(address: str) -> str:
    return f"ip:{address}"[:200]


def seconds_locked(session: Session, keys: Iterable[str], now: datetime) -> int:
    """How long the longest lock among `keys` still lasts (0: none is locked)."""
    until = session.scalar(
        select(func.max(LoginThrottle.bloqueado_hasta)).where(
            LoginThrottle.clave.in_(list(keys)), LoginThrottle.bloqueado_hasta > now
        )
    )
    return max(1, int((until - now).total_seconds() + 0.999)) if until is not None else 0


def record_failure(session: Session, key: str, *, limit: int, window_s: int, lockout_s: int, now: datetime) -> None:
    """Count one failure of `key` (a new window when the last one is over); at `limit`, lock it `lockout_s`."""
    table = LoginThrottle.__table__
    stale = table.c.desde < now - timedelta(seconds=window_s)
    statement = insert(LoginThrottle).values(clave=key, fallos=1, desde=now, bloqueado_hasta=None)
    failures = session.scalar(
        statement.on_conflict_do_update(
            index_elements=[table.c.clave],
            set_={
                "fallos": case((stale, 1), else_=table.c.fallos + 1),
                "desde": case((stale, now), else_=table.c.desde),
            },
        ).returning(table.c.fallos)
    )
    if failures is not None and failures >= limit:
        session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.clave == key)
            .values(fallos=0, desde=now, bloqueado_hasta=now + timedelta(seconds=lockout_s))
        )


def clear(session: Session, key: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.clave == key))

"""Staff WebSocket connections stay staff only while their account does (contract §2): every frame from one and every
push to one re-checks the account (active, same version, a role that reaches the chats) through the per-container
cache, so a revoked account loses its open connections within that cache's lifetime (≤ 60 s)."""

from __future__ import annotations

import logging

from agente_vendedor.realtime.connections import ConnectionRecord, delete_connection
from agente_vendedor.realtime.push import ConnectionPusher
from agente_vendedor.staff.authentication import still_valid
from agente_vendedor.staff.roles import Area

log = logging.getLogger(__name__)

REVOKED = "Tu sesión de personal ya no es válida (cuenta desactivada o cambiada): inicia sesión de nuevo y reconéctate."


def still_staff(record: ConnectionRecord) -> bool:
    if not record.staff:
        return False
    staff = still_valid(record.usuario, record.version)
    return staff is not None and staff.reaches(Area.CHATS)


def drop(pusher: ConnectionPusher, record: ConnectionRecord) -> None:
    """Close a revoked staff connection (API Gateway) and forget it."""
    log.info("staff connection %s revoked; closing it", record.connection_id)
    pusher.close(record.connection_id)
    delete_connection(record.connection_id)

"""The staff panel's live inbox on the WebSocket API.

A staff connection opened with `panel=1` (and the staff `token`) is recorded under the channel `PANEL_CHANNEL`
instead of a chat: it never runs chat turns, and it receives one `chat_actualizado` frame — the conversation's inbox
row, as `GET /chats/` lists it — each time a customer turn commits or staff pause, resume or answer a chat. Only
connections recorded as staff are ever sent a frame. A failed push is logged and lost (the panel reloads
`GET /chats/` when it reconnects); it never fails the turn or the staff action.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from agente_vendedor.realtime import connections
from agente_vendedor.realtime.connections import PANEL_CHANNEL
from agente_vendedor.realtime.protocol import server_event
from agente_vendedor.realtime.push import ConnectionPusher, configured_endpoint
from agente_vendedor.realtime.staff_connections import still_staff

if TYPE_CHECKING:  # annotations only: the schemas load with the turn, not with the frame
    from agente_vendedor.schemas.inbox import ChatSummary

log = logging.getLogger(__name__)


# The connections table's `chat_id` of panel connections: '#' is never part of a chat_id, so no chat can reach it.
def is_panel(record: connections.ConnectionRecord) -> bool:
    return record.chat_id == PANEL_CHANNEL


def summary_event(summary: ChatSummary) -> dict[str, Any]:
    """`{"type": "chat_actualizado", "chat_id", "timestamp", "ultimo_mensaje", "actualizado", ...}`."""
    fields = summary.model_dump(mode="json", exclude={"chat_id"})
    return server_event("chat_actualizado", summary.chat_id, **fields)


def publish(summary: ChatSummary, endpoint_url: str | None = None) -> int:
    """Push the summary to every open panel connection; returns how many received it. Never raises."""
    try:
        endpoint = endpoint_url or configured_endpoint()
        if endpoint is None:
            return 0
        # a staff account disabled or changed since it connected hears nothing more
        targets = [c.connection_id for c in connections.connections_for_chat(PANEL_CHANNEL) if still_staff(c)]
        if not targets:
            return 0
        return ConnectionPusher(endpoint).broadcast(targets, summary_event(summary))
    except Exception:
        log.exception("could not push chat_actualizado to the staff panel")
        return 0

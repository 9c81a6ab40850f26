"""Staff control of a conversation: pause or resume the agent, and reply as a human advisor (`asesor`).

Each action also updates the conversation's inbox row (`conversation.inbox`): the pause flag, and — on resume and on
a reply — the reasons a person was needed are cleared. The caller commits, then tells the panel
(`realtime.panel.publish`) the summary returned here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from agente_vendedor.commerce import audit
from agente_vendedor.conversation import inbox, session_memory
from agente_vendedor.conversation.chat_ownership import matches
from agente_vendedor.db.models import ConversationMessage
from agente_vendedor.realtime import connections
from agente_vendedor.realtime.protocol import server_event
from agente_vendedor.realtime.push import ConnectionPusher, configured_endpoint
from agente_vendedor.realtime.staff_connections import still_staff
from agente_vendedor.schemas.inbox import ChatSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffReply:
    chat_id: str
    mensaje: str
    pausado: bool
    conexiones: int  # open WebSocket connections of the chat that received it
    resumen: ChatSummary  # the conversation's inbox row after the reply


def set_paused(db: Session, chat_id: str, paused: bool, *, actor: str) -> ChatSummary:
    """Pause (the agent stays silent, messages are still stored) or resume a chat (which settles whatever needed a
    person); returns the conversation's inbox row."""
    session_memory.set_paused(chat_id, paused)
    audit.record_event(db, "chat_pausado" if paused else "chat_reanudado", actor, chat_id=chat_id)
    return inbox.record_staff_action(db, chat_id, paused=paused, resolves=not paused)


def _owners_connections(chat_id: str) -> list[connections.ConnectionRecord]:
    """The chat's connections that may see it: staff whose account still allows it, and those holding the
    conversation's secret (a connection opened before anyone started the chat proves nothing)."""
    stored = session_memory.owner_hash(chat_id)
    return [c for c in connections.connections_for_chat(chat_id) if matches(c.chat_token, stored) or still_staff(c)]


def staff_reply(db: Session, chat_id: str, mensaje: str, *, actor: str) -> StaffReply:
    """Store the advisor's message in the chat history and push it to every open connection of the chat."""
    session_memory.append_message(chat_id, "asesor", mensaje)
    db.add(ConversationMessage(chat_id=chat_id, rol="asesor", contenido=mensaje, productos=[]))  # for exports
    reached = 0
    endpoint = configured_endpoint()
    open_connections = _owners_connections(chat_id)
    if endpoint is None:
        if open_connections:
            log.warning(
                "WS_ENDPOINT_URL is not set: %d open connections of %s not reached", len(open_connections), chat_id
            )
    elif open_connections:
        event = server_event("asesor", chat_id, mensaje=mensaje, rol="asesor")
        reached = ConnectionPusher(endpoint).broadcast((c.connection_id for c in open_connections), event)
    audit.record_event(db, "respuesta_asesor", actor, chat_id=chat_id, conexiones=reached)
    paused = session_memory.is_paused(chat_id)
    summary = inbox.record_staff_action(db, chat_id, paused=paused, resolves=True)
    return StaffReply(chat_id=chat_id, mensaje=mensaje, pausado=paused, conexiones=reached, resumen=summary)

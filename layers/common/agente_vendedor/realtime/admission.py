"""Admitting and forgetting WebSocket connections ($connect / $disconnect), contract §5."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from agente_vendedor.conversation.chat_ownership import verified_token
from agente_vendedor.core.errors import MalformedRequestError, UnauthorizedError
from agente_vendedor.platform.auth import is_staff_token
from agente_vendedor.realtime import connections
from agente_vendedor.realtime.panel import PANEL_CHANNEL
from agente_vendedor.schemas.common import ChatId

_CHAT_ID = TypeAdapter(ChatId)


PANEL_NEEDS_STAFF = "El panel de conversaciones requiere un token de personal válido (token=...)."
_YES = frozenset({"1", "true", "si", "sí", "yes"})


def wants_panel(value: str | None) -> bool:
    """The `panel` query parameter: `1`/`true`/`si` ask for the staff panel's live inbox."""
    return (value or "").strip().lower() in _YES


def open_connection(
    connection_id: str, chat_id: str | None, token: str | None, chat_token: str | None = None, *, panel: bool = False
) -> connections.ConnectionRecord:
    """Record a new connection of `chat_id`; staff when `token` is the staff token (an empty token is anonymous).
    A conversation someone already started admits only its `chat_token` (or staff): else ForbiddenError (403).
    `panel`: a staff connection to the live inbox (`realtime.panel`) instead of a chat; no token or a wrong one: 401."""
    if panel:
        if not token or not is_staff_token(token):
            raise UnauthorizedError(PANEL_NEEDS_STAFF)
        record = connections.new_record(connection_id, PANEL_CHANNEL, staff=True)
        connections.put_connection(record)
        return record
    try:
        chat_id = _CHAT_ID.validate_python(chat_id)
    except ValidationError:
        raise MalformedRequestError(
            "chat_id inválido: se esperan de 1 a 64 caracteres entre letras, dígitos, '_' y '-'."
        ) from None
    staff = False
    if token:
        if not is_staff_token(token):
            raise UnauthorizedError("Token de personal inválido.")
        staff = True
    proven = verified_token(chat_id, chat_token, staff=staff)
    record = connections.new_record(connection_id, chat_id, staff=staff, chat_token=proven)
    connections.put_connection(record)
    return record


def close_connection(connection_id: str) -> None:
    connections.delete_connection(connection_id)

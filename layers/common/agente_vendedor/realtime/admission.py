"""Admitting and forgetting WebSocket connections ($connect / $disconnect), contract §5."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from agente_vendedor.conversation.chat_ownership import verified_token
from agente_vendedor.core.errors import MalformedRequestError, UnauthorizedError
from agente_vendedor.realtime import connections
from agente_vendedor.realtime.connections import PANEL_CHANNEL
from agente_vendedor.schemas.common import ChatId
from agente_vendedor.staff.roles import Area

if TYPE_CHECKING:
    from agente_vendedor.staff.identity import Staff

_CHAT_ID = TypeAdapter(ChatId)


PANEL_NEEDS_STAFF = "El panel de conversaciones requiere un token de personal válido (token=...)."
_YES = frozenset({"1", "true", "si", "sí", "yes"})


def wants_panel(value: str | None) -> bool:
    """The `panel` query parameter: `1`/`true`/`si` ask for the staff panel's live inbox."""
    return (value or "").strip().lower() in _YES


def open_connection(
    connection_id: str, chat_id: str | None, token: str | None, chat_token: str | None = None, *, panel: bool = False
) -> connections.ConnectionRecord:
    """Record a new connection of `chat_id`; staff when `token` is a valid staff token whose role reaches the chats
    (ventas, admin), kept with its account so it can be revoked; an `inventario` token connects as a customer, an
    empty token is anonymous, a wrong, expired or revoked one is refused (401). A conversation someone already
    started admits only its `chat_token` (or staff): else ForbiddenError (403). `panel`: a staff connection to the
    live inbox (`realtime.panel`) instead of a chat; without a token whose role reaches the chats: 401."""
    member = _staff_member(token) if token else None
    if panel:
        if member is None or not member.reaches(Area.CHATS):
            raise UnauthorizedError(PANEL_NEEDS_STAFF)
        record = connections.new_record(
            connection_id, PANEL_CHANNEL, staff=True, usuario=member.usuario, version=member.version
        )
        connections.put_connection(record)
        return record
    try:
        chat_id = _CHAT_ID.validate_python(chat_id)
    except ValidationError:
        raise MalformedRequestError(
            "chat_id inválido: se esperan de 1 a 64 caracteres entre letras, dígitos, '_' y '-'."
        ) from None
    if token and member is None:
        raise UnauthorizedError("Token de personal inválido, vencido o revocado.")
    staff = member if member is not None and member.reaches(Area.CHATS) else None
    proven = verified_token(chat_id, chat_token, staff=staff is not None)
    record = connections.new_record(
        connection_id,
        chat_id,
        staff=staff is not None,
        chat_token=proven,
        usuario=staff.usuario if staff else None,
        version=staff.version if staff else None,
    )
    connections.put_connection(record)
    return record


def _staff_member(token: str) -> Staff | None:
    """The staff member the token names, or None. The staff modules load with the first token presented, as PyJWT
    and the account's SQLAlchemy do: a customer's connection never needs them."""
    from agente_vendedor.staff.authentication import authenticate

    return authenticate(token)


def close_connection(connection_id: str) -> None:
    connections.delete_connection(connection_id)

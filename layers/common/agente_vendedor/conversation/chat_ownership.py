"""Who may use a conversation (contract §2): the server-issued secret (`chat_token`) of each `chat_id`.

The first message on an unused `chat_id` claims it: a random token goes back to the caller and only its SHA-256 is
kept, on the chat's control item (a conditional write, so of two first messages at once exactly one wins). Every later
message, history read or WebSocket connect must present the token (compared in constant time); staff open any
conversation. A token is 256 random bits, so its unsalted hash is as strong as a salted one.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from agente_vendedor.conversation import session_memory
from agente_vendedor.core.errors import ForbiddenError, ServiceUnavailableError

log = logging.getLogger(__name__)

TOKEN_BYTES = 32
SESSIONS_UNAVAILABLE = "No pudimos abrir la conversación en este momento. Intenta de nuevo en unos segundos."
PRIVATE_CONVERSATION = (
    "Esta conversación ya existe y es privada: envía su chat_token (cabecera X-Chat-Token, o chat_token en el "
    "WebSocket) o empieza una conversación nueva con otro chat_id."
)


@dataclass(frozen=True)
class ChatAccess:
    chat_id: str
    staff: bool
    chat_token: str | None  # what the answer hands back; None for staff in a conversation someone else started
    claimed_now: bool = False  # this request started the conversation

    def release_if_new(self) -> None:
        """The first turn failed before its token reached the caller: leave the chat_id unused again."""
        if self.claimed_now and self.chat_token:
            session_memory.release_owner(self.chat_id, token_hash(self.chat_token))


@contextmanager
def _sessions_store() -> Iterator[None]:
    """The sessions table unreachable: a Spanish 503, before anything of the turn is written."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        log.error("sessions table unavailable while checking a conversation's owner: %s", type(error).__name__)
        raise ServiceUnavailableError(SESSIONS_UNAVAILABLE) from error


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def matches(token: str | None, stored_hash: str | None) -> bool:
    return bool(token and stored_hash) and hmac.compare_digest(token_hash(token or ""), stored_hash or "")


def open_for_message(chat_id: str, token: str | None, *, staff: bool) -> ChatAccess:
    """Access for sending a message: claims an unused conversation, checks the token of an existing one."""
    with _sessions_store():
        stored = session_memory.owner_hash(chat_id)
        if stored is None:
            fresh = secrets.token_urlsafe(TOKEN_BYTES)
            if session_memory.claim_owner(chat_id, token_hash(fresh)):
                return ChatAccess(chat_id, staff, fresh, claimed_now=True)
            stored = session_memory.owner_hash(chat_id)  # another first message won the race
    if matches(token, stored):
        return ChatAccess(chat_id, staff, token)
    if staff:
        return ChatAccess(chat_id, True, None)
    raise ForbiddenError(PRIVATE_CONVERSATION)


def verified_token(chat_id: str, token: str | None, *, staff: bool) -> str | None:
    """The caller's token when it opens the conversation; None when nobody has started it yet (or for staff without
    it). Anyone else gets ForbiddenError."""
    with _sessions_store():
        stored = session_memory.owner_hash(chat_id)
    if matches(token, stored):
        return token
    if stored is None or staff:
        return None
    raise ForbiddenError(PRIVATE_CONVERSATION)

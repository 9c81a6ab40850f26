"""One frame on the chat WebSocket (`message` / `$default` routes): answer a ping, or run a chat turn and stream it.

The turn is the same pipeline as `POST /chat/texto`; its reply streams as `processing`, `typing`,
`response_start`, `response_chunk`… and `response_end`, posted to the sending connection only. A staff connection's
account is re-checked on every frame: once revoked, the frame gets `sesion_revocada` and the connection is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from agente_vendedor.conversation import chat_ownership, session_memory
from agente_vendedor.core.errors import DomainError, ForbiddenError, InvalidInputError, ServiceUnavailableError
from agente_vendedor.realtime import connections, panel
from agente_vendedor.realtime.chunks import ChunkBatcher
from agente_vendedor.realtime.protocol import (
    ErrorCode,
    MessageFrame,
    PingFrame,
    ProtocolError,
    ServerEventType,
    error_event,
    parse_client_frame,
    response_end_event,
    server_event,
)
from agente_vendedor.realtime.push import ConnectionPusher, Delivery
from agente_vendedor.realtime.staff_connections import REVOKED, drop, still_staff

if TYPE_CHECKING:  # annotations only: the schemas load with the turn, not with the frame
    from agente_vendedor.schemas.chat import ChatResponse
    from agente_vendedor.schemas.inbox import ChatSummary

log = logging.getLogger(__name__)

INTERNAL_ERROR = "Tuvimos un problema al procesar tu mensaje. Intenta de nuevo en un momento."
UNAVAILABLE = "El chat no está disponible en este momento. Intenta de nuevo en unos segundos."
PANEL_READ_ONLY = (
    "La conexión del panel solo recibe actualizaciones de la bandeja; para escribir en un chat, conéctate con su "
    "chat_id."
)


@dataclass(frozen=True)
class IncomingFrame:
    connection_id: str
    body: str | None
    endpoint_url: str  # the @connections endpoint: https://{domain}/{stage}


def prime_chat_turn() -> None:
    """SnapStart primer of the functions that run chat turns: what a message frame imports lazily below (the turn
    pipeline, SQLAlchemy, the idempotency layer), loaded now."""
    from agente_vendedor.commerce import audit  # noqa: F401 - imported for the snapshot
    from agente_vendedor.conversation import turn_pipeline
    from agente_vendedor.realtime import idempotency  # noqa: F401 - imported for the snapshot

    turn_pipeline.prime()


def handle_frame(frame: IncomingFrame, *, remaining_ms: Callable[[], int] | None = None) -> None:
    pusher = ConnectionPusher(frame.endpoint_url)
    try:
        connection = connections.get_connection(frame.connection_id)
    except (ClientError, BotoCoreError):
        log.exception("connections table unavailable")
        pusher.send(frame.connection_id, error_event("", "servicio_no_disponible", UNAVAILABLE))
        return
    if connection is None:
        pusher.send(
            frame.connection_id,
            error_event("", "conexion_desconocida", "La conexión no está registrada; vuelve a conectarte."),
        )
        return
    reply = _Reply(pusher, connection.connection_id, connection.chat_id)
    if connection.staff and not _staff_still_allowed(reply, connection):
        return
    try:
        parsed = parse_client_frame(frame.body)
    except ProtocolError as error:
        reply.error(error.code, error.message)
        return
    if isinstance(parsed, PingFrame):
        status = {"panel": True} if panel.is_panel(connection) else {"chat_token": connection.chat_token}
        reply.event("connection_status", estado="conectado", staff=connection.staff, **status)
        return
    if panel.is_panel(connection):
        reply.error("acceso_denegado", PANEL_READ_ONLY)
        return
    reply.message_id = parsed.message_id
    try:
        access = chat_ownership.open_for_message(connection.chat_id, connection.chat_token, staff=connection.staff)
    except ForbiddenError as refused:
        reply.error("acceso_denegado", refused.message)
        return
    except ServiceUnavailableError as unavailable:
        reply.error("servicio_no_disponible", unavailable.message)
        return
    if access.claimed_now and access.chat_token:
        connections.set_chat_token(connection.connection_id, access.chat_token)
    _run_turn(reply, parsed, access, frame.endpoint_url, remaining_ms=remaining_ms, usuario=connection.usuario)


def _staff_still_allowed(reply: _Reply, connection: connections.ConnectionRecord) -> bool:
    """A staff connection whose account was disabled or changed is refused and closed."""
    try:
        allowed = still_staff(connection)
    except Exception:
        log.exception("could not re-check the staff connection %s", connection.connection_id)
        reply.error("servicio_no_disponible", UNAVAILABLE)
        return False
    if not allowed:
        reply.error("sesion_revocada", REVOKED)
        drop(reply.pusher, connection)
    return allowed


def _run_turn(
    reply: _Reply,
    frame: MessageFrame,
    access: chat_ownership.ChatAccess,
    endpoint_url: str,
    *,
    remaining_ms: Callable[[], int] | None,
    usuario: str | None = None,
) -> None:
    committed: list[ChatSummary] = []  # the conversation's inbox row, once the turn has committed
    try:
        _answer(reply, frame, access, committed, remaining_ms=remaining_ms, usuario=usuario)
    finally:  # the staff panel hears of a committed turn once the customer has the answer
        for summary in committed:
            panel.publish(summary, endpoint_url)


def _answer(
    reply: _Reply,
    frame: MessageFrame,
    access: chat_ownership.ChatAccess,
    committed: list[ChatSummary],
    *,
    remaining_ms: Callable[[], int] | None,
    usuario: str | None = None,
) -> None:
    staff = access.staff
    reply.event("processing")
    if not session_memory.is_paused(reply.chat_id):  # while staff have the chat, the agent does not "type"
        reply.event("typing")

    # the heavy part (database, LLM, the idempotency table): only for real messages, or primed before a snapshot
    from agente_vendedor.commerce.audit import record_staff_chat_turn
    from agente_vendedor.conversation import turn_pipeline
    from agente_vendedor.realtime import idempotency

    def compute() -> ChatResponse:

        batcher = ChunkBatcher(reply.chunk)
        try:
            response = turn_pipeline.process_message(
                reply.chat_id,
                frame.mensaje,
                frame.tono,
                staff=staff,
                on_chunk=batcher.add,
                on_committed=committed.append,
            )
        except Exception:
            access.release_if_new()
            raise
        batcher.close()
        record_staff_chat_turn(usuario if staff else None, reply.chat_id, response.tipo_mensaje)
        return response.model_copy(update={"chat_token": access.chat_token})

    try:
        if frame.message_id is None:
            outcome = idempotency.TurnOutcome(compute())
        else:
            outcome = idempotency.run_once(
                reply.chat_id, frame.message_id, frame.mensaje, compute, remaining_ms=remaining_ms, staff=staff
            )
    except idempotency.TurnInProgressError as error:
        reply.error("mensaje_en_proceso", error.message)
        return
    except ServiceUnavailableError as error:
        reply.error("servicio_no_disponible", error.message)
        return
    except InvalidInputError as error:
        reply.error("mensaje_invalido", error.message)
        return
    except DomainError as error:
        log.warning("chat turn refused: %s", error.message)
        reply.error("error_interno", error.message)
        return
    except Exception:
        log.exception("chat turn failed (chat %s)", reply.chat_id)
        reply.error("error_interno", INTERNAL_ERROR)
        return
    reply.finish(outcome.respuesta.model_copy(update={"chat_token": access.chat_token}), replayed=outcome.repetida)


class _Reply:
    """The events of one answer to one connection; stops posting once the connection is gone."""

    def __init__(self, pusher: ConnectionPusher, connection_id: str, chat_id: str) -> None:
        self.pusher = pusher
        self.connection_id = connection_id
        self.chat_id = chat_id
        self.message_id: str | None = None
        self.gone = False
        self.streamed: list[str] = []

    def event(self, kind: ServerEventType, **fields: Any) -> None:
        self._post(server_event(kind, self.chat_id, message_id=self.message_id, **fields))

    def error(self, code: ErrorCode, message: str) -> None:
        self.event("error", code=code, message=message)

    def chunk(self, content: str) -> None:
        if not self.streamed:
            self.event("response_start")
        self.streamed.append(content)
        self.event("response_chunk", content=content)

    def finish(self, response: ChatResponse, *, replayed: bool) -> None:
        """`response_end`; a stored answer (or one that was not streamed) is first sent whole, in chunks."""
        if replayed or not self.streamed:
            self.streamed = []
            whole = ChunkBatcher(self.chunk)  # a first piece goes out at once, split under the frame limit
            whole.add(response.respuesta)
        elif "".join(self.streamed) != response.respuesta:
            log.warning("chat %s: the streamed text differs from the final answer", self.chat_id)
        self._post(response_end_event(self.chat_id, response, message_id=self.message_id))

    def _post(self, event: dict[str, Any]) -> None:
        if not self.gone and self.pusher.send(self.connection_id, event) is Delivery.GONE:
            self.gone = True  # the turn still finishes (and is stored): a retry gets the answer

"""The chat WebSocket protocol (contract §5): client frames in, server events out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import StringConstraints, ValidationError, field_validator

from agente_vendedor.language.normalization import clean_user_text
from agente_vendedor.schemas.common import Mensaje, Schema, Tone

if TYPE_CHECKING:  # the chat's answer schemas (orders, customers, e-mail validation): not needed to parse a frame
    from agente_vendedor.schemas.chat import ChatResponse

# A valid `message` frame is well under this (2000 characters, even \uXXXX-escaped, plus the other fields).
MAX_FRAME_CHARS = 16_000
MAX_MENSAJE_CHARS = 2000

MessageId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$")]
ServerEventType = Literal[
    "connection_status",
    "processing",
    "typing",
    "response_start",
    "response_chunk",
    "response_end",
    "error",
    "asesor",
    "chat_actualizado",
]
ErrorCode = Literal[
    "mensaje_invalido",
    "tipo_desconocido",
    "mensaje_muy_largo",
    "mensaje_en_proceso",
    "conexion_desconocida",
    "acceso_denegado",
    "sesion_revocada",
    "servicio_no_disponible",
    "error_interno",
]


class MessageFrame(Schema):
    type: Literal["message"]
    mensaje: Mensaje
    tono: Tone = "amigable"
    message_id: MessageId | None = None

    @field_validator("message_id", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("mensaje", mode="before")
    @classmethod
    def _storable_text(cls, value: object) -> object:
        """Lone surrogates (a client's stray \\ud800 escape), NUL and control characters cannot be stored."""
        return clean_user_text(value) if isinstance(value, str) else value


class PingFrame(Schema):
    type: Literal["ping"]


ClientFrame = MessageFrame | PingFrame


class ProtocolError(Exception):
    """A frame the server cannot act on; the client gets an `error` event and the connection stays open."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_client_frame(body: str | None) -> ClientFrame:
    if body is not None and len(body) > MAX_FRAME_CHARS:
        raise ProtocolError(
            "mensaje_muy_largo", f"El mensaje es demasiado largo: máximo {MAX_MENSAJE_CHARS} caracteres."
        )
    try:
        data = json.loads(body or "")
    except ValueError:
        raise ProtocolError(
            "mensaje_invalido",
            'El mensaje no es JSON válido. Envía {"type": "message", "mensaje": "..."} o {"type": "ping"}.',
        ) from None
    if not isinstance(data, dict):
        raise ProtocolError("mensaje_invalido", "El mensaje debe ser un objeto JSON con el campo 'type'.")
    kind = data.get("type")
    if kind == "ping":
        return PingFrame(type="ping")
    if kind is None:
        raise ProtocolError("mensaje_invalido", "Falta el campo 'type' ('message' o 'ping').")
    if kind != "message":
        shown = kind if isinstance(kind, str) and len(kind) <= 40 else "?"
        raise ProtocolError(
            "tipo_desconocido", f"Tipo de mensaje desconocido: '{shown}'. Los tipos válidos son 'message' y 'ping'."
        )
    try:
        return MessageFrame.model_validate(data)
    except ValidationError as error:
        raise _message_error(error) from None


def _message_error(error: ValidationError) -> ProtocolError:
    first = error.errors(include_url=False)[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    if field == "mensaje" and first["type"] == "string_too_long":
        return ProtocolError(
            "mensaje_muy_largo", f"El mensaje es demasiado largo: máximo {MAX_MENSAJE_CHARS} caracteres."
        )
    if field == "mensaje":
        return ProtocolError("mensaje_invalido", "El campo 'mensaje' es obligatorio: un texto de 1 a 2000 caracteres.")
    if field == "tono":
        return ProtocolError("mensaje_invalido", "Tono inválido: usa 'amigable', 'formal' o 'tecnico'.")
    if field == "message_id":
        return ProtocolError(
            "mensaje_invalido", "message_id inválido: un texto de 1 a 128 caracteres sin caracteres de control."
        )
    return ProtocolError("mensaje_invalido", "El mensaje no tiene el formato esperado.")


def server_event(
    kind: ServerEventType, chat_id: str, *, message_id: str | None = None, **fields: Any
) -> dict[str, Any]:
    """`{"type", "chat_id", "timestamp", ...}`, plus the client's `message_id` when the event answers one."""
    event: dict[str, Any] = {
        "type": kind,
        "chat_id": chat_id,
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    if message_id is not None:
        event["message_id"] = message_id
    event.update(fields)
    return event


def error_event(chat_id: str, code: ErrorCode, message: str, *, message_id: str | None = None) -> dict[str, Any]:
    return server_event("error", chat_id, code=code, message=message, message_id=message_id)


def response_end_event(chat_id: str, response: ChatResponse, *, message_id: str | None = None) -> dict[str, Any]:
    data = response.model_dump(mode="json")
    return server_event(
        "response_end",
        chat_id,
        message_id=message_id,
        respuesta=data["respuesta"],
        tipo_mensaje=data["tipo_mensaje"],
        estado_venta=data["estado_venta"],
        productos=data["productos"],
        pedido=data["pedido"],
        fuentes=data["fuentes"],
        chat_token=data["chat_token"],
        metadatos=data["metadatos"],
    )

"""The public chat over HTTP (contract §4 Chat): text, image, audio, history, health, and `POST /classify`.

Audio without a configured model: the answer is a normal `ChatRespuesta` (200) with `transcripcion: ""` and a
polite Spanish reply asking the customer to type the message; the voice note is recorded in the history as
"[audio]". Images: without a vision model the agent says the photo was received and answers the `mensaje` text.
"""

from __future__ import annotations

import contextvars
import logging
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from agente_vendedor.api.deps import ChatStaff
from agente_vendedor.api.error_handlers import BODY_ERRORS, CHAT_TOKEN_ERRORS, DATABASE_ERRORS, error_responses
from agente_vendedor.api.request_limits import AUDIO_LIMIT, IMAGE_LIMIT, too_large
from agente_vendedor.commerce.audit import record_staff_chat_turn
from agente_vendedor.conversation import chat_ownership, session_memory
from agente_vendedor.core.deadline import TURN_TOO_SLOW
from agente_vendedor.core.errors import DomainError, InvalidInputError, ServiceUnavailableError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.io_pool import turn_pool
from agente_vendedor.realtime import panel
from agente_vendedor.schemas.chat import (
    ChatHistory,
    ChatRequest,
    ChatResponse,
    ClassifyRequest,
    ClassifyResponse,
    HistoryMessage,
    Tone,
)
from agente_vendedor.schemas.chat_media import AudioChatResponse
from agente_vendedor.schemas.common import ChatId
from agente_vendedor.staff.identity import Staff

logger = logging.getLogger(__name__)

router = APIRouter(tags=["chat"])

TURN_FAILED = "No pudimos procesar tu mensaje en este momento. Intenta de nuevo en unos segundos."

FormChatId = Annotated[str, Form(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
FormMessage = Annotated[str | None, Form(max_length=2000)]
FormTone = Annotated[Tone, Form()]
ChatToken = Annotated[
    str | None,
    Header(
        alias="X-Chat-Token",
        max_length=128,
        description="El chat_token que devolvió el primer mensaje de la conversación (obligatorio desde el segundo).",
    ),
]


def _turn(
    access: chat_ownership.ChatAccess,
    mensaje: str,
    tono: Tone,
    attachment: str | None = None,
    *,
    staff: Staff | None = None,
) -> ChatResponse:
    """The turn under a watchdog: past `turn_answer_limit_s` the customer gets a Spanish 503 (the turn itself still
    commits whole or not at all, and a retry with the same Idempotency-Key gets its answer). A staff member's turn
    that read a customer's record is audited with their usuario."""
    from agente_vendedor.conversation import turn_pipeline  # primed before a SnapStart snapshot, else the first turn

    running = turn_pool().submit(
        contextvars.copy_context().run,  # the request's logging and tracing context goes along
        turn_pipeline.process_message,
        access.chat_id,
        mensaje,
        tono,
        staff=access.staff,
        attachment=attachment,
        on_committed=panel.publish,  # the staff panel's live inbox
    )
    try:
        response = running.result(timeout=get_settings().turn_answer_limit_s)
    except FutureTimeout:
        logger.error("chat turn still running at the answer limit (chat %s)", access.chat_id)
        raise ServiceUnavailableError(TURN_TOO_SLOW) from None
    except DomainError:
        access.release_if_new()
        raise
    except Exception as exc:
        access.release_if_new()
        if type(exc).__module__.startswith("sqlalchemy"):
            raise
        logger.exception("chat turn failed")
        raise ServiceUnavailableError(TURN_FAILED) from exc
    record_staff_chat_turn(staff.usuario if staff else None, access.chat_id, response.tipo_mensaje)
    return response.model_copy(update={"chat_token": access.chat_token})


_CHAT_MESSAGE_ERRORS = CHAT_TOKEN_ERRORS | BODY_ERRORS | DATABASE_ERRORS


@router.post(
    "/chat/texto",
    response_model=ChatResponse,
    responses=_CHAT_MESSAGE_ERRORS
    | error_responses(409, s409="Un reintento con la misma `Idempotency-Key` sigue en curso"),
    summary="Enviar un mensaje de texto al agente",
)
def chat_text(
    body: ChatRequest,
    staff: ChatStaff,
    chat_token: ChatToken = None,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=128,
            pattern=r"^[\x21-\x7e]+$",
            description="Opcional: un reintento con la misma clave se responde una sola vez (la respuesta guardada).",
        ),
    ] = None,
) -> ChatResponse:
    access = chat_ownership.open_for_message(body.chat_id, chat_token, staff=staff is not None)
    if idempotency_key is None:
        return _turn(access, body.mensaje, body.tono, staff=staff)
    from agente_vendedor.realtime import idempotency  # boto3 under Powertools: primed, else the first keyed turn

    outcome = idempotency.run_once(
        body.chat_id,
        idempotency_key,
        body.mensaje,
        lambda: _turn(access, body.mensaje, body.tono, staff=staff),
        staff=staff is not None,
    )
    return outcome.respuesta.model_copy(update={"chat_token": access.chat_token})


async def _read_limited(upload: UploadFile, limit: int, label: str) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise _TooLargeError(too_large(limit, label))
    if not data:
        raise InvalidInputError(f"El {label} está vacío.")
    return data


class _TooLargeError(InvalidInputError):
    pass


def _too_large(exc: _TooLargeError) -> JSONResponse:
    return JSONResponse({"detail": exc.message}, status_code=413)


@router.post(
    "/chat/imagen",
    response_model=ChatResponse,
    responses=_CHAT_MESSAGE_ERRORS,
    summary="Enviar una imagen (≤ 5 MB) con un mensaje opcional",
)
async def chat_image(
    staff: ChatStaff,
    chat_id: FormChatId,
    archivo: Annotated[UploadFile, File(description="Imagen JPEG, PNG, WebP, GIF o HEIC, máximo 5 MB")],
    mensaje: FormMessage = None,
    tono: FormTone = "amigable",
    chat_token: ChatToken = None,
) -> ChatResponse | JSONResponse:
    if archivo.content_type and not archivo.content_type.startswith("image/"):
        raise InvalidInputError("El archivo debe ser una imagen (JPEG, PNG, WebP, GIF o HEIC).")
    try:
        await _read_limited(archivo, IMAGE_LIMIT, "archivo de imagen")
    except _TooLargeError as exc:
        return _too_large(exc)
    access = await run_in_threadpool(chat_ownership.open_for_message, chat_id, chat_token, staff=staff is not None)
    return await run_in_threadpool(_turn, access, mensaje or "", tono, "imagen", staff=staff)


@router.post(
    "/chat/audio",
    response_model=AudioChatResponse,
    responses=_CHAT_MESSAGE_ERRORS,
    summary="Enviar una nota de voz (≤ 10 MB); incluye la transcripción",
)
async def chat_audio(
    staff: ChatStaff,
    chat_id: FormChatId,
    archivo: Annotated[UploadFile, File(description="Audio (OGG/Opus, MP3, M4A, WAV, WebM), máximo 10 MB")],
    tono: FormTone = "amigable",
    chat_token: ChatToken = None,
) -> AudioChatResponse | JSONResponse:
    if archivo.content_type and not archivo.content_type.startswith(("audio/", "video/webm", "application/ogg")):
        raise InvalidInputError("El archivo debe ser un audio (OGG, MP3, M4A, WAV o WebM).")
    try:
        audio = await _read_limited(archivo, AUDIO_LIMIT, "audio")
    except _TooLargeError as exc:
        return _too_large(exc)
    access = await run_in_threadpool(chat_ownership.open_for_message, chat_id, chat_token, staff=staff is not None)
    transcript = await run_in_threadpool(_transcribe, audio, archivo.content_type or "audio/ogg")
    response = await run_in_threadpool(_turn, access, transcript, tono, "audio", staff=staff)
    return AudioChatResponse(**response.model_dump(), transcripcion=transcript)


def _transcribe(audio: bytes, mime_type: str) -> str:
    """The voice note as text with the configured model; "" when there is none (offline) or it fails."""
    from agente_vendedor.platform.llm import get_provider  # loaded by the route, not at init

    transcribe = getattr(get_provider(), "transcribe", None)
    if transcribe is None:
        return ""
    try:
        return str(transcribe(audio, mime_type) or "").strip()[:2000]
    except Exception:
        logger.warning("audio transcription failed", exc_info=True)
        return ""


@router.get(
    "/chat/historial/{chat_id}",
    response_model=ChatHistory,
    responses=CHAT_TOKEN_ERRORS | DATABASE_ERRORS | error_responses(422),
    summary="Historial de una conversación",
)
def chat_history(chat_id: ChatId, staff: ChatStaff, chat_token: ChatToken = None) -> ChatHistory:
    """The customer sees the conversation without the staff's questions and their answers; staff (ventas, admin)
    see all of it."""
    is_staff = staff is not None  # staff need no proof: the owner is not read for them
    started = is_staff or chat_ownership.verified_token(chat_id, chat_token, staff=False) is not None
    messages = session_memory.history(chat_id, staff=is_staff) if started else []
    return ChatHistory(
        chat_id=chat_id,
        mensajes=[
            HistoryMessage(
                rol=m.rol,  # type: ignore[arg-type]
                contenido=m.contenido,
                tipo_mensaje=m.tipo_mensaje,  # type: ignore[arg-type]
                timestamp=m.timestamp,
            )
            for m in messages
        ],
    )


@router.get("/chat/health", summary="Estado del chat: base de datos, sesiones y proveedor LLM")
def chat_health() -> JSONResponse:
    from agente_vendedor.ops.health import system_health  # loaded by the route, not at init

    return JSONResponse(system_health(("db", "sesiones", "llm")))


@router.post(
    "/classify",
    response_model=ClassifyResponse,
    responses=BODY_ERRORS,
    summary="Clasificar un mensaje y extraer sus entidades",
)
def classify(body: ClassifyRequest) -> ClassifyResponse:
    from agente_vendedor.conversation.classifier import classify_message  # primed with the turn (SnapStart)

    return classify_message(body.mensaje)

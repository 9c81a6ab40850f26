"""The public chat over HTTP (contract §4 Chat): text, image, audio, history, health, and `POST /classify`.

Photos and voice notes (conversation/media_turns.py): the file is checked by its content (core/media_types.py),
then the model reads it within the turn. Without a model: audio answers a normal `ChatRespuesta` (200) with
`transcripcion: ""` and a polite Spanish reply asking the customer to type; a photo's reply says photos cannot be
read now and answers the `mensaje` text. Both are recorded in the history as "[audio] …" / "[imagen] …".
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Annotated, TypeVar

from fastapi import APIRouter, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from agente_vendedor.api.deps import ChatStaff
from agente_vendedor.api.error_handlers import BODY_ERRORS, CHAT_TOKEN_ERRORS, DATABASE_ERRORS, error_responses
from agente_vendedor.commerce.audit import record_staff_chat_turn
from agente_vendedor.conversation import chat_ownership, session_memory, uploads
from agente_vendedor.core.deadline import TURN_TOO_SLOW
from agente_vendedor.core.errors import DomainError, InvalidInputError, ServiceUnavailableError
from agente_vendedor.core.media_types import SPECS, MediaFile, MediaKind, check_media
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
from agente_vendedor.schemas.uploads import UploadRequest, UploadResponse
from agente_vendedor.staff.identity import Staff

logger = logging.getLogger(__name__)
R = TypeVar("R", bound=ChatResponse)

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
    *,
    staff: Staff | None = None,
) -> ChatResponse:
    from agente_vendedor.conversation import turn_pipeline  # primed before a SnapStart snapshot, else the first turn

    return _watched(
        access,
        staff,
        partial(
            turn_pipeline.process_message,
            access.chat_id,
            mensaje,
            tono,
            staff=access.staff,
            on_committed=panel.publish,  # the staff panel's live inbox
        ),
    )


def _watched(access: chat_ownership.ChatAccess, staff: Staff | None, run: Callable[[], R]) -> R:
    """`run()` (a turn) under a watchdog: past `turn_answer_limit_s` the customer gets a Spanish 503
    (the turn itself still commits whole or not at all, and a retry with the same Idempotency-Key gets its answer).
    A staff member's turn that read a customer's record is audited with their usuario."""
    running = turn_pool().submit(
        contextvars.copy_context().run,  # the request's logging and tracing context goes along
        run,
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


FormKey = Annotated[
    str | None,
    Form(
        max_length=300,
        pattern=r"^subidas/[A-Za-z0-9._/-]+$",
        description="En lugar de `archivo`: la `clave` que dio POST /chat/subida, una vez subido el archivo allí "
        "(para archivos de más de 6 MB, lo que una solicitud a Lambda no lleva).",
    ),
]
ONE_FILE = "Envíe el archivo en `archivo` o la `clave` de una subida (POST /chat/subida), uno de los dos."


async def _media(
    upload: UploadFile | None, key: str | None, kind: MediaKind, chat_id: str, chat_token: str | None, staff: bool
) -> tuple[chat_ownership.ChatAccess, MediaFile]:
    """The conversation's access and its checked file: sent in the form (read up to its limit before anything
    else), or uploaded before under `key` (read once the caller has shown the conversation is theirs)."""
    if (upload is None) == (key is None):
        raise InvalidInputError(ONE_FILE)
    media = check_media(await upload.read(SPECS[kind].limit + 1), kind) if upload is not None else None
    access = await run_in_threadpool(chat_ownership.open_for_message, chat_id, chat_token, staff=staff)
    if media is None:
        try:
            media = await run_in_threadpool(uploads.read_upload, chat_id, key or "", kind)
        except Exception:  # refused (4xx) or storage unavailable (503): a conversation it opened stays unused
            access.release_if_new()
            raise
    return access, media


_MEDIA_ERRORS = _CHAT_MESSAGE_ERRORS | error_responses(
    415, s415="El archivo no es de un formato admitido (se mira su contenido, no el tipo declarado)"
)


@router.post(
    "/chat/subida",
    response_model=UploadResponse,
    responses=CHAT_TOKEN_ERRORS | BODY_ERRORS | DATABASE_ERRORS,
    summary="Pedir una subida directa de una foto o nota de voz (para archivos de más de 6 MB)",
    description="Devuelve un POST prefirmado al almacenamiento (S3), ligado a esta conversación, al tipo de "
    "contenido y al tamaño máximo (imagen 5 MB, audio 10 MB). El navegador envía `campos` y luego el archivo "
    "(`file`) como multipart/form-data a `url`, y después la `clave` a /chat/imagen o /chat/audio. Las subidas se "
    "borran solas tras el periodo de retención del bucket.",
)
def chat_upload(body: UploadRequest, staff: ChatStaff, chat_token: ChatToken = None) -> UploadResponse:
    access = chat_ownership.open_for_message(body.chat_id, chat_token, staff=staff is not None)
    try:
        upload = uploads.new_upload(body.chat_id, body.tipo, body.tipo_contenido)
    except Exception:
        access.release_if_new()
        raise
    return UploadResponse(
        clave=upload.key,
        url=upload.form.url,
        campos=upload.form.fields,
        tipo_contenido=upload.content_type,
        tamano_maximo=upload.max_bytes,
        expira_en=upload.expires_at,
        chat_token=access.chat_token,
    )


@router.post(
    "/chat/imagen",
    response_model=ChatResponse,
    responses=_MEDIA_ERRORS,
    summary="Enviar una imagen (≤ 5 MB) con un mensaje opcional",
    description="Con Gemini la foto se entiende: un producto → los productos del catálogo que coinciden en "
    "`productos`; una lista o una orden de compra → sus productos propuestos para confirmar (el pedido no cambia "
    "hasta que el cliente dice que sí). Sin modelo, la respuesta dice que por ahora no se pueden leer fotos y "
    "responde el `mensaje`. El formato se reconoce por el contenido (JPEG, PNG, WebP, HEIC o GIF). El archivo va "
    "en `archivo`, o antes por POST /chat/subida y aquí su `clave`.",
)
async def chat_image(
    staff: ChatStaff,
    chat_id: FormChatId,
    archivo: Annotated[UploadFile | None, File(description="Imagen JPEG, PNG, WebP, GIF o HEIC, máximo 5 MB")] = None,
    clave: FormKey = None,
    mensaje: FormMessage = None,
    tono: FormTone = "amigable",
    chat_token: ChatToken = None,
) -> ChatResponse:
    from agente_vendedor.conversation import media_turns  # the turn pipeline: primed, else the first photo

    access, image = await _media(archivo, clave, "imagen", chat_id, chat_token, staff is not None)
    turn = partial(
        media_turns.photo_turn, chat_id, image, mensaje or "", tono, staff=access.staff, on_committed=panel.publish
    )
    return await run_in_threadpool(_watched, access, staff, turn)


@router.post(
    "/chat/audio",
    response_model=AudioChatResponse,
    responses=_MEDIA_ERRORS,
    summary="Enviar una nota de voz (≤ 10 MB); incluye la transcripción",
    description="Con Gemini la nota de voz se transcribe (`transcripcion`) y se responde como un mensaje de texto. "
    'Sin modelo, `transcripcion` es "" y la respuesta pide escribir el mensaje. El formato se reconoce por el '
    "contenido (OGG/Opus, WebM, MP3, M4A o WAV). El archivo va en `archivo`, o antes por POST /chat/subida y aquí "
    "su `clave` (una nota de más de 6 MB solo llega así a Lambda).",
)
async def chat_audio(
    staff: ChatStaff,
    chat_id: FormChatId,
    archivo: Annotated[
        UploadFile | None, File(description="Audio (OGG/Opus, MP3, M4A, WAV, WebM), máximo 10 MB")
    ] = None,
    clave: FormKey = None,
    tono: FormTone = "amigable",
    chat_token: ChatToken = None,
) -> AudioChatResponse:
    from agente_vendedor.conversation import media_turns  # the turn pipeline: primed, else the first voice note

    access, audio = await _media(archivo, clave, "audio", chat_id, chat_token, staff is not None)
    turn = partial(media_turns.voice_note_turn, chat_id, audio, tono, staff=access.staff, on_committed=panel.publish)
    return await run_in_threadpool(_watched, access, staff, turn)


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

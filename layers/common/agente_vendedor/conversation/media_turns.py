"""Turns that come with a file (`POST /chat/imagen`, `POST /chat/audio`): the model reads the file first, within the
turn's own deadline and before any row is locked, then the turn runs as usual (`turn_pipeline.process_message`).

- A photo: `read_image` gives its kind and attributes or list lines (`photo_turns` answers them with our data).
- A voice note: `transcribe` gives its words, and the turn answers them like a typed message; `transcripcion` carries
  them. Without a model (offline, or it failed) both say so politely, and the photo's text is still answered.
A model failure here is audited as `llm_fallo`, like the turn's own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from agente_vendedor.commerce.audit import record_event_now
from agente_vendedor.conversation import turn_pipeline
from agente_vendedor.core.media_types import MediaFile
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.llm import turn_provider
from agente_vendedor.platform.llm.base import LLMProvider
from agente_vendedor.schemas.chat import ChatResponse, Tone
from agente_vendedor.schemas.chat_media import AudioChatResponse

logger = logging.getLogger(__name__)

MAX_TRANSCRIPT_CHARS = 2000  # a message's own limit (contract §3)
NOT_READ = "sin_leer"  # `metadatos.foto` when no model read the photo (offline, a failure, a GIF)
R = TypeVar("R")


def _audit_failure(chat_id: str) -> Callable[[str, str], None]:
    def record(kind: str, detail: str) -> None:
        try:
            record_event_now("llm_fallo", f"chat:{chat_id}", clase=kind, detalle=detail[:300])
        except Exception:
            logger.exception("could not audit the model's failure on a file (chat %s)", chat_id)

    return record


def _read_file(chat_id: str, started: float, read: Callable[[LLMProvider], R]) -> R:
    """`read(provider)` with the model's share of the turn's time: the rest of the turn keeps its margin."""
    settings = get_settings()
    ends = started + min(settings.llm_timeout_s, settings.turn_timeout_s / 2)
    return read(turn_provider(deadline=ends, on_failure=_audit_failure(chat_id)))


def photo_turn(
    chat_id: str,
    image: MediaFile,
    mensaje: str,
    tono: Tone = "amigable",
    *,
    staff: bool = False,
    on_committed: turn_pipeline.SummaryHook | None = None,
) -> ChatResponse:
    started = time.monotonic()
    reading = (
        _read_file(chat_id, started, lambda provider: provider.read_image(image, mensaje))
        if image.model_reads
        else None
    )
    response = turn_pipeline.process_message(
        chat_id, mensaje, tono, staff=staff, attachment="imagen", photo=reading, on_committed=on_committed,
        started=started,
    )  # fmt: skip
    response.metadatos["foto"] = reading.tipo if reading is not None else NOT_READ  # what the model saw in it
    return response


def voice_note_turn(
    chat_id: str,
    audio: MediaFile,
    tono: Tone = "amigable",
    *,
    staff: bool = False,
    on_committed: turn_pipeline.SummaryHook | None = None,
) -> AudioChatResponse:
    started = time.monotonic()
    heard = _read_file(chat_id, started, lambda provider: provider.transcribe(audio))
    transcript = " ".join((heard or "").split())[:MAX_TRANSCRIPT_CHARS]
    response = turn_pipeline.process_message(
        chat_id, transcript, tono, staff=staff, attachment="audio", on_committed=on_committed, started=started
    )
    return AudioChatResponse(**response.model_dump(), transcripcion=transcript)

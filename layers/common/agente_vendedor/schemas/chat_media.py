"""Answers of the chat routes that take a file (`/chat/imagen`, `/chat/audio`)."""

from __future__ import annotations

from agente_vendedor.schemas.chat import ChatResponse


class AudioChatResponse(ChatResponse):
    """`ChatRespuesta` plus what was understood from the voice note ("" when audio cannot be transcribed)."""

    transcripcion: str = ""

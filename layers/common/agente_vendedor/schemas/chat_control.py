"""Answers of the staff chat-control routes (`/chat/{chat_id}/control`, `/chat/{chat_id}/responder`)."""

from __future__ import annotations

from agente_vendedor.schemas.common import Schema


class ChatControlResponse(Schema):
    chat_id: str
    pausado: bool


class StaffReplyResponse(Schema):
    chat_id: str
    mensaje: str
    pausado: bool
    conexiones: int  # open WebSocket connections of the chat that received the message

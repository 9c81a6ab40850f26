"""Chat and classification JSON (contract §4 "Chat")."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from agente_vendedor.schemas.catalog import ProductBrief
from agente_vendedor.schemas.common import ChatId, Mensaje, Schema, Tone
from agente_vendedor.schemas.sales import OrderOut, SaleState

MessageType = Literal["inventario", "venta", "cliente", "contexto"]
Role = Literal["cliente", "agente", "asesor"]


class ChatRequest(Schema):
    chat_id: ChatId
    mensaje: Mensaje
    tono: Tone = "amigable"


class ChatResponse(Schema):
    chat_id: str
    respuesta: str
    tipo_mensaje: MessageType
    estado_venta: SaleState | None = None
    productos: list[ProductBrief] = Field(default_factory=list, max_length=5)
    pedido: OrderOut | None = None
    fuentes: list[str] = Field(default_factory=list)
    chat_token: str | None = Field(
        default=None,
        description="El secreto de la conversación: envíalo en X-Chat-Token (o chat_token en el WebSocket) en cada "
        "mensaje siguiente y para leer el historial. Nulo solo para el personal en una conversación ajena.",
    )
    metadatos: dict[str, Any] = Field(default_factory=dict)


class HistoryMessage(Schema):
    rol: Role
    contenido: str
    tipo_mensaje: MessageType | None = None
    timestamp: datetime


class ChatHistory(Schema):
    chat_id: str
    mensajes: list[HistoryMessage]


class ClassifyRequest(Schema):
    mensaje: Mensaje


class ClassifiedEntities(Schema):
    productos: list[str] = Field(default_factory=list)
    cantidades: list[int] = Field(default_factory=list)
    cedula: str | None = None
    telefono: str | None = None
    email: str | None = None


class ClassifyResponse(Schema):
    tipo_mensaje: MessageType
    confianza: float = Field(ge=0, le=1)
    entidades: ClassifiedEntities


class ChatControlRequest(Schema):
    accion: Literal["pausar", "reanudar"]


class StaffReplyRequest(Schema):
    mensaje: Mensaje

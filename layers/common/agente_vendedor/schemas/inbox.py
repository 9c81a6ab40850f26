"""The staff inbox (contract §4 `GET /chats/`) and its live frame (`chat_actualizado`, docs/websocket.md)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from agente_vendedor.schemas.common import Schema
from agente_vendedor.schemas.sales import SaleState


class ChatSummary(Schema):
    chat_id: str
    ultimo_mensaje: str = Field(description="El último mensaje del cliente (vacío si aún no ha escrito)")
    actualizado: datetime = Field(description="Última actividad: un mensaje del cliente o una acción del personal")
    estado_venta: SaleState | None = Field(description="Estado del último pedido de la conversación (nulo: ninguno)")
    total_pedido: int | None = Field(description="Total de ese pedido en COP (nulo: ninguno)")
    pausado: bool = Field(description="El personal pausó el agente en este chat")
    requiere_asesor: bool = Field(
        description="Una persona debe intervenir: el cliente la pidió, el agente no pudo ayudar dos veces seguidas, "
        "o un pedido espera una decisión del personal"
    )
    motivo: str | None = Field(description="Por qué requiere asesor, en español (nulo si no lo requiere)")

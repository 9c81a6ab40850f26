"""The staff inbox (contract §4 Chat, `GET /chats/`): conversations newest activity first, with the reasons a person
should step in. Roles `ventas` and `admin`. Live updates: the WebSocket panel connection (`chat_actualizado`,
docs/websocket.md)."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query

from agente_vendedor.api.deps import DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.api.pagination import to_page
from agente_vendedor.conversation import inbox
from agente_vendedor.conversation.inbox_listing import InboxFilters, list_conversations
from agente_vendedor.core.date_filters import as_utc_datetime
from agente_vendedor.schemas.common import Page
from agente_vendedor.schemas.inbox import ChatSummary
from agente_vendedor.schemas.sales import SaleState
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/chats", tags=["chat"], dependencies=[staff_only(Area.CHATS)], responses=STAFF_ERRORS | DATABASE_ERRORS
)


@router.get(
    "/",
    response_model=Page[ChatSummary],
    responses=error_responses(422),
    summary="Bandeja de conversaciones (actividad más reciente primero)",
)
def list_chats(
    db: DbSession,
    estado: SaleState | None = Query(default=None, description="Estado del último pedido de la conversación"),
    requiere_asesor: bool | None = Query(default=None, description="Solo las que requieren (o no) un asesor"),
    pausado: bool | None = Query(default=None, description="Solo las pausadas (o no) por el personal"),
    desde: date | datetime | None = Query(default=None, description="Con actividad desde (AAAA-MM-DD o ISO-8601)"),
    q: str | None = Query(
        default=None,
        max_length=200,
        description="Buscar por chat_id, texto de los mensajes, cliente (nombre o cédula dados en el chat) o "
        "producto (sku o nombre); cada palabra debe aparecer",
    ),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ChatSummary]:
    filters = InboxFilters(
        estado=estado, requiere_asesor=requiere_asesor, pausado=pausado, desde=as_utc_datetime(desde), q=q
    )
    return to_page(list_conversations(db, filters, limit=limit, offset=offset), inbox.summary, limit, offset)

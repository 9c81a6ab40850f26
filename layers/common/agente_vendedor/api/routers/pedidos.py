from __future__ import annotations

from fastapi import APIRouter, Query

from agente_vendedor.api.deps import DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.api.pagination import to_page
from agente_vendedor.commerce import orders
from agente_vendedor.schemas.common import Page
from agente_vendedor.schemas.sales import OrderOut
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/pedidos",
    tags=["pedidos"],
    dependencies=[staff_only(Area.ORDERS)],
    responses=STAFF_ERRORS | DATABASE_ERRORS,
)


@router.get("/", response_model=Page[OrderOut], responses=error_responses(422), summary="Listar pedidos")
def list_orders(
    db: DbSession,
    estado: str | None = Query(default=None, max_length=24),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[OrderOut]:
    found = orders.list_orders(db, estado=estado, limit=limit, offset=offset)
    return to_page(found, orders.order_out, limit, offset)


@router.get("/{pedido_id}", response_model=OrderOut, responses=error_responses(404, 422), summary="Obtener un pedido")
def get_order(pedido_id: str, db: DbSession) -> OrderOut:
    return orders.order_out(orders.get_order(db, pedido_id))

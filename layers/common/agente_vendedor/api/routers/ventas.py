from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query

from agente_vendedor.api.deps import Actor, DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.api.pagination import to_page
from agente_vendedor.commerce import customers, sales
from agente_vendedor.commerce.audit import record_event
from agente_vendedor.core.date_filters import as_utc_datetime
from agente_vendedor.language.colombian_ids import parse_colombian_id
from agente_vendedor.schemas.common import Page
from agente_vendedor.schemas.customers import CustomerIn
from agente_vendedor.schemas.sales import SaleIn, SaleOut
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/ventas", tags=["ventas"], dependencies=[staff_only(Area.SALES)], responses=STAFF_ERRORS | DATABASE_ERRORS
)


@router.get("/", response_model=Page[SaleOut], responses=error_responses(422), summary="Listar ventas")
def list_sales(
    db: DbSession,
    desde: date | datetime | None = Query(default=None, description="Desde (AAAA-MM-DD o ISO-8601)"),
    hasta: date | datetime | None = Query(default=None, description="Hasta (AAAA-MM-DD o ISO-8601, inclusive)"),
    cedula: str | None = Query(default=None, max_length=20),
    cliente_difiere: bool | None = Query(
        default=None, description="true: solo las ventas cuyos datos difieren del cliente guardado (para revisar)"
    ),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SaleOut]:
    number = parse_colombian_id(cedula).number if cedula else None
    found = sales.list_sales(
        db,
        desde=as_utc_datetime(desde),
        hasta=as_utc_datetime(hasta, end_of_day=True),
        cedula=number,
        cliente_difiere=cliente_difiere,
        limit=limit,
        offset=offset,
    )
    return to_page(found, sales.sale_out, limit, offset)


@router.get("/{venta_id}", response_model=SaleOut, responses=error_responses(404, 422), summary="Obtener una venta")
def get_sale(venta_id: str, db: DbSession) -> SaleOut:
    return sales.sale_out(sales.get_sale(db, venta_id))


@router.post(
    "/",
    response_model=SaleOut,
    status_code=201,
    responses=BODY_ERRORS | error_responses(404, 409, s404="Un sku o un cliente que no existe", s409="Falta stock"),
    summary="Registrar una venta manual",
)
def create_sale(data: SaleIn, db: DbSession, actor: Actor) -> SaleOut:
    if isinstance(data.cliente, CustomerIn):
        customer = customers.upsert_customer(db, data.cliente)
    else:
        customer = customers.get_customer(db, data.cliente.cedula)
    sale = sales.create_sale(db, customer, [(i.sku, i.cantidad) for i in data.items], canal="manual")
    record_event(db, "venta_cerrada", actor.usuario, venta_id=sale.id, total=sale.total, canal="manual")
    return sales.sale_out(sale)

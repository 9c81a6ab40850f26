from __future__ import annotations

from fastapi import APIRouter, Query

from agente_vendedor.api.deps import Actor, DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.api.pagination import to_page
from agente_vendedor.commerce import customers
from agente_vendedor.commerce.audit import record_event
from agente_vendedor.commerce.sales import sale_out
from agente_vendedor.schemas.common import Page
from agente_vendedor.schemas.customers import CustomerIn, CustomerOut, CustomerPatch
from agente_vendedor.schemas.sales import CustomerDetail
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/clientes",
    tags=["clientes"],
    dependencies=[staff_only(Area.CUSTOMERS)],
    responses=STAFF_ERRORS | DATABASE_ERRORS,
)


@router.get("/", response_model=Page[CustomerOut], responses=error_responses(422), summary="Listar o buscar clientes")
def list_customers(
    db: DbSession, q: str | None = Query(default=None, max_length=200), limit: Limit = 50, offset: Offset = 0
) -> Page[CustomerOut]:
    found = customers.list_customers(db, q=q, limit=limit, offset=offset)
    return to_page(found, CustomerOut.model_validate, limit, offset)


@router.post(
    "/",
    response_model=CustomerOut,
    status_code=201,
    responses=BODY_ERRORS | error_responses(409),
    summary="Registrar un cliente",
)
def create_customer(data: CustomerIn, db: DbSession, actor: Actor) -> CustomerOut:
    customer = customers.create_customer(db, data)
    record_event(db, "cliente_creado", actor.usuario, cliente_id=customer.id)
    return CustomerOut.model_validate(customer)


@router.get(
    "/{cedula}",
    response_model=CustomerDetail,
    responses=error_responses(404, 422),
    summary="Cliente con historial y estadísticas",
)
def get_customer(cedula: str, db: DbSession, actor: Actor) -> CustomerDetail:
    customer = customers.get_customer(db, cedula)
    record_event(db, "cliente_consultado", actor.usuario, cliente_id=customer.id)
    return CustomerDetail(
        **CustomerOut.model_validate(customer).model_dump(),
        historial=[sale_out(s) for s in customers.customer_sales(db, customer)],
        estadisticas=customers.customer_stats(db, customer),
    )


@router.patch(
    "/{cedula}",
    response_model=CustomerOut,
    responses=BODY_ERRORS | error_responses(404, 409),
    summary="Modificar campos de un cliente (no la cédula/NIT); queda en la auditoría",
)
def patch_customer(cedula: str, patch: CustomerPatch, db: DbSession, actor: Actor) -> CustomerOut:
    customer, changed = customers.patch_customer(db, cedula, patch)
    if changed:
        record_event(db, "cliente_modificado", actor.usuario, cliente_id=customer.id, campos=changed)
    return CustomerOut.model_validate(customer)

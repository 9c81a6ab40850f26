from __future__ import annotations

from fastapi import APIRouter

from agente_vendedor.api.deps import Actor, DbSession, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.commerce import company
from agente_vendedor.commerce.audit import record_event
from agente_vendedor.schemas.company import CompanyIO
from agente_vendedor.staff.roles import Area

router = APIRouter(prefix="/empresa", tags=["empresa"], responses=DATABASE_ERRORS)


@router.get("", response_model=CompanyIO, summary="Información de la empresa")
def get_company(db: DbSession) -> CompanyIO:
    return company.get_company(db)


@router.put(
    "",
    response_model=CompanyIO,
    dependencies=[staff_only(Area.COMPANY)],
    responses=STAFF_ERRORS | BODY_ERRORS | error_responses(409),
    summary="Reemplazar la información de la empresa",
)
def replace_company(data: CompanyIO, db: DbSession, actor: Actor) -> CompanyIO:
    replaced = company.replace_company(db, data)
    record_event(db, "empresa_reemplazada", actor.usuario, secciones=len(replaced.secciones))
    return replaced

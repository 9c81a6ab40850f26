from __future__ import annotations

from fastapi import APIRouter

from agente_vendedor.api.deps import DbSession, StaffOnly
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.commerce import company
from agente_vendedor.schemas.company import CompanyIO

router = APIRouter(prefix="/empresa", tags=["empresa"], responses=DATABASE_ERRORS)


@router.get("", response_model=CompanyIO, summary="Información de la empresa")
def get_company(db: DbSession) -> CompanyIO:
    return company.get_company(db)


@router.put(
    "",
    response_model=CompanyIO,
    dependencies=[StaffOnly],
    responses=STAFF_ERRORS | BODY_ERRORS | error_responses(409),
    summary="Reemplazar la información de la empresa",
)
def replace_company(data: CompanyIO, db: DbSession) -> CompanyIO:
    return company.replace_company(db, data)

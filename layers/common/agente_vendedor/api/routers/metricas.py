"""Business metrics (contract §4 Chat, `GET /metricas`), roles `ventas` and `admin`. Definitions:
`agente_vendedor.ops.business_metrics`."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query

from agente_vendedor.api.deps import DbSession, staff_only
from agente_vendedor.api.error_handlers import DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.ops.business_metrics import business_metrics
from agente_vendedor.ops.exports.period import Period
from agente_vendedor.schemas.metrics import MetricsOut
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/metricas",
    tags=["metricas"],
    dependencies=[staff_only(Area.METRICS)],
    responses=STAFF_ERRORS | DATABASE_ERRORS,
)


@router.get(
    "",
    response_model=MetricsOut,
    responses=error_responses(422),
    summary="Métricas del negocio en un periodo (conversaciones, latencia, éxito, conversión, ventas, LLM)",
)
def get_metrics(
    db: DbSession,
    desde: date | datetime | None = Query(default=None, description="Desde (AAAA-MM-DD o ISO-8601, UTC)"),
    hasta: date | datetime | None = Query(default=None, description="Hasta (AAAA-MM-DD o ISO-8601, inclusive)"),
) -> MetricsOut:
    return business_metrics(db, Period.from_query(desde, hasta))

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from agente_vendedor.api.deps import Actor, staff_only
from agente_vendedor.api.error_handlers import DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.core.errors import NotFoundError
from agente_vendedor.ops.exports.period import Period
from agente_vendedor.ops.exports.reports import ReportType
from agente_vendedor.ops.exports.service import export_report
from agente_vendedor.schemas.exports import ExportOut
from agente_vendedor.staff.roles import Area

router = APIRouter(tags=["exportes"], dependencies=[staff_only(Area.EXPORTS)], responses=STAFF_ERRORS | DATABASE_ERRORS)

_TYPES = [t.value for t in ReportType]


@router.get(
    "/exportar/{tipo}",
    response_model=ExportOut,
    responses=error_responses(404, 422, s404="Tipo de exportación desconocido"),
    summary="Exportar un reporte (CSV, o ZIP el completo)",
)
def exportar(
    actor: Actor,
    tipo: str = PathParam(max_length=40, description="Reporte a exportar", json_schema_extra={"enum": _TYPES}),
    desde: date | datetime | None = Query(default=None, description="Desde (AAAA-MM-DD o ISO-8601)"),
    hasta: date | datetime | None = Query(default=None, description="Hasta (AAAA-MM-DD o ISO-8601, inclusive)"),
) -> ExportOut:
    if tipo not in _TYPES:
        raise NotFoundError(f"Tipo de exportación desconocido: '{tipo}'. Use uno de: {', '.join(_TYPES)}.")
    result = export_report(ReportType(tipo), Period.from_query(desde, hasta), actor=actor.usuario)
    return ExportOut(
        archivo=result.key,
        url=result.url,
        expira_en=result.expires_at,
        filas=result.rows,
        bytes=result.size,
        formato=result.format,
    )

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from agente_vendedor import __version__
from agente_vendedor.api.deps import DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.commerce.audit import AuditFilter, recent_events
from agente_vendedor.core.date_filters import as_utc_datetime
from agente_vendedor.core.settings import get_settings
from agente_vendedor.staff.roles import Area

router = APIRouter(tags=["operaciones"])

SERVICE_NAME = "Agente Vendedor Sextinvalle"


@router.get("/", summary="Servicio y versión")
def root() -> dict[str, str]:
    return {"servicio": SERVICE_NAME, "version": __version__}


@router.get("/info", summary="Versión, proveedor LLM y almacenamiento")
def info() -> dict[str, Any]:
    from agente_vendedor.platform.llm import provider_name  # loaded by the route, not at init

    settings = get_settings()
    return {
        "servicio": SERVICE_NAME,
        "version": __version__,
        "proveedor_llm": provider_name(),
        "modelo_llm": settings.gemini_model if provider_name() == "gemini" else None,
        "almacenamiento": settings.storage_backend,
        "region": settings.aws_region,
    }


@router.get("/health", summary="Estado de cada componente")
def health() -> JSONResponse:
    from agente_vendedor.ops.health import system_health  # loaded by the route, not at init

    return JSONResponse(system_health())


@router.get(
    "/logs/",
    dependencies=[staff_only(Area.AUDIT)],
    responses=STAFF_ERRORS | DATABASE_ERRORS | error_responses(422),
    summary="Eventos de auditoría recientes (quién hizo qué), del más nuevo al más viejo",
)
def logs(
    db: DbSession,
    tipo: str | None = Query(default=None, max_length=40, description="Tipo de evento (p. ej. venta_cerrada)"),
    usuario: str | None = Query(
        default=None,
        max_length=64,
        description="Quién actuó (exacto): un usuario del personal, `token:admin` o un actor del sistema",
    ),
    desde: date | datetime | None = Query(default=None, description="Desde (AAAA-MM-DD o ISO-8601)"),
    hasta: date | datetime | None = Query(default=None, description="Hasta (AAAA-MM-DD o ISO-8601, inclusive)"),
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    wanted = AuditFilter(
        tipo=tipo,
        actor=usuario.strip() if usuario else None,
        desde=as_utc_datetime(desde),
        hasta=as_utc_datetime(hasta, end_of_day=True),
    )
    events = recent_events(db, wanted, limit=limit, offset=offset)
    return {
        "items": [
            {"id": e.id, "tipo": e.tipo, "actor": e.actor, "detalle": e.detalle, "fecha": e.fecha.isoformat()}
            for e in events
        ],
        "limit": limit,
        "offset": offset,
    }

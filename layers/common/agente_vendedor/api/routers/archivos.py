from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, RedirectResponse

from agente_vendedor.api.deps import Actor, DbSession, staff_only
from agente_vendedor.api.error_handlers import DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.commerce.audit import record_event
from agente_vendedor.core.errors import NotFoundError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.storage import get_storage, validate_key
from agente_vendedor.platform.storage.local import LOCAL_FILES_ROUTE, LocalStorage, SignatureRejectedError
from agente_vendedor.schemas.exports import StorageInfoOut
from agente_vendedor.staff.roles import Area

router = APIRouter(prefix="/files", tags=["archivos"], responses=DATABASE_ERRORS)

MISSING = "El archivo no existe o ya expiró; genere una exportación nueva en /exportar/{tipo}."


@router.get(
    "/exports/{archivo:path}",
    dependencies=[staff_only(Area.EXPORTS)],
    status_code=307,
    response_class=RedirectResponse,
    summary="Redirigir a un enlace de descarga nuevo",
    responses={307: {"description": "Redirección al enlace firmado"}}
    | STAFF_ERRORS
    | error_responses(404, 422, s404="El archivo no existe o ya expiró"),
)
def descargar_exporte(archivo: str, db: DbSession, actor: Actor) -> RedirectResponse:
    storage = get_storage()
    if not storage.exists(validate_key(archivo)):
        raise NotFoundError(MISSING)
    record_event(db, "exporte_descargado", actor.usuario, archivo=archivo)
    url = storage.presigned_url(archivo, get_settings().export_url_expiry_s)
    return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})


@router.get(
    "/storage/info",
    dependencies=[staff_only(Area.EXPORTS)],
    response_model=StorageInfoOut,
    responses=STAFF_ERRORS,
    summary="Estado del almacenamiento",
)
def storage_info() -> StorageInfoOut:
    return StorageInfoOut.model_validate(get_storage().info())


@router.get(
    f"{LOCAL_FILES_ROUTE.removeprefix('/files')}/{{archivo:path}}",
    response_class=FileResponse,
    summary="Descargar un exporte del almacenamiento local (enlace firmado, público)",
    responses=error_responses(403, 404, 422, s403="Enlace expirado o alterado", s404="No existe"),
)
def descargar_local(
    archivo: str,
    expira: str = Query(default="", max_length=20, description="Fin de validez (segundos desde 1970, UTC)"),
    firma: str = Query(default="", max_length=128, description="Firma HMAC-SHA256 del enlace"),
) -> FileResponse:
    storage = get_storage()
    if not isinstance(storage, LocalStorage):
        raise NotFoundError("El almacenamiento local no está activo en este servicio.")
    try:
        path = storage.verified_path(archivo, expira, firma)
    except SignatureRejectedError as error:
        raise HTTPException(status_code=403, detail=error.message) from error
    if not path.is_file():
        raise NotFoundError(MISSING)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(
        path,
        media_type=f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type,
        filename=PurePosixPath(archivo).name,
        headers={"Cache-Control": "private, no-store"},
    )

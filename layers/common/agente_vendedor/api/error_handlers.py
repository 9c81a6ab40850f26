"""Domain errors and validation failures mapped to HTTP in one place, always with a Spanish `detail`."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from agente_vendedor.api.deps import STAFF_AUTH_REQUIRED_MESSAGE, caller_is_staff, require_staff
from agente_vendedor.core.errors import (
    DomainError,
    UnauthorizedError,
)
from agente_vendedor.core.validation_messages import spanish_validation_errors

logger = logging.getLogger(__name__)


# Starlette's and FastAPI's own messages, in Spanish.
_ENGLISH_DEFAULTS = {
    "Not Found": "Recurso no encontrado.",
    "Method Not Allowed": "Método no permitido para esta ruta.",
    "Request Entity Too Large": "El cuerpo es demasiado grande.",
    "There was an error parsing the body": "La solicitud no se pudo leer: revise el formato del cuerpo.",
    "Bad Request": "Solicitud no válida.",
    "Unsupported Media Type": "Tipo de contenido no soportado.",
}


def _route_requires_staff(request: Request) -> bool:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    pending = list(getattr(dependant, "dependencies", []))
    while pending:
        dependency = pending.pop()
        if dependency.call is require_staff:
            return True
        pending.extend(dependency.dependencies)
    return False


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, UnauthorizedError) else None
        return JSONResponse({"detail": exc.message}, status_code=exc.http_status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI parses the body before running dependencies: authenticate first on staff routes.
        if _route_requires_staff(request) and not caller_is_staff(request):
            return await _domain(request, UnauthorizedError(STAFF_AUTH_REQUIRED_MESSAGE))
        return JSONResponse({"detail": spanish_validation_errors(list(exc.errors()))}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = _ENGLISH_DEFAULTS.get(exc.detail, exc.detail) if isinstance(exc.detail, str) else exc.detail
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        logger.exception("database error")
        if isinstance(exc, (OperationalError, InterfaceError)) or exc.connection_invalidated:
            return JSONResponse(
                {"detail": "La base de datos no está disponible en este momento. Intenta de nuevo."},
                status_code=503,
            )
        return JSONResponse({"detail": "Los datos enviados no se pudieron guardar."}, status_code=409)

"""Domain errors and validation failures mapped to HTTP in one place, always with a Spanish `detail`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from agente_vendedor.api.deps import STAFF_AUTH_REQUIRED_MESSAGE, caller_is_staff, require_staff
from agente_vendedor.core.errors import (
    AlreadyExistsError,
    DomainError,
    InsufficientStockError,
    InvalidInputError,
    NotFoundError,
    ServiceUnavailableError,
    UnauthorizedError,
)

logger = logging.getLogger(__name__)

_STATUS: list[tuple[type[DomainError], int]] = [
    (NotFoundError, 404),
    (AlreadyExistsError, 409),
    (InsufficientStockError, 409),
    (InvalidInputError, 422),
    (UnauthorizedError, 401),
    (ServiceUnavailableError, 503),
]

_VALIDATION_ES = {
    "missing": "Campo obligatorio",
    "json_invalid": "El cuerpo no es un JSON válido",
    "string_too_short": "Texto demasiado corto",
    "string_too_long": "Texto demasiado largo",
    "string_pattern_mismatch": "Formato no válido",
    "string_type": "Debe ser texto",
    "int_parsing": "Debe ser un número entero",
    "int_type": "Debe ser un número entero",
    "int_from_float": "Debe ser un número entero",
    "float_parsing": "Debe ser un número",
    "bool_parsing": "Debe ser verdadero o falso",
    "greater_than": "Valor demasiado pequeño",
    "greater_than_equal": "Valor demasiado pequeño",
    "less_than": "Valor demasiado grande",
    "less_than_equal": "Valor demasiado grande",
    "literal_error": "Valor no permitido",
    "enum": "Valor no permitido",
    "list_type": "Debe ser una lista",
    "too_short": "Lista demasiado corta",
    "too_long": "Lista demasiado larga",
    "model_attributes_type": "Debe ser un objeto JSON",
    "dict_type": "Debe ser un objeto JSON",
    "datetime_from_date_parsing": "Fecha no válida (use AAAA-MM-DD)",
    "datetime_parsing": "Fecha no válida (use AAAA-MM-DD o ISO-8601)",
    "date_from_datetime_parsing": "Fecha no válida (use AAAA-MM-DD)",
    "value_error": "Valor no válido",
    "union_tag_invalid": "Valor no permitido",
}


# Starlette's and FastAPI's own messages, in Spanish.
_ENGLISH_DEFAULTS = {
    "Not Found": "Recurso no encontrado.",
    "Method Not Allowed": "Método no permitido para esta ruta.",
    "Request Entity Too Large": "El cuerpo es demasiado grande.",
    "There was an error parsing the body": "La solicitud no se pudo leer: revise el formato del cuerpo.",
    "Bad Request": "Solicitud no válida.",
    "Unsupported Media Type": "Tipo de contenido no soportado.",
}


def status_for(error: DomainError) -> int:
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 400


def spanish_validation_errors(errors: list[Any]) -> list[dict[str, Any]]:
    translated = []
    for error in errors:
        kind = str(error.get("type", ""))
        message = _VALIDATION_ES.get(kind, "Valor no válido")
        ctx = error.get("ctx") or {}
        if kind == "value_error" and ctx.get("error"):
            message = str(ctx["error"]).removeprefix("Value error, ")
        elif kind == "literal_error" and ctx.get("expected"):
            message = f"{message}: se espera {str(ctx['expected']).replace(' or ', ' o ')}"
        elif kind.startswith("string_too") or kind.startswith("too_"):
            limit = ctx.get("max_length", ctx.get("min_length"))
            if limit is not None:
                message = f"{message} (límite {limit})"
        elif kind.startswith(("greater", "less")):
            limit = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), None)
            if limit is not None:
                message = f"{message} (límite {limit})"
        loc = [str(part) for part in error.get("loc", ())]
        translated.append({"loc": loc, "msg": message, "type": kind})
    return translated


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
        return JSONResponse({"detail": exc.message}, status_code=status_for(exc), headers=headers)

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

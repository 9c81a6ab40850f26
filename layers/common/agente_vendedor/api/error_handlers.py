"""HTTP errors in one place: what /openapi.json declares (`error_responses`) and how every failure becomes one of those
responses (`install_error_handlers`), always a JSON `detail` in Spanish (contract §3).

- Domain errors carry their status (`core.errors`); FastAPI's validation failures are a 422 list (Spanish `msg`).
- On a staff route a caller without a valid token gets 401, and one whose role does not reach the route 403, before
  anything about the body is said.
- A body sent as a content type the route does not read is a 415, not a confusing 422.
- Starlette's and FastAPI's own English messages (unknown route, multipart without boundary...) are put in Spanish.
- Database errors by SQLSTATE class: bad data 422, a constraint 409, anything else 503 (retry); an AWS call that
  fails (DynamoDB, S3) 503; never a 500.
- Anything unexpected is a JSON 500 with a Spanish `detail` and no trace (and is logged): a bug to fix, never declared.
"""

from __future__ import annotations

import logging
from email.message import Message
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from agente_vendedor.api.deps import StaffGuard, current_staff
from agente_vendedor.api.request_limits import UNREADABLE, unsupported_media_type
from agente_vendedor.core.errors import DomainError, TooManyAttemptsError, UnauthorizedError
from agente_vendedor.core.validation_messages import spanish_validation_errors
from agente_vendedor.schemas.errors import ErrorResponse, ValidationErrorResponse

logger = logging.getLogger(__name__)

# --- what the OpenAPI document declares --------------------------------------------------------------------------

_DECLARED: dict[int, tuple[type[BaseModel], str]] = {
    400: (
        ErrorResponse,
        "Cuerpo ilegible: JSON que no es UTF-8 o demasiado anidado, o formulario multipart mal formado",
    ),
    401: (ErrorResponse, "Falta el token de personal o no es válido (`Authorization: Bearer <token>`)"),
    403: (ErrorResponse, "El rol del token no permite esta ruta"),
    404: (ErrorResponse, "No existe"),
    409: (ErrorResponse, "Choca con los datos guardados (ya existe, falta stock...)"),
    413: (ErrorResponse, "El cuerpo supera su límite (JSON 1 MB, imagen 5 MB, audio 10 MB)"),
    415: (ErrorResponse, "El cuerpo viene en un tipo de contenido que esta ruta no recibe"),
    422: (ValidationErrorResponse, "Datos no válidos: la lista de errores por campo, o una frase en español"),
    429: (ErrorResponse, "Demasiados intentos seguidos: espere antes de reintentar"),
    503: (ErrorResponse, "La base de datos u otro servicio no está disponible: reintente en unos segundos"),
}


def error_responses(*statuses: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a router or a route: each status with its error schema; `s403="..."` overrides a description."""
    return {
        status: {"model": _DECLARED[status][0], "description": descriptions.get(f"s{status}", _DECLARED[status][1])}
        for status in statuses
    }


def json_error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`error_responses` for a route whose own answer is not JSON (an HTML page): FastAPI files a `model` under the
    route's media type, so the errors name their schema as `application/json` themselves."""
    return {
        status: {
            "description": _DECLARED[status][1],
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{_DECLARED[status][0].__name__}"}}
            },
        }
        for status in statuses
    }


STAFF_ERRORS = error_responses(401, 403)
BODY_ERRORS = error_responses(400, 413, 415, 422)
DATABASE_ERRORS = error_responses(503)
CHAT_TOKEN_ERRORS = error_responses(403, s403="Falta el token de la conversación (`X-Chat-Token`) o no es el suyo")

# --- how failures become those responses -------------------------------------------------------------------------

# Starlette's and FastAPI's own messages (by their start), in Spanish.
_ENGLISH_DEFAULTS: list[tuple[str, str]] = [
    ("Not Found", "Recurso no encontrado."),
    ("Method Not Allowed", "Método no permitido para esta ruta."),
    ("Request Entity Too Large", "El cuerpo es demasiado grande."),
    ("There was an error parsing the body", UNREADABLE),
    ("Missing boundary in multipart", "El formulario multipart/form-data no indica su `boundary` en Content-Type."),
    ("Invalid multipart data", "El formulario multipart/form-data está mal formado."),
    ("The Content-Disposition header field", "Cada parte del formulario debe tener nombre (Content-Disposition)."),
    ("Too many fields", "El formulario trae demasiados campos."),
    ("Too many files", "El formulario trae demasiados archivos."),
    ("Field exceeded maximum size", "Un campo del formulario supera el tamaño permitido."),
    ("Part exceeded maximum size", "Un campo del formulario supera el tamaño permitido."),
    ("Bad Request", "Solicitud no válida."),
    ("Unsupported Media Type", "Tipo de contenido no soportado."),
]

# SQLSTATE class (first two characters) -> status and Spanish detail; any other class is a 503.
_DATABASE_ERRORS: dict[str, tuple[int, str]] = {
    "22": (422, "Un valor enviado no se puede guardar (número fuera de rango, carácter NUL o texto no válido)."),
    "23": (409, "Los datos enviados chocan con los datos guardados y no se guardaron."),
}
DATABASE_UNAVAILABLE = "La base de datos no está disponible en este momento. Intenta de nuevo."
AWS_UNAVAILABLE = "Un servicio del que depende la solicitud (sesiones o archivos) no respondió. Intenta de nuevo."
INTERNAL_ERROR = "Ocurrió un error inesperado y no se completó la solicitud. Intenta de nuevo en unos segundos."


def _error(status: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _route_guard(request: Request) -> StaffGuard | None:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    pending = list(getattr(dependant, "dependencies", []))
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, StaffGuard):
            return dependency.call
        pending.extend(dependency.dependencies)
    return None


def _refused_caller(request: Request) -> JSONResponse | None:
    """FastAPI reads the body before it runs dependencies: on a staff route, say 401 (no valid token) or 403 (a role
    that does not reach the route) before anything about the body."""
    guard = _route_guard(request)
    if guard is None:
        return None
    try:
        refused = guard.refusal(current_staff(request))
    except DomainError as failed:  # the credential could not be checked (503)
        return _domain_response(failed)
    return _domain_response(refused) if refused is not None else None


def _media_type(content_type: str) -> str:
    message = Message()
    message["content-type"] = content_type
    return message.get_content_type() if content_type else ""


def _unsupported_media_type(request: Request) -> str | None:
    """The Spanish reason when the body's content type is not the one the route reads (JSON or a form), else None."""
    body_field = getattr(request.scope.get("route"), "body_field", None)
    sent = _media_type(request.headers.get("content-type", ""))
    if body_field is None or not sent:
        return None
    expected = str(getattr(body_field.field_info, "media_type", "application/json"))
    if sent == expected or (
        expected == "application/json" and sent.startswith("application/") and sent.endswith("+json")
    ):
        return None
    return unsupported_media_type(sent, expected)


def _spanish(detail: str) -> str:
    return next((spanish for english, spanish in _ENGLISH_DEFAULTS if detail.startswith(english)), detail)


def _sqlstate(exc: DBAPIError) -> str:
    """The PostgreSQL error code: pg8000 puts the server's fields in `args[0]`, psycopg has `sqlstate`."""
    original = exc.orig
    fields = original.args[0] if original is not None and original.args else None
    code = fields.get("C") if isinstance(fields, dict) else getattr(original, "sqlstate", None)
    return str(code or "")


def _domain_headers(exc: DomainError) -> dict[str, str] | None:
    if isinstance(exc, UnauthorizedError):
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, TooManyAttemptsError):
        return {"Retry-After": str(exc.retry_after_s)}
    return None


def _domain_response(exc: DomainError) -> JSONResponse:
    return _error(exc.http_status, exc.message, _domain_headers(exc))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return _domain_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if (refused := _refused_caller(request)) is not None:
            return refused
        if (reason := _unsupported_media_type(request)) is not None:
            return _error(415, reason)
        return _error(422, spanish_validation_errors(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and (refused := _refused_caller(request)) is not None:
            return refused  # a body FastAPI could not parse, on a staff route
        detail = _spanish(exc.detail) if isinstance(exc.detail, str) else exc.detail
        return _error(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        status, detail = _DATABASE_ERRORS.get(_sqlstate(exc)[:2], (503, DATABASE_UNAVAILABLE))
        if isinstance(exc, (OperationalError, InterfaceError)) or exc.connection_invalidated:
            status, detail = 503, DATABASE_UNAVAILABLE
        # The driver's message may quote the row (personal data): only its code is logged.
        logger.warning("database error %s (%s) answered %d", _sqlstate(exc), type(exc.orig).__name__, status)
        return _error(status, detail)

    @app.exception_handler(BotoCoreError)
    @app.exception_handler(ClientError)
    async def _aws(_: Request, exc: Exception) -> JSONResponse:
        logger.warning("AWS call failed: %s", type(exc).__name__)
        return _error(503, AWS_UNAVAILABLE)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
        return _error(500, INTERNAL_ERROR)

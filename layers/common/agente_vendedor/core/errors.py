"""Typed domain errors. Messages are customer/staff facing, in Spanish; each class carries its one HTTP status.

`http_status` is the only place an error becomes a status code: the FastAPI app, the WebSocket `$connect` handler
and the classify function all read it.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """Base class: `message` is shown to the caller as-is."""

    http_status: ClassVar[int] = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    http_status = 404


class AlreadyExistsError(DomainError):
    http_status = 409


class ConflictError(DomainError):
    """The change would leave the stored data in a state the rules forbid (e.g. no active admin account)."""

    http_status = 409


class InvalidInputError(DomainError):
    http_status = 422


class MalformedRequestError(InvalidInputError):
    """The request itself is malformed, not a value in its body (e.g. a WebSocket handshake's query string)."""

    http_status = 400


class UnsupportedMediaTypeError(DomainError):
    """The body is sent as a content type the route does not read (e.g. JSON where a form with a file is expected)."""

    http_status = 415


class PayloadTooLargeError(DomainError):
    """A file or body over its limit (contract §3: image 5 MB, audio 10 MB, JSON 1 MB)."""

    http_status = 413


class InsufficientStockError(DomainError):
    http_status = 409

    def __init__(self, sku: str, nombre: str, requested: int, available: int) -> None:
        super().__init__(
            f"No hay suficiente stock de {nombre} ({sku}): pediste {requested} y hay {available} disponibles."
        )
        self.sku = sku
        self.nombre = nombre
        self.requested = requested
        self.available = available


class PriceChangedError(DomainError):
    """A product's price is no longer the one the customer confirmed: nothing is sold at a price not confirmed."""

    http_status = 409

    def __init__(self, sku: str, nombre: str, confirmed: int | None, current: int) -> None:
        super().__init__(f"El precio de {nombre} ({sku}) cambió: ahora es {current}.")
        self.sku = sku
        self.nombre = nombre
        self.confirmed = confirmed
        self.current = current


class UnauthorizedError(DomainError):
    http_status = 401


class ServiceUnavailableError(DomainError):
    http_status = 503


class ForbiddenError(DomainError):
    """Authenticated or not, the caller may not use this resource (a conversation without its `chat_token`)."""

    http_status = 403


class TooManyAttemptsError(DomainError):
    """Too many failed attempts in a row (logins): wait `retry_after_s` seconds."""

    http_status = 429

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

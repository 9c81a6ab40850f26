"""Typed domain errors. Messages are customer/staff facing, in Spanish; the API maps each class to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `message` is shown to the caller as-is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    pass


class AlreadyExistsError(DomainError):
    pass


class InvalidInputError(DomainError):
    pass


class InsufficientStockError(DomainError):
    def __init__(self, sku: str, nombre: str, requested: int, available: int) -> None:
        super().__init__(
            f"No hay suficiente stock de {nombre} ({sku}): pediste {requested} y hay {available} disponibles."
        )
        self.sku = sku
        self.nombre = nombre
        self.requested = requested
        self.available = available


class UnauthorizedError(DomainError):
    pass


class ServiceUnavailableError(DomainError):
    pass

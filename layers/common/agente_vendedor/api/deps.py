"""FastAPI dependencies: one database session per request, staff authentication, pagination."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from agente_vendedor.core.errors import UnauthorizedError
from agente_vendedor.db.engine import session_scope
from agente_vendedor.platform.auth import bearer_token, is_staff_token


def get_db() -> Iterator[Session]:
    with session_scope() as session:
        yield session


DbSession = Annotated[Session, Depends(get_db)]


def caller_is_staff(request: Request) -> bool:
    return is_staff_token(bearer_token(request.headers.get("authorization")))


STAFF_AUTH_REQUIRED_MESSAGE = "Se requiere un token de personal válido (Authorization: Bearer <token>)."


def require_staff(request: Request) -> None:
    if not caller_is_staff(request):
        raise UnauthorizedError(STAFF_AUTH_REQUIRED_MESSAGE)


StaffOnly = Depends(require_staff)
IsStaff = Annotated[bool, Depends(caller_is_staff)]
Limit = Annotated[int, Query(ge=1, le=200, description="Máximo de resultados")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Resultados a saltar")]

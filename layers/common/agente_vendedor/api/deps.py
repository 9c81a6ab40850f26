"""FastAPI dependencies: one database session per request, who the caller is (staff roles), pagination.

Every staff route (or its router) declares the area it belongs to with `staff_only(Area...)`; which roles reach
which area is the one table in `staff.roles`. No valid token: 401; a role that does not reach the area: 403.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from agente_vendedor.core.errors import DomainError, ForbiddenError, UnauthorizedError
from agente_vendedor.db.engine import session_scope
from agente_vendedor.platform.auth import bearer_token
from agente_vendedor.staff.authentication import authenticate
from agente_vendedor.staff.identity import Staff
from agente_vendedor.staff.roles import Area


def get_db() -> Iterator[Session]:
    with session_scope() as session:
        yield session


DbSession = Annotated[Session, Depends(get_db)]

STAFF_AUTH_REQUIRED_MESSAGE = "Se requiere un token de personal válido (Authorization: Bearer <token>)."
_STAFF_KEY = "staff_identity"


def current_staff(request: Request) -> Staff | None:
    """The caller's staff identity (worked out once per request); None when anonymous or the token is not valid."""
    known: dict[str, Staff | None] = request.scope.setdefault("state", {})
    if _STAFF_KEY not in known:
        known[_STAFF_KEY] = authenticate(bearer_token(request.headers.get("authorization")))
    return known[_STAFF_KEY]


class StaffGuard:
    """The dependency of the routes of one area: the caller's `Staff` when its role reaches the area."""

    def __init__(self, area: Area) -> None:
        self.area = area

    def refusal(self, staff: Staff | None) -> DomainError | None:
        """Why `staff` may not use this area (401 without a valid token, 403 for a role that does not reach it)."""
        if staff is None:
            return UnauthorizedError(STAFF_AUTH_REQUIRED_MESSAGE)
        if not staff.reaches(self.area):
            return ForbiddenError(f"El rol '{staff.rol}' no tiene acceso a esta ruta ({self.area.value}).")
        return None

    def __call__(self, request: Request) -> Staff:
        staff = current_staff(request)
        if (refused := self.refusal(staff)) is not None:
            raise refused
        assert staff is not None
        return staff


@cache
def require_area(area: Area) -> StaffGuard:
    """One guard per area, so a route that also asks for the acting `Staff` runs the check once."""
    return StaffGuard(area)


def staff_only(area: Area) -> Any:
    """`dependencies=[staff_only(Area.X)]` for a router or a route."""
    return Depends(require_area(area))


def acting_staff(request: Request) -> Staff:
    """The staff member the route's guard admitted (the actor of the audit events)."""
    staff = current_staff(request)
    if staff is None:
        raise UnauthorizedError(STAFF_AUTH_REQUIRED_MESSAGE)
    return staff


def chat_staff(request: Request) -> Staff | None:
    """On the public chat routes: the caller when its role reaches the chats (ventas, admin); anyone else — an
    `inventario` token included — is an anonymous customer there."""
    staff = current_staff(request)
    return staff if staff is not None and staff.reaches(Area.CHATS) else None


Actor = Annotated[Staff, Depends(acting_staff)]
ChatStaff = Annotated[Staff | None, Depends(chat_staff)]
Limit = Annotated[int, Query(ge=1, le=200, description="Máximo de resultados")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Resultados a saltar")]

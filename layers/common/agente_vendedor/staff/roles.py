"""Staff roles and the route groups (areas) each one reaches (contract §2): the one table the API enforces.

Every staff route names its area (`api.deps.staff_only(Area...)`); a role reaches an area when the table says so.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args

Role = Literal["admin", "ventas", "inventario"]
ROLES: tuple[Role, ...] = get_args(Role)


class Area(StrEnum):
    PANEL = "panel"  # the web panel and one's own session: GET /admin/, GET /auth/yo
    CATALOG = "catalogo"  # product writes and imports
    COMPANY = "empresa"  # PUT /empresa
    CUSTOMERS = "clientes"
    SALES = "ventas"
    ORDERS = "pedidos"
    CHATS = "chats"  # chat control, advisor replies, the conversations list; staff powers in a chat
    EXPORTS = "exportes"  # exports and their files
    METRICS = "metricas"
    AUDIT = "auditoria"  # GET /logs/
    USERS = "usuarios"  # staff accounts


ROLE_AREAS: dict[Role, frozenset[Area]] = {
    "admin": frozenset(Area),
    "ventas": frozenset({Area.PANEL, Area.CHATS, Area.ORDERS, Area.SALES, Area.CUSTOMERS, Area.EXPORTS, Area.METRICS}),
    "inventario": frozenset({Area.PANEL, Area.CATALOG, Area.COMPANY}),
}


def areas_of(rol: str) -> frozenset[Area]:
    return ROLE_AREAS.get(rol, frozenset())  # type: ignore[call-overload]


def reaches(rol: str, area: Area) -> bool:
    return area in areas_of(rol)

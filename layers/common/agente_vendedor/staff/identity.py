"""Who is acting: a staff member identified by a valid token (request-scoped), or the break-glass admin token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agente_vendedor.staff.roles import Area, reaches

# System actors of the audit log (the agent, the nightly job, chats, the shared token of old): never a usuario.
RESERVED_USUARIOS = frozenset({"agente", "programador", "personal", "sistema", "admin-token"})


@dataclass(frozen=True)
class Staff:
    usuario: str
    rol: str
    nombre: str
    version: int | None = None  # the account version the token was issued for; None for the break-glass token
    expira_en: datetime | None = None  # when the token expires; None for the break-glass token

    def reaches(self, area: Area) -> bool:
        return reaches(self.rol, area)


# AGENTE_ADMIN_TOKEN: an `admin` that is no account (its usuario cannot be one: ':' is not allowed in usuarios).
BREAK_GLASS = Staff(usuario="token:admin", rol="admin", nombre="Token de emergencia (AGENTE_ADMIN_TOKEN)")

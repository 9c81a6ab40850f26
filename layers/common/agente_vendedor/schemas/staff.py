"""Staff accounts and sessions (contract §2): `POST /auth/`, `GET /auth/yo`, `/usuarios/`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from agente_vendedor.schemas.common import Schema

Rol = Literal["admin", "ventas", "inventario"]
Usuario = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, min_length=3, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]+$"
    ),
    Field(description="Nombre de usuario: 3 a 40 letras minúsculas, dígitos, '.', '_' o '-'", examples=["ana.gomez"]),
]
# A password is taken exactly as typed (the schemas strip other text).
Password = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=256)]
NewPassword = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=10, max_length=256),
    Field(description="Clave nueva: de 10 a 256 caracteres"),
]


class LoginRequest(Schema):
    usuario: str = Field(min_length=1, max_length=64, examples=["ana.gomez"])
    clave: Password


class LoginResponse(Schema):
    token: str = Field(description="Token firmado: `Authorization: Bearer <token>` (y `token=` en el WebSocket)")
    expira_en: datetime
    usuario: str
    rol: Rol


class SessionOut(Schema):
    """`GET /auth/yo`: who the token is, its role, the route groups it reaches and when it expires."""

    usuario: str
    nombre: str
    rol: Rol
    areas: list[str] = Field(description="Grupos de rutas que alcanza el rol (el panel muestra solo esos)")
    expira_en: datetime | None = Field(description="Vencimiento del token; null para el token de emergencia")


class UserIn(Schema):
    usuario: Usuario
    nombre: str = Field(min_length=1, max_length=120)
    rol: Rol
    clave: NewPassword


class UserPatch(Schema):
    """`PATCH /usuarios/{usuario}`: the fields to change, at least one, none of them null. Any change revokes the
    user's tokens. (The `None` defaults mean "not sent".)"""

    model_config = ConfigDict(extra="forbid")

    rol: Annotated[Rol, Field(default=None)]
    activo: Annotated[bool, Field(default=None)]
    clave: Annotated[NewPassword, Field(default=None)]

    @model_validator(mode="after")
    def _something_to_change(self) -> UserPatch:
        if not self.model_fields_set:
            raise ValueError("Indique al menos un campo para cambiar: rol, activo o clave.")
        return self


class UserOut(Schema):
    usuario: str
    nombre: str
    rol: Rol
    activo: bool
    creado: datetime
    actualizado: datetime

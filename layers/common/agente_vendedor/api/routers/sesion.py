"""Staff sessions (contract §2): `POST /auth/` logs a staff member in; `GET /auth/yo` says who a token is."""

from __future__ import annotations

from fastapi import APIRouter, Request

from agente_vendedor.api.deps import Actor, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.schemas.staff import LoginRequest, LoginResponse, SessionOut
from agente_vendedor.staff.login import login
from agente_vendedor.staff.roles import Area, areas_of

router = APIRouter(prefix="/auth", tags=["sesion"])

UNKNOWN_ADDRESS = "desconocida"


@router.post(
    "/",
    response_model=LoginResponse,
    responses=BODY_ERRORS
    | DATABASE_ERRORS
    | error_responses(401, 429, s401="El usuario o la clave no son correctos (o la cuenta está desactivada)"),
    summary="Iniciar sesión del personal: usuario y clave a cambio de un token firmado de corta duración",
)
def iniciar_sesion(body: LoginRequest, request: Request) -> LoginResponse:
    address = request.client.host if request.client else UNKNOWN_ADDRESS
    issued = login(body.usuario, body.clave, address)
    return LoginResponse(
        token=issued.token,
        expira_en=issued.expira_en,
        usuario=issued.staff.usuario,
        rol=issued.staff.rol,  # type: ignore[arg-type]
    )


@router.get(
    "/yo",
    response_model=SessionOut,
    dependencies=[staff_only(Area.PANEL)],
    responses=STAFF_ERRORS | DATABASE_ERRORS,
    summary="Quién es el token: usuario, nombre, rol, grupos de rutas que alcanza y vencimiento",
)
def quien_soy(actor: Actor) -> SessionOut:
    return SessionOut(
        usuario=actor.usuario,
        nombre=actor.nombre,
        rol=actor.rol,  # type: ignore[arg-type]
        areas=sorted(area.value for area in areas_of(actor.rol)),
        expira_en=actor.expira_en,
    )

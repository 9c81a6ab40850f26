"""Staff accounts (contract §2, `admin` only): list, create, and change role, state or password. Every change
revokes the account's tokens (within the per-container cache's lifetime, ≤ 60 s) and is audited."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi import Path as PathParam

from agente_vendedor.api.deps import Actor, DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.api.pagination import to_page
from agente_vendedor.commerce.audit import record_event
from agente_vendedor.schemas.common import Page
from agente_vendedor.schemas.staff import UserIn, UserOut, UserPatch
from agente_vendedor.staff import accounts
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/usuarios",
    tags=["usuarios"],
    dependencies=[staff_only(Area.USERS)],
    responses=STAFF_ERRORS | DATABASE_ERRORS,
)


@router.get(
    "/", response_model=Page[UserOut], responses=error_responses(422), summary="Listar las cuentas del personal"
)
def list_users(db: DbSession, limit: Limit = 50, offset: Offset = 0) -> Page[UserOut]:
    return to_page(accounts.list_accounts(db, limit=limit, offset=offset), UserOut.model_validate, limit, offset)


@router.post(
    "/",
    response_model=UserOut,
    status_code=201,
    responses=BODY_ERRORS | error_responses(409, s409="Ya existe ese usuario"),
    summary="Crear la cuenta de un miembro del personal",
)
def create_user(data: UserIn, db: DbSession, actor: Actor) -> UserOut:
    account = accounts.create_account(db, data.usuario, data.nombre, data.rol, data.clave)
    record_event(db, "usuario_creado", actor.usuario, usuario=account.usuario, rol=account.rol)
    return UserOut.model_validate(account)


@router.patch(
    "/{usuario}",
    response_model=UserOut,
    responses=BODY_ERRORS
    | error_responses(404, 409, s404="No existe ese usuario", s409="Dejaría el sistema sin un administrador activo"),
    summary="Cambiar rol, estado (activo) o clave de una cuenta; revoca sus tokens",
)
def patch_user(
    patch: UserPatch, db: DbSession, actor: Actor, usuario: str = PathParam(max_length=64, description="Usuario")
) -> UserOut:
    change = accounts.AccountChange(rol=patch.rol, activo=patch.activo, clave=patch.clave)
    account, changed = accounts.change_account(db, usuario, change)
    if changed:
        fields = {name: getattr(account, name) for name in changed if name != "clave"}  # never the password
        record_event(db, "usuario_modificado", actor.usuario, usuario=account.usuario, campos=changed, **fields)
    return UserOut.model_validate(account)

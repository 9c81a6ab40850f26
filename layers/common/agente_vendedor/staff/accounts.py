"""Staff accounts in PostgreSQL: create, list, change (role, state, password). Every change of those bumps the
account's `version`, which revokes the tokens issued before it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from agente_vendedor.core.errors import AlreadyExistsError, ConflictError, InvalidInputError, NotFoundError
from agente_vendedor.db.models import StaffAccount
from agente_vendedor.db.pages import fetch_page
from agente_vendedor.staff.authentication import ACCOUNTS
from agente_vendedor.staff.identity import RESERVED_USUARIOS
from agente_vendedor.staff.passwords import hash_password


@dataclass(frozen=True)
class AccountChange:
    """What `PATCH /usuarios/{usuario}` may change; None leaves it as it is."""

    rol: str | None = None
    activo: bool | None = None
    clave: str | None = None


def normalized(usuario: str) -> str:
    return usuario.strip().lower()


def find_account(session: Session, usuario: str, *, for_update: bool = False) -> StaffAccount | None:
    query = select(StaffAccount).where(StaffAccount.usuario == normalized(usuario))
    return session.scalar(query.with_for_update() if for_update else query)


def get_account(session: Session, usuario: str, *, for_update: bool = False) -> StaffAccount:
    account = find_account(session, usuario, for_update=for_update)
    if account is None:
        raise NotFoundError(f"No existe el usuario '{normalized(usuario)}'.")
    return account


def list_accounts(session: Session, *, limit: int, offset: int) -> tuple[list[StaffAccount], int]:
    return fetch_page(session, select(StaffAccount), StaffAccount.usuario, limit=limit, offset=offset)


def create_account(session: Session, usuario: str, nombre: str, rol: str, clave: str) -> StaffAccount:
    usuario = normalized(usuario)
    if usuario in RESERVED_USUARIOS:
        raise InvalidInputError(f"El nombre de usuario '{usuario}' está reservado; elija otro.")
    if session.get(StaffAccount, usuario) is not None:
        raise AlreadyExistsError(f"Ya existe el usuario '{usuario}'.")
    account = StaffAccount(
        usuario=usuario, nombre=nombre, rol=rol, clave_hash=hash_password(clave), activo=True, version=1
    )
    session.add(account)
    session.flush()
    return account


def change_account(session: Session, usuario: str, change: AccountChange) -> tuple[StaffAccount, list[str]]:
    """Apply `change`; returns the account and the fields that changed (the password counts when sent)."""
    account = get_account(session, usuario, for_update=True)
    changed = [field for field in ("rol", "activo") if getattr(change, field) not in (None, getattr(account, field))]
    if change.clave is not None:
        changed.append("clave")
    if not changed:
        return account, []
    if account.rol == "admin" and account.activo and ("rol" in changed or "activo" in changed):
        _keep_an_active_admin(session, account.usuario)
    if change.rol is not None:
        account.rol = change.rol
    if change.activo is not None:
        account.activo = change.activo
    if change.clave is not None:
        account.clave_hash = hash_password(change.clave)
    account.version += 1
    session.flush()
    ACCOUNTS.forget(account.usuario)  # this container at once; the others within their cache's lifetime
    return account, changed


def _keep_an_active_admin(session: Session, leaving: str) -> None:
    """Demoting or disabling the last active admin account is refused (the break-glass token is for emergencies)."""
    others = session.scalars(
        select(StaffAccount.usuario)
        .where(StaffAccount.rol == "admin", StaffAccount.activo.is_(True), StaffAccount.usuario != leaving)
        .with_for_update()
    ).all()
    if not others:
        raise ConflictError(
            f"'{leaving}' es el último administrador activo: cree o active otro administrador antes de cambiarlo."
        )

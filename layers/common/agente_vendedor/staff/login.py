"""`POST /auth/`: usuario and password in, a short-lived signed token out — or 401 after the same work (a dummy
hash for an unknown or disabled account), and 429 once a usuario or a source address failed too often."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from agente_vendedor.core.errors import TooManyAttemptsError, UnauthorizedError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import session_scope
from agente_vendedor.platform import staff_tokens
from agente_vendedor.staff import throttle
from agente_vendedor.staff.accounts import find_account, normalized
from agente_vendedor.staff.authentication import ACCOUNTS
from agente_vendedor.staff.identity import Staff
from agente_vendedor.staff.passwords import hash_password, needs_rehash, verify_password

WRONG_CREDENTIALS = "El usuario o la clave no son correctos."


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expira_en: datetime
    staff: Staff


def login(usuario: str, clave: str, source_address: str, *, now: datetime | None = None) -> IssuedToken:
    now = now or datetime.now(UTC)
    usuario = normalized(usuario)
    user_key, address_key = throttle.usuario_key(usuario), throttle.address_key(source_address)
    with session_scope() as session:
        if locked := throttle.seconds_locked(session, (user_key, address_key), now):
            raise _too_many(locked)
        staff = _verified(session, usuario, clave)
        if staff is None:
            _count_failure(session, user_key, address_key, now)
        else:
            throttle.clear(session, user_key)
    if staff is None:
        raise UnauthorizedError(WRONG_CREDENTIALS)  # the failures counted above are committed
    assert staff.version is not None
    token, expires = staff_tokens.issue(staff.usuario, staff.rol, staff.version, now=now)
    ACCOUNTS.forget(staff.usuario)  # this container sees the account as it is now
    return IssuedToken(token, expires, Staff(staff.usuario, staff.rol, staff.nombre, staff.version, expires))


def _verified(session: Session, usuario: str, clave: str) -> Staff | None:
    """The active account whose password is `clave`; the same hashing work when there is no such account."""
    account = find_account(session, usuario)
    if not verify_password(account.clave_hash if account else None, clave) or account is None or not account.activo:
        return None
    if needs_rehash(account.clave_hash):  # hashed with older parameters: upgrade it now that the password is known
        account.clave_hash = hash_password(clave)
    return Staff(usuario=account.usuario, rol=account.rol, nombre=account.nombre, version=account.version)


def _count_failure(session: Session, user_key: str, address_key: str, now: datetime) -> None:
    settings = get_settings()
    limits = {user_key: settings.login_max_failures_per_user, address_key: settings.login_max_failures_per_ip}
    for key, limit in limits.items():
        throttle.record_failure(
            session,
            key,
            limit=limit,
            window_s=settings.login_failure_window_s,
            lockout_s=settings.login_lockout_s,
            now=now,
        )


def _too_many(seconds: int) -> TooManyAttemptsError:
    minutes = max(1, round(seconds / 60))
    return TooManyAttemptsError(
        f"Demasiados intentos fallidos de inicio de sesión. Espere {minutes} minuto{'s' if minutes > 1 else ''} "
        "antes de volver a intentarlo.",
        retry_after_s=seconds,
    )

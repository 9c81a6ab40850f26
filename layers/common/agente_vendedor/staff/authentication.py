"""Who a bearer token is: a staff account's signed token (still valid for the account as it is now), or the
break-glass admin token; None for anything else.

The account's state (role, active, version) is cached per container for `staff_cache_ttl_s` (≤ 60 s), so disabling an
account, or changing its role or password, revokes its tokens — and its open staff WebSockets — within that time,
without a database read on every request. The database is imported only when a signed token is checked, so the
WebSocket `$connect` function stays light for anonymous connections.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform import staff_tokens
from agente_vendedor.platform.auth import is_admin_token
from agente_vendedor.staff.identity import BREAK_GLASS, Staff


@dataclass(frozen=True)
class AccountState:
    usuario: str
    nombre: str
    rol: str
    activo: bool
    version: int


class AccountCache:
    """Account states by usuario (None: no such account), each kept `staff_cache_ttl_s` seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._entries: dict[str, tuple[float, AccountState | None]] = {}
        self._lock = threading.Lock()

    def get(self, usuario: str, load: Callable[[str], AccountState | None]) -> AccountState | None:
        now = self.clock()
        with self._lock:
            entry = self._entries.get(usuario)
        if entry is not None and now - entry[0] < get_settings().staff_cache_ttl_s:
            return entry[1]
        state = load(usuario)
        with self._lock:
            self._entries[usuario] = (now, state)
        return state

    def forget(self, usuario: str) -> None:
        with self._lock:
            self._entries.pop(usuario, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


ACCOUNTS = AccountCache()


def _load_account(usuario: str) -> AccountState | None:
    from agente_vendedor.db.engine import session_scope  # only for signed tokens (see the module's docstring)
    from agente_vendedor.staff.accounts import find_account

    with session_scope() as session:
        account = find_account(session, usuario)
        if account is None:
            return None
        return AccountState(account.usuario, account.nombre, account.rol, account.activo, account.version)


def account_staff(usuario: str, version: int) -> Staff | None:
    """The account as a `Staff` while it is active and still at `version`; None once revoked."""
    state = ACCOUNTS.get(usuario, _load_account)
    if state is None or not state.activo or state.version != version:
        return None
    return Staff(usuario=state.usuario, rol=state.rol, nombre=state.nombre, version=state.version)


def authenticate(token: str | None) -> Staff | None:
    """The staff member a bearer token identifies, or None (anonymous, wrong, expired or revoked).

    Raises SecretUnavailableError (503) when the key or the break-glass token cannot be read."""
    if not token:
        return None
    claims = staff_tokens.decode(token)
    if claims is not None:
        staff = account_staff(claims.usuario, claims.version)
        return Staff(staff.usuario, staff.rol, staff.nombre, staff.version, claims.expira_en) if staff else None
    return BREAK_GLASS if is_admin_token(token) else None


def still_valid(usuario: str | None, version: int | None) -> Staff | None:
    """Re-check an identity recorded earlier (a staff WebSocket connection): the break-glass admin stays valid, an
    account only while active at the same version."""
    if usuario == BREAK_GLASS.usuario and version is None:
        return BREAK_GLASS
    if usuario is None or version is None:
        return None
    return account_staff(usuario, version)

"""`python -m agente_vendedor.ops.crear_admin --usuario ana [--nombre "Ana Gómez"] [DATABASE_URL]`: create an `admin`
staff account (the first one, typically). The password comes from AGENTE_ADMIN_CLAVE or is asked twice at the prompt;
it is never an argument (it would stay in the shell's history). `make crear-admin USUARIO=ana` runs it."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable

from pydantic import TypeAdapter, ValidationError

from agente_vendedor.core.errors import DomainError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.core.validation_messages import spanish_validation_errors
from agente_vendedor.db.engine import database_url, session_scope
from agente_vendedor.db.migrations import upgrade
from agente_vendedor.schemas.staff import NewPassword, Usuario
from agente_vendedor.staff.accounts import create_account

PASSWORD_VARIABLE = "AGENTE_ADMIN_CLAVE"  # noqa: S105 - the variable's name, not a password


class AdminCreationError(Exception):
    pass


def _validated(adapter: TypeAdapter[str], value: str, label: str) -> str:
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        reason = spanish_validation_errors(list(error.errors()))[0]["msg"]
        raise AdminCreationError(f"{label}: {reason}") from None


def read_password(environ: dict[str, str], prompt: Callable[[str], str] | None = None) -> str:
    """The password from AGENTE_ADMIN_CLAVE, else typed twice (without echo)."""
    if environ.get(PASSWORD_VARIABLE):
        return _validated(TypeAdapter(NewPassword), environ[PASSWORD_VARIABLE], "La clave")
    ask = prompt or getpass.getpass
    first = ask("Clave del administrador (mínimo 10 caracteres): ")
    if ask("Repita la clave: ") != first:
        raise AdminCreationError("Las dos claves no coinciden.")
    return _validated(TypeAdapter(NewPassword), first, "La clave")


def create_admin(url: str, usuario: str, nombre: str, clave: str) -> str:
    """Migrate the database, create the account; returns its usuario."""
    upgrade(url)
    try:
        with session_scope() as session:
            return create_account(session, usuario, nombre.strip() or usuario, "admin", clave).usuario
    except DomainError as error:
        raise AdminCreationError(error.message) from None


def _database_url() -> str:
    try:
        return database_url(get_settings())
    except RuntimeError as error:
        raise AdminCreationError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agente_vendedor.ops.crear_admin", description=__doc__)
    parser.add_argument("--usuario", required=True, help="nombre de usuario (3 a 40: letras, dígitos, . _ -)")
    parser.add_argument("--nombre", default="", help="nombre de la persona (por defecto, el usuario)")
    parser.add_argument("database_url", nargs="?", help="por defecto DATABASE_URL")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        get_settings.cache_clear()
    try:
        url = _database_url()
        usuario = _validated(TypeAdapter(Usuario), args.usuario, "El usuario")
        created = create_admin(url, usuario, args.nombre, read_password(dict(os.environ)))
    except AdminCreationError as error:
        print(f"No se creó el administrador: {error}", file=sys.stderr)
        return 1
    print(f'Administrador \'{created}\' creado. Inicie sesión con POST /auth/ {{"usuario", "clave"}}.')
    return 0


if __name__ == "__main__":
    sys.exit(main())

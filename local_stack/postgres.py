"""A PostgreSQL server for the local stack: the host's on 127.0.0.1:5432 if it answers, else an embedded one.

The embedded server comes from the ``pgserver`` package (a PostgreSQL build shipped as a wheel).
It listens on a Unix socket only, so its URL names the socket through pg8000's ``unix_sock`` argument.
"""

from __future__ import annotations

import json
import re
import socket
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from pgserver import PostgresServer

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / ".local" / "pgdata"
HOST_ADMIN_URL = "postgresql+pg8000://postgres@127.0.0.1:5432/postgres"

_DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_started: dict[Path, PostgresServer] = {}


def ensure_postgres(data_dir: Path | None = None, *, prefer_tcp: bool = True) -> str:
    """Return an SQLAlchemy URL of an admin connection (user ``postgres``, database ``postgres``).

    With ``prefer_tcp`` the host server on 127.0.0.1:5432 is used when it accepts a password-less login;
    otherwise an embedded server keeps its data in ``data_dir`` (default ``.local/pgdata``) and runs until
    :func:`stop_postgres` or interpreter exit.
    """
    if prefer_tcp and _host_server_answers():
        return HOST_ADMIN_URL
    return _start_embedded(data_dir or DEFAULT_DATA_DIR)


def stop_postgres(data_dir: Path | None = None) -> None:
    """Stop the embedded server of ``data_dir``, or every one this process started (never the host's)."""
    if data_dir is not None:
        server = _started.pop(data_dir.expanduser().resolve(), None)
        if server is not None:
            server.cleanup()
        return
    while _started:
        _, server = _started.popitem()
        server.cleanup()


def create_database(admin_url: str, name: str, *, exist_ok: bool = False) -> str:
    """CREATE DATABASE ``name`` and return the URL of a connection to it (same server and user)."""
    quoted = _quoted_name(name)
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            query = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
            exists = conn.execute(query, {"name": name}).first()
            if exists is None:
                conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
            elif not exist_ok:
                raise ValueError(f"database {name!r} already exists")
    finally:
        engine.dispose()
    return database_url(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    """DROP DATABASE ``name`` if it exists, closing its open connections."""
    quoted = _quoted_name(name)
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
    finally:
        engine.dispose()


def database_url(admin_url: str, name: str) -> str:
    """The admin URL with its database replaced by ``name``."""
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _quoted_name(name: str) -> str:
    if not _DATABASE_NAME.match(name):
        raise ValueError(f"invalid database name: {name!r}")
    return f'"{name}"'


def _host_server_answers(host: str = "127.0.0.1", port: int = 5432, timeout_s: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except OSError:
        return False
    return _can_login(host=host, port=port, timeout=timeout_s * 3)


def _can_login(**connect_args: Any) -> bool:
    import pg8000.native

    try:
        conn = pg8000.native.Connection("postgres", database="postgres", **connect_args)
    except (pg8000.native.InterfaceError, pg8000.native.DatabaseError, OSError):
        return False
    conn.close()
    return True


def _start_embedded(data_dir: Path) -> str:
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver

    data_dir = data_dir.expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(data_dir)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    _started[data_dir] = server
    info = server.get_postmaster_info()
    if info.socket_path is None:  # Windows: pgserver listens on TCP instead
        return f"postgresql+pg8000://postgres@{info.hostname}:{info.port}/postgres"
    return f"postgresql+pg8000://postgres@/postgres?unix_sock={info.socket_path}"


def _forget_dead_handles(data_dir: Path) -> None:
    """Drop pids of dead processes from pgserver's handle list, so the last live handle stops the server."""
    import psutil

    handles = data_dir / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except ValueError:
        pids = []
    handles.write_text(json.dumps([pid for pid in pids if psutil.pid_exists(pid)]))

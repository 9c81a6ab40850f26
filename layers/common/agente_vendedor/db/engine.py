"""One SQLAlchemy engine per Lambda container, created at init (before a SnapStart snapshot) and reused.

Aurora Serverless v2 auto-pause (MinACU 0): the database pauses once no connection is open, and the first connection
afterwards waits while it resumes (about 15 s; longer after a day paused). So a connection attempt may take up to
`db_connect_timeout_s` (25 s, below the functions' 29 s), retrying a refused or not-yet-ready server with a short
backoff meanwhile; once connected, its socket waits `db_socket_timeout_s` at most, as before. The server closes a
connection idle for `db_idle_session_timeout_ms` (so a warm container's pool does not keep Aurora awake), and the pool
replaces it on the next checkout (`pool_pre_ping`), without an error in the logs.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Dialect, ExceptionContext
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from agente_vendedor.core.settings import Settings, get_settings
from agente_vendedor.db.errors import busy_error
from agente_vendedor.platform import tracing
from agente_vendedor.platform.secrets import secret_json

_lock = threading.Lock()
_engine: Engine | None = None
_session_factory: sessionmaker[Session] | None = None
_TLS_MARKER = "tls=rds"
# SQLSTATEs of a server that is there but not ready yet (Aurora resuming, starting up): worth another attempt.
_NOT_READY_YET = frozenset({"57P03"})  # cannot_connect_now
_RETRY_PAUSE_S = (0.25, 0.5, 1.0, 2.0)
logger = logging.getLogger(__name__)


def database_url(settings: Settings) -> str:
    """DATABASE_URL when set; in AWS, built from the Aurora secret (read through Powertools parameters, cached)."""
    if settings.database_url:
        return settings.database_url
    if not settings.db_secret_arn:
        raise RuntimeError("Configure DATABASE_URL o DB_SECRET_ARN para conectarse a PostgreSQL.")
    secret = secret_json(settings.db_secret_arn)
    user = quote_plus(str(secret["username"]))
    password = quote_plus(str(secret["password"]))
    host = secret["host"]  # set on the secret by its SecretTargetAttachment to the Aurora cluster
    port = secret.get("port", 5432)
    name = secret.get("dbname", settings.db_name)
    return f"postgresql+pg8000://{user}:{password}@{host}:{port}/{name}?{_TLS_MARKER}"


def rds_tls_context() -> ssl.SSLContext:
    """TLS verified against the Amazon RDS certificate authorities (Aurora's certificates are not in the Lambda
    trust store); the bundle is AWS's global RDS CA bundle, shipped in the layer."""
    return ssl.create_default_context(cafile=str(Path(__file__).with_name("rds-ca-bundle.pem")))


def session_parameters(settings: Settings, *, statement_timeout_ms: int | None = None) -> dict[str, str]:
    """What every connection starts with, sent in the startup packet (no extra round trip): UTC, and the guards
    that keep one slow request from holding the others: statement, lock-wait and idle-in-transaction timeouts."""
    statement_ms = settings.db_statement_timeout_ms if statement_timeout_ms is None else statement_timeout_ms
    return {
        "TimeZone": "UTC",
        "statement_timeout": str(int(statement_ms)),
        "lock_timeout": str(int(settings.db_lock_timeout_ms)),
        "idle_in_transaction_session_timeout": str(int(settings.db_idle_in_transaction_timeout_ms)),
        "idle_session_timeout": str(int(settings.db_idle_session_timeout_ms)),
    }


def build_engine(url: str, settings: Settings | None = None, *, statement_timeout_ms: int | None = None) -> Engine:
    """`statement_timeout_ms=0` disables the statement timeout (migrations).

    Bound parameters (cédulas, phones, message text) never appear in errors or logs (`hide_parameters`), and a
    wait PostgreSQL gave up on is raised as `DatabaseBusyError` (503)."""
    from agente_vendedor.db import statement_cache  # pg8000 (and its SCRAM/ASN.1 modules): with the first engine

    statement_cache.install()
    settings = settings or get_settings()
    connect_args: dict[str, Any] = {
        "timeout": settings.db_connect_timeout_s,
        "startup_params": session_parameters(settings, statement_timeout_ms=statement_timeout_ms),
    }
    if url.endswith(_TLS_MARKER):
        url = url.removesuffix(f"?{_TLS_MARKER}")
        connect_args["ssl_context"] = rds_tls_context()
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=2,
        pool_pre_ping=True,
        pool_recycle=300,
        connect_args=connect_args,
        hide_parameters=True,
    )
    tracing.trace_statements(engine)  # X-Ray subsegments (first: its error hook must run before a busy error is raised)
    event.listen(engine, "handle_error", _raise_busy_errors)
    event.listen(engine, "do_connect", _connect_waiting_for_resume(settings.db_connect_timeout_s))
    socket_timeout_s = max(settings.retrieval_timeout_s * 2, settings.db_socket_timeout_s)
    event.listen(engine, "connect", _query_socket_timeout(socket_timeout_s))
    return engine


def _connect_waiting_for_resume(budget_s: float) -> Any:
    """A `do_connect` hook: connect, and while the server refuses or is not ready yet (Aurora resuming from a pause),
    try again with a short backoff until `budget_s` is spent; each attempt waits only what is left of it."""

    def connect(dialect: Dialect, _record: ConnectionPoolEntry, cargs: tuple[Any, ...], cparams: dict[str, Any]) -> Any:
        ends_at = time.monotonic() + budget_s
        for attempt in range(1_000):
            left = ends_at - time.monotonic()
            try:
                return dialect.connect(*cargs, **{**cparams, "timeout": max(left, 0.5)})
            except Exception as error:
                pause = _RETRY_PAUSE_S[min(attempt, len(_RETRY_PAUSE_S) - 1)]
                if not _not_ready_yet(error) or time.monotonic() + pause >= ends_at:
                    raise
                logger.info("PostgreSQL not ready (%s); trying again (Aurora resuming?)", type(error).__name__)
                time.sleep(pause)
        raise RuntimeError("unreachable")

    return connect


def _not_ready_yet(error: Exception) -> bool:
    """A refused or unreachable server (pg8000's InterfaceError) or one that says it cannot accept connections yet;
    never a wrong password or an unknown database."""
    from pg8000.exceptions import DatabaseError, InterfaceError

    if isinstance(error, InterfaceError):
        return True
    details = error.args[0] if isinstance(error, DatabaseError) and error.args else None
    return isinstance(details, dict) and details.get("C") in _NOT_READY_YET


def _query_socket_timeout(timeout_s: float) -> Any:
    """A `connect` hook: once connected (the long wait for a resume is over), the socket waits `timeout_s` at most."""

    def set_timeout(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        sock = getattr(dbapi_connection, "_usock", None)
        if sock is not None:
            sock.settimeout(timeout_s)

    return set_timeout


class _ServerClosedIdleConnection(logging.Filter):
    """The pool closing a connection the server already closed (idle_session_timeout) is routine, not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        closing = message.startswith(("Exception terminating connection", "Exception closing connection"))
        if not closing or not record.exc_info:
            return True
        error = record.exc_info[1]
        return not (error is not None and "network error" in str(error))


logging.getLogger("sqlalchemy.pool.impl.QueuePool").addFilter(_ServerClosedIdleConnection())  # the pool's own logger


def _raise_busy_errors(context: ExceptionContext) -> None:
    busy = busy_error(context.original_exception)
    if busy is not None:
        raise busy


def get_engine() -> Engine:
    global _engine, _session_factory
    if _engine is None:
        with _lock:
            if _engine is None:
                settings = get_settings()
                _engine = build_engine(database_url(settings), settings)
                _session_factory = sessionmaker(_engine, expire_on_commit=False)
    return _engine


def reset_engine() -> None:
    """Dispose the container's engine (tests, or after settings change)."""
    global _engine, _session_factory
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None
        _session_factory = None


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    get_engine()
    assert _session_factory is not None
    session = _session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

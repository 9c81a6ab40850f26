"""One SQLAlchemy engine per Lambda container, created at init (before a SnapStart snapshot) and reused."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from agente_vendedor.core.settings import Settings, get_settings
from agente_vendedor.db.errors import busy_error
from agente_vendedor.platform.secrets import secret_json

_lock = threading.Lock()
_engine: Engine | None = None
_session_factory: sessionmaker[Session] | None = None
_TLS_MARKER = "tls=rds"


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
    }


def build_engine(url: str, settings: Settings | None = None, *, statement_timeout_ms: int | None = None) -> Engine:
    """`statement_timeout_ms=0` disables the statement timeout (migrations).

    Bound parameters (cédulas, phones, message text) never appear in errors or logs (`hide_parameters`), and a
    wait PostgreSQL gave up on is raised as `DatabaseBusyError` (503)."""
    from agente_vendedor.db import statement_cache  # pg8000 (and its SCRAM/ASN.1 modules): with the first engine

    statement_cache.install()
    settings = settings or get_settings()
    connect_args: dict[str, Any] = {
        "timeout": max(settings.retrieval_timeout_s * 2, 10.0),
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
    event.listen(engine, "handle_error", _raise_busy_errors)
    return engine


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

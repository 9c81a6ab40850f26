"""Health of each component, for `GET /health` and `GET /chat/health`."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import get_engine
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.platform.io_pool import io_pool
from agente_vendedor.platform.secrets import gemini_api_key


def check_database() -> str:
    with get_engine().connect() as connection:
        connection.execute(text("SELECT 1"))
    return "ok"


def check_sessions() -> str:
    client("dynamodb").describe_table(TableName=get_settings().sessions_table)
    return "ok"


def check_storage() -> str:
    from agente_vendedor.platform.storage import get_storage

    get_storage().check()
    return "ok"


def check_llm() -> str:
    """The offline engine is always there; Gemini needs a key we can actually read (env or Secrets Manager)."""
    settings = get_settings()
    if not settings.llm_enabled:
        return "ok"
    return "ok" if gemini_api_key(settings) else "sin_clave"


COMPONENTS: dict[str, Callable[[], str]] = {
    "db": check_database,
    "sesiones": check_sessions,
    "almacenamiento": check_storage,
    "llm": check_llm,
}


def system_health(components: tuple[str, ...] = tuple(COMPONENTS), timeout_s: float = 4.0) -> dict[str, object]:
    futures = {name: io_pool().submit(COMPONENTS[name]) for name in components}
    results: dict[str, str] = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=timeout_s)
        except Exception as exc:  # any failure is reported, never raised
            results[name] = f"error: {type(exc).__name__}"
    status = "ok" if all(value == "ok" for value in results.values()) else "degraded"
    return {"status": status, "componentes": results}

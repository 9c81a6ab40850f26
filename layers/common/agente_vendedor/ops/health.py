"""Health of each component, for `GET /health` and `GET /chat/health`.

Each component is `"ok"` or `"degradado: <why, in Spanish>"`; any degraded component makes the status `"degraded"`.
A check never raises and never takes longer than `timeout_s`: a dependency that is down is reported, not a 500.
The model is asked for real (platform.llm.probe_model: one free countTokens request, at most once a minute per
container), so a rejected key or a retired model shows here within one request; otherwise the container's circuit
breaker judges it from the turns.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeoutError

from sqlalchemy import text

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import get_engine
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.platform.io_pool import io_pool
from agente_vendedor.platform.llm import model_breaker, probe_model
from agente_vendedor.platform.llm.circuit_breaker import BreakerState, BreakerStatus
from agente_vendedor.platform.secrets import gemini_api_key

OK = "ok"
PROBE_TIMEOUT_S = 3.0  # below system_health's 4 s per component
OFFLINE_ANSWERS = "el chat responde con el motor offline"


def degraded(reason: str) -> str:
    return f"degradado: {reason}"


def check_database() -> str:
    with get_engine().connect() as connection:
        connection.execute(text("SELECT 1"))
    return OK


def check_sessions() -> str:
    client("dynamodb").describe_table(TableName=get_settings().sessions_table)
    return OK


def check_storage() -> str:
    from agente_vendedor.platform.storage import get_storage

    get_storage().check()
    return OK


def check_llm() -> str:
    """The offline engine is always there; Gemini needs a key we can read (env or Secrets Manager) and a breaker
    that is closed and whose last failure was not a configuration error (a rejected key, a retired model)."""
    settings = get_settings()
    if not settings.llm_enabled:
        return OK
    if not gemini_api_key(settings):
        return degraded(f"Gemini no tiene clave (GOOGLE_API_KEY o GEMINI_SECRET_ARN); {OFFLINE_ANSWERS}")
    probe_model(min(PROBE_TIMEOUT_S, settings.llm_timeout_s))
    status = model_breaker().status()
    return degraded(breaker_reason(status)) if status.degraded else OK


def breaker_reason(status: BreakerStatus) -> str:
    """Why the model is not used, in Spanish (what failed, and when it will be tried again)."""
    failure = status.last_failure
    if failure is not None and failure.configuration_reason is not None:
        cause = failure.configuration_reason
    else:
        kind = failure.kind if failure is not None else "desconocido"
        times = "1 vez" if status.consecutive_failures == 1 else f"{status.consecutive_failures} veces seguidas"
        cause = f"Gemini falló {times} (último error: {kind})"
    if status.state is BreakerState.OPEN:
        return f"{cause}; {OFFLINE_ANSWERS}, nuevo intento en {status.retry_in_s:.0f} s"
    if status.state is BreakerState.HALF_OPEN:
        return f"{cause}; {OFFLINE_ANSWERS} hasta que el próximo intento funcione"
    return f"{cause}; se reintenta en cada mensaje"


COMPONENTS: dict[str, Callable[[], str]] = {
    "db": check_database,
    "sesiones": check_sessions,
    "almacenamiento": check_storage,
    "llm": check_llm,
}
# What a failing check means, per component (Spanish, for the caller).
UNAVAILABLE: dict[str, str] = {
    "db": "la base de datos (PostgreSQL) no responde; el chat no puede atender",
    "sesiones": "la memoria de las conversaciones (DynamoDB) no responde; el chat no puede atender",
    "almacenamiento": "el almacenamiento de exportes (S3) no responde; los exportes no están disponibles",
    "llm": f"no se pudo leer la clave de Gemini (Secrets Manager); {OFFLINE_ANSWERS}",
}


def system_health(components: tuple[str, ...] = tuple(COMPONENTS), timeout_s: float = 4.0) -> dict[str, object]:
    futures = {name: io_pool().submit(COMPONENTS[name]) for name in components}
    results: dict[str, str] = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=timeout_s)
        except FutureTimeoutError:
            results[name] = degraded(f"{UNAVAILABLE[name]} (sin respuesta en {timeout_s:g} s)")
        except Exception as exc:  # any failure is reported, never raised
            results[name] = degraded(f"{UNAVAILABLE[name]} ({type(exc).__name__})")
    status = "ok" if all(value == OK for value in results.values()) else "degraded"
    return {"status": status, "componentes": results}

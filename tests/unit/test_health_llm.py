"""`/health` per component: "ok" or "degradado: <why>" in Spanish, status "degraded" when any is; the model is judged
by the container's circuit breaker (open, or last failed for a configuration error), which the health probe feeds
(tested against the fake Gemini server in tests/integration/test_health_gemini_probe.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.ops import health
from agente_vendedor.ops.health import check_llm, system_health
from agente_vendedor.platform import llm
from agente_vendedor.platform.llm.circuit_breaker import Failure


@pytest.fixture(autouse=True)
def no_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests make no request: asking Google for real is tests/integration/test_health_gemini_probe.py."""
    monkeypatch.setattr(health, "probe_model", lambda timeout_s: None)


@pytest.fixture
def gemini_configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("GOOGLE_API_KEY", "clave")
    get_settings.cache_clear()
    llm.reset_provider()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()
    llm.reset_provider()


@pytest.mark.parametrize(("provider", "key"), [("offline", None), ("auto", None), ("gemini", "clave")])
def test_llm_component_is_ok_offline_or_with_a_key(
    monkeypatch: pytest.MonkeyPatch, provider: str, key: str | None
) -> None:
    monkeypatch.setenv("LLM_PROVIDER", provider)
    monkeypatch.delenv("GEMINI_SECRET_ARN", raising=False)
    if key:
        monkeypatch.setenv("GOOGLE_API_KEY", key)
    else:
        monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    get_settings.cache_clear()
    try:
        assert check_llm() == "ok"
    finally:
        get_settings.cache_clear()


def test_llm_component_reports_a_missing_gemini_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.delenv("GEMINI_SECRET_ARN", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    get_settings.cache_clear()
    try:
        assert check_llm().startswith("degradado: Gemini no tiene clave")
    finally:
        get_settings.cache_clear()


def test_an_open_breaker_makes_the_llm_degraded(gemini_configured: None) -> None:
    breaker = llm.model_breaker()
    for _ in range(breaker.failure_threshold - 1):
        breaker.record_failure(Failure("tiempo_agotado"))
    assert check_llm() == "ok", "failures below the threshold are not an outage"
    breaker.record_failure(Failure("tiempo_agotado"))
    reason = check_llm()
    assert reason.startswith("degradado: Gemini falló 3 veces seguidas (último error: tiempo_agotado)")
    assert "motor offline" in reason and "nuevo intento en" in reason
    breaker.clock = lambda: float("inf")  # the cooldown is over: the next message probes
    assert "hasta que el próximo intento funcione" in check_llm()
    breaker.record_success()
    assert check_llm() == "ok"


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("clave_invalida", "Google rechaza la clave de Gemini (API_KEY_INVALID)"),
        ("modelo_no_encontrado", "el modelo de Gemini configurado no existe o fue retirado"),
    ],
)
def test_a_configuration_error_says_what_to_fix(gemini_configured: None, kind: str, says: str) -> None:
    from agente_vendedor.platform.llm.gemini import LLMCallError

    llm.model_breaker().record_failure(Failure(kind, LLMCallError(kind).configuration_reason))
    assert check_llm().startswith(f"degradado: {says}; el chat responde con el motor offline")
    status = system_health(("llm",))
    assert status["status"] == "degraded"


def _failing(exc: Exception) -> Callable[[], str]:
    def check() -> str:
        raise exc

    return check


@pytest.mark.parametrize(
    ("component", "says"),
    [
        ("db", "la base de datos (PostgreSQL) no responde"),
        ("sesiones", "la memoria de las conversaciones (DynamoDB) no responde"),
        ("almacenamiento", "el almacenamiento de exportes (S3) no responde"),
        ("llm", "no se pudo leer la clave de Gemini (Secrets Manager)"),
    ],
)
def test_each_failing_component_is_named_and_the_rest_stay_ok(
    monkeypatch: pytest.MonkeyPatch, component: str, says: str
) -> None:
    checks = {name: (lambda: "ok") for name in health.COMPONENTS}
    checks[component] = _failing(ConnectionError("caído"))
    monkeypatch.setattr(health, "COMPONENTS", checks)
    result = system_health()
    assert result["status"] == "degraded"
    componentes = result["componentes"]
    assert isinstance(componentes, dict)
    assert componentes[component].startswith(f"degradado: {says}")
    assert componentes[component].endswith("(ConnectionError)")
    assert all(value == "ok" for name, value in componentes.items() if name != component)


def test_a_check_that_hangs_is_reported_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def hangs() -> str:
        release.wait(30)
        return "ok"

    monkeypatch.setattr(health, "COMPONENTS", {**health.COMPONENTS, "sesiones": hangs})
    try:
        result = system_health(("sesiones",), timeout_s=0.05)
    finally:
        release.set()
    assert result == {
        "status": "degraded",
        "componentes": {"sesiones": "degradado: la memoria de las conversaciones (DynamoDB) no responde; el chat no "
                        "puede atender (sin respuesta en 0.05 s)"},
    }  # fmt: skip

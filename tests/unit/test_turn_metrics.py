"""Per-turn figures (`platform.turn_metrics`): measured from the provider, and in Lambda emitted as CloudWatch EMF
with the dimensions tipo and proveedor only; a no-op locally or without a metrics namespace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform import turn_metrics
from agente_vendedor.platform.llm.gemini import UsageCounter

FIGURES = turn_metrics.TurnFigures(
    latencia_ms=42, proveedor_llm="gemini", exito=True, llm_llamadas=2, llm_fallos=1, tokens_entrada=900,
    tokens_salida=120,
)  # fmt: skip
METRIC_UNITS = {
    "Turnos": "Count", "TurnosExitosos": "Count", "LatenciaTurno": "Milliseconds", "LlamadasLLM": "Count",
    "FallosLLM": "Count", "TokensEntrada": "Count", "TokensSalida": "Count",
}  # fmt: skip


@pytest.fixture
def lambda_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside a Lambda function, with a metrics namespace; Powertools' shared metric store starts empty."""
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "agente-chat")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "AgenteVendedor")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "agente-vendedor")
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.setattr(turn_metrics, "_metrics", None)
    get_settings.cache_clear()
    yield
    if turn_metrics._metrics is not None:
        turn_metrics._metrics.clear_metrics()
    get_settings.cache_clear()


def _blobs(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_one_turn_is_one_emf_blob_with_two_dimensions(lambda_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    turn_metrics.emit_turn("inventario", FIGURES)
    assert capsys.readouterr().out == "", "nothing is written before the invocation ends"
    turn_metrics.flush()
    [blob] = _blobs(capsys.readouterr().out)
    [directive] = blob["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "AgenteVendedor"
    assert [sorted(d) for d in directive["Dimensions"]] == [["proveedor", "service", "tipo"]]
    assert {m["Name"]: m["Unit"] for m in directive["Metrics"]} == METRIC_UNITS
    assert (blob["tipo"], blob["proveedor"], blob["service"]) == ("inventario", "gemini", "agente-vendedor")
    assert {name: blob[name] for name in METRIC_UNITS} == {
        "Turnos": [1.0], "TurnosExitosos": [1.0], "LatenciaTurno": [42.0], "LlamadasLLM": [2.0], "FallosLLM": [1.0],
        "TokensEntrada": [900.0], "TokensSalida": [120.0],
    }  # fmt: skip
    # nothing else: no chat id, no message, no customer data
    assert set(blob) == {"_aws", "tipo", "proveedor", "service", *METRIC_UNITS}
    turn_metrics.flush()
    assert capsys.readouterr().out == "", "flushed once"


def test_a_closed_sale_adds_its_count_and_amount(lambda_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    turn_metrics.emit_turn("venta", FIGURES, sale_total=158000)
    turn_metrics.flush()
    [blob] = _blobs(capsys.readouterr().out)
    assert (blob["VentasCerradas"], blob["VentasCOP"]) == ([1.0], [158000.0])


def test_two_turns_in_one_invocation_keep_their_own_dimensions(
    lambda_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    turn_metrics.emit_turn("inventario", FIGURES)
    offline = turn_metrics.TurnFigures(latencia_ms=7, proveedor_llm="offline", exito=False)
    turn_metrics.emit_turn("contexto", offline)
    turn_metrics.flush()
    first, second = _blobs(capsys.readouterr().out)
    assert (first["tipo"], first["proveedor"], first["LatenciaTurno"]) == ("inventario", "gemini", [42.0])
    assert (second["tipo"], second["proveedor"], second["TurnosExitosos"]) == ("contexto", "offline", [0.0])


@pytest.mark.parametrize(
    ("function_name", "namespace", "disabled"),
    [(None, "AgenteVendedor", None), ("agente-chat", None, None), ("agente-chat", "AgenteVendedor", "true")],
)
def test_a_no_op_locally_without_namespace_or_disabled(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    function_name: str | None,
    namespace: str | None,
    disabled: str | None,
) -> None:
    for name, value in [
        ("AWS_LAMBDA_FUNCTION_NAME", function_name),
        ("POWERTOOLS_METRICS_NAMESPACE", namespace),
        ("POWERTOOLS_METRICS_DISABLED", disabled),
    ]:
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(turn_metrics, "_metrics", None)
    get_settings.cache_clear()
    try:
        turn_metrics.emit_turn("inventario", FIGURES)
        turn_metrics.flush()
        assert capsys.readouterr().out == ""
        assert turn_metrics._metrics is None
    finally:
        get_settings.cache_clear()


@dataclass
class _Provider:
    answered_by: str
    usage: UsageCounter = field(default_factory=UsageCounter)


def test_measure_reads_the_model_usage() -> None:
    usage = UsageCounter(calls=3, prompt_tokens=1500, output_tokens=200, thinking_tokens=50)
    figures = turn_metrics.measure(_Provider("gemini", usage), 1, 0.0, helped=False)
    assert (figures.proveedor_llm, figures.exito, figures.llm_llamadas, figures.llm_fallos) == ("gemini", False, 3, 1)
    assert (figures.tokens_entrada, figures.tokens_salida) == (1500, 250), "thinking tokens are billed as output"
    assert figures.latencia_ms > 0


def test_measure_without_a_model() -> None:
    from agente_vendedor.platform.llm.offline import OfflineProvider

    figures = turn_metrics.measure(OfflineProvider(), 0, 0.0, helped=True)
    assert figures.columns() | {"latencia_ms": 0} == {
        "latencia_ms": 0, "proveedor_llm": "offline", "exito": True, "llm_llamadas": 0, "llm_fallos": 0,
        "tokens_entrada": 0, "tokens_salida": 0,
    }  # fmt: skip


def test_with_the_model_enabled_each_turn_also_counts_for_the_fallback_alarm(
    lambda_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setattr(turn_metrics, "_alarm_metrics", None)
    get_settings.cache_clear()
    turn_metrics.emit_turn("inventario", FIGURES)
    turn_metrics.emit_turn("contexto", turn_metrics.TurnFigures(latencia_ms=7, proveedor_llm="offline", exito=True))
    turn_metrics.flush()
    alarm = [blob for blob in _blobs(capsys.readouterr().out) if turn_metrics.MODEL_TURNS in blob]
    [blob] = alarm
    [directive] = blob["_aws"]["CloudWatchMetrics"]
    assert directive["Dimensions"] == [["service"]], "the alarm reads one exact dimension set"
    assert blob[turn_metrics.MODEL_TURNS] == [1.0, 1.0]
    assert blob[turn_metrics.OFFLINE_FALLBACKS] == [0.0, 1.0]


def test_without_the_model_no_turn_counts_as_a_fallback(lambda_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    turn_metrics.emit_turn("contexto", turn_metrics.TurnFigures(latencia_ms=7, proveedor_llm="offline", exito=True))
    turn_metrics.flush()
    assert not [blob for blob in _blobs(capsys.readouterr().out) if turn_metrics.MODEL_TURNS in blob]


def test_a_rejected_key_writes_the_alarm_metric_at_once(lambda_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    from agente_vendedor.platform.llm.circuit_breaker import CircuitBreaker, Failure

    breaker = CircuitBreaker("gemini")
    breaker.record_failure(Failure("tiempo_agotado"))
    assert capsys.readouterr().out == "", "a passing failure is the fallback alarm's business"
    breaker.record_failure(Failure("clave_invalida", "Google rechaza la clave de Gemini (API_KEY_INVALID)"))
    [blob] = _blobs(capsys.readouterr().out)
    assert blob[turn_metrics.MODEL_CONFIGURATION_ERRORS] == [1.0]
    assert blob["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service"]]

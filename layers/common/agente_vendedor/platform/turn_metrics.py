"""What each chat turn costs and achieves: stored on the agent's message (`mensajes`) for `GET /metricas`, and in AWS
sent to CloudWatch as Powertools metrics in the embedded metric format (EMF), flushed once per invocation.

The EMF metrics carry two dimensions only, `tipo` (message type) and `proveedor` (who wrote the answer: `offline` or
`gemini`), and never a chat id or anything the customer wrote. The alarms (template.yaml) read three more, with the
`service` dimension alone (an alarm needs one exact dimension set): per turn with the model enabled, `TurnosConModelo`
and, when the offline engine answered instead, `TurnosRespaldoOffline`; and `GeminiConfiguracionInvalida` each time
Google rejects the key or the model (written at once, by the circuit breaker). Outside Lambda (`make dev`, tests) or
without `POWERTOOLS_METRICS_NAMESPACE` they are not emitted at all; `POWERTOOLS_METRICS_DISABLED=true` also
silences them.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

from agente_vendedor.core.settings import get_settings

log = logging.getLogger(__name__)

# Alarm metrics (service dimension only): their names are what template.yaml's alarms read.
MODEL_TURNS = "TurnosConModelo"
OFFLINE_FALLBACKS = "TurnosRespaldoOffline"
MODEL_CONFIGURATION_ERRORS = "GeminiConfiguracionInvalida"

_lock = threading.Lock()
_metrics: Metrics | None = None
_alarm_metrics: EphemeralMetrics | None = None


@dataclass(frozen=True)
class TurnFigures:
    """One answered turn, as the `mensajes` columns of the agent's answer hold it."""

    latencia_ms: int
    proveedor_llm: str
    exito: bool
    llm_llamadas: int = 0
    llm_fallos: int = 0
    tokens_entrada: int = 0
    tokens_salida: int = 0  # visible output and thinking tokens (both billed as output)

    def columns(self) -> dict[str, Any]:
        return asdict(self)


def measure(provider: Any, failures: int, started: float, *, helped: bool) -> TurnFigures:
    """The turn's figures so far: its latency since `started` (time.monotonic()), who answered, and what the model
    spent (`provider.usage`, kept by the Gemini provider; the offline engine has none)."""
    usage = getattr(provider, "usage", None)
    return TurnFigures(
        latencia_ms=int((time.monotonic() - started) * 1000),
        proveedor_llm=str(provider.answered_by),
        exito=helped,
        llm_llamadas=int(getattr(usage, "calls", 0)),
        llm_fallos=failures,
        tokens_entrada=int(getattr(usage, "prompt_tokens", 0)),
        tokens_salida=int(getattr(usage, "output_tokens", 0)) + int(getattr(usage, "thinking_tokens", 0)),
    )


def enabled() -> bool:
    """EMF only inside a Lambda function with a metrics namespace configured (and metrics not disabled)."""
    settings = get_settings()
    return bool(settings.metrics_namespace and settings.lambda_function_name) and not is_metrics_disabled()


def _instance() -> Metrics:
    global _metrics
    if _metrics is None:
        _metrics = Metrics(namespace=get_settings().metrics_namespace)
    return _metrics


def _alarm_instance() -> EphemeralMetrics:
    global _alarm_metrics
    if _alarm_metrics is None:
        _alarm_metrics = EphemeralMetrics(namespace=get_settings().metrics_namespace)
    return _alarm_metrics


def emit_turn(tipo: str, figures: TurnFigures, *, sale_total: int | None = None) -> None:
    """Add one turn's metrics (flushed by `flush()` at the end of the invocation). Never raises."""
    if not enabled():
        return
    try:
        with _lock:
            if get_settings().llm_enabled:
                fallback = int(figures.proveedor_llm != "gemini")
                _alarm_instance().add_metric(name=MODEL_TURNS, unit=MetricUnit.Count, value=1)
                _alarm_instance().add_metric(name=OFFLINE_FALLBACKS, unit=MetricUnit.Count, value=fallback)
            metrics = _instance()
            if metrics.metric_set:  # an earlier turn of this invocation: its own blob, with its own dimensions
                metrics.flush_metrics()
            metrics.add_dimension(name="tipo", value=tipo)
            metrics.add_dimension(name="proveedor", value=figures.proveedor_llm)
            metrics.add_metric(name="Turnos", unit=MetricUnit.Count, value=1)
            metrics.add_metric(name="TurnosExitosos", unit=MetricUnit.Count, value=int(figures.exito))
            metrics.add_metric(name="LatenciaTurno", unit=MetricUnit.Milliseconds, value=figures.latencia_ms)
            metrics.add_metric(name="LlamadasLLM", unit=MetricUnit.Count, value=figures.llm_llamadas)
            metrics.add_metric(name="FallosLLM", unit=MetricUnit.Count, value=figures.llm_fallos)
            metrics.add_metric(name="TokensEntrada", unit=MetricUnit.Count, value=figures.tokens_entrada)
            metrics.add_metric(name="TokensSalida", unit=MetricUnit.Count, value=figures.tokens_salida)
            if sale_total is not None:
                metrics.add_metric(name="VentasCerradas", unit=MetricUnit.Count, value=1)
                metrics.add_metric(name="VentasCOP", unit=MetricUnit.NoUnit, value=sale_total)
    except Exception:
        log.exception("could not record the turn's metrics")


def emit_model_configuration_error() -> None:
    """Google rejected the key or the model: one `GeminiConfiguracionInvalida`, written at once. Never raises."""
    if not enabled():
        return
    try:
        with _lock:
            metrics = EphemeralMetrics(namespace=get_settings().metrics_namespace)
            metrics.add_metric(name=MODEL_CONFIGURATION_ERRORS, unit=MetricUnit.Count, value=1)
            metrics.flush_metrics()
    except Exception:
        log.exception("could not record the model's configuration error")


def flush() -> None:
    """Write what this invocation recorded (one EMF JSON line per turn, one for the alarm metrics) to stdout.
    Never raises."""
    if not enabled():
        return
    try:
        with _lock:
            for metrics in (_metrics, _alarm_metrics):
                if metrics is not None and metrics.metric_set:
                    metrics.flush_metrics()
    except Exception:
        log.exception("could not flush the turn's metrics")

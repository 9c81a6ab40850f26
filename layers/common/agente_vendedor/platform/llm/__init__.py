"""LLM providers behind one interface: Gemini (google-genai, imported lazily) and the deterministic offline engine.

Per chat turn::

    llm = turn_provider(deadline=started + settings.turn_timeout_s - margin,
                        on_failure=lambda kind, detail: record_event(session, "llm_fallo", "agente", ...))
    plan = llm.plan(plan_request)        # the model's ModelTurnPlan, or None (offline, or the model failed)
    texto = llm.phrase(request)          # or: for piece in llm.stream_phrase(request)
    llm.usage                            # what the turn spent (Gemini only): calls, prompt/output/thinking tokens
    llm.answered_by                      # who wrote the reply: "gemini", or "offline" after a fallback

With Gemini enabled `llm` is a `FallbackProvider` (Gemini, then the offline answer on any failure or guard
rejection, and at once while the container's circuit breaker for the model is open: `model_breaker()`); otherwise
it is the offline provider itself. The offline path never imports google.genai.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from typing import TYPE_CHECKING

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.llm.base import LLMProvider
from agente_vendedor.platform.llm.circuit_breaker import CircuitBreaker, Failure, breaker, reset_breakers
from agente_vendedor.platform.llm.offline import OfflineProvider

if TYPE_CHECKING:
    from collections.abc import Callable

    from agente_vendedor.platform.llm.fallback import FailureHook, FallbackProvider


def provider_name() -> str:
    return "gemini" if get_settings().llm_enabled else "offline"


def model_breaker() -> CircuitBreaker:
    """The container's circuit breaker for the model (Gemini), shared by every request."""
    return breaker("gemini")


def get_provider() -> LLMProvider:
    """The container's provider (created once): Gemini behind the offline fallback, or the offline engine."""
    return _container_provider()


@lru_cache(maxsize=1)
def _container_provider() -> OfflineProvider | FallbackProvider:
    settings = get_settings()
    if not settings.llm_enabled:
        return OfflineProvider()
    from agente_vendedor.platform.llm.fallback import FallbackProvider
    from agente_vendedor.platform.llm.gemini import GeminiProvider

    return FallbackProvider(primary=GeminiProvider(settings), secondary=OfflineProvider(), breaker=model_breaker())


PROBE_INTERVAL_S = 60.0  # how often /health asks Google again, per container
_probe_lock = threading.Lock()
_last_probe: float | None = None


def probe_model(timeout_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
    """For `/health`: ask Google whether the key and the model work (one free countTokens request, at most once a
    minute per container). A rejected key or a retired model opens the model's breaker at once (and its alarm metric
    is written), so `/health` says why within one request even in a container that has not chatted yet; an accepted
    key closes a breaker that such a rejection had opened (the key was fixed or rotated). Anything else (a timeout, a
    5xx) changes nothing: the breaker judges from the turns. Never raises."""
    global _last_probe
    provider = _container_provider()
    if isinstance(provider, OfflineProvider):
        return
    with _probe_lock:
        now = clock()
        if _last_probe is not None and now - _last_probe < PROBE_INTERVAL_S:
            return
        _last_probe = now
    from agente_vendedor.platform.llm.gemini import GeminiProvider, LLMCallError

    if not isinstance(provider.primary, GeminiProvider):
        return
    model = model_breaker()
    try:
        provider.primary.check_model(timeout_s)
    except LLMCallError as error:
        if error.configuration_reason is not None:
            model.record_failure(Failure(error.kind, error.configuration_reason))
        return
    except Exception:  # never raises: /health reports, it does not fail
        return
    last = model.status().last_failure
    if last is not None and last.configuration:
        model.record_success()


def turn_provider(*, deadline: float | None = None, on_failure: FailureHook | None = None) -> LLMProvider:
    """The provider for one turn: the container's provider with this turn's time budget and failure hook."""
    provider = _container_provider()
    if isinstance(provider, OfflineProvider):
        return provider
    return provider.for_turn(deadline=deadline, on_failure=on_failure)


def warm_up() -> None:
    """Import the Gemini SDK ahead of the first turn (call during the Lambda init phase); no-op when offline."""
    if get_settings().llm_enabled:
        from agente_vendedor.platform.llm.gemini import warm_up as import_sdk

        import_sdk()


def reset_provider() -> None:
    """Forget the cached provider, the circuit breakers and the last probe (tests that change LLM settings)."""
    global _last_probe
    _container_provider.cache_clear()
    reset_breakers()
    _last_probe = None

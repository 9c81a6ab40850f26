"""A circuit breaker per remote dependency, shared by every request of the container (module-level, thread-safe).

- closed: calls go through; `failure_threshold` failures in a row open it.
- open: no call goes through (the caller answers without the dependency, at once) until the cooldown has passed.
  A configuration error (a rejected key, a retired model) opens it at once, for the longer configuration cooldown.
- half-open: once the cooldown has passed, one call (the probe) goes through while the others are still refused;
  its success closes the breaker, its failure opens it again.

A call that never reached the dependency (no time left in the turn) is neither a success nor a failure: `release`
only gives the probe back. `breaker(name)` is the container's breaker for a dependency, made from the settings.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from agente_vendedor.core.settings import Settings, get_settings

logger = logging.getLogger(__name__)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class Failure:
    """One failed call: a short code (e.g. `tiempo_agotado`), and for configuration errors the Spanish reason."""

    kind: str
    configuration_reason: str | None = None

    @property
    def configuration(self) -> bool:
        return self.configuration_reason is not None


@dataclass(frozen=True)
class BreakerStatus:
    name: str
    state: BreakerState
    consecutive_failures: int
    last_failure: Failure | None  # since the last success
    retry_in_s: float  # while open: seconds until a probe may go through (0 when one may)

    @property
    def degraded(self) -> bool:
        """Open or probing, or the last call failed for a reason that time alone will not fix."""
        configuration = self.last_failure is not None and self.last_failure.configuration
        return self.state is not BreakerState.CLOSED or configuration


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int = 3,
        cooldown_s: float = 30.0,
        configuration_cooldown_s: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.failure_threshold = max(1, failure_threshold)
        self.cooldown_s = cooldown_s
        self.configuration_cooldown_s = configuration_cooldown_s
        self.clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._last_failure: Failure | None = None
        self._open_until = 0.0
        self._probing = False

    @classmethod
    def from_settings(cls, name: str, settings: Settings) -> CircuitBreaker:
        return cls(
            name,
            failure_threshold=settings.breaker_failure_threshold,
            cooldown_s=settings.breaker_cooldown_s,
            configuration_cooldown_s=settings.breaker_configuration_cooldown_s,
        )

    def allow(self) -> bool:
        """Whether a call may go through now; a call allowed in half-open is the probe, and must be followed by
        `record_success`, `record_failure` or `release`."""
        with self._lock:
            if self._state is BreakerState.OPEN and self.clock() >= self._open_until:
                self._state = BreakerState.HALF_OPEN
                self._probing = False
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.HALF_OPEN and not self._probing:
                self._probing = True
                return True
            return False

    def would_allow(self) -> bool:
        """`allow` without taking the probe: whether a call could go through now."""
        with self._lock:
            if self._state is BreakerState.OPEN:
                return self.clock() >= self._open_until
            return self._state is BreakerState.CLOSED or not self._probing

    def record_success(self) -> None:
        with self._lock:
            if self._state is not BreakerState.CLOSED:
                logger.info("circuito %s: cerrado de nuevo (la dependencia respondió)", self.name)
            self._state = BreakerState.CLOSED
            self._failures = 0
            self._last_failure = None
            self._probing = False

    def record_failure(self, failure: Failure) -> None:
        with self._lock:
            self._failures += 1
            self._last_failure = failure
            probe_failed = self._state is BreakerState.HALF_OPEN
            if failure.configuration or probe_failed or self._failures >= self.failure_threshold:
                self._open(failure)
        if failure.configuration:
            from agente_vendedor.platform.turn_metrics import emit_model_configuration_error  # the alarm's metric

            emit_model_configuration_error()

    def release(self) -> None:
        """A call that did not reach the dependency: the probe may be tried again by the next caller."""
        with self._lock:
            self._probing = False

    def status(self) -> BreakerStatus:
        with self._lock:
            state = self._state
            retry_in_s = max(0.0, self._open_until - self.clock()) if state is BreakerState.OPEN else 0.0
            if state is BreakerState.OPEN and retry_in_s == 0.0:
                state = BreakerState.HALF_OPEN  # the next call will be the probe
            return BreakerStatus(self.name, state, self._failures, self._last_failure, retry_in_s)

    def _open(self, failure: Failure) -> None:
        cooldown = self.configuration_cooldown_s if failure.configuration else self.cooldown_s
        until = self.clock() + cooldown
        # a failure reported late by a call that started before the breaker opened never shortens the pause
        self._open_until = max(until, self._open_until) if self._state is BreakerState.OPEN else until
        if self._state is not BreakerState.OPEN:
            logger.warning(
                "circuito %s: abierto %.0f s tras %d fallo(s) seguidos (%s)", self.name, cooldown, self._failures,
                failure.kind,
            )  # fmt: skip
        self._state = BreakerState.OPEN
        self._probing = False


_registry_lock = threading.Lock()
_breakers: dict[str, CircuitBreaker] = {}


def breaker(name: str) -> CircuitBreaker:
    """The container's breaker for dependency `name` (made on first use from the settings)."""
    with _registry_lock:
        found = _breakers.get(name)
        if found is None:
            found = _breakers[name] = CircuitBreaker.from_settings(name, get_settings())
        return found


def reset_breakers() -> None:
    """Forget every breaker (tests that change settings or simulate a new container)."""
    with _registry_lock:
        _breakers.clear()

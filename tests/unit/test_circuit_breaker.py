"""The circuit breaker on its own: closed → open after N failures in a row (at once for a configuration error) →
half-open after the cooldown with exactly one probe → closed on its success, open again on its failure. Time is a
fake clock: nothing here waits or measures time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.llm.circuit_breaker import (
    BreakerState,
    CircuitBreaker,
    Failure,
    breaker,
    reset_breakers,
)

TIMEOUT = Failure("tiempo_agotado")
BAD_KEY = Failure("clave_invalida", "Google rechaza la clave de Gemini (API_KEY_INVALID)")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _breaker(clock: Clock, threshold: int = 3) -> CircuitBreaker:
    return CircuitBreaker(
        "gemini", failure_threshold=threshold, cooldown_s=30, configuration_cooldown_s=600, clock=clock
    )


def _fail(circuit: CircuitBreaker, failure: Failure = TIMEOUT, times: int = 1) -> None:
    for _ in range(times):
        assert circuit.allow()
        circuit.record_failure(failure)


def test_opens_after_the_threshold_of_failures_in_a_row(clock: Clock) -> None:
    circuit = _breaker(clock)
    _fail(circuit, times=2)
    assert circuit.status().state is BreakerState.CLOSED and circuit.allow()
    circuit.record_failure(TIMEOUT)
    status = circuit.status()
    assert status.state is BreakerState.OPEN and status.degraded
    assert (status.consecutive_failures, status.last_failure, status.retry_in_s) == (3, TIMEOUT, 30)
    assert not circuit.allow() and not circuit.would_allow()


def test_a_success_between_failures_keeps_it_closed(clock: Clock) -> None:
    circuit = _breaker(clock)
    for _ in range(5):
        _fail(circuit, times=2)
        assert circuit.allow()
        circuit.record_success()
    status = circuit.status()
    assert status.state is BreakerState.CLOSED and not status.degraded
    assert status.consecutive_failures == 0 and status.last_failure is None


def test_a_configuration_error_opens_it_at_once_for_longer(clock: Clock) -> None:
    circuit = _breaker(clock)
    _fail(circuit, BAD_KEY)
    assert circuit.status().state is BreakerState.OPEN and circuit.status().retry_in_s == 600
    clock.now += 31  # the ordinary cooldown is not enough
    assert not circuit.allow()
    clock.now += 600
    assert circuit.allow(), "after the configuration cooldown one probe goes through"


def test_half_open_lets_exactly_one_probe_through(clock: Clock) -> None:
    circuit = _breaker(clock)
    _fail(circuit, times=3)
    clock.now += 30
    assert circuit.status().state is BreakerState.HALF_OPEN and circuit.would_allow()
    assert circuit.allow()  # the probe
    assert not circuit.allow() and not circuit.allow() and not circuit.would_allow()
    circuit.record_success()
    assert circuit.status().state is BreakerState.CLOSED and not circuit.status().degraded
    assert all(circuit.allow() for _ in range(5))


def test_a_failed_probe_opens_it_again_for_a_whole_cooldown(clock: Clock) -> None:
    circuit = _breaker(clock)
    _fail(circuit, times=3)
    clock.now += 30
    _fail(circuit)  # the probe fails
    status = circuit.status()
    assert status.state is BreakerState.OPEN and status.retry_in_s == 30 and status.consecutive_failures == 4
    assert not circuit.allow()


def test_a_probe_that_never_reached_the_dependency_is_given_back(clock: Clock) -> None:
    circuit = _breaker(clock)
    _fail(circuit, times=3)
    clock.now += 30
    assert circuit.allow()
    circuit.release()  # e.g. no time left in the turn: no request was sent
    assert circuit.allow(), "the next caller may probe"
    assert circuit.status().consecutive_failures == 3


def test_a_configuration_error_stays_degraded_until_a_success(clock: Clock) -> None:
    circuit = _breaker(clock)
    _fail(circuit, BAD_KEY)
    clock.now += 600
    status = circuit.status()
    assert status.state is BreakerState.HALF_OPEN and status.degraded
    assert status.last_failure is not None and status.last_failure.configuration


def test_concurrent_failures_open_it_once_and_concurrent_probes_are_one(clock: Clock) -> None:
    circuit = _breaker(clock, threshold=3)
    all_started = threading.Barrier(16)

    def fail_once(_: int) -> None:
        assert circuit.allow()  # all 16 calls start while it is closed...
        all_started.wait()
        circuit.record_failure(TIMEOUT)  # ...and fail together

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(fail_once, range(16)))
    assert circuit.status().state is BreakerState.OPEN
    assert circuit.status().consecutive_failures == 16  # every call already let through is counted

    clock.now += 30
    start = threading.Barrier(16)

    def try_probe(_: int) -> bool:
        start.wait()
        return circuit.allow()

    with ThreadPoolExecutor(16) as pool:
        allowed = list(pool.map(try_probe, range(16)))
    assert allowed.count(True) == 1


def test_the_container_keeps_one_breaker_per_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BREAKER_FAILURE_THRESHOLD", "5")
    monkeypatch.setenv("BREAKER_COOLDOWN_S", "12")
    monkeypatch.setenv("BREAKER_CONFIGURATION_COOLDOWN_S", "900")
    get_settings.cache_clear()
    reset_breakers()
    try:
        gemini = breaker("gemini")
        assert breaker("gemini") is gemini and breaker("otro") is not gemini
        assert (gemini.failure_threshold, gemini.cooldown_s, gemini.configuration_cooldown_s) == (5, 12, 900)
        reset_breakers()
        assert breaker("gemini") is not gemini
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        reset_breakers()

"""idempotency.run_once: one run per (chat_id, key); repeats get the stored answer."""

from __future__ import annotations

import threading

import pytest

from agente_vendedor.realtime import idempotency
from agente_vendedor.schemas.chat import ChatResponse


def _answer(text: str = "respuesta") -> ChatResponse:
    return ChatResponse(chat_id="c1", respuesta=text, tipo_mensaje="contexto", metadatos={"latencia_ms": 1})


def test_second_call_returns_the_stored_answer(aws: None) -> None:
    calls: list[int] = []

    def compute() -> ChatResponse:
        calls.append(1)
        return _answer(f"respuesta {len(calls)}")

    first = idempotency.run_once("c1", "k1", "hola", compute)
    second = idempotency.run_once("c1", "k1", "hola", compute)
    assert (first.repetida, second.repetida) == (False, True)
    assert second.respuesta == first.respuesta
    assert len(calls) == 1
    assert idempotency.run_once("c2", "k1", "hola", compute).repetida is False  # keys are per chat


def test_reused_key_with_another_message_is_refused(aws: None) -> None:
    idempotency.run_once("c1", "k1", "hola", _answer)
    with pytest.raises(idempotency.IdempotencyKeyReusedError):
        idempotency.run_once("c1", "k1", "adiós", _answer)


def test_failure_releases_the_key(aws: None) -> None:
    def failing() -> ChatResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        idempotency.run_once("c1", "k1", "hola", failing)
    assert idempotency.run_once("c1", "k1", "hola", _answer).repetida is False


def test_a_repeat_during_the_first_run_waits_for_its_answer(aws: None) -> None:
    started, release = threading.Event(), threading.Event()

    def slow() -> ChatResponse:
        started.set()
        release.wait(10)
        return _answer("lenta")

    results: list[idempotency.TurnOutcome] = []
    first = threading.Thread(target=lambda: results.append(idempotency.run_once("c1", "k1", "hola", slow)))
    first.start()
    assert started.wait(10)
    with pytest.raises(idempotency.TurnInProgressError):
        idempotency.run_once("c1", "k1", "hola", _answer, wait_s=0.3)
    threading.Timer(0.3, release.set).start()
    repeat = idempotency.run_once("c1", "k1", "hola", _answer, wait_s=10)
    first.join(10)
    assert repeat.repetida and repeat.respuesta.respuesta == "lenta"
    assert results[0].repetida is False


def test_unreachable_table_is_service_unavailable(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from agente_vendedor.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "idempotency_table", "no-existe")
    with pytest.raises(idempotency.ServiceUnavailableError):
        idempotency.run_once("c1", "k1", "hola", _answer)

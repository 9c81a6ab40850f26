"""Gemini provider logic without a server: response checks, error mapping, retries within the budget."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from google.genai import errors, types

from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.gemini import (
    GeminiProvider,
    LLMCallError,
    call_error_from,
    check_finish,
    iterate_bounded,
    parse_structured,
    response_text,
    run_bounded,
)
from agente_vendedor.schemas.chat import ClassifyResponse

REQUEST = PhraseRequest(tipo="contexto", tono="formal", mensaje="horario", borrador="Atendemos de 8 a 5.")


def _response(payload: dict[str, Any]) -> types.GenerateContentResponse:
    return types.GenerateContentResponse.model_validate(payload)


def _candidate(text: str | None, finish: str | None = "STOP", thought: str | None = None) -> dict[str, Any]:
    parts = ([{"text": thought, "thought": True}] if thought else []) + ([{"text": text}] if text is not None else [])
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}}
    if finish:
        candidate["finish_reason"] = finish
    return {"candidates": [candidate]}


def test_visible_text_skips_thoughts() -> None:
    assert response_text(_response(_candidate("Hola.", thought="pensando..."))) == ("Hola.", "STOP")


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ({"prompt_feedback": {"block_reason": "SAFETY"}}, "bloqueo_seguridad"),
        ({"candidates": []}, "respuesta_vacia"),
        (_candidate(None, "SAFETY"), "bloqueo_seguridad"),
        (_candidate("", "MAX_TOKENS"), "respuesta_truncada"),
        (_candidate("Atendemos de", "MAX_TOKENS"), "respuesta_truncada"),
        (_candidate("   ", "STOP"), "respuesta_vacia"),
        (_candidate("algo", "OTHER"), "respuesta_incompleta"),
    ],
)
def test_unusable_responses_are_failures(payload: dict[str, Any], kind: str) -> None:
    def read() -> None:
        text, finish = response_text(_response(payload))
        check_finish(finish, text)

    with pytest.raises(LLMCallError) as caught:
        read()
    assert caught.value.kind == kind


def test_structured_output_is_validated() -> None:
    good = '{"tipo_mensaje": "venta", "confianza": 0.8, "entidades": {"cantidades": [3]}}'
    assert parse_structured(good, ClassifyResponse).entidades.cantidades == [3]
    assert parse_structured(f"```json\n{good}\n```", ClassifyResponse).tipo_mensaje == "venta"
    with pytest.raises(LLMCallError, match="json_invalido"):
        parse_structured('{"tipo_mensaje": "venta", ', ClassifyResponse)
    with pytest.raises(LLMCallError, match="esquema_invalido"):
        parse_structured('{"tipo_mensaje": "regalo", "confianza": 0.8, "entidades": {}}', ClassifyResponse)
    with pytest.raises(LLMCallError, match="esquema_invalido"):
        parse_structured('{"tipo_mensaje": "venta", "confianza": 7, "entidades": {}}', ClassifyResponse)


def _api_error(code: int, details: list[dict[str, Any]] | None = None) -> errors.APIError:
    body: dict[str, Any] = {"error": {"code": code, "message": "x", "status": "S"}}
    if details:
        body["error"]["details"] = details
    return errors.APIError(code, body)


def test_error_mapping() -> None:
    retry = [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.5s"}]
    limited = call_error_from(_api_error(429, retry))
    assert (limited.kind, limited.retriable, limited.retry_after_s) == ("limite_de_uso", True, 1.5)
    assert call_error_from(_api_error(503)).kind == "error_servidor"
    assert call_error_from(_api_error(503)).retriable
    assert call_error_from(_api_error(403)).kind == "autenticacion"
    assert not call_error_from(_api_error(400)).retriable
    assert call_error_from(httpx.ReadTimeout("t")).kind == "tiempo_agotado"
    assert call_error_from(httpx.ConnectError("c")).kind == "conexion"
    assert call_error_from(KeyError("k")).kind == "error_inesperado"


def test_configuration_errors_are_told_apart() -> None:
    key_info = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]
    bad_key = call_error_from(_api_error(400, key_info))
    assert (bad_key.kind, bad_key.retriable) == ("clave_invalida", False)
    assert bad_key.configuration_reason == "Google rechaza la clave de Gemini (API_KEY_INVALID)"
    retired = call_error_from(_api_error(404))
    assert retired.kind == "modelo_no_encontrado" and retired.configuration_reason is not None
    assert call_error_from(_api_error(403)).configuration_reason is not None
    other_400 = call_error_from(_api_error(400))  # a request we built wrong is not the key's fault
    assert other_400.kind == "error_peticion" and other_400.configuration_reason is None
    for passing in (_api_error(429), _api_error(500), httpx.ReadTimeout("t")):
        assert call_error_from(passing).configuration_reason is None


def test_a_body_that_is_not_json_is_json_invalido() -> None:
    with pytest.raises(json.JSONDecodeError) as cut:
        json.loads('{"candidates": [{"content": ')
    assert call_error_from(cut.value).kind == "json_invalido"
    assert call_error_from(errors.UnknownApiResponseError("Failed to parse response as JSON.")).kind == "json_invalido"


def test_an_unreadable_key_secret_is_an_ordinary_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from agente_vendedor.platform.llm import gemini

    def secrets_manager_down(settings: Settings) -> str:
        raise ConnectionError("secretsmanager")

    monkeypatch.setattr(gemini, "gemini_api_key", secrets_manager_down)
    provider = GeminiProvider(Settings(llm_provider="gemini", gemini_secret_arn="arn:aws:secretsmanager:x"))
    with pytest.raises(LLMCallError) as caught:
        provider._get_client()
    assert caught.value.kind == "secreto_no_disponible" and caught.value.configuration_reason is None


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class ScriptedGemini(GeminiProvider):
    """The real retry/budget logic around scripted attempt outcomes (no HTTP)."""

    def __init__(self, time_source: FakeTime, outcomes: list[str | LLMCallError]) -> None:
        super().__init__(
            Settings(llm_provider="gemini", google_api_key="k", llm_timeout_s=10.0),
            sleep=time_source.sleep,
            clock=time_source.clock,
            rng=random.Random(7),
        )
        self.time_source = time_source
        self.outcomes = outcomes
        self.timeouts: list[float] = []

    def _generate_text(self, prompt: Any, max_output_tokens: int, schema: Any, timeout_s: float, usage: Any) -> str:
        self.timeouts.append(timeout_s)
        self.time_source.now += 0.2
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, LLMCallError):
            raise outcome
        return outcome


def _provider(time_source: FakeTime, outcomes: list[str | LLMCallError]) -> ScriptedGemini:
    return ScriptedGemini(time_source, outcomes)


def test_retries_transient_errors_with_growing_backoff() -> None:
    clock = FakeTime()
    provider = _provider(
        clock, [LLMCallError("error_servidor", retriable=True), LLMCallError("conexion", retriable=True), "Bien."]
    )
    assert provider.phrase(REQUEST) == "Bien."
    assert len(clock.sleeps) == 2
    assert 0.2 <= clock.sleeps[0] <= 0.4 and 0.4 <= clock.sleeps[1] <= 0.8


def test_honours_retry_after() -> None:
    clock = FakeTime()
    provider = _provider(clock, [LLMCallError("limite_de_uso", retriable=True, retry_after_s=2.0), "Bien."])
    assert provider.phrase(REQUEST) == "Bien."
    assert clock.sleeps == [2.0]


def test_gives_up_when_the_wait_exceeds_the_budget() -> None:
    clock = FakeTime()
    provider = _provider(clock, [LLMCallError("limite_de_uso", retriable=True, retry_after_s=30.0), "nunca"])
    with pytest.raises(LLMCallError) as caught:
        provider.phrase(REQUEST)
    assert caught.value.kind == "limite_de_uso" and clock.sleeps == []


def test_non_retriable_errors_are_not_retried() -> None:
    clock = FakeTime()
    provider = _provider(clock, [LLMCallError("error_peticion", "400"), "nunca"])
    with pytest.raises(LLMCallError, match="error_peticion"):
        provider.phrase(REQUEST)
    assert clock.sleeps == []


def test_attempts_are_capped() -> None:
    clock = FakeTime()
    provider = _provider(clock, [LLMCallError("error_servidor", retriable=True) for _ in range(5)])
    with pytest.raises(LLMCallError) as caught:
        provider.phrase(REQUEST)
    assert caught.value.attempts == 3


def test_the_turn_deadline_bounds_each_attempt() -> None:
    clock = FakeTime()
    provider = _provider(clock, ["Bien."])
    provider.phrase(REQUEST, deadline=clock.now + 3.0)
    assert provider.timeouts == [pytest.approx(3.0)]
    with pytest.raises(LLMCallError, match="presupuesto_agotado"):
        provider.phrase(REQUEST, deadline=clock.now + 0.1)


def test_run_bounded_abandons_a_slow_call() -> None:
    import threading

    release = threading.Event()
    with pytest.raises(LLMCallError, match="tiempo_agotado"):
        run_bounded(lambda: release.wait(5), 0.05)
    release.set()
    assert run_bounded(lambda: 42, 1.0) == 42
    with pytest.raises(ZeroDivisionError):
        run_bounded(lambda: 1 / 0, 1.0)


def test_iterate_bounded_stops_at_the_deadline() -> None:
    import threading
    import time

    release = threading.Event()

    def slow() -> Iterator[int]:
        yield 1
        release.wait(5)
        yield 2

    got: list[int] = []

    def consume() -> None:
        got.extend(iterate_bounded(slow, time.monotonic() + 0.1, time.monotonic))

    with pytest.raises(LLMCallError, match="tiempo_agotado"):
        consume()
    release.set()
    assert got == [1]
    assert list(iterate_bounded(lambda: iter([1, 2, 3]), time.monotonic() + 1, time.monotonic)) == [1, 2, 3]


def test_iterate_bounded_gives_up_on_a_stream_that_stalls_once_started() -> None:
    import threading
    import time

    release = threading.Event()

    def stalls() -> Iterator[int]:
        yield 1
        release.wait(30)
        yield 2

    got: list[int] = []
    with pytest.raises(LLMCallError, match="stream_detenido") as raised:
        got.extend(iterate_bounded(stalls, time.monotonic() + 30, time.monotonic, idle_s=0.05))
    release.set()
    assert got == [1] and raised.value.retriable

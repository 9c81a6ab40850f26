"""Gemini faults through the whole chat (real PostgreSQL, moto DynamoDB, the real google-genai SDK against the fake
Gemini server in one of its fault modes): the customer always gets the Spanish offline answer with
`proveedor_llm: "offline"` and `llm_respaldo: true`; the container's circuit breaker opens after 3 failed calls (at
once for a rejected key or a retired model), after which turns make no request to the model (counted on the fake
server, never timed); `/health` says the model is degraded and why; one successful probe after the cooldown brings
the model back. `/health` also asks Google for real (one countTokens request, at most once a minute per container):
a rejected key or a retired model shows there within one request, in a container that has not chatted yet, and a key
fixed in its secret (moto Secrets Manager) is read again past the secret cache and closes the breaker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from agente_vendedor.core.settings import get_settings
from agente_vendedor.ops.health import check_llm
from agente_vendedor.platform import llm
from agente_vendedor.platform.llm.circuit_breaker import BreakerState
from tests.conftest import STAFF, aws_from_template
from tests.fake_gemini.server import FAULTS, FakeGemini, FakeReply, RecordedRequest, default_replier
from tests.integration.chat_setup import chat_client  # noqa: F401 - fixture
from tests.integration.gemini_setup import fake_gemini_settings

pytestmark = pytest.mark.integration

QUESTION = "¿cuánto vale el casco dieléctrico azul?"  # the rules are sure of it: one model call per turn (phrasing)
PRICE = "$49.000"  # T-CAB-001, from the database: in the offline answer whatever the model does
THRESHOLD = 3
CONFIGURATION_FAULTS = {"clave_invalida": "clave de Gemini", "modelo_retirado": "modelo de Gemini"}


@pytest.fixture
def gemini(fake: FakeGemini, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    yield from fake_gemini_settings(
        fake,
        monkeypatch,
        LLM_TIMEOUT_S="1.0",  # a hung model costs one second per call, not ten
        BREAKER_FAILURE_THRESHOLD=str(THRESHOLD),
        BREAKER_COOLDOWN_S="3600",  # stays open for the whole test unless its clock is moved
    )


class Customer:
    """One conversation over HTTP, sending the chat token back once the first answer gives one."""

    def __init__(self, client: TestClient, chat_id: str) -> None:
        self.client = client
        self.chat_id = chat_id
        self.headers: dict[str, str] = {}

    def say(self, mensaje: str = QUESTION) -> dict[str, Any]:
        response = self.client.post(
            "/chat/texto", json={"chat_id": self.chat_id, "mensaje": mensaje}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body.get("chat_token"):
            self.headers = {"X-Chat-Token": body["chat_token"]}
        return body


def _assert_offline_answer(body: dict[str, Any]) -> None:
    assert PRICE in body["respuesta"], body["respuesta"]
    assert body["tipo_mensaje"] == "inventario"
    assert body["metadatos"]["proveedor_llm"] == "offline"
    assert body["metadatos"]["llm_respaldo"] is True


def _model_requests(server: FakeGemini) -> int:
    return len(server.generation_requests())


def test_a_healthy_model_answers_and_says_so(gemini: FakeGemini, chat_client: TestClient) -> None:  # noqa: F811
    body = Customer(chat_client, "falla-ninguna").say()
    assert body["metadatos"]["proveedor_llm"] == "gemini" and "llm_respaldo" not in body["metadatos"]
    assert PRICE in body["respuesta"] and _model_requests(gemini) == 1
    assert chat_client.get("/health").json()["componentes"]["llm"] == "ok"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_falls_back_opens_the_breaker_and_stops_calling_the_model(
    fault: str,
    gemini: FakeGemini,
    chat_client: TestClient,  # noqa: F811
) -> None:
    gemini.fail_with(fault)
    customer = Customer(chat_client, f"falla-{fault}")
    failing_turns = 1 if fault in CONFIGURATION_FAULTS else THRESHOLD
    requests_per_turn = []
    for _ in range(failing_turns):
        before = _model_requests(gemini)
        _assert_offline_answer(customer.say())
        requests_per_turn.append(_model_requests(gemini) - before)
    assert all(count >= 1 for count in requests_per_turn), f"each failing turn asked the model: {requests_per_turn}"
    status = llm.model_breaker().status()
    assert status.state is BreakerState.OPEN and status.consecutive_failures == failing_turns

    sent = _model_requests(gemini)
    for _ in range(3):
        _assert_offline_answer(customer.say())
    assert _model_requests(gemini) == sent, "turns made model requests while the breaker was open"

    health = chat_client.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded"
    assert body["componentes"]["llm"].startswith("degradado: ")
    assert "motor offline" in body["componentes"]["llm"]
    if fault in CONFIGURATION_FAULTS:
        assert CONFIGURATION_FAULTS[fault] in body["componentes"]["llm"]
    else:
        assert f"Gemini falló {THRESHOLD} veces seguidas" in body["componentes"]["llm"]
    assert {name: value for name, value in body["componentes"].items() if name != "llm"} == {
        "db": "ok",
        "sesiones": "ok",
        "almacenamiento": "ok",
    }
    events = chat_client.get("/logs/", params={"tipo": "llm_fallo"}, headers=STAFF).json()["items"]
    assert len(events) >= failing_turns, "every failed model call is audited"

    history = chat_client.get(f"/chat/historial/{customer.chat_id}", headers=customer.headers).json()["mensajes"]
    assert [m["rol"] for m in history] == ["cliente", "agente"] * (failing_turns + 3), "every turn stored once"


def test_one_probe_after_the_cooldown_brings_the_model_back(gemini: FakeGemini, chat_client: TestClient) -> None:  # noqa: F811
    gemini.fail_with("error_500")
    customer = Customer(chat_client, "falla-recupera")
    for _ in range(THRESHOLD):
        customer.say()
    breaker = llm.model_breaker()
    assert breaker.status().state is BreakerState.OPEN
    opened_at = breaker.clock()
    breaker.clock = lambda: opened_at + 3600  # the cooldown is over

    sent = _model_requests(gemini)
    _assert_offline_answer(customer.say())  # the probe fails (still 500): open again
    assert breaker.status().state is BreakerState.OPEN
    probe_requests = _model_requests(gemini) - sent
    assert probe_requests >= 1
    customer.say()
    assert _model_requests(gemini) == sent + probe_requests, "one probe, then silence again"

    gemini.fail_with(None)
    breaker.clock = lambda: opened_at + 2 * 3600 + 1
    body = customer.say()  # the probe succeeds
    assert body["metadatos"]["proveedor_llm"] == "gemini" and "llm_respaldo" not in body["metadatos"]
    assert breaker.status().state is BreakerState.CLOSED
    assert chat_client.get("/health").json() == {
        "status": "ok",
        "componentes": {"db": "ok", "sesiones": "ok", "almacenamiento": "ok", "llm": "ok"},
    }


def test_while_half_open_concurrent_turns_send_a_single_probe(gemini: FakeGemini) -> None:
    """Many requests of the container at once, the model hanging: only one of them waits for it."""
    from agente_vendedor.platform.llm.base import PhraseRequest

    gemini.fail_with("colgado")
    breaker = llm.model_breaker()
    request = PhraseRequest(tipo="inventario", tono="amigable", mensaje=QUESTION, borrador=f"Vale {PRICE}.")
    for _ in range(THRESHOLD):
        assert llm.turn_provider().phrase(request) == f"Vale {PRICE}."
    assert breaker.status().state is BreakerState.OPEN and _model_requests(gemini) == THRESHOLD
    opened_at = breaker.clock()
    breaker.clock = lambda: opened_at + 3600

    start = threading.Barrier(8)
    answers: list[tuple[str, str]] = []

    def turn() -> None:
        provider = llm.turn_provider()
        start.wait()
        answers.append((provider.phrase(request), provider.answered_by))

    threads = [threading.Thread(target=turn) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [(f"Vale {PRICE}.", "offline")] * 8
    assert _model_requests(gemini) == THRESHOLD + 1, "exactly one probe reached the model"
    assert breaker.status().state is BreakerState.OPEN


# -- /health asks the model ---------------------------------------------------------------------------------------

SAYS = {
    "clave_invalida": "Google rechaza la clave de Gemini (API_KEY_INVALID)",
    "modelo_retirado": "el modelo de Gemini configurado no existe o fue retirado",
}
GOOD_KEY = "clave-nueva"


def probes(server: FakeGemini) -> list[RecordedRequest]:
    return [request for request in server.requests if request.method == "countTokens"]


@pytest.mark.parametrize("fault", list(SAYS))
def test_a_rejected_key_or_a_retired_model_shows_in_the_first_health_request(
    fault: str,
    gemini: FakeGemini,
    chat_client: TestClient,  # noqa: F811
) -> None:
    gemini.fail_with(fault)
    health = chat_client.get("/health").json()
    assert health["status"] == "degraded"
    assert health["componentes"]["llm"].startswith(f"degradado: {SAYS[fault]}")
    assert len(probes(gemini)) == 1 and not gemini.generation_requests()
    assert llm.model_breaker().status().state is BreakerState.OPEN, "turns go offline at once, no call wasted"
    chat_client.get("/health")
    assert len(probes(gemini)) == 1, "asked once a minute per container, not per health request"


def test_a_healthy_model_is_asked_and_says_ok(gemini: FakeGemini, chat_client: TestClient) -> None:  # noqa: F811
    assert chat_client.get("/health").json()["componentes"]["llm"] == "ok"
    [probe] = probes(gemini)
    assert probe.model == get_settings().gemini_model and probe.headers["x-goog-api-key"] == "clave-de-prueba"


def test_a_model_that_does_not_answer_leaves_the_judgement_to_the_breaker(gemini: FakeGemini) -> None:
    gemini.fail_with("error_500")
    assert check_llm() == "ok", "one failed probe is not an outage"
    assert llm.model_breaker().status().state is BreakerState.CLOSED


def test_a_key_fixed_in_its_secret_is_read_again_and_closes_the_breaker(
    gemini: FakeGemini, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aws_lambda_powertools.utilities import parameters

    def only_the_new_key(request: RecordedRequest) -> FakeReply:
        if request.headers.get("x-goog-api-key") != GOOD_KEY:
            return FakeReply.api_key_invalid()
        return default_replier(request)

    monkeypatch.setattr(gemini, "replier", only_the_new_key)  # given back after the test
    with aws_from_template("GOOGLE_API_KEY"):
        parameters.clear_caches()
        secrets = boto3.client("secretsmanager")
        arn = secrets.create_secret(Name="gemini-key", SecretString="clave-vieja")["ARN"]
        monkeypatch.setenv("GEMINI_SECRET_ARN", arn)
        get_settings.cache_clear()
        llm.reset_provider()
        assert check_llm().startswith(f"degradado: {SAYS['clave_invalida']}")
        secrets.put_secret_value(SecretId=arn, SecretString=GOOD_KEY)  # within the minute the secret is cached
        llm.probe_model(2.0, clock=lambda: float("inf"))  # the next probe, a minute later
        assert llm.model_breaker().status().state is BreakerState.CLOSED
        assert check_llm() == "ok"
        assert [p.headers["x-goog-api-key"] for p in probes(gemini)] == ["clave-vieja", GOOD_KEY]
        parameters.clear_caches()

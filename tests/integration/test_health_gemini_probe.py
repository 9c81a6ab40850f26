"""`/health` asks Google for real (one countTokens request to the fake Gemini server, through the real SDK): a rejected
key (400 API_KEY_INVALID) or a retired model (404) makes it degraded within one request, in a container that has not
chatted yet; Google is asked at most once a minute per container; and a key fixed in its secret (moto Secrets Manager)
is read again past the secret cache and closes the breaker at the next probe."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from fastapi.testclient import TestClient

from agente_vendedor.core.settings import get_settings
from agente_vendedor.ops.health import check_llm
from agente_vendedor.platform import llm
from agente_vendedor.platform.llm.circuit_breaker import BreakerState
from tests.conftest import aws_from_template
from tests.fake_gemini.server import FakeGemini, FakeReply, RecordedRequest, default_replier
from tests.integration.chat_setup import chat_client  # noqa: F401 - fixture

pytestmark = pytest.mark.integration

SAYS = {
    "clave_invalida": "Google rechaza la clave de Gemini (API_KEY_INVALID)",
    "modelo_retirado": "el modelo de Gemini configurado no existe o fue retirado",
}
GOOD_KEY = "clave-nueva"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGemini]:
    with FakeGemini() as server:
        yield server


@pytest.fixture
def gemini(fake: FakeGemini, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    fake.reset()
    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("GOOGLE_API_KEY", "clave-de-prueba")
    monkeypatch.setenv("GEMINI_BASE_URL", fake.base_url)
    monkeypatch.setenv("LLM_TIMEOUT_S", "2.0")
    get_settings.cache_clear()
    llm.reset_provider()
    yield fake
    fake.reset()
    fake.replier = default_replier
    get_settings.cache_clear()
    llm.reset_provider()


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

    gemini.replier = only_the_new_key
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

"""Through the API: an anonymous chat turn never reaches Secrets Manager, even while it fails; a staff request
during the outage is a Spanish 503, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import chat_client

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]


@pytest.fixture
def secrets_manager_down(chat_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The staff token only in Secrets Manager, which fails every read; returns the ARNs read."""
    from aws_lambda_powertools.utilities import parameters
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    from agente_vendedor.core.settings import get_settings

    reads: list[str] = []

    def failing(arn: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(arn)
        raise GetParameterError("ThrottlingException: Rate exceeded")

    monkeypatch.setattr(parameters, "get_secret", failing)
    monkeypatch.setenv("AGENTE_ADMIN_TOKEN", "")
    monkeypatch.setenv("ADMIN_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:admin")
    get_settings.cache_clear()
    return reads


def test_an_anonymous_chat_turn_never_reads_the_staff_secret(
    chat_client: TestClient, secrets_manager_down: list[str]
) -> None:
    first = chat_client.post("/chat/texto", json={"chat_id": "anonimo-1", "mensaje": "¿tienen cascos?"})
    assert first.status_code == 200, first.text
    token = {"X-Chat-Token": first.json()["chat_token"]} if first.json().get("chat_token") else {}
    again = chat_client.post("/chat/texto", json={"chat_id": "anonimo-1", "mensaje": "y guantes?"}, headers=token)
    assert again.status_code == 200, again.text
    assert chat_client.get("/chat/historial/anonimo-1", headers=token).status_code == 200
    assert chat_client.get("/productos/").status_code == 200
    assert secrets_manager_down == []


def test_a_staff_request_while_secrets_manager_fails_is_a_spanish_503(
    chat_client: TestClient, secrets_manager_down: list[str]
) -> None:
    staff = {"Authorization": "Bearer un-token"}
    listing = chat_client.get("/clientes/", headers=staff)
    assert listing.status_code == 503
    assert listing.json()["detail"].startswith("No se pudo verificar la credencial")
    turn = chat_client.post("/chat/texto", json={"chat_id": "staff-1", "mensaje": "hola"}, headers=staff)
    assert turn.status_code == 503 and "credencial" in turn.json()["detail"]
    assert len(secrets_manager_down) == 2


def test_a_gemini_key_that_cannot_be_read_leaves_the_chat_on_the_offline_engine(
    chat_client: TestClient, secrets_manager_down: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.platform.llm import reset_provider
    from agente_vendedor.search import embeddings

    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("GEMINI_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:gemini")
    get_settings.cache_clear()
    reset_provider()
    monkeypatch.setattr(embeddings, "_default", [])
    try:
        turn = chat_client.post("/chat/texto", json={"chat_id": "sin-clave-1", "mensaje": "¿tienen cascos?"})
        assert turn.status_code == 200, turn.text
        assert turn.json()["respuesta"] and turn.json()["productos"]
        assert secrets_manager_down and all(arn.endswith(":gemini") for arn in secrets_manager_down)
    finally:
        reset_provider()

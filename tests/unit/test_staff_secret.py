"""The staff secret is read only for callers that present a token; Secrets Manager failing is a 503, never a 500,
and never reached by anonymous callers. The Gemini key failing to load falls back to the offline engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from agente_vendedor.core.errors import ServiceUnavailableError
from tests.conftest import reset_caches

SECRET_ARN_NAME = "agente/admin-token"


class SecretReads:
    """Counts Powertools' Secrets Manager reads (moto underneath)."""

    def __init__(self) -> None:
        self.arns: list[str] = []


@pytest.fixture
def secrets_manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, SecretReads]]:
    """Moto's Secrets Manager, the staff token only there (no AGENTE_ADMIN_TOKEN), every read counted."""
    from aws_lambda_powertools.utilities import parameters
    from aws_lambda_powertools.utilities.parameters.base import clear_caches

    reads = SecretReads()
    real_get_secret = parameters.get_secret

    def counted(arn: str, *args: Any, **kwargs: Any) -> Any:
        reads.arns.append(arn)
        return real_get_secret(arn, *args, **kwargs)

    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        monkeypatch.setattr(parameters, "get_secret", counted)
        monkeypatch.setenv("AGENTE_ADMIN_TOKEN", "")
        monkeypatch.setenv("ADMIN_TOKEN_SECRET_ARN", SECRET_ARN_NAME)
        clear_caches()
        reset_caches()
        yield client, reads
        clear_caches()
    monkeypatch.undo()
    reset_caches()


def test_anonymous_callers_never_read_the_secret_even_when_secrets_manager_fails(
    secrets_manager: tuple[Any, SecretReads],
) -> None:
    from agente_vendedor.platform.auth import bearer_token, is_admin_token

    _, reads = secrets_manager  # no secret stored: every read would fail
    assert is_admin_token(None) is False
    assert is_admin_token("") is False
    assert is_admin_token(bearer_token("Basic abc")) is False
    assert reads.arns == []


def test_a_presented_token_is_checked_against_secrets_manager(secrets_manager: tuple[Any, SecretReads]) -> None:
    from agente_vendedor.platform.auth import is_admin_token

    client, reads = secrets_manager
    client.create_secret(Name=SECRET_ARN_NAME, SecretString="token-de-aws\n")
    assert is_admin_token("token-de-aws") is True
    assert is_admin_token("otro") is False
    assert reads.arns == [SECRET_ARN_NAME, SECRET_ARN_NAME]


def test_secrets_manager_failing_on_a_staff_request_is_a_spanish_503(secrets_manager: tuple[Any, SecretReads]) -> None:
    from agente_vendedor.platform.auth import is_admin_token
    from agente_vendedor.platform.secrets import SecretUnavailableError

    with pytest.raises(SecretUnavailableError) as raised:
        is_admin_token("cualquiera")
    assert isinstance(raised.value, ServiceUnavailableError) and raised.value.http_status == 503
    assert raised.value.message.startswith("No se pudo verificar la credencial")


def test_a_websocket_connect_with_a_token_and_secrets_manager_down_is_a_503(
    secrets_manager: tuple[Any, SecretReads],
) -> None:
    from agente_vendedor.platform.secrets import SecretUnavailableError
    from agente_vendedor.realtime.admission import open_connection

    with pytest.raises(SecretUnavailableError):
        open_connection("conn-1", "chat-1", "token-de-personal")


def test_a_gemini_key_that_cannot_be_read_falls_back_to_the_offline_engine(
    secrets_manager: tuple[Any, SecretReads], monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.platform.llm.base import PhraseRequest
    from agente_vendedor.platform.llm.fallback import FallbackProvider
    from agente_vendedor.platform.llm.gemini import GeminiProvider
    from agente_vendedor.platform.llm.offline import OfflineProvider

    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("GEMINI_SECRET_ARN", "agente/gemini")  # not stored: Secrets Manager answers "not found"
    get_settings.cache_clear()
    provider = FallbackProvider(primary=GeminiProvider(get_settings(), max_attempts=1), secondary=OfflineProvider())
    request = PhraseRequest(tipo="inventario", tono="amigable", mensaje="hola", borrador="Hola, ¿en qué te ayudo?")
    assert provider.phrase(request) == "Hola, ¿en qué te ayudo?"
    assert "".join(provider.stream_phrase(request)) == "Hola, ¿en qué te ayudo?"
    assert provider.fell_back
    _, reads = secrets_manager
    assert "agente/gemini" in reads.arns


def test_semantic_search_skips_a_gemini_key_that_cannot_be_read_and_tries_again_later(
    secrets_manager: tuple[Any, SecretReads], monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.search import embeddings

    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("GEMINI_SECRET_ARN", "agente/gemini")
    get_settings.cache_clear()
    monkeypatch.setattr(embeddings, "_default", [])
    assert embeddings.current_embedder() is None  # Secrets Manager has no such secret: no embedder, no error
    client, reads = secrets_manager
    client.create_secret(Name="agente/gemini", SecretString="clave-gemini")
    assert embeddings.current_embedder() is not None
    assert reads.arns.count("agente/gemini") == 2

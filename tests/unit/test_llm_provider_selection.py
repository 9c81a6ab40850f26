"""get_provider()/turn_provider(): offline unless Gemini is enabled; the offline path never imports google.genai."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform import llm
from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.fallback import FallbackProvider
from agente_vendedor.platform.llm.offline import OfflineProvider


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    llm.reset_provider()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()
    llm.reset_provider()


def test_offline_by_default_in_tests(fresh: pytest.MonkeyPatch) -> None:
    fresh.setenv("LLM_PROVIDER", "offline")
    assert isinstance(llm.get_provider(), OfflineProvider)
    assert llm.get_provider() is llm.get_provider()
    assert llm.turn_provider(deadline=1.0, on_failure=lambda k, d: None) is llm.get_provider()
    assert llm.provider_name() == "offline"


def test_auto_without_key_is_offline(fresh: pytest.MonkeyPatch) -> None:
    fresh.setenv("LLM_PROVIDER", "auto")
    fresh.delenv("GOOGLE_API_KEY", raising=False)
    fresh.delenv("GEMINI_SECRET_ARN", raising=False)
    assert isinstance(llm.get_provider(), OfflineProvider)


@pytest.mark.parametrize(("mode", "key"), [("gemini", None), ("auto", "clave-de-prueba")])
def test_gemini_behind_the_fallback(fresh: pytest.MonkeyPatch, mode: str, key: str | None) -> None:
    fresh.setenv("LLM_PROVIDER", mode)
    if key:
        fresh.setenv("GOOGLE_API_KEY", key)
    provider = llm.get_provider()
    assert isinstance(provider, FallbackProvider)
    assert provider.name == "gemini" and llm.provider_name() == "gemini"
    turn = llm.turn_provider(deadline=5.0)
    assert isinstance(turn, FallbackProvider) and turn is not provider
    assert turn.deadline == 5.0 and turn.primary is provider.primary


def test_gemini_without_any_key_still_answers(fresh: pytest.MonkeyPatch) -> None:
    """LLM_PROVIDER=gemini with no key: the call fails before any network use and the draft is returned."""
    fresh.setenv("LLM_PROVIDER", "gemini")
    fresh.delenv("GOOGLE_API_KEY", raising=False)
    fresh.delenv("GEMINI_SECRET_ARN", raising=False)
    failures: list[tuple[str, str]] = []
    turn = llm.turn_provider(on_failure=lambda kind, detail: failures.append((kind, detail)))
    request = PhraseRequest(tipo="contexto", tono="formal", mensaje="horario", borrador="Atendemos de 8 a 5.")
    assert turn.phrase(request) == "Atendemos de 8 a 5."
    assert failures and failures[0][0] == "configuracion"


def test_offline_path_never_imports_the_sdk() -> None:
    code = (
        "import sys\n"
        "from agente_vendedor.platform.llm import get_provider, turn_provider, warm_up\n"
        "from agente_vendedor.platform.llm.base import PhraseRequest\n"
        "r = PhraseRequest(tipo='inventario', tono='amigable', mensaje='hola', borrador='Hola. ¿Qué busca?')\n"
        "warm_up()\n"
        "assert get_provider().phrase(r) == 'Hola. ¿Qué busca?'\n"
        "assert ''.join(turn_provider().stream_phrase(r)) == 'Hola. ¿Qué busca?'\n"
        "assert not [m for m in sys.modules if m.startswith('google.genai')], 'google.genai imported'\n"
    )
    env = {**os.environ, "LLM_PROVIDER": "offline"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr

"""The app's model pointed at the fake Gemini server, for the integration tests' fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform import llm
from tests.fake_gemini.server import FakeGemini


def fake_gemini_settings(fake: FakeGemini, monkeypatch: pytest.MonkeyPatch, **env: str) -> Iterator[FakeGemini]:
    """The app's model is the fake Gemini server (the real REST format) while the caller's fixture lasts; `env` adds
    settings (LLM_TIMEOUT_S="1.0"...)."""
    fake.reset()
    for name, value in {
        "LLM_PROVIDER": "gemini", "GOOGLE_API_KEY": "clave-de-prueba", "GEMINI_BASE_URL": fake.base_url, **env
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    llm.reset_provider()
    yield fake
    fake.reset()
    get_settings.cache_clear()
    llm.reset_provider()

"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform import llm
from tests.conftest import reset_caches
from tests.fake_gemini.server import FakeGemini


@pytest.fixture
def local_exports(db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "exports"
    for name, value in {
        "STORAGE_BACKEND": "local",
        "LOCAL_EXPORTS_DIR": str(directory),
        "LOCAL_PUBLIC_URL": "http://testserver",
    }.items():
        monkeypatch.setenv(name, value)
    reset_caches()
    yield directory
    monkeypatch.undo()
    reset_caches()


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGemini]:
    with FakeGemini() as server:
        yield server


@pytest.fixture
def gemini(fake: FakeGemini, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    """The app's model is the fake Gemini server (the real REST format), for one test."""
    fake.reset()
    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("GOOGLE_API_KEY", "clave-de-prueba")
    monkeypatch.setenv("GEMINI_BASE_URL", fake.base_url)
    get_settings.cache_clear()
    llm.reset_provider()
    yield fake
    get_settings.cache_clear()
    llm.reset_provider()

"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import reset_caches
from tests.fake_gemini.server import FakeGemini
from tests.integration.gemini_setup import fake_gemini_settings


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
    import google.genai  # noqa: F401 - the SDK imported once, outside the tests' time

    with FakeGemini() as server:
        yield server


@pytest.fixture
def gemini(fake: FakeGemini, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    yield from fake_gemini_settings(fake, monkeypatch)

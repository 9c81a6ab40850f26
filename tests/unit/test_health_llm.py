from __future__ import annotations

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.ops.health import check_llm


@pytest.mark.parametrize(
    ("provider", "key", "expected"),
    [("offline", None, "ok"), ("auto", None, "ok"), ("gemini", None, "sin_clave"), ("gemini", "clave", "ok")],
)
def test_llm_component_reports_a_missing_gemini_key(
    monkeypatch: pytest.MonkeyPatch, provider: str, key: str | None, expected: str
) -> None:
    monkeypatch.setenv("LLM_PROVIDER", provider)
    monkeypatch.delenv("GEMINI_SECRET_ARN", raising=False)
    if key:
        monkeypatch.setenv("GOOGLE_API_KEY", key)
    else:
        monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    get_settings.cache_clear()
    try:
        assert check_llm() == expected
    finally:
        get_settings.cache_clear()

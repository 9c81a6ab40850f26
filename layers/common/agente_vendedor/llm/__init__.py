"""LLM providers behind one interface: Gemini (google-genai, imported lazily) and the deterministic offline engine."""

from __future__ import annotations

from agente_vendedor.settings import get_settings


def provider_name() -> str:
    return "gemini" if get_settings().llm_enabled else "offline"

"""What a chat client keeps (contract §2): each conversation's `chat_token`, sent back as `X-Chat-Token`.

A stale token (kept from an earlier test's conversation with the same chat_id) is harmless: a chat_id nobody has
started ignores it and hands out a new one.
"""

from __future__ import annotations

from typing import Any

_TOKENS: dict[str, str] = {}


def chat_headers(chat_id: str, headers: dict[str, str] | None = None) -> dict[str, str]:
    token = _TOKENS.get(chat_id)
    return {**(headers or {}), **({"X-Chat-Token": token} if token else {})}


def keep_token(chat_id: str, response: Any) -> Any:
    """Remember the token a successful chat answer carries; returns the response unchanged."""
    if response.status_code == 200:
        remember(chat_id, response.json().get("chat_token"))
    return response


def remember(chat_id: str, token: str | None) -> None:
    if token:
        _TOKENS[chat_id] = token


def token_of(chat_id: str) -> str | None:
    return _TOKENS.get(chat_id)

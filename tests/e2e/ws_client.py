"""A small client for the chat WebSocket protocol (contract §5), for the end-to-end tests and the benchmark."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from websockets.asyncio.client import ClientConnection, connect

from tests.chat_tokens import remember, token_of

TURN_TIMEOUT_S = 30.0


def chat_url(ws_url: str, chat_id: str, token: str | None = None) -> str:
    """The connect URL: staff `token` if given, and the conversation's `chat_token` once a turn has returned it."""
    query = {"chat_id": chat_id} | ({"token": token} if token is not None else {})
    chat_token = token_of(chat_id)
    if chat_token:
        query["chat_token"] = chat_token
    return f"{ws_url}?{urlencode(query)}"


@dataclass
class Turn:
    """Every event one message produced, in arrival order, and when the first chunk and the end arrived."""

    message_id: str
    events: list[dict[str, Any]] = field(default_factory=list)
    first_chunk_s: float | None = None
    total_s: float | None = None

    @property
    def types(self) -> list[str]:
        return [event["type"] for event in self.events]

    @property
    def end(self) -> dict[str, Any]:
        return next(event for event in self.events if event["type"] in ("response_end", "error"))

    @property
    def streamed_text(self) -> str:
        return "".join(event["content"] for event in self.events if event["type"] == "response_chunk")

    def compact_types(self) -> list[str]:
        """Types with runs of response_chunk collapsed into one."""
        collapsed: list[str] = []
        for kind in self.types:
            if not (kind == "response_chunk" and collapsed and collapsed[-1] == kind):
                collapsed.append(kind)
        return collapsed


async def receive_event(ws: ClientConnection, timeout_s: float = TURN_TIMEOUT_S) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout_s))
    return event


async def send_message(
    ws: ClientConnection,
    mensaje: str,
    *,
    message_id: str | None = None,
    tono: str = "amigable",
    timeout_s: float = TURN_TIMEOUT_S,
    on_event: Callable[[dict[str, Any]], None] | None = None,
) -> Turn:
    """Send a `message` frame and collect its events until `response_end` (or `error`); `on_event` is told of each
    one as it arrives (tests that check what had happened elsewhere by then)."""
    turn = Turn(message_id or uuid.uuid4().hex)
    started = time.perf_counter()
    await ws.send(json.dumps({"type": "message", "mensaje": mensaje, "tono": tono, "message_id": turn.message_id}))
    deadline = started + timeout_s
    while True:
        event = await receive_event(ws, max(0.1, deadline - time.perf_counter()))
        if event.get("message_id") != turn.message_id:
            continue  # e.g. an `asesor` push
        turn.events.append(event)
        if on_event is not None:
            on_event(event)
        if event["type"] == "response_chunk" and turn.first_chunk_s is None:
            turn.first_chunk_s = time.perf_counter() - started
        if event["type"] in ("response_end", "error"):
            turn.total_s = time.perf_counter() - started
            remember(event["chat_id"], event.get("chat_token"))
            return turn


async def ping(ws: ClientConnection) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "ping"}))
    return await receive_event(ws)


async def open_chat(ws_url: str, chat_id: str, token: str | None = None) -> ClientConnection:
    return await connect(chat_url(ws_url, chat_id, token), open_timeout=30, max_size=2**20)

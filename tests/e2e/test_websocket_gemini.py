"""The chat WebSocket with Gemini (the local stack against the fake Gemini server, which streams SSE like the real
API): each sentence of the model's reply leaves as soon as the guard accepts it, before the model has finished; a
refused sentence ends the model's part and the draft completes the answer without repeating what was sent; the
HTTP chat gives the same whole text. Causality is asserted on the fake server's own record, never with timings."""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from local_stack.subprocess_stack import RunningStack, StackStartError, run_local_stack
from tests.chat_tokens import chat_headers
from tests.e2e.ws_client import Turn, open_chat, send_message
from tests.fake_gemini.server import FakeGemini, FakeReply, RecordedRequest, default_replier, draft_from_system

QUESTION = "¿cuánto vale el casco dieléctrico azul?"  # the draft lists helmets, one line and one price each
OPENER = "¡Con mucho gusto te cuento los precios! "  # the model's own words: never in the draft
INVENTED_PHONE = "Si prefieres, llámanos al 300 555 1234 y te atendemos.\n"  # no such number in the company's data
_DRAFT_GREETING = re.compile(r"^¡[^!]*!\s*")


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGemini]:
    with FakeGemini() as server:
        yield server


@pytest.fixture(scope="module")
def gemini_stack(fake: FakeGemini, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    env = {
        "LLM_PROVIDER": "gemini",
        "GOOGLE_API_KEY": "clave-de-prueba",
        "GEMINI_BASE_URL": fake.base_url,
        "LLM_STREAM_IDLE_S": "8",  # longer than the fake's hold of a last event: a stall is not what is tested
    }
    log_path = tmp_path_factory.mktemp("gemini_stack") / "stack.log"
    try:
        with run_local_stack(demo_data=True, log_path=log_path, llm_env=env) as stack:
            yield stack
    except StackStartError as error:
        pytest.fail(str(error))


def _phrasing(make: Callable[[str], FakeReply]) -> Callable[[RecordedRequest], FakeReply]:
    """A replier that words the reply with `make(draft)` and answers everything else (the turn plan) as usual."""

    def reply(request: RecordedRequest) -> FakeReply:
        draft = None if request.is_structured else draft_from_system(request.system_text)
        return make(draft) if draft is not None else default_replier(request)

    return reply


def _body(draft: str) -> str:
    """The draft without its greeting: the model opens the reply with its own."""
    return _DRAFT_GREETING.sub("", draft, count=1)


def _with_phone_after_first_line(draft: str) -> str:
    body = _body(draft)
    first_price = body.index("$")
    cut = body.index("\n", first_price) + 1
    return OPENER + body[:cut] + INVENTED_PHONE + body[cut:]


def _history_answer(stack: RunningStack, chat_id: str) -> str:
    response = httpx.get(f"{stack.base_url}/chat/historial/{chat_id}", headers=chat_headers(chat_id), timeout=10)
    assert response.status_code == 200, response.text
    return str([m for m in response.json()["mensajes"] if m["rol"] == "agente"][-1]["contenido"])


def _ask_over_websocket(
    stack: RunningStack, chat_id: str, on_event: Callable[[dict[str, Any]], None] | None = None
) -> Turn:
    async def scenario() -> Turn:
        async with await open_chat(stack.ws_url, chat_id) as ws:
            return await send_message(ws, QUESTION, on_event=on_event)

    return asyncio.run(scenario())


def _ask_over_http(stack: RunningStack, chat_id: str) -> dict[str, Any]:
    response = httpx.post(f"{stack.base_url}/chat/texto", json={"chat_id": chat_id, "mensaje": QUESTION}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_sentences_stream_while_the_model_is_still_writing(gemini_stack: RunningStack, fake: FakeGemini) -> None:
    fake.reset()
    last_event = threading.Event()  # the fake holds its last SSE event until the first chunk has arrived
    drafts: list[str] = []

    def make(draft: str) -> FakeReply:
        drafts.append(draft)
        return FakeReply(text=OPENER + _body(draft), hold_before_last=last_event)

    fake.replier = _phrasing(make)
    seen_at_first_chunk: list[tuple[bool, int]] = []

    def on_event(event: dict[str, Any]) -> None:
        if event["type"] == "response_chunk" and not seen_at_first_chunk:
            stream = fake.streams[-1]
            seen_at_first_chunk.append((stream.finished.is_set(), stream.sent))
            last_event.set()

    chat_id = f"e2e_gemini_flujo_{uuid.uuid4().hex[:8]}"
    try:
        turn = _ask_over_websocket(gemini_stack, chat_id, on_event)
    finally:
        last_event.set()
        fake.replier = default_replier
    assert turn.end["type"] == "response_end", turn.events
    assert [stream.held_too_long for stream in fake.streams] == [False]
    (finished, sent), stream = seen_at_first_chunk[0], fake.streams[-1]
    assert not finished and sent < stream.total, "the first chunk left before the model's last SSE event"
    chunks = [event["content"] for event in turn.events if event["type"] == "response_chunk"]
    assert len(chunks) >= 2 and chunks[0].startswith("¡Con mucho gusto")
    assert turn.streamed_text == turn.end["respuesta"] == OPENER + _body(drafts[0])
    assert _history_answer(gemini_stack, chat_id) == turn.streamed_text


def test_a_refused_sentence_mid_stream_is_completed_by_the_draft_without_repetition(
    gemini_stack: RunningStack, fake: FakeGemini
) -> None:
    fake.reset()
    drafts: list[str] = []

    def make(draft: str) -> FakeReply:
        drafts.append(draft)
        return FakeReply(text=_with_phone_after_first_line(draft))

    fake.replier = _phrasing(make)
    chat_id = f"e2e_gemini_guardia_{uuid.uuid4().hex[:8]}"
    try:
        turn = _ask_over_websocket(gemini_stack, chat_id)
        http = _ask_over_http(gemini_stack, f"e2e_gemini_http_{uuid.uuid4().hex[:8]}")
    finally:
        fake.replier = default_replier
    assert [request.method for request in fake.generation_requests()].count("streamGenerateContent") == 1
    answer = turn.end["respuesta"]
    assert turn.streamed_text == answer
    assert "300 555 1234" not in answer
    assert answer == OPENER + _body(drafts[0]), "the model's lines, then the draft's unsaid lines, none twice"
    assert _history_answer(gemini_stack, chat_id) == answer
    # the same reply over HTTP (one generateContent request): the same whole text, written by the model and the draft
    # (each chat's draft closes in its own words)
    assert http["respuesta"] == OPENER + _body(drafts[1])
    assert http["metadatos"]["proveedor_llm"] == "gemini" and http["metadatos"]["llm_respaldo"] is True


def test_http_with_gemini_returns_the_same_text_the_websocket_streams(
    gemini_stack: RunningStack, fake: FakeGemini
) -> None:
    fake.reset()
    drafts: list[str] = []

    def make(draft: str) -> FakeReply:  # both chats get the words the model wrote for the first one
        drafts.append(draft)
        return FakeReply(text=OPENER + _body(drafts[0]))

    fake.replier = _phrasing(make)
    try:
        turn = _ask_over_websocket(gemini_stack, f"e2e_gemini_ws_{uuid.uuid4().hex[:8]}")
        http = _ask_over_http(gemini_stack, f"e2e_gemini_http_{uuid.uuid4().hex[:8]}")
    finally:
        fake.replier = default_replier
    assert [request.method for request in fake.generation_requests() if not request.is_structured] == [
        "streamGenerateContent",
        "generateContent",
    ]
    assert turn.streamed_text == turn.end["respuesta"] == OPENER + _body(drafts[0])
    assert http["respuesta"] == turn.streamed_text
    assert http["metadatos"]["proveedor_llm"] == "gemini" and "llm_respaldo" not in http["metadatos"]

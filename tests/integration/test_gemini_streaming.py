"""Sentence-level streaming through the real google-genai SDK and the fake Gemini server's SSE
(`:streamGenerateContent?alt=sse`): a sentence is given out before the server has sent its last event, and a stream
that stalls halfway keeps what was said and is completed by the draft. Causality is read on the fake server's record
of each stream, never from timings."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.fallback import FallbackProvider
from agente_vendedor.platform.llm.gemini import GeminiProvider
from agente_vendedor.platform.llm.offline import OfflineProvider
from tests.fake_gemini import FakeGemini, FakeReply

pytestmark = pytest.mark.integration

DRAFT = "El casco dieléctrico DV-CAB-001 cuesta $38.000 y tenemos 12 unidades. ¿Cuántos necesita?"
REQUEST = PhraseRequest(
    tipo="inventario",
    tono="amigable",
    mensaje="¿cuánto vale el casco dieléctrico?",
    borrador=DRAFT,
    hechos={"productos": [{"sku": "DV-CAB-001", "nombre": "Casco dieléctrico", "precio": 38000, "stock": 12}]},
    numeros_permitidos=frozenset({38000, 12}),
)
FIRST = "¡Hola, con gusto te cuento! "
REPLY = FIRST + "El casco dieléctrico DV-CAB-001 vale $38.000 y hay 12 unidades. ¿Cuántos necesitas?"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGemini]:
    import google.genai  # noqa: F401 - imported once, outside the tests

    with FakeGemini() as server:
        yield server


def _turn(server: FakeGemini, idle_s: float = 3.0) -> tuple[FallbackProvider, list[tuple[str, str]]]:
    settings = Settings(llm_provider="gemini", google_api_key="clave-de-prueba", gemini_base_url=server.base_url,
                        gemini_model="gemini-2.5-flash", llm_timeout_s=10.0, llm_stream_idle_s=idle_s)  # fmt: skip
    failures: list[tuple[str, str]] = []
    container = FallbackProvider(primary=GeminiProvider(settings), secondary=OfflineProvider())
    return container.for_turn(on_failure=lambda kind, detail: failures.append((kind, detail))), failures


def test_the_first_sentence_is_given_before_the_server_sends_its_last_event(fake: FakeGemini) -> None:
    fake.reset()
    last_event = threading.Event()
    rest = REPLY[len(FIRST) :]  # the first sentence is complete within the second of three events
    chunks = [FIRST[:9], FIRST[9:] + rest[:8], rest[8:]]
    fake.enqueue(FakeReply(text=REPLY, chunks=chunks, hold_before_last=last_event))
    turn, failures = _turn(fake)
    stream = turn.stream_phrase(REQUEST)
    try:
        first = next(stream)
        progress = fake.streams[-1]
        finished_before_first, sent_before_first = progress.finished.is_set(), progress.sent
    finally:
        last_event.set()
    assert first == FIRST
    assert not finished_before_first and sent_before_first < progress.total
    assert first + "".join(stream) == REPLY
    assert failures == [] and turn.answered_by == "gemini" and not progress.held_too_long
    request = fake.generation_requests()[-1]
    assert request.method == "streamGenerateContent" and request.query.get("alt") == ["sse"]


def test_a_stream_that_stalls_keeps_what_was_said_and_the_draft_completes_it(fake: FakeGemini) -> None:
    fake.reset()
    never = threading.Event()  # the last event is held until the fake's limit: the stream has stalled
    chunks = [FIRST, "El casco dieléctrico DV-CAB-001 vale ", "$38.000 y hay 12 unidades."]
    fake.enqueue(FakeReply(text=REPLY, chunks=chunks, hold_before_last=never))
    turn, failures = _turn(fake, idle_s=0.3)
    try:
        answer = "".join(turn.stream_phrase(REQUEST))
    finally:
        never.set()
    assert answer == FIRST + DRAFT
    assert [kind for kind, _ in failures] == ["stream_detenido"]
    assert turn.answered_by == "gemini" and turn.breaker.status().consecutive_failures == 1

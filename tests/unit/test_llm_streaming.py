"""Sentence-level guarding of a streamed reply (`FallbackProvider.stream_phrase`): each sentence leaves as soon as
the guard accepts it, before the model has finished; a refused sentence, a failure or a stall ends the model's part
and the draft completes the answer without repeating what was sent; the breaker and `answered_by` stay right."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.circuit_breaker import CircuitBreaker
from agente_vendedor.platform.llm.draft_completion import draft_completion
from agente_vendedor.platform.llm.fallback import FallbackProvider
from agente_vendedor.platform.llm.gemini import LLMCallError, UsageCounter
from agente_vendedor.platform.llm.offline import OfflineProvider
from agente_vendedor.platform.llm.product_claims import ProductClaims

HECHOS: dict[str, Any] = {
    "productos": [
        {"sku": "SX-CAB-001", "nombre": "Casco dieléctrico blanco", "precio": 38000, "stock": 260},
        {"sku": "SX-CAB-002", "nombre": "Casco de seguridad amarillo", "precio": 24000, "stock": 340},
    ]
}
DRAFT = (
    "¡Con gusto! Tenemos estas opciones:\n• Casco dieléctrico blanco — $38.000 (260 disponibles)\n"
    "• Casco de seguridad amarillo — $24.000 (340 disponibles)\n¿Cuál te sirve?"
)
REQUEST = PhraseRequest(tipo="inventario", tono="amigable", mensaje="¿qué cascos tienen?", borrador=DRAFT,
                        hechos=HECHOS, numeros_permitidos=frozenset({38000, 24000, 260, 340}))  # fmt: skip


class StreamingPrimary:
    """Stands in for Gemini's stream: yields `pieces` one by one, counting what it has produced, and may fail after
    them; records whether the reader closed it early."""

    name = "gemini"

    def __init__(self, pieces: list[str], error: Exception | None = None) -> None:
        self.pieces = pieces
        self.error = error
        self.produced = 0
        self.closed_early = False

    def stream_phrase(
        self, request: PhraseRequest, *, deadline: float | None = None, usage: UsageCounter | None = None
    ) -> Iterator[str]:
        try:
            for piece in self.pieces:
                self.produced += 1
                yield piece
        except GeneratorExit:
            self.closed_early = True
            raise
        if self.error is not None:
            raise self.error

    def phrase(self, request: PhraseRequest, **_: Any) -> str:
        return "".join(self.pieces)


def _provider(primary: StreamingPrimary) -> tuple[FallbackProvider, list[tuple[str, str]]]:
    failures: list[tuple[str, str]] = []
    breaker = CircuitBreaker("gemini", failure_threshold=3, cooldown_s=30, configuration_cooldown_s=600)
    container = FallbackProvider(primary=primary, secondary=OfflineProvider(), breaker=breaker)  # type: ignore[arg-type]
    return container.for_turn(on_failure=lambda kind, detail: failures.append((kind, detail))), failures


def _words(text: str) -> list[str]:
    return [text[i : i + 7] for i in range(0, len(text), 7)]  # small pieces, cut anywhere


def test_the_first_sentence_leaves_before_the_model_has_finished() -> None:
    text = "¡Claro que sí! El casco blanco vale $38.000 y el amarillo $24.000. ¿Cuál te sirve?"
    primary = StreamingPrimary(_words(text))
    provider, failures = _provider(primary)
    stream = provider.stream_phrase(REQUEST)
    assert next(stream) == "¡Claro que sí! "
    assert primary.produced < len(primary.pieces), "the model was still writing"
    assert "".join(["¡Claro que sí! ", *stream]) == text
    assert failures == [] and provider.answered_by == "gemini"
    assert provider.breaker.status().consecutive_failures == 0


def test_a_refused_sentence_stops_the_model_and_the_draft_completes_without_repeating() -> None:
    said = "¡Claro! Tenemos estas opciones:\n• Casco dieléctrico blanco — $38.000 (260 disponibles)\n"
    text = said + "• Casco amarillo — $38.000 también.\n¿Cuál te sirve?"
    primary = StreamingPrimary(_words(text))
    provider, failures = _provider(primary)
    answer = "".join(provider.stream_phrase(REQUEST))
    assert answer == said + "• Casco de seguridad amarillo — $24.000 (340 disponibles)\n¿Cuál te sirve?"
    assert failures == [("guardia", "precio_cruzado: $38.000 no es el precio de SX-CAB-002")]
    assert primary.closed_early, "the model's stream is closed at the refused sentence"
    assert provider.answered_by == "gemini" and provider.fell_back
    assert provider.breaker.status().consecutive_failures == 0, "a refused sentence is no failure of the model"


def test_a_failure_mid_stream_keeps_what_was_sent_and_counts_for_the_breaker() -> None:
    said = "¡Claro! El casco dieléctrico blanco vale $38.000. "
    primary = StreamingPrimary(_words(said + "Y el amar"), LLMCallError("stream_detenido", "nada en 3.00 s"))
    provider, failures = _provider(primary)
    answer = "".join(provider.stream_phrase(REQUEST))
    assert answer == said + "• Casco de seguridad amarillo — $24.000 (340 disponibles)\n¿Cuál te sirve?"
    assert failures == [("stream_detenido", "nada en 3.00 s")]
    assert provider.breaker.status().consecutive_failures == 1
    assert provider.answered_by == "gemini"


def test_a_reply_that_misses_a_price_is_completed_with_it() -> None:
    said = "¡Claro! El casco dieléctrico blanco vale $38.000. ¿Cuál te sirve?"
    provider, failures = _provider(StreamingPrimary(_words(said)))
    answer = "".join(provider.stream_phrase(REQUEST))
    assert answer == said + " • Casco de seguridad amarillo — $24.000 (340 disponibles)"
    assert failures == [("guardia", "monto_omitido: $24.000")]


def test_when_the_model_says_nothing_acceptable_the_offline_pieces_are_sent() -> None:
    primary = StreamingPrimary(_words("El casco blanco vale $24.000. ¿Cuál?"))
    provider, failures = _provider(primary)
    assert list(provider.stream_phrase(REQUEST)) == list(OfflineProvider().stream_phrase(REQUEST))
    assert provider.answered_by == "offline" and failures[0][0] == "guardia"


def test_phrase_keeps_the_same_text_as_the_stream() -> None:
    text = "¡Claro! El casco dieléctrico blanco vale $38.000. Llama al 300 555 1234. ¿Cuál te sirve?"
    streamed, _ = _provider(StreamingPrimary(_words(text)))
    whole, failures = _provider(StreamingPrimary(_words(text)))
    assert whole.phrase(REQUEST) == "".join(streamed.stream_phrase(REQUEST))
    assert failures == [("guardia", "telefono_no_permitido: 3005551234")]


def test_the_draft_completion_leaves_out_its_openers_and_what_was_said() -> None:
    claims = ProductClaims(HECHOS)
    assert draft_completion(DRAFT, "", claims) == DRAFT
    said = "Mira: el casco amarillo cuesta $24.000. "
    assert (
        draft_completion(DRAFT, said, claims)
        == "• Casco dieléctrico blanco — $38.000 (260 disponibles)\n¿Cuál te sirve?"
    )
    everything = "El blanco vale $38.000 y el amarillo $24.000. ¿Cuál te sirve?"
    assert draft_completion(DRAFT, everything, claims) == ""


def test_an_earlier_failure_of_the_turn_does_not_add_the_draft_to_a_complete_reply() -> None:
    text = "¡Claro! El casco dieléctrico blanco vale $38.000 y el amarillo $24.000. ¿Cuál te sirve?"
    provider, _ = _provider(StreamingPrimary(_words(text)))
    provider.failures.append(("json_invalido", "the turn plan, earlier in the turn"))
    assert "".join(provider.stream_phrase(REQUEST)) == text

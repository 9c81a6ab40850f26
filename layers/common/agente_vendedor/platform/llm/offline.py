"""The deterministic offline provider: the reply is the pipeline's draft, streamed in phrases; no model, no network.

The conversation engine already writes tone-specific drafts, so nothing here varies between runs: the same request
always gives the same reply and the same pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agente_vendedor.core.media_types import MediaFile
from agente_vendedor.platform.llm.base import HistoryTurn, LLMClassification, PhraseRequest, PlanRequest
from agente_vendedor.schemas.photo_reading import PhotoReading
from agente_vendedor.schemas.turn_plan import ModelTurnPlan

MIN_CLAUSE_CHARS = 40
_BOUNDARY = re.compile(r"\n+|(?<=[.!?…])\s+|(?<=[,;:])\s+")


def split_phrases(text: str, *, min_clause_chars: int = MIN_CLAUSE_CHARS) -> list[str]:
    """Pieces ending at sentence ends and line breaks (and at commas/semicolons once a piece is long enough).

    Each piece keeps its trailing whitespace, none is empty, and `"".join(pieces) == text`.
    """
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.end() == start:
            continue
        clause_only = "\n" not in match.group(0) and text[match.start() - 1] in ",;:"
        if clause_only and match.start() - start < min_clause_chars:
            continue
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


class OfflineProvider:
    name = "offline"
    answered_by = "offline"

    def phrase(self, request: PhraseRequest) -> str:
        return request.borrador

    def stream_phrase(self, request: PhraseRequest) -> Iterator[str]:
        yield from split_phrases(request.borrador)

    def classify(
        self, message: str, historial: tuple[HistoryTurn, ...], estado_venta: str | None
    ) -> LLMClassification | None:
        return None

    def extract_customer_data(self, message: str) -> dict[str, str] | None:
        return None

    def plan(self, request: PlanRequest) -> ModelTurnPlan | None:
        return None  # the rules' analyser plans every turn without a model

    def read_image(self, image: MediaFile, mensaje: str) -> PhotoReading | None:
        return None  # no eyes without a model: the turn says so and answers the text

    def transcribe(self, audio: MediaFile) -> str | None:
        return None  # no ears without a model: the turn asks the customer to type

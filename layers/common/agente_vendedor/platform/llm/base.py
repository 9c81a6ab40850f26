"""The provider interface every LLM backend implements (Gemini and the deterministic offline engine).

The deterministic pipeline decides everything that matters (intent when sure, products, quantities, prices, totals,
stock, sale state); a provider only *phrases* a reply from a `PhraseRequest` and, when asked, helps classify or
extract in ambiguous cases, or proposes a turn plan (`plan`) that a validator checks before anything is done.
Nothing a provider returns can change a price, a total or stock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from agente_vendedor.core.media_types import MediaFile
from agente_vendedor.schemas.chat import MessageType, Tone
from agente_vendedor.schemas.photo_reading import PhotoReading
from agente_vendedor.schemas.turn_plan import ModelTurnPlan


@dataclass(frozen=True)
class HistoryTurn:
    rol: str  # cliente | agente | asesor
    contenido: str


@dataclass(frozen=True)
class PhraseRequest:
    """Everything a provider may use to write one reply, and nothing else (small prompts)."""

    tipo: MessageType
    tono: Tone
    mensaje: str  # the customer's message
    borrador: str  # the deterministic offline answer: always correct, used as-is by the offline provider
    hechos: dict[str, Any] = field(default_factory=dict)  # products (price, stock), order summary, sections...
    historial: tuple[HistoryTurn, ...] = ()  # the last messages, oldest first
    numeros_permitidos: frozenset[int] = frozenset()  # prices/totals/quantities the reply may mention


@dataclass(frozen=True)
class PlanLine:
    """One line of the open order, as the model may see it (no prices)."""

    sku: str
    nombre: str
    cantidad: int


@dataclass(frozen=True)
class PlanCandidate:
    """A retrieved catalogue product the message may be about: the only SKUs (with the order's) a plan may use."""

    sku: str
    nombre: str
    atributos: str = ""  # a few key attributes, e.g. "clase E; talla 42; 20 kg"


@dataclass(frozen=True)
class PlanRequest:
    """What the model reads to plan one turn: the message (personal data already masked by the caller), the short
    history, the sale state, the open order, the agent's last offer and the top retrieved products."""

    mensaje: str
    historial: tuple[HistoryTurn, ...] = ()  # the last turns, oldest first (at most 4 are sent, each shortened)
    estado_venta: str | None = None
    pedido: tuple[PlanLine, ...] = ()
    oferta: dict[str, int] | None = None  # sku → units the agent last offered
    candidatos: tuple[PlanCandidate, ...] = ()  # best first (at most 6 are sent)


@dataclass(frozen=True)
class LLMClassification:
    tipo: MessageType
    confianza: float
    entidades: dict[str, Any] = field(default_factory=dict)


class LLMProvider(Protocol):
    name: str  # "gemini" | "offline": the configured provider

    @property
    def answered_by(self) -> str:
        """Who wrote this turn's reply ("offline" when a model provider fell back or was not called)."""
        ...

    def phrase(self, request: PhraseRequest) -> str: ...

    def stream_phrase(self, request: PhraseRequest) -> Iterator[str]:
        """The reply in pieces; their concatenation equals what `phrase` would return."""
        ...

    def classify(
        self, message: str, historial: tuple[HistoryTurn, ...], estado_venta: str | None
    ) -> LLMClassification | None:
        """Only for messages the deterministic classifier is unsure of; None when the provider cannot help."""
        ...

    def extract_customer_data(self, message: str) -> dict[str, str] | None:
        """nombre, cedula, telefono, email, direccion, ciudad found in free text (validated afterwards)."""
        ...

    def plan(self, request: PlanRequest) -> ModelTurnPlan | None:
        """The model's turn plan (checked afterwards against catalogue, order and sale state); None when the
        provider cannot help (offline, or the model failed)."""
        ...

    def read_image(self, image: MediaFile, mensaje: str) -> PhotoReading | None:
        """What a customer's photo shows (kind, search attributes or list lines); None when the provider cannot see
        (offline, or the model failed)."""
        ...

    def transcribe(self, audio: MediaFile) -> str | None:
        """The words of a voice note; None when the provider cannot listen (offline, or the model failed)."""
        ...

"""Gemini first, the offline engine whenever Gemini fails, says something the guard rejects, or is known to be down.

A reply is guarded sentence by sentence (`guard.ReplyGuard`): with `stream_phrase` each sentence of the model's
stream goes to the customer as soon as the guard accepts it, while the model is still writing. The first refused
sentence, a failure, a stall, or a finished reply that misses one of the draft's amounts ends the model's part, and
the draft's sentences not yet said complete the answer (`draft_completion.py`); if nothing was said, the offline
answer is the whole reply. `phrase` (one request, for HTTP) keeps exactly the text the stream would have kept.

The container keeps one `FallbackProvider` (see `agente_vendedor.platform.llm.get_provider`); each chat turn
takes its own view with `for_turn(deadline=..., on_failure=...)`, which carries the turn's time budget, the hook that
records the `llm_fallo` audit event, and what the turn spent (`usage`, `failures`). Whatever happens, the caller gets
a usable answer: the offline result is always correct.

Every view shares the container's circuit breaker (`circuit_breaker.py`): each model call's outcome is recorded
there, and while it is open no call is made: the offline answer comes at once, reported once per turn as
`circuito_abierto`. `answered_by` says who wrote the turn's reply, for `metadatos.proveedor_llm`: "gemini" when any
of the model's sentences reached the customer (completed by the draft or not: `failures` then say why), "offline"
when none did or the breaker was open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from agente_vendedor.core.media_types import MediaFile
from agente_vendedor.core.settings import get_settings
from agente_vendedor.language.sentences import SentenceSplitter
from agente_vendedor.platform.llm.base import HistoryTurn, LLMClassification, LLMProvider, PhraseRequest, PlanRequest
from agente_vendedor.platform.llm.circuit_breaker import CircuitBreaker, Failure
from agente_vendedor.platform.llm.draft_completion import draft_completion
from agente_vendedor.platform.llm.gemini import NOT_REACHED, LLMCallError, UsageCounter
from agente_vendedor.platform.llm.guard import GuardVerdict, ReplyGuard
from agente_vendedor.platform.llm.offline import split_phrases
from agente_vendedor.schemas.photo_reading import PhotoReading
from agente_vendedor.schemas.turn_plan import ModelTurnPlan

logger = logging.getLogger(__name__)

FailureHook = Callable[[str, str], None]  # (kind, detail)
CIRCUIT_OPEN = "circuito_abierto"
T = TypeVar("T")


class BudgetedProvider(Protocol):
    """A remote provider whose calls take a deadline and a usage counter and raise `LLMCallError` (Gemini)."""

    name: str

    def phrase(
        self, request: PhraseRequest, *, deadline: float | None = ..., usage: UsageCounter | None = ...
    ) -> str: ...

    def stream_phrase(
        self, request: PhraseRequest, *, deadline: float | None = ..., usage: UsageCounter | None = ...
    ) -> Iterator[str]: ...

    def classify(
        self,
        message: str,
        historial: tuple[HistoryTurn, ...],
        estado_venta: str | None,
        *,
        deadline: float | None = ...,
        usage: UsageCounter | None = ...,
    ) -> LLMClassification: ...

    def extract_customer_data(
        self, message: str, *, deadline: float | None = ..., usage: UsageCounter | None = ...
    ) -> dict[str, str]: ...

    def plan(
        self, request: PlanRequest, *, deadline: float | None = ..., usage: UsageCounter | None = ...
    ) -> ModelTurnPlan: ...

    def read_image(
        self, image: MediaFile, mensaje: str, *, deadline: float | None = ..., usage: UsageCounter | None = ...
    ) -> PhotoReading: ...

    def transcribe(
        self, audio: MediaFile, *, deadline: float | None = ..., usage: UsageCounter | None = ...
    ) -> str: ...


def _accepted_sentences(guard: ReplyGuard, pieces: Iterator[str]) -> Generator[str, None, GuardVerdict | None]:
    """The model's sentences the guard accepts, each as soon as it is complete; returns the verdict that stopped
    them (a refused sentence, or a whole that misses a draft amount), or None."""
    splitter = SentenceSplitter()
    started = False  # the reply's leading white space is dropped
    for piece in pieces:
        piece = piece if started else piece.lstrip()
        started = started or bool(piece)
        for sentence in splitter.feed(piece):
            verdict = guard.check(sentence)
            if not verdict.ok:
                return verdict
            yield sentence
    tail = splitter.close().rstrip()
    verdict = guard.check(tail) if tail else GuardVerdict.accepted()
    if not verdict.ok:
        return verdict
    if tail:
        yield tail
    final = guard.finish()
    return None if final.ok else final


def _own_breaker() -> CircuitBreaker:
    """A breaker of this provider alone (one built outside the container: tests); the container passes its own."""
    return CircuitBreaker.from_settings("llm", get_settings())


@dataclass
class FallbackProvider:
    primary: BudgetedProvider
    secondary: LLMProvider
    deadline: float | None = None  # time.monotonic() by which the LLM must have given up
    on_failure: FailureHook | None = None
    breaker: CircuitBreaker = field(default_factory=_own_breaker)
    usage: UsageCounter = field(default_factory=UsageCounter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    name: str = field(init=False)
    _replied_by: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.name = self.primary.name

    @property
    def fell_back(self) -> bool:
        """True when some answer of this turn came from the offline engine instead of the model."""
        return bool(self.failures)

    @property
    def answered_by(self) -> str:
        """Who wrote this turn's reply: the model when any of its sentences was sent (the draft may have completed
        it), else the offline engine (the model failed, was refused from its first sentence, or was not called).
        Before the reply: who would write it now."""
        if self._replied_by is not None:
            return self._replied_by
        return self.primary.name if self.breaker.would_allow() else self.secondary.name

    def for_turn(self, *, deadline: float | None = None, on_failure: FailureHook | None = None) -> FallbackProvider:
        return FallbackProvider(
            self.primary, self.secondary, deadline=deadline, on_failure=on_failure, breaker=self.breaker
        )

    def phrase(self, request: PhraseRequest) -> str:
        """The model's whole reply (one request), kept sentence by sentence exactly as `stream_phrase` keeps it."""

        def whole() -> Generator[str, None, None]:
            yield self._call(self.primary.phrase, request)

        return "".join(self._guarded(request, whole()))

    def stream_phrase(self, request: PhraseRequest) -> Iterator[str]:
        """Each sentence of the model's streamed reply as soon as the guard accepts it; after a refused sentence, a
        failure or a stall, the draft's sentences not yet said (`draft_completion`), or the offline pieces when the
        model said nothing."""
        return self._guarded(request, self._model_stream(request))

    def _guarded(self, request: PhraseRequest, model_pieces: Generator[str, None, None]) -> Iterator[str]:
        guard = ReplyGuard(request)
        complete = False
        try:
            ended = yield from _accepted_sentences(guard, model_pieces)
        except Exception as exc:
            self._failed(exc)
        else:
            complete = ended is None
            if ended is not None:
                self._report("guardia", f"{ended.motivo}: {ended.detalle}".rstrip(": "))
        finally:
            model_pieces.close()
        said = guard.text
        self._replied_by = self.primary.name if said.strip() else self.secondary.name
        if not said.strip():
            yield from self.secondary.stream_phrase(request)
        elif not complete:
            yield from split_phrases(draft_completion(request.borrador, said, guard.claims))

    def _model_stream(self, request: PhraseRequest) -> Generator[str, None, None]:
        with self._breaker_outcome():
            yield from self.primary.stream_phrase(request, deadline=self.deadline, usage=self.usage)

    def classify(
        self, message: str, historial: tuple[HistoryTurn, ...], estado_venta: str | None
    ) -> LLMClassification | None:
        try:
            return self._call(self.primary.classify, message, historial, estado_venta)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.classify(message, historial, estado_venta)

    def extract_customer_data(self, message: str) -> dict[str, str] | None:
        try:
            return self._call(self.primary.extract_customer_data, message)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.extract_customer_data(message)

    def plan(self, request: PlanRequest) -> ModelTurnPlan | None:
        try:
            return self._call(self.primary.plan, request)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.plan(request)

    def read_image(self, image: MediaFile, mensaje: str) -> PhotoReading | None:
        try:
            return self._call(self.primary.read_image, image, mensaje)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.read_image(image, mensaje)

    def transcribe(self, audio: MediaFile) -> str | None:
        try:
            return self._call(self.primary.transcribe, audio)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.transcribe(audio)

    def _call(self, method: Callable[..., T], *args: Any) -> T:
        """`method(*args)` of the model, with this turn's deadline and usage, through the breaker."""
        with self._breaker_outcome():
            return method(*args, deadline=self.deadline, usage=self.usage)

    @contextmanager
    def _breaker_outcome(self) -> Iterator[None]:
        """A model call through the breaker: refused at once while it is open, its outcome recorded there (a reply
        the guard stops reading, or rejects later, still counts as the model answering)."""
        if not self.breaker.allow():
            status = self.breaker.status()
            raise LLMCallError(CIRCUIT_OPEN, f"{status.consecutive_failures} fallos seguidos; sin llamar al modelo")
        try:
            yield
        except LLMCallError as error:
            if error.kind in NOT_REACHED:
                self.breaker.release()
            else:
                self.breaker.record_failure(Failure(error.kind, error.configuration_reason))
            raise
        except Exception:
            self.breaker.record_failure(Failure("error_inesperado"))
            raise
        except GeneratorExit:  # the stream was answering; its reader stopped (a refused sentence)
            self.breaker.record_success()
            raise
        except BaseException:
            self.breaker.release()
            raise
        self.breaker.record_success()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, LLMCallError) and exc.kind == CIRCUIT_OPEN:
            if all(kind != CIRCUIT_OPEN for kind, _ in self.failures):  # once per turn, however many calls
                self._report(exc.kind, exc.detail)
        elif isinstance(exc, LLMCallError):
            attempts = f" ({exc.attempts} intentos)" if exc.attempts > 1 else ""
            self._report(exc.kind, f"{exc.detail}{attempts}")
        else:
            logger.exception("fallo inesperado del proveedor LLM")
            self._report("error_inesperado", f"{type(exc).__name__}: {str(exc)[:160]}")

    def _report(self, kind: str, detail: str) -> None:
        self.failures.append((kind, detail))
        logger.warning("LLM: se usa la respuesta offline (%s: %s)", kind, detail)
        if self.on_failure is None:
            return
        try:
            self.on_failure(kind, detail)
        except Exception:
            logger.exception("el hook on_failure falló")

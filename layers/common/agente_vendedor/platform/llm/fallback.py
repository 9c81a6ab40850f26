"""Gemini first, the offline engine whenever Gemini fails, says something the guard rejects, or is known to be down.

The container keeps one `FallbackProvider` (see `agente_vendedor.platform.llm.get_provider`); each chat turn
takes its own view with `for_turn(deadline=..., on_failure=...)`, which carries the turn's time budget, the hook that
records the `llm_fallo` audit event, and what the turn spent (`usage`, `failures`). Whatever happens, the caller gets
a usable answer: the offline result is always correct.

Every view shares the container's circuit breaker (`circuit_breaker.py`): each model call's outcome is recorded
there, and while it is open no call is made: the offline answer comes at once, reported once per turn as
`circuito_abierto`. `answered_by` says who wrote the turn's reply ("offline" after a fallback or with the breaker
open), for `metadatos.proveedor_llm`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from agente_vendedor.core.media_types import MediaFile
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.llm.base import HistoryTurn, LLMClassification, LLMProvider, PhraseRequest, PlanRequest
from agente_vendedor.platform.llm.circuit_breaker import CircuitBreaker, Failure
from agente_vendedor.platform.llm.gemini import NOT_REACHED, LLMCallError, UsageCounter
from agente_vendedor.platform.llm.guard import check_reply
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
        """Who wrote this turn's reply: the model, or the offline engine when the model failed, was rejected or
        was not called (breaker open). Before the reply: who would write it now."""
        if self._replied_by is not None:
            return self._replied_by
        return self.primary.name if self.breaker.would_allow() else self.secondary.name

    def for_turn(self, *, deadline: float | None = None, on_failure: FailureHook | None = None) -> FallbackProvider:
        return FallbackProvider(
            self.primary, self.secondary, deadline=deadline, on_failure=on_failure, breaker=self.breaker
        )

    def phrase(self, request: PhraseRequest) -> str:
        try:
            reply = self._call(self.primary.phrase, request).strip()
        except Exception as exc:
            self._failed(exc)
            return self._offline_reply(self.secondary.phrase(request))
        if not self._accepted(request, reply):
            return self._offline_reply(self.secondary.phrase(request))
        self._replied_by = self.primary.name
        return reply

    def stream_phrase(self, request: PhraseRequest) -> Iterator[str]:
        """The model's reply is gathered and guarded before any of it is shown (a piece cannot be taken back),
        then yielded in phrases; on failure or rejection, the offline pieces."""
        try:
            reply = self._call(self._whole_stream, request).strip()
        except Exception as exc:
            self._failed(exc)
            self._replied_by = self.secondary.name
            yield from self.secondary.stream_phrase(request)
            return
        if not self._accepted(request, reply):
            self._replied_by = self.secondary.name
            yield from self.secondary.stream_phrase(request)
            return
        self._replied_by = self.primary.name
        yield from split_phrases(reply)

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
        """`method(*args)` of the model, with this turn's deadline and usage, through the breaker: refused at once
        while it is open, its outcome recorded there (a reply the guard rejects later still counts as the model
        answering)."""
        if not self.breaker.allow():
            status = self.breaker.status()
            raise LLMCallError(CIRCUIT_OPEN, f"{status.consecutive_failures} fallos seguidos; sin llamar al modelo")
        try:
            result = method(*args, deadline=self.deadline, usage=self.usage)
        except LLMCallError as error:
            if error.kind in NOT_REACHED:
                self.breaker.release()
            else:
                self.breaker.record_failure(Failure(error.kind, error.configuration_reason))
            raise
        except Exception:
            self.breaker.record_failure(Failure("error_inesperado"))
            raise
        except BaseException:
            self.breaker.release()
            raise
        self.breaker.record_success()
        return result

    def _whole_stream(self, request: PhraseRequest, *, deadline: float | None, usage: UsageCounter) -> str:
        """The model's streamed reply gathered (so that a failure halfway is the call's failure)."""
        return "".join(self.primary.stream_phrase(request, deadline=deadline, usage=usage))

    def _offline_reply(self, reply: str) -> str:
        self._replied_by = self.secondary.name
        return reply

    def _accepted(self, request: PhraseRequest, reply: str) -> bool:
        verdict = check_reply(request, reply)
        if not verdict.ok:
            self._report("guardia", f"{verdict.motivo}: {verdict.detalle}".rstrip(": "))
        return verdict.ok

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

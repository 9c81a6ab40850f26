"""Gemini first, the offline engine whenever Gemini fails or says something the guard rejects.

The container keeps one `FallbackProvider` (see `agente_vendedor.platform.llm.get_provider`); each chat turn
takes its own view with `for_turn(deadline=..., on_failure=...)`, which carries the turn's time budget, the hook that
records the `llm_fallo` audit event, and what the turn spent (`usage`, `failures`). Whatever happens, the caller gets
a usable answer: the offline result is always correct.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from agente_vendedor.platform.llm.base import HistoryTurn, LLMClassification, LLMProvider, PhraseRequest, PlanRequest
from agente_vendedor.platform.llm.gemini import LLMCallError, UsageCounter
from agente_vendedor.platform.llm.guard import check_reply
from agente_vendedor.platform.llm.offline import split_phrases
from agente_vendedor.schemas.turn_plan import ModelTurnPlan

logger = logging.getLogger(__name__)

FailureHook = Callable[[str, str], None]  # (kind, detail)


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


@dataclass
class FallbackProvider:
    primary: BudgetedProvider
    secondary: LLMProvider
    deadline: float | None = None  # time.monotonic() by which the LLM must have given up
    on_failure: FailureHook | None = None
    usage: UsageCounter = field(default_factory=UsageCounter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.primary.name

    @property
    def fell_back(self) -> bool:
        """True when some answer of this turn came from the offline engine instead of the model."""
        return bool(self.failures)

    def for_turn(self, *, deadline: float | None = None, on_failure: FailureHook | None = None) -> FallbackProvider:
        return FallbackProvider(self.primary, self.secondary, deadline=deadline, on_failure=on_failure)

    def phrase(self, request: PhraseRequest) -> str:
        try:
            reply = self.primary.phrase(request, deadline=self.deadline, usage=self.usage).strip()
        except Exception as exc:
            self._failed(exc)
            return self.secondary.phrase(request)
        if not self._accepted(request, reply):
            return self.secondary.phrase(request)
        return reply

    def stream_phrase(self, request: PhraseRequest) -> Iterator[str]:
        """The model's reply is gathered and guarded before any of it is shown (a piece cannot be taken back),
        then yielded in phrases; on failure or rejection, the offline pieces."""
        try:
            reply = "".join(self.primary.stream_phrase(request, deadline=self.deadline, usage=self.usage)).strip()
        except Exception as exc:
            self._failed(exc)
            yield from self.secondary.stream_phrase(request)
            return
        if not self._accepted(request, reply):
            yield from self.secondary.stream_phrase(request)
            return
        yield from split_phrases(reply)

    def classify(
        self, message: str, historial: tuple[HistoryTurn, ...], estado_venta: str | None
    ) -> LLMClassification | None:
        try:
            return self.primary.classify(message, historial, estado_venta, deadline=self.deadline, usage=self.usage)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.classify(message, historial, estado_venta)

    def extract_customer_data(self, message: str) -> dict[str, str] | None:
        try:
            return self.primary.extract_customer_data(message, deadline=self.deadline, usage=self.usage)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.extract_customer_data(message)

    def plan(self, request: PlanRequest) -> ModelTurnPlan | None:
        try:
            return self.primary.plan(request, deadline=self.deadline, usage=self.usage)
        except Exception as exc:
            self._failed(exc)
            return self.secondary.plan(request)

    def _accepted(self, request: PhraseRequest, reply: str) -> bool:
        verdict = check_reply(request, reply)
        if not verdict.ok:
            self._report("guardia", f"{verdict.motivo}: {verdict.detalle}".rstrip(": "))
        return verdict.ok

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, LLMCallError):
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

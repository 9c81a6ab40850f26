"""One deadline per chat turn: every step's I/O waits at most what is left of it (contract §3: a Spanish answer or a
Spanish 503, never API Gateway's own error at 29 s)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from agente_vendedor.core.errors import ServiceUnavailableError

TURN_TOO_SLOW = "Tu mensaje está tardando más de lo normal. Intenta de nuevo en unos segundos."


@dataclass(frozen=True)
class Deadline:
    ends_at: float  # time.monotonic()

    @classmethod
    def after(cls, seconds: float, *, start: float | None = None) -> Deadline:
        return cls((time.monotonic() if start is None else start) + seconds)

    def remaining(self) -> float:
        return max(0.0, self.ends_at - time.monotonic())

    def check(self) -> None:
        """Give up (a Spanish 503) once the time is spent, before starting another step."""
        if self.remaining() <= 0:
            raise ServiceUnavailableError(TURN_TOO_SLOW)

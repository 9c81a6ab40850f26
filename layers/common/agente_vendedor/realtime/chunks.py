"""Group a reply streamed in small pieces (LLM tokens, offline phrases) into a handful of WebSocket frames."""

from __future__ import annotations

import time
from collections.abc import Callable

FLUSH_CHARS = 120
FLUSH_INTERVAL_S = 0.15
# API Gateway frames are at most 32 KB: 4000 characters stay under it even if every one is JSON-escaped.
MAX_CHUNK_CHARS = 4000


class ChunkBatcher:
    """`add(piece)` as text arrives, `close()` at the end; `emit(content)` gets the batches, in order.

    The first piece goes out at once (time to first chunk); later ones are held until `FLUSH_CHARS`
    characters or `FLUSH_INTERVAL_S` seconds have gathered. The emitted batches concatenate to the input.
    """

    def __init__(
        self,
        emit: Callable[[str], None],
        *,
        flush_chars: int = FLUSH_CHARS,
        flush_interval_s: float = FLUSH_INTERVAL_S,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._emit = emit
        self._flush_chars = flush_chars
        self._flush_interval_s = flush_interval_s
        self._max_chunk_chars = max_chunk_chars
        self._clock = clock
        self._buffer: list[str] = []
        self._buffered = 0
        self._last_flush: float | None = None
        self.emitted = 0  # batches sent so far
        self.text = ""  # everything emitted so far

    def add(self, piece: str) -> None:
        if not piece:
            return
        self._buffer.append(piece)
        self._buffered += len(piece)
        now = self._clock()
        if (
            self._last_flush is None
            or self._buffered >= self._flush_chars
            or now - self._last_flush >= self._flush_interval_s
        ):
            self._flush(now)

    def close(self) -> None:
        if self._buffered:
            self._flush(self._clock())

    def _flush(self, now: float) -> None:
        content = "".join(self._buffer)
        self._buffer.clear()
        self._buffered = 0
        self._last_flush = now
        for start in range(0, len(content), self._max_chunk_chars):
            batch = content[start : start + self._max_chunk_chars]
            self.text += batch
            self.emitted += 1
            self._emit(batch)

"""The container's one thread pool for I/O done side by side: a turn's session read next to its database work,
the health checks of each component.

Made once per container: by `ops.bootstrap.prepare_container` at init (before a SnapStart snapshot), or on
first use elsewhere (tests, `make dev`). Tasks never wait on other tasks of the pool, so it cannot deadlock.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache

MAX_WORKERS = 8  # a turn uses at most 4 at once; a Lambda container serves one request at a time


@cache
def io_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="io")


@cache
def turn_pool() -> ThreadPoolExecutor:
    """Whole chat turns run here under a watchdog (they use `io_pool` themselves, so they need their own pool);
    sized for the local server's concurrency, one at a time in Lambda."""
    return ThreadPoolExecutor(max_workers=32, thread_name_prefix="turn")

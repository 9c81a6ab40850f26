"""A Lambda function's init runs without the garbage collector, and what it builds is not scanned again.

An init imports a few hundred modules and builds their classes, pydantic's schemas and botocore's models: ~100,000
objects that live as long as the container, and almost no garbage. With the collector on, every 700 new objects
start a collection that scans the youngest again, and the older generations are rescanned as they grow: about a
tenth of the init (`make bench-coldstart`). So each `functions/*/app.py` switches it off with its first statement
(`gc.disable()`, before its imports) and calls `init_done()` after its module-level setup: what exists then moves to
the permanent generation (`gc.freeze`), which later collections skip, and the collector is on again for the
requests (and for SnapStart's primers). The few cycles the init leaves unreachable (some hundreds of objects) stay
in memory: finding them would cost a full collection, as much as the init saved.
"""

from __future__ import annotations

import gc


def init_done() -> None:
    """The end of the init: its objects are permanent for the collector, which is on again."""
    gc.freeze()
    gc.enable()

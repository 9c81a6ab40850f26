"""A Lambda function's init runs without the garbage collector and without pydantic's plugin discovery, and what it
builds is not scanned again.

An init imports a few hundred modules and builds their classes, pydantic's schemas and botocore's models: ~100,000
objects that live as long as the container, and almost no garbage. With the collector on, every 700 new objects
start a collection that scans the youngest again, and the older generations are rescanned as they grow: about a
tenth of the init (`make bench-coldstart`). So each `functions/*/app.py` calls `begin_init()` with its first
statement (before its imports), which switches the collector off, and calls `init_done()` after its module-level
setup: what exists then moves to the permanent generation (`gc.freeze`), which later collections skip, and the
collector is on again for the requests (and for SnapStart's primers). The few cycles the init leaves unreachable
(some hundreds of objects) stay in memory: finding them would cost a full collection, as much as the init saved.

The first model pydantic builds looks for plugins: the `pydantic` entry points of every distribution on the path, whose
metadata is read for it (a few percent of the init: more with the dev environment's ~150 distributions than with the
layer's ~50 and the runtime's). The project has none, so `begin_init()` sets pydantic's own switch,
`PYDANTIC_DISABLE_PLUGINS`, unless the environment sets it already (an empty value looks for plugins again).
"""

from __future__ import annotations

import gc
import os

NO_PYDANTIC_PLUGINS = ("PYDANTIC_DISABLE_PLUGINS", "__all__")


def begin_init() -> None:
    """The start of the init, before the function imports anything else: no collector, no plugin discovery."""
    gc.disable()
    os.environ.setdefault(*NO_PYDANTIC_PLUGINS)


def init_done() -> None:
    """The end of the init: its objects are permanent for the collector, which is on again."""
    gc.freeze()
    gc.enable()

"""Per-container resources for Lambda: built once at init, primed before a SnapStart snapshot, refreshed after restore.

The init (module import) stays light: settings, the AWS clients the function uses and the I/O thread pool. The
heavier one-off work is a *primer*: the database engine (SQLAlchemy; in AWS the Aurora secret is read then), and what
each function adds — the chat turn's modules, the lexicons, the compiled rules, the Gemini SDK when a key is set.
SnapStart runs the primers once, before the snapshot, while a version is published (`register_before_snapshot`),
so every environment restored from that snapshot starts with them done. Without SnapStart (the local stack, tests,
`$LATEST`) nothing runs them: the first request that needs a module or the engine loads it.

What the snapshot holds, and why it is safe:
- no database connection: the engine is created, never connected (primers run no SQL), and its pool is dropped
  after restore anyway; primers make no AWS or Gemini call (the Aurora secret is read through Secrets Manager by
  the engine primer only, as the init did before);
- secrets in memory (the Aurora credentials inside the engine): the snapshot is encrypted with the function's KMS
  key (template.yaml `KmsKeyArn`); the Gemini key is not read before a turn needs it;
- nothing meant to be unique: chat tokens, ids and keys are drawn from the kernel (`secrets`, `uuid4`) when used,
  and the `random` module (the LLM's retry jitter) is reseeded after restore, so restored environments do not
  share a sequence.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.platform.io_pool import io_pool

logger = logging.getLogger(__name__)

Primer = Callable[[], None]
_primers: list[Primer] = []
_hooks_registered = False


def prepare_container(*aws_services: str, primers: Iterable[Primer] = ()) -> None:
    """Create the AWS clients the function uses and the I/O thread pool; keep the database engine and `primers` for
    SnapStart's before-snapshot hook. No network."""
    for service in aws_services:
        client(service)
    io_pool()
    settings = get_settings()
    if (settings.database_url or settings.db_secret_arn) and _create_engine not in _primers:
        _primers.append(_create_engine)
    _primers.extend(primer for primer in primers if primer not in _primers)
    _register_snapstart_hooks()


def _create_engine() -> None:
    """The database engine (no connection yet); in AWS this reads the Aurora secret."""
    from agente_vendedor.db.engine import get_engine

    get_engine()


def prime() -> None:
    """Run the primers now: what the before-snapshot hook runs; the cold-start bench and the tests call it."""
    for primer in _primers:
        primer()


def _after_restore() -> None:
    """Connections opened before the snapshot are not valid after restore: drop them, keep the engine; give this
    environment its own `random` sequence."""
    from agente_vendedor.db import engine

    random.seed()
    if engine._engine is not None:
        engine._engine.dispose(close=False)
    logger.info("SnapStart restore: database pool recycled, random reseeded")


def _register_snapstart_hooks() -> None:
    global _hooks_registered
    if _hooks_registered:
        return
    try:  # present only in the Lambda Python runtime
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return
    register_before_snapshot(prime)
    register_after_restore(_after_restore)
    _hooks_registered = True

"""Per-container resources for Lambda: built once at init (before a SnapStart snapshot), refreshed after restore."""

from __future__ import annotations

import logging

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.platform.io_pool import io_pool

logger = logging.getLogger(__name__)


def prepare_container(*aws_services: str) -> None:
    """Create the database engine (no connection yet), the AWS clients the function uses and the I/O thread pool.

    Needs no network when DATABASE_URL is set; in AWS the Aurora secret is read once here.
    """
    settings = get_settings()
    if settings.database_url or settings.db_secret_arn:
        from agente_vendedor.db.engine import get_engine

        get_engine()
    for service in aws_services:
        client(service)
    io_pool()
    _register_snapstart_hook()


def _after_restore() -> None:
    """Connections opened before the snapshot are not valid after restore: drop them, keep the engine."""
    from agente_vendedor.db import engine

    if engine._engine is not None:
        engine._engine.dispose(close=False)
    logger.info("SnapStart restore: database pool recycled")


def _register_snapstart_hook() -> None:
    try:  # present only in the Lambda Python runtime
        from snapshot_restore_py import register_after_restore
    except ImportError:
        return
    register_after_restore(_after_restore)

"""Run an export: stream a report from PostgreSQL into the storage, sign a download URL, and audit it."""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from agente_vendedor.commerce.audit import record_event
from agente_vendedor.core.errors import DomainError, ServiceUnavailableError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import get_engine, session_scope
from agente_vendedor.ops.exports.archive import write_full_report
from agente_vendedor.ops.exports.csv_copy import copy_csv
from agente_vendedor.ops.exports.period import Period
from agente_vendedor.ops.exports.reports import CSV_REPORTS, ReportType
from agente_vendedor.platform.storage import get_storage
from agente_vendedor.platform.storage.base import clamp_expiry

logger = logging.getLogger(__name__)

ExportFormat = Literal["csv", "zip"]
CONTENT_TYPES: dict[ExportFormat, str] = {"csv": "text/csv; charset=utf-8", "zip": "application/zip"}
SCHEDULED_PREFIX = "programados"
SCHEDULED_ACTOR = "programador"
# Exports may run for minutes (the function's timeout is 300 s); the API's default 5 s would cut them short.
EXPORT_STATEMENT_TIMEOUT_MS = 280_000


@dataclass(frozen=True)
class ExportResult:
    key: str
    url: str
    expires_at: datetime
    rows: int
    size: int
    format: ExportFormat


@dataclass(frozen=True)
class ScheduledReport:
    export: ExportResult
    expired_removed: int


def export_format(tipo: ReportType) -> ExportFormat:
    return "zip" if tipo is ReportType.REPORTE_COMPLETO else "csv"


def export_key(tipo: ReportType, now: datetime, prefix: str = "") -> str:
    """`ventas_20261125T101500Z_ab12cd.csv`, under `prefix` (e.g. `programados/2026/11/25/`)."""
    return f"{prefix}{tipo.value}_{now.astimezone(UTC):%Y%m%dT%H%M%SZ}_{secrets.token_hex(3)}.{export_format(tipo)}"


@contextlib.contextmanager
def snapshot_cursor() -> Iterator[Any]:
    """A pg8000 cursor in a read-only REPEATABLE READ transaction: every file of one export sees the same data."""
    connection = get_engine().raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute(f"SET LOCAL statement_timeout = {EXPORT_STATEMENT_TIMEOUT_MS}")
        yield cursor
    finally:
        with contextlib.suppress(Exception):
            connection.rollback()
        connection.close()


def export_report(
    tipo: ReportType,
    period: Period | None = None,
    *,
    actor: str,
    prefix: str = "",
    now: datetime | None = None,
) -> ExportResult:
    period = period or Period()
    now = now or datetime.now(UTC)
    settings = get_settings()
    storage = get_storage()
    key = export_key(tipo, now, prefix)
    fmt = export_format(tipo)
    try:
        with snapshot_cursor() as cursor, storage.open_writer(key, CONTENT_TYPES[fmt]) as writer:
            if tipo is ReportType.REPORTE_COMPLETO:
                rows = write_full_report(cursor, period, writer, now)
            else:
                rows = copy_csv(cursor, CSV_REPORTS[tipo].sql(period), writer)
            size = writer.bytes_written
        expiry_s = clamp_expiry(settings.export_url_expiry_s)
        signed_at = datetime.now(UTC).replace(microsecond=0)
        url = storage.presigned_url(key, expiry_s)
    except DomainError:
        raise
    except Exception as error:
        logger.exception("export %s failed", tipo.value)
        _record_failure(actor, tipo, period, error)
        raise ServiceUnavailableError(
            "No se pudo generar la exportación en este momento. Intente de nuevo en unos minutos."
        ) from error
    with session_scope() as session:
        record_event(
            session,
            "exportacion",
            actor,
            reporte=tipo.value,
            archivo=key,
            filas=rows,
            bytes=size,
            formato=fmt,
            almacenamiento=storage.backend,
            **period.as_dict(),
        )
    logger.info("export %s: %s rows, %s bytes -> %s", tipo.value, rows, size, key)
    return ExportResult(key, url, signed_at + timedelta(seconds=expiry_s), rows, size, fmt)


def _record_failure(actor: str, tipo: ReportType, period: Period, error: Exception) -> None:
    """Audit the failure when the database still answers (it may be the very thing that failed)."""
    try:
        with session_scope() as session:
            detail = {"reporte": tipo.value, "error": type(error).__name__, **period.as_dict()}
            record_event(session, "exportacion_fallida", actor, **detail)
    except Exception:
        logger.warning("could not audit the failed export", exc_info=True)


def scheduled_prefix(now: datetime) -> str:
    return f"{SCHEDULED_PREFIX}/{now.astimezone(UTC):%Y/%m/%d}/"


def run_scheduled_report(now: datetime | None = None) -> ScheduledReport:
    """The nightly job: drop expired exports, then write the full report under `programados/AAAA/MM/DD/`."""
    now = now or datetime.now(UTC)
    removed = get_storage().delete_expired(now)
    export = export_report(ReportType.REPORTE_COMPLETO, actor=SCHEDULED_ACTOR, prefix=scheduled_prefix(now), now=now)
    return ScheduledReport(export=export, expired_removed=removed)

"""CSV and ZIP formatting of exports: BOM, RFC 4180 quoting and CRLF, streamed ZIP, periods and names."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime

import pytest

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.ops.exports.archive import README_NAME, write_full_report
from agente_vendedor.ops.exports.csv_copy import BOM, Rfc4180Rows, copy_csv
from agente_vendedor.ops.exports.formula_cells import FORMULA_TRIGGERS, neutralised_query, neutralised_text
from agente_vendedor.ops.exports.period import Period
from agente_vendedor.ops.exports.reports import CSV_REPORTS, SUMMARY, ReportType
from agente_vendedor.ops.exports.service import export_key, scheduled_prefix

# What PostgreSQL's COPY ... CSV HEADER sends: one CopyData message per record, LF-terminated, RFC 4180 quoting.
HEADER = b"sku,nombre,precio\n"
RECORDS = [
    b'A-1,"Casco, tipo I",38000\n',
    b'B-2,"Guante ""nitrilo""",9000\n',
    b'C-3,"Botas\ncon puntera",120000\n',
    b"D-4,Se\xc3\xb1al \xc3\xb1and\xc3\xba,500\n",
]


TEXT_OID, INT4_OID = 25, 23


class FakeCopyCursor:
    """Describes the query's columns (the `LIMIT 0` query), then replays COPY output into the stream, as pg8000
    does (one `write` per record)."""

    def __init__(self, records: list[bytes]) -> None:
        self.records = records
        self.statements: list[str] = []
        self.rowcount = -1
        self.description: list[tuple[object, ...]] | None = None

    def execute(self, operation: str, args: tuple[object, ...] = (), stream: object = None) -> None:
        self.statements.append(operation)
        if operation.endswith("LIMIT 0"):
            self.description = [("sku", TEXT_OID), ("nombre", TEXT_OID), ("precio", INT4_OID)]
            return
        assert stream is not None and hasattr(stream, "write")
        for record in self.records:
            stream.write(record)
        self.rowcount = len(self.records) - 1


class WriteOnlySink:
    """A non-seekable sink (like an S3 multipart writer): only write and flush."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()

    def write(self, data: bytes) -> int:
        return self._buffer.write(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()


def test_rows_get_bom_and_crlf_but_quoted_line_breaks_stay() -> None:
    out = io.BytesIO()
    sink = Rfc4180Rows(out)
    for record in [HEADER, *RECORDS]:
        sink.write(record)
    data = out.getvalue()
    assert data.startswith(BOM)
    assert data.count(b"\r\n") == 5
    assert b'"Botas\ncon puntera"' in data  # the field's own line break is untouched
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["sku", "nombre", "precio"],
        ["A-1", "Casco, tipo I", "38000"],
        ["B-2", 'Guante "nitrilo"', "9000"],
        ["C-3", "Botas\ncon puntera", "120000"],
        ["D-4", "Señal ñandú", "500"],
    ]


def test_copy_csv_wraps_the_query_and_counts_data_rows() -> None:
    cursor = FakeCopyCursor([HEADER, *RECORDS])
    out = io.BytesIO()
    assert copy_csv(cursor, "SELECT 1", out) == 4
    describe, copy = cursor.statements
    assert describe == "SELECT * FROM (SELECT 1) AS columnas LIMIT 0"
    assert copy.startswith("COPY (SELECT ") and copy.endswith(
        " FROM (SELECT 1) AS fila) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
    )
    assert out.getvalue().startswith(BOM + b"sku,nombre,precio\r\n")


def test_full_report_is_a_streamed_zip_of_every_report_and_the_summary() -> None:
    sink = WriteOnlySink()
    generated = datetime(2026, 11, 25, 10, 15, tzinfo=UTC)
    rows = write_full_report(FakeCopyCursor([HEADER, *RECORDS]), Period(), sink, generated)
    assert rows == 4 * len(CSV_REPORTS)  # data rows of the four reports, not the summary
    with zipfile.ZipFile(io.BytesIO(sink.getvalue())) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == [q.filename for q in CSV_REPORTS.values()] + [q.filename for q in SUMMARY] + [README_NAME]
        for name in names[:-1]:
            content = archive.read(name)
            assert content.startswith(BOM) and content.endswith(b"\r\n")
        readme = archive.read(README_NAME).decode("utf-8")
        assert "ventas.csv: 4 filas" in readme and "2026-11-25T10:15:00+00:00" in readme
        assert archive.getinfo("ventas.csv").date_time == (2026, 11, 25, 10, 15, 0)


def test_every_report_query_filters_by_the_period() -> None:
    period = Period.from_query(date(2026, 11, 1), date(2026, 11, 30))
    for report, query in CSV_REPORTS.items():
        sql = query.sql(period)
        if report is ReportType.INVENTARIO:
            assert "2026-11-01" not in sql  # the catalogue is a snapshot
        else:
            assert "'2026-11-01T00:00:00+00:00'::timestamptz" in sql
            assert "'2026-11-30T23:59:59.999999+00:00'::timestamptz" in sql
    assert all("2026-11-01" in query.sql(period) for query in SUMMARY)
    assert "%" not in "".join(q.sql(period) for q in [*CSV_REPORTS.values(), *SUMMARY])  # pg8000 paramstyle


def test_period_dates_cover_whole_days_and_naive_datetimes_are_utc() -> None:
    period = Period.from_query(date(2026, 11, 25), date(2026, 11, 25))
    assert period.desde == datetime(2026, 11, 25, tzinfo=UTC)
    assert period.hasta == datetime(2026, 11, 25, 23, 59, 59, 999999, tzinfo=UTC)
    naive = Period.from_query(datetime(2026, 11, 25, 10, 0), None)
    assert naive.desde == datetime(2026, 11, 25, 10, 0, tzinfo=UTC) and naive.hasta is None
    assert Period().condition("v.fecha") == "TRUE"
    assert Period().as_dict() == {"desde": None, "hasta": None}
    with pytest.raises(InvalidInputError, match="desde"):
        Period.from_query(date(2026, 11, 26), date(2026, 11, 25))


def test_export_names() -> None:
    now = datetime(2026, 11, 25, 10, 15, tzinfo=UTC)
    assert re.fullmatch(r"ventas_20261125T101500Z_[0-9a-f]{6}\.csv", export_key(ReportType.VENTAS, now))
    key = export_key(ReportType.REPORTE_COMPLETO, now, scheduled_prefix(now))
    assert re.fullmatch(r"programados/2026/11/25/reporte-completo_20261125T101500Z_[0-9a-f]{6}\.zip", key)


def test_only_text_columns_are_wrapped_against_formulas() -> None:
    sql = neutralised_query("SELECT 1", [("nombre", TEXT_OID), ("precio", INT4_OID), ('raro"col', 1043)])
    assert sql.startswith('SELECT CASE WHEN left((fila."nombre")::text, 1) IN (')
    assert 'fila."precio" AS "precio"' in sql  # an integer (even a negative one) stays a number
    assert 'ELSE (fila."raro""col")::text END AS "raro""col"' in sql
    assert sql.endswith(" FROM (SELECT 1) AS fila")


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS, ids=["igual", "mas", "menos", "arroba", "tab", "cr"])
def test_every_trigger_is_in_the_rule(trigger: str) -> None:
    assert f"'{trigger}'" in neutralised_text("x").split(" THEN ")[0]

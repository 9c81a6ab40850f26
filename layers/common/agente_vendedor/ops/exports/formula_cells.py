"""CSV injection: no cell of an export can run as a spreadsheet formula (OWASP "CSV Injection").

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front
(`=HYPERLINK(…)` is exported as `'=HYPERLINK(…)`), which Excel, LibreOffice and Google Sheets show as text.
The rule runs inside PostgreSQL, on the query every export streams with COPY: each report's query is wrapped in a
SELECT that neutralises its text columns, so a report added later is covered without touching it.

Columns that PostgreSQL types as numbers, booleans or dates are written as they are: their text is made by
PostgreSQL, never typed by a customer, so a negative number (`-5`) stays a number a spreadsheet can add up.
Everything else (text, varchar, enums, arrays, ...) is text and is neutralised.
"""

from __future__ import annotations

from collections.abc import Sequence

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_PREFIX = "'"

# PostgreSQL type OIDs whose text PostgreSQL itself writes: integers, decimals, floats, money, booleans, dates and
# times (pg_type.oid, stable across versions).
NUMERIC_OR_DATE_TYPE_OIDS = frozenset(
    {
        20, 21, 23, 26,  # int8, int2, int4, oid
        700, 701, 790, 1700,  # float4, float8, money, numeric
        16,  # bool
        1082, 1083, 1114, 1184, 1186, 1266,  # date, time, timestamp, timestamptz, interval, timetz
    }
)  # fmt: skip


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_TRIGGER_LIST = ", ".join(_sql_literal(trigger) for trigger in FORMULA_TRIGGERS)


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def neutralised_text(expression: str) -> str:
    """SQL for `expression` as text, with the escape prefix when it starts with a trigger; NULL stays NULL."""
    as_text = f"({expression})::text"
    escaped = f"{_sql_literal(ESCAPE_PREFIX)} || {as_text}"
    return f"CASE WHEN left({as_text}, 1) IN ({_TRIGGER_LIST}) THEN {escaped} ELSE {as_text} END"


def describe_query(query: str) -> str:
    """The query that returns no rows but the columns' names and types (`cursor.description`)."""
    return f"SELECT * FROM ({query}) AS columnas LIMIT 0"


def neutralised_query(query: str, columns: Sequence[tuple[str, int]]) -> str:
    """`query` with every text column neutralised; `columns` are its (name, type OID) pairs, in order."""
    cells = []
    for name, type_oid in columns:
        column = f"fila.{quote_identifier(name)}"
        cell = column if type_oid in NUMERIC_OR_DATE_TYPE_OIDS else neutralised_text(column)
        cells.append(f"{cell} AS {quote_identifier(name)}")
    return f"SELECT {', '.join(cells)} FROM ({query}) AS fila"

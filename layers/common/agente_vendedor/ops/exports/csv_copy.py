"""CSV straight from PostgreSQL: `COPY (query) TO STDOUT` streamed row by row into any binary sink.

PostgreSQL's CSV format already quotes as RFC 4180 does (fields with commas, quotes or line breaks are quoted,
quotes doubled); this adds the UTF-8 BOM Excel needs in Spanish locales and CRLF record endings, and no text cell
can start a formula (`formula_cells`).
"""

from __future__ import annotations

from typing import Any, Protocol

from agente_vendedor.ops.exports.formula_cells import describe_query, neutralised_query

BOM = b"\xef\xbb\xbf"


class BinarySink(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Rfc4180Rows:
    """Receives COPY's output, which comes as exactly one CopyData message (one `write`) per record.

    Only the record's own final LF becomes CRLF; line breaks inside quoted fields are left as they are.
    """

    def __init__(self, target: BinarySink) -> None:
        self._target = target
        target.write(BOM)

    def write(self, record: bytes) -> int:
        if record.endswith(b"\n"):
            record = record[:-1] + b"\r\n"
        self._target.write(record)
        return len(record)


def copy_csv(cursor: Any, query: str, target: BinarySink) -> int:
    """Write `query`'s rows as CSV (header first) to `target`, text cells neutralised against formulas; returns
    the number of data rows.

    `cursor` is a pg8000 DB-API cursor (`engine.raw_connection().cursor()`); the query's column types are read
    first (a `LIMIT 0` round trip) to tell text from numbers.
    """
    cursor.execute(describe_query(query))
    columns = [(str(column[0]), int(column[1])) for column in cursor.description or ()]
    safe_query = neutralised_query(query, columns)
    cursor.execute(
        f"COPY ({safe_query}) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')", stream=Rfc4180Rows(target)
    )
    return max(int(cursor.rowcount), 0)

"""PostgreSQL giving up on a wait, as a typed domain error: the API answers 503 with a Spanish `detail`.

A lock held longer than `lock_timeout`, a statement over `statement_timeout` or a deadlock is not the caller's
fault and goes away on a retry; every other database error keeps its SQLAlchemy type.
"""

from __future__ import annotations

from agente_vendedor.core.errors import ServiceUnavailableError

_TRY_AGAIN = "Intenta de nuevo en unos segundos."
# SQLSTATE -> what the caller is told.
BUSY_MESSAGES: dict[str, str] = {
    "55P03": f"Otra operación está usando estos datos en este momento. {_TRY_AGAIN}",  # lock_not_available
    "40P01": f"Otra operación está usando estos datos en este momento. {_TRY_AGAIN}",  # deadlock_detected
    "57014": f"La base de datos tardó demasiado en responder. {_TRY_AGAIN}",  # query_canceled (statement_timeout)
}


class DatabaseBusyError(ServiceUnavailableError):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE of a pg8000 error (its first argument is the server's error fields; `C` is the code)."""
    fields = error.args[0] if error.args else None
    code = fields.get("C") if isinstance(fields, dict) else None
    return str(code) if code else None


def busy_error(error: BaseException) -> DatabaseBusyError | None:
    """The domain error for a wait PostgreSQL gave up on; None for any other error."""
    code = sqlstate(error)
    message = BUSY_MESSAGES.get(code or "")
    return DatabaseBusyError(message, code or "") if message else None

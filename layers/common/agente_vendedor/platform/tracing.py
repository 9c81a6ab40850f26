"""X-Ray subsegments for the calls that make a turn slow (Gemini, PostgreSQL, DynamoDB and the other AWS APIs), sent
straight to the Lambda X-Ray daemon over UDP, the way the X-Ray SDK does, without it.

Why not Powertools' Tracer: it needs aws-xray-sdk, whose dependencies would put a second botocore in the layer; the
subsegment document is small and documented ("Sending segment documents to the X-Ray daemon"). Lambda's active tracing
(template.yaml `Tracing: Active`) makes the function's segment and sets, per invocation, `_X_AMZN_TRACE_ID`
(`Root=…;Parent=…;Sampled=1`); each subsegment here names that root and parent. Outside Lambda, without active tracing
or for an unsampled request nothing is sent, and the cost is one environment lookup. Nothing personal is recorded:
names, the operation, the model, SQL text without its bound values (`hide_parameters` keeps those out anyway).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DAEMON_ADDRESS_ENV = "AWS_XRAY_DAEMON_ADDRESS"
TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID"
_HEADER = b'{"format": "json", "version": 1}\n'
_MAX_QUERY_CHARS = 500

_socket_lock = threading.Lock()
_socket: socket.socket | None = None


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    parent_id: str
    daemon: tuple[str, int]


def enabled() -> bool:
    """Active tracing in this function (the daemon's address is set at init): hooks are worth installing."""
    return bool(os.environ.get(DAEMON_ADDRESS_ENV))


def current_context() -> TraceContext | None:
    """This invocation's trace, when it is sampled and a daemon listens; else None (send nothing)."""
    address = os.environ.get(DAEMON_ADDRESS_ENV, "")
    header = os.environ.get(TRACE_HEADER_ENV, "")
    if not address or not header:
        return None
    fields = dict(part.split("=", 1) for part in header.split(";") if "=" in part)
    if fields.get("Sampled") != "1" or not fields.get("Root") or not fields.get("Parent"):
        return None
    host, _, port = address.split(" ")[0].rpartition(":")
    return TraceContext(fields["Root"], fields["Parent"], (host, int(port or 2000)))


def subsegment_document(
    context: TraceContext, name: str, start: float, end: float, *, error: BaseException | None = None, **extra: Any
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": "subsegment",
        "name": name,
        "id": secrets.token_hex(8),
        "trace_id": context.trace_id,
        "parent_id": context.parent_id,
        "start_time": start,
        "end_time": end,
        "namespace": "remote",
        **{key: value for key, value in extra.items() if value is not None},
    }
    if error is not None:
        document["fault"] = True
        document["cause"] = {"exceptions": [{"id": secrets.token_hex(8), "type": type(error).__name__}]}
    return document


def send(context: TraceContext, document: dict[str, Any]) -> None:
    """One UDP datagram to the daemon. Never raises: tracing must not fail a turn."""
    global _socket
    try:
        payload = _HEADER + json.dumps(document, separators=(",", ":"), default=str).encode()
        with _socket_lock:
            if _socket is None:
                _socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            _socket.sendto(payload, context.daemon)
    except Exception:
        logger.debug("X-Ray subsegment not sent", exc_info=True)


@contextmanager
def subsegment(name: str, **extra: Any) -> Iterator[None]:
    """Time the block as a subsegment `name` of this invocation's trace (extra fields: `annotations`, `sql`, …)."""
    context = current_context()
    if context is None:
        yield
        return
    start = time.time()
    failure: BaseException | None = None
    try:
        yield
    except BaseException as error:
        failure = error
        raise
    finally:
        send(context, subsegment_document(context, name, start, time.time(), error=failure, **extra))


# -- PostgreSQL: one subsegment per statement (SQLAlchemy cursor events) -------------------------------------------


def trace_statements(engine: Any) -> None:
    """Add a `PostgreSQL` subsegment per statement executed by `engine` (only when tracing is active)."""
    if not enabled():
        return
    from sqlalchemy import event

    database = f"{engine.url.host or 'local'}/{engine.url.database or ''}"

    def before(conn: Any, _cursor: Any, _statement: str, _params: Any, _context: Any, _many: bool) -> None:
        conn.info.setdefault("xray_started", []).append(time.time())

    def after(conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool) -> None:
        _statement_done(conn, statement, None)

    def failed(context: Any) -> None:
        _statement_done(context.connection, context.statement or "", context.original_exception)

    def _statement_done(conn: Any, statement: str, error: BaseException | None) -> None:
        started = conn.info.get("xray_started") if conn is not None else None
        trace = current_context()
        if not started:
            return
        start = started.pop()
        if trace is not None:
            sql = {"database_type": "PostgreSQL", "url": database, "sanitized_query": statement[:_MAX_QUERY_CHARS]}
            send(trace, subsegment_document(trace, "PostgreSQL", start, time.time(), error=error, sql=sql))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "handle_error", failed)


# -- AWS APIs: one subsegment per call (botocore events) -----------------------------------------------------------


def trace_aws_calls(client: Any) -> None:
    """Add a subsegment per API call of a boto3 `client` (DynamoDB, S3, Secrets Manager…), when tracing is active."""
    if not enabled():
        return
    service = client.meta.service_model.service_id.hyphenize()
    name = client.meta.service_model.service_id  # "DynamoDB", "S3", …

    def before(context: dict[str, Any], **_: Any) -> None:
        context["xray_started"] = time.time()

    def after(http_response: Any, model: Any, context: dict[str, Any], **_: Any) -> None:
        start = context.pop("xray_started", None)
        trace = current_context()
        if start is None or trace is None:
            return
        status = int(getattr(http_response, "status_code", 0) or 0)
        aws = {"operation": model.name, "region": client.meta.region_name}
        document = subsegment_document(
            trace, str(name), start, time.time(), aws=aws, http={"response": {"status": status}}
        )
        if status >= 400:
            document["error" if status < 500 else "fault"] = True
        send(trace, document)

    client.meta.events.register(f"before-call.{service}", before)
    client.meta.events.register(f"after-call.{service}", after)

"""WebSocket API events ($connect, MESSAGE, $disconnect) shaped like API Gateway's Lambda proxy events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from local_stack.aws_ids import gateway_id

_HEADER_WORDS = {"Websocket": "WebSocket"}


@dataclass(frozen=True)
class ConnectionInfo:
    connection_id: str
    connected_at_ms: int
    source_ip: str
    user_agent: str
    domain_name: str  # "127.0.0.1:8001"
    api_id: str
    stage: str


def canonical_header_name(name: str) -> str:
    """``sec-websocket-key`` → ``Sec-WebSocket-Key``: WebSocket events keep the client's header case."""
    words = [word.capitalize() for word in name.split("-")]
    return "-".join(_HEADER_WORDS.get(word, word) for word in words)


def connect_event(
    info: ConnectionInfo,
    headers: list[tuple[str, str]],
    query: list[tuple[str, str]],
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        key = canonical_header_name(name)
        single[key] = value
        multi.setdefault(key, []).append(value)
    event: dict[str, Any] = {"headers": single, "multiValueHeaders": multi}
    if query:
        multi_query: dict[str, list[str]] = {}
        for name, value in query:
            multi_query.setdefault(name, []).append(value)
        event["queryStringParameters"] = {name: values[-1] for name, values in multi_query.items()}
        event["multiValueQueryStringParameters"] = multi_query
    event["requestContext"] = _request_context(info, "$connect", "CONNECT", now)
    event["isBase64Encoded"] = False
    return event


def message_event(info: ConnectionInfo, route_key: str, body: str, *, now: datetime | None = None) -> dict[str, Any]:
    context = _request_context(info, route_key, "MESSAGE", now)
    context["messageId"] = gateway_id()
    return {"requestContext": context, "body": body, "isBase64Encoded": False}


def disconnect_event(
    info: ConnectionInfo, status_code: int, reason: str, *, now: datetime | None = None
) -> dict[str, Any]:
    headers = {"Host": info.domain_name, "X-Forwarded-For": info.source_ip}
    context = _request_context(info, "$disconnect", "DISCONNECT", now)
    context["disconnectStatusCode"] = status_code
    context["disconnectReason"] = reason
    return {
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "requestContext": context,
        "isBase64Encoded": False,
    }


def _request_context(info: ConnectionInfo, route_key: str, event_type: str, now: datetime | None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    return {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": gateway_id(),
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "messageDirection": "IN",
        "stage": info.stage,
        "connectedAt": info.connected_at_ms,
        "requestTimeEpoch": int(now.timestamp() * 1000),
        "identity": {"userAgent": info.user_agent, "sourceIp": info.source_ip},
        "requestId": gateway_id(),
        "domainName": info.domain_name,
        "connectionId": info.connection_id,
        "apiId": info.api_id,
    }

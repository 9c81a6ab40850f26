"""HTTP API payload format 2.0: request → Lambda event, Lambda result → HTTP response."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from local_stack.aws_ids import gateway_id, trace_id
from local_stack.lambda_context import ACCOUNT_ID
from local_stack.routes import HttpMatch

_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript", "application/graphql"})


class MalformedLambdaResponseError(ValueError):
    """The function returned something API Gateway answers with a 500."""


@dataclass(frozen=True)
class HttpRequestData:
    method: str
    raw_path: str  # as sent, percent-encoded, without the query string
    raw_query_string: str
    headers: list[tuple[str, str]]  # names lower-case, in arrival order
    body: bytes
    source_ip: str
    server_port: int
    scheme: str = "http"
    protocol: str = "HTTP/1.1"


@dataclass(frozen=True)
class HttpResponseData:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def build_http_event(
    request: HttpRequestData,
    match: HttpMatch,
    *,
    api_id: str,
    stage: str = "$default",
    request_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    headers, cookies = _event_headers(request)
    domain_name = headers.get("host", f"127.0.0.1:{request.server_port}")
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": match.route.route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query_string,
    }
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    if query := query_string_parameters(request.raw_query_string):
        event["queryStringParameters"] = query
    event["requestContext"] = {
        "accountId": ACCOUNT_ID,
        "apiId": api_id,
        "domainName": domain_name,
        "domainPrefix": domain_name.split(".")[0].split(":")[0],
        "http": {
            "method": request.method.upper(),
            "path": request.raw_path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": request_id or gateway_id(),
        "routeKey": match.route.route_key,
        "stage": stage,
        "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if match.path_parameters:
        event["pathParameters"] = dict(match.path_parameters)
    if request.body:
        content_type = headers.get("content-type", "")
        if is_text_body(content_type, request.body):
            event["body"] = request.body.decode()
            event["isBase64Encoded"] = False
        else:
            event["body"] = base64.b64encode(request.body).decode()
            event["isBase64Encoded"] = True
    else:
        event["isBase64Encoded"] = False
    return event


def query_string_parameters(raw_query_string: str) -> dict[str, str]:
    """Decoded parameters; repeated names are joined with commas, as format 2.0 does."""
    joined: dict[str, str] = {}
    for name, value in parse_qsl(raw_query_string, keep_blank_values=True):
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    return joined


def is_text_body(content_type: str, body: bytes) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    textual = (
        not media_type
        or media_type.startswith("text/")
        or media_type in _TEXT_TYPES
        or media_type.endswith(("+json", "+xml"))
    )
    if not textual:
        return False
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


def _event_headers(request: HttpRequestData) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        if name == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
        else:
            headers[name] = f"{headers[name]},{value}" if name in headers else value
    forwarded_for = headers.get("x-forwarded-for")
    headers["x-forwarded-for"] = f"{forwarded_for}, {request.source_ip}" if forwarded_for else request.source_ip
    headers["x-forwarded-port"] = str(request.server_port)
    headers["x-forwarded-proto"] = request.scheme
    headers.setdefault("x-amzn-trace-id", trace_id())
    return headers, cookies


def http_response_from_result(result: Any) -> HttpResponseData:
    """Interpret a function's result like an HTTP API with payload format 2.0."""
    if not isinstance(result, dict) or "statusCode" not in result:
        body = result if isinstance(result, str) else json.dumps(result)
        return HttpResponseData(200, [("content-type", "application/json")], body.encode())
    status = result["statusCode"]
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise MalformedLambdaResponseError(f"statusCode must be an HTTP status, got {status!r}")
    headers = [(name.lower(), _header_value(value)) for name, value in _items(result.get("headers"))]
    for name, values in _items(result.get("multiValueHeaders")):
        if not isinstance(values, list):
            raise MalformedLambdaResponseError(f"multiValueHeaders[{name!r}] must be a list")
        headers.extend((name.lower(), _header_value(value)) for value in values)
    cookies = result.get("cookies") or []
    if not isinstance(cookies, list):
        raise MalformedLambdaResponseError("cookies must be a list of strings")
    headers.extend(("set-cookie", str(cookie)) for cookie in cookies)
    return HttpResponseData(status, headers, _response_body(result))


def _items(mapping: Any) -> Iterable[tuple[str, Any]]:
    if mapping is None:
        return []
    if not isinstance(mapping, dict):
        raise MalformedLambdaResponseError(f"expected an object, got {type(mapping).__name__}")
    return [(str(name), value) for name, value in mapping.items() if value is not None]


def _header_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return str(value)
    raise MalformedLambdaResponseError(f"header values must be strings, got {type(value).__name__}")


def _response_body(result: dict[str, Any]) -> bytes:
    body = result.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise MalformedLambdaResponseError(f"body must be a string, got {type(body).__name__}")
    if result.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except ValueError as error:
            raise MalformedLambdaResponseError("isBase64Encoded is true but body is not base64") from error
    return body.encode()


def gateway_error(status: int, message: str, *, detail: str | None = None) -> HttpResponseData:
    """A response API Gateway produces itself (no function involved)."""
    payload = {"message": message} if detail is None else {"message": message, "detail": detail}
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return HttpResponseData(status, [("content-type", "application/json")], body)

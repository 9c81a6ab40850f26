"""The Lambda events the functions parse (Powertools parser models), and what the functions without FastAPI answer.

Every handler in `functions/*/app.py` parses its event with `aws_lambda_powertools.utilities.parser.parse` into one
of Powertools' built-in models or into the few models below (built on them), then calls one domain function; the
exports function's scheduled and deploy events are in `ops_events`. The HTTP API of the chat and exports functions
is FastAPI's, through Mangum, which parses those events itself.

The answers are the FastAPI app's: JSON with a Spanish `detail`, and a JSON body read the way FastAPI reads it
(422 `detail` from the one Spanish table in `core.validation_messages`). Light on purpose: no FastAPI, no SQLAlchemy
(ws_connect imports this module on every cold start).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any, TypeVar

from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
)
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from agente_vendedor.api.request_limits import JSON_LIMIT, NOT_UTF8, UNREADABLE, too_large, unsupported_media_type
from agente_vendedor.core.validation_messages import spanish_validation_errors

if TYPE_CHECKING:  # json_body reads its attributes only; the WebSocket functions never load the HTTP API's model
    from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model

M = TypeVar("M", bound=BaseModel)
# Each function parses one or two of these events: their validators are built on first use, not when any function
# imports this module (pydantic's `defer_build`).
LAZY_MODEL = ConfigDict(defer_build=True)

# --- events ----------------------------------------------------------------------------------------------------------


class ConnectEvent(APIGatewayWebSocketConnectEventModel):
    """WebSocket `$connect`, with the query string the socket was opened with (Powertools' model leaves it out)."""

    model_config = LAZY_MODEL

    query_string_parameters: dict[str, str] | None = Field(None, alias="queryStringParameters")


class ConnectionEvent(RootModel[ConnectEvent | APIGatewayWebSocketDisconnectEventModel]):
    """What the ws_connect function gets: the WebSocket API's `$connect` and `$disconnect` routes."""

    model_config = LAZY_MODEL


# --- answers ---------------------------------------------------------------------------------------------------------


def response(status: int, body: Any = None) -> dict[str, Any]:
    """An API Gateway proxy result: `{"statusCode"}` alone, or with a JSON body."""
    if body is None:
        return {"statusCode": status}
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False),
    }


def detail_response(status: int, detail: Any) -> dict[str, Any]:
    """An error answer: `{"detail": ...}` in Spanish, as the FastAPI app gives it."""
    return response(status, {"detail": detail})


class RequestRejectedError(Exception):
    """The request cannot reach the domain: `response` is the answer to send instead."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(status, detail)
        self.response = detail_response(status, detail)


def json_body(request: APIGatewayProxyEventV2Model, model: type[M], *, limit: int = JSON_LIMIT) -> M:
    """The request's JSON body as `model`, read as FastAPI reads a body parameter; otherwise `RequestRejectedError`:
    413 beyond `limit`, 400 for bytes that are not UTF-8 or JSON nested too deep, 415 for a body that is not JSON,
    422 with FastAPI's Spanish validation `detail`."""
    raw = request.body if isinstance(request.body, str) else ""
    if len(raw) > limit * (4 / 3 if request.isBase64Encoded else 1):
        raise RequestRejectedError(413, too_large(limit))
    try:
        text = base64.b64decode(raw).decode("utf-8") if request.isBase64Encoded else raw
    except (binascii.Error, UnicodeDecodeError):
        raise RequestRejectedError(400, NOT_UTF8) from None
    errors: list[dict[str, Any]]
    if not text:
        errors = [{"type": "missing", "loc": ("body",)}]
    else:
        content_type = _header(request.headers, "content-type")
        if not _is_json(content_type):
            raise RequestRejectedError(415, unsupported_media_type(content_type.split(";")[0], "application/json"))
        try:
            return model.model_validate(json.loads(text))
        except json.JSONDecodeError as error:
            errors = [{"type": "json_invalid", "loc": ("body", error.pos), "ctx": {"error": error.msg}}]
        except RecursionError:  # nested deeper than the parser goes: FastAPI's 400
            raise RequestRejectedError(400, UNREADABLE) from None
        except ValidationError as error:
            errors = [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
    raise RequestRejectedError(422, spanish_validation_errors(errors))


def _header(headers: dict[str, str], name: str) -> str:
    """HTTP API sends header names in lower case; any other case is accepted too."""
    return headers.get(name) or next((value for key, value in headers.items() if key.lower() == name), "")


def _is_json(content_type: str) -> bool:
    """No content type, `application/json` or `application/*+json` (FastAPI's rule); any other body is not JSON."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return (
        not media_type
        or media_type == "application/json"
        or (media_type.startswith("application/") and media_type.endswith("+json"))
    )

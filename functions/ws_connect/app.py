"""WebSocket `$connect` / `$disconnect`: the connection registry and the staff token check.

Kept light on purpose (it runs on every connection): Powertools parser models and boto3, never FastAPI,
SQLAlchemy or the LLM client.
"""

from __future__ import annotations

import json
from typing import Any

from agente_vendedor.aws_clients import client
from agente_vendedor.errors import InvalidInputError, UnauthorizedError
from agente_vendedor.websocket_connections import close_connection, open_connection
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parser.models.apigw_websocket import (
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Field, ValidationError

logger = Logger()
client("dynamodb")  # settings and the DynamoDB client at init, once per container


class ConnectEvent(APIGatewayWebSocketConnectEventModel):
    query_string_parameters: dict[str, str] | None = Field(default=None, alias="queryStringParameters")


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    event_type = (event.get("requestContext") or {}).get("eventType")
    try:
        if event_type == "DISCONNECT":
            disconnect = APIGatewayWebSocketDisconnectEventModel.model_validate(event)
            close_connection(disconnect.request_context.connection_id)
            return _response(200)
        connect = ConnectEvent.model_validate(event)
    except ValidationError as error:
        logger.warning("not a WebSocket $connect/$disconnect event", errors=error.errors(include_url=False))
        return _response(400, "Evento de conexión inválido.")
    query = connect.query_string_parameters or {}
    connection_id = connect.request_context.connection_id
    try:
        record = open_connection(connection_id, query.get("chat_id"), query.get("token"))
    except InvalidInputError as error:
        return _response(400, error.message)
    except UnauthorizedError as error:
        return _response(401, error.message)
    logger.info("connected", connection_id=connection_id, chat_id=record.chat_id, staff=record.staff)
    return _response(200)


def _response(status: int, detail: str | None = None) -> dict[str, Any]:
    if detail is None:
        return {"statusCode": status}
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"detail": detail}, ensure_ascii=False),
    }

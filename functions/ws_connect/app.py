"""WebSocket `$connect` / `$disconnect`: the connection registry and the staff token check.

Kept light on purpose (it runs on every connection): Powertools' event data class and boto3, never FastAPI,
SQLAlchemy or the LLM client.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from agente_vendedor.core.errors import InvalidInputError, UnauthorizedError
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.realtime.admission import close_connection, open_connection

logger = Logger()
client("dynamodb")  # settings and the DynamoDB client at init, once per container


@logger.inject_lambda_context(clear_state=True)
@event_source(data_class=APIGatewayWebSocketEvent)
def handler(event: APIGatewayWebSocketEvent, context: LambdaContext) -> dict[str, Any]:
    try:
        request = event.request_context
        event_type, connection_id = request.event_type, request.connection_id
    except (KeyError, TypeError):
        logger.warning("not a WebSocket $connect/$disconnect event")
        return _response(400, "Evento de conexión inválido.")
    if event_type == "DISCONNECT":
        close_connection(connection_id)
        return _response(200)
    query = event.query_string_parameters
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

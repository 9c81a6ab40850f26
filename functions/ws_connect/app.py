"""WebSocket `$connect` / `$disconnect`: the connection registry and the staff token check.

Kept light on purpose (it runs on every connection): Powertools' parser models and botocore, never FastAPI or the
LLM client; the staff modules, PyJWT and SQLAlchemy only when a token is presented (a signed one's account is read);
its log masking compiles the contact-field finders only (`language.contact_fields`).
"""

from __future__ import annotations

from agente_vendedor.ops.lambda_init import begin_init, init_done

begin_init()  # no garbage collection nor pydantic plugin discovery until init_done() (ops/lambda_init.py)

from typing import Any

from aws_lambda_powertools.utilities.parser import ValidationError, parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketDisconnectEventModel
from aws_lambda_powertools.utilities.typing import LambdaContext

from agente_vendedor.api.lambda_events import ConnectionEvent, detail_response, response
from agente_vendedor.core.errors import DomainError
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.platform.log_privacy import service_logger
from agente_vendedor.realtime.admission import close_connection, open_connection, wants_panel

logger = service_logger()  # every record masked of personal data
client("dynamodb")  # settings and the DynamoDB client at init, once per container
init_done()


@logger.inject_lambda_context(clear_state=True, log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        connection = parse(event=event, model=ConnectionEvent).root
    except ValidationError as error:
        logger.warning(
            "not a WebSocket $connect/$disconnect event", errors=error.errors(include_url=False, include_input=False)
        )
        return detail_response(400, "Evento de conexión inválido.")
    connection_id = connection.request_context.connection_id
    if isinstance(connection, APIGatewayWebSocketDisconnectEventModel):
        close_connection(connection_id)
        return response(200)
    query = connection.query_string_parameters or {}
    try:
        record = open_connection(
            connection_id,
            query.get("chat_id"),
            query.get("token"),
            query.get("chat_token"),
            panel=wants_panel(query.get("panel")),
        )
    except DomainError as refused:
        return detail_response(refused.http_status, refused.message)  # a bad chat_id is a malformed request: 400
    logger.info("connected", connection_id=connection_id, chat_id=record.chat_id, staff=record.staff)
    return response(200)

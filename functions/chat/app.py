"""Chat function: the FastAPI HTTP API (through Mangum) and the WebSocket `message`/`$default` routes."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import ValidationError, parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketMessageEventModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from mangum import Mangum

from agente_vendedor.api.app import create_app
from agente_vendedor.api.lambda_events import response
from agente_vendedor.conversation import classifier
from agente_vendedor.ops.bootstrap import prepare_container
from agente_vendedor.platform import llm, turn_metrics
from agente_vendedor.platform.log_privacy import service_logger
from agente_vendedor.realtime.chat_messages import IncomingFrame, handle_frame
from agente_vendedor.realtime.push import management_endpoint

logger = service_logger()  # every record masked of personal data
prepare_container("dynamodb")
classifier.warm_up()  # lexicons and rules loaded at init, so SnapStart snapshots them
llm.warm_up()  # the Gemini SDK import (≈0.5 s) happens at init, only when a key is configured
app = create_app()
_mangum = Mangum(app, lifespan="off")


@logger.inject_lambda_context(clear_state=True, log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The HTTP API: FastAPI parses the request, through Mangum. A chat turn's metrics are flushed (EMF) on the way
    out."""
    try:
        return _mangum(event, context)  # type: ignore[arg-type]
    finally:
        turn_metrics.flush()


@logger.inject_lambda_context(clear_state=True, log_event=False)
def ws_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """A frame on the WebSocket API (`message` and `$default` routes); the replies go out via @connections."""
    try:
        message = parse(event=event, model=APIGatewayWebSocketMessageEventModel)
    except ValidationError as error:
        logger.warning("not a WebSocket message event", errors=error.errors(include_url=False, include_input=False))
        return response(400)
    request = message.request_context
    endpoint = management_endpoint(request.domain_name, request.stage)
    logger.append_keys(connection_id=request.connection_id, route=request.route_key)
    body = message.body if isinstance(message.body, str) else None
    try:
        handle_frame(
            IncomingFrame(request.connection_id, body, endpoint),
            remaining_ms=context.get_remaining_time_in_millis,
        )
    finally:
        turn_metrics.flush()  # the turn's metrics (EMF), once per invocation
    return response(200)

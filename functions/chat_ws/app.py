"""WebSocket `message` / `$default` routes: one frame of the chat (a ping, or a chat turn streamed via @connections).

Kept apart from the HTTP API on purpose (it runs for every widget message): Powertools' parser model of the event
and the realtime domain (`realtime.chat_messages`), never FastAPI or Mangum. The chat turn's modules (SQLAlchemy,
the search, the rules) and the lexicons are loaded by the SnapStart priming hook before the snapshot
(`ops.bootstrap`), or by the first frame that needs them when the function runs without SnapStart.
"""

from __future__ import annotations

from agente_vendedor.ops.lambda_init import begin_init, init_done

begin_init()  # no garbage collection nor pydantic plugin discovery until init_done() (ops/lambda_init.py)

from typing import Any

from aws_lambda_powertools.utilities.parser import ValidationError, parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketMessageEventModel
from aws_lambda_powertools.utilities.typing import LambdaContext

from agente_vendedor.api.lambda_events import response
from agente_vendedor.ops.bootstrap import prepare_container
from agente_vendedor.platform import turn_metrics
from agente_vendedor.platform.log_privacy import service_logger
from agente_vendedor.realtime.chat_messages import IncomingFrame, handle_frame, prime_chat_turn
from agente_vendedor.realtime.push import management_endpoint

logger = service_logger()  # every record masked of personal data
prepare_container("dynamodb", primers=[prime_chat_turn])
init_done()


@logger.inject_lambda_context(clear_state=True, log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """A frame on the WebSocket API; the replies go out via @connections."""
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

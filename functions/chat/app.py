"""Chat function: the FastAPI HTTP API (through Mangum). The WebSocket frames have their own function (chat_ws)."""

from __future__ import annotations

from agente_vendedor.ops.lambda_init import begin_init, init_done

begin_init()  # no garbage collection nor pydantic plugin discovery until init_done() (ops/lambda_init.py)

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from mangum import Mangum

from agente_vendedor.api.app import create_app
from agente_vendedor.ops.bootstrap import prepare_container
from agente_vendedor.platform import turn_metrics
from agente_vendedor.platform.log_privacy import service_logger
from agente_vendedor.realtime.chat_messages import prime_chat_turn

logger = service_logger()  # every record masked of personal data
prepare_container("dynamodb", primers=[prime_chat_turn])  # the turn's lexicons and rules: before the snapshot
app = create_app()
_mangum = Mangum(app, lifespan="off")
init_done()


@logger.inject_lambda_context(clear_state=True, log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The HTTP API: FastAPI parses the request, through Mangum. A chat turn's metrics are flushed (EMF) on the way
    out."""
    try:
        return _mangum(event, context)  # type: ignore[arg-type]
    finally:
        turn_metrics.flush()

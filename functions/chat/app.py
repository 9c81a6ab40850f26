"""Chat function: the FastAPI HTTP API (through Mangum) and the WebSocket `message`/`$default` routes."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from mangum import Mangum

from agente_vendedor.api.app import create_app

logger = Logger()
app = create_app()
_mangum = Mangum(app, lifespan="off")


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return _mangum(event, context)  # type: ignore[arg-type]

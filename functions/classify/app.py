"""Classify function: `POST /classify` {"mensaje"} -> {"tipo_mensaje", "confianza", "entidades"}.

A light handler (Powertools resolver, no FastAPI): the rules, the entity extractors and the catalogue lookup for
product SKUs (PostgreSQL, when configured). Everything heavy is imported at init, so SnapStart snapshots it.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.utilities.typing import LambdaContext

from agente_vendedor.conversation.classifier import classify_message, warm_up
from agente_vendedor.ops.bootstrap import prepare_container
from agente_vendedor.schemas.chat import ClassifyRequest

MAX_BODY_BYTES = 1024 * 1024

logger = Logger()
prepare_container()
warm_up()
app = APIGatewayHttpResolver(enable_validation=True)


@app.post("/classify")
def classify(body: ClassifyRequest) -> dict[str, Any]:
    return classify_message(body.mensaje).model_dump()


@app.exception_handler(RequestValidationError)
def _invalid(error: RequestValidationError) -> Response:
    detail = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": "El cuerpo debe ser JSON con 'mensaje': texto de 1 a 2000 caracteres.",
            "type": str(e.get("type", "")),
        }
        for e in error.errors()
    ] or "El cuerpo debe ser JSON con 'mensaje': texto de 1 a 2000 caracteres."
    return Response(status_code=422, content_type=content_types.APPLICATION_JSON, body={"detail": detail})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if len(event.get("body") or "") > MAX_BODY_BYTES * (4 / 3 if event.get("isBase64Encoded") else 1):
        return {
            "statusCode": 413,
            "headers": {"Content-Type": "application/json"},
            "body": '{"detail": "El cuerpo de la solicitud supera el límite de 1 MB."}',
        }
    return app.resolve(event, context)

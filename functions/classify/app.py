"""Classify function: `POST /classify` {"mensaje"} -> {"tipo_mensaje", "confianza", "entidades"}.

A light handler (Powertools parser, no FastAPI): the rules, the entity extractors and the catalogue lookup for
product SKUs (PostgreSQL, when configured). The rules and lexicons are loaded by the SnapStart priming hook before
the snapshot (`ops.bootstrap`), or by the first request without SnapStart.
The body is read as the FastAPI app reads it, so both answer bad input alike (413, 400, 422 with a Spanish `detail`).
"""

from __future__ import annotations

from agente_vendedor.ops.lambda_init import begin_init, init_done

begin_init()  # no garbage collection nor pydantic plugin discovery until init_done() (ops/lambda_init.py)

from typing import Any

from aws_lambda_powertools.utilities.parser import ValidationError, parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model
from aws_lambda_powertools.utilities.typing import LambdaContext

from agente_vendedor.api.lambda_events import RequestRejectedError, detail_response, json_body, response
from agente_vendedor.conversation.classifier import classify_message, warm_up
from agente_vendedor.ops.bootstrap import prepare_container
from agente_vendedor.platform.log_privacy import service_logger
from agente_vendedor.schemas.chat import ClassifyRequest

logger = service_logger()  # every record masked of personal data
prepare_container(primers=[warm_up])
init_done()


@logger.inject_lambda_context(clear_state=True, log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        request = json_body(parse(event=event, model=APIGatewayProxyEventV2Model), ClassifyRequest)
    except ValidationError as error:
        logger.warning("not an HTTP API event", errors=error.errors(include_url=False, include_input=False))
        return detail_response(400, "Evento HTTP inválido.")
    except RequestRejectedError as rejected:
        return rejected.response
    return response(200, classify_message(request.mensaje).model_dump())

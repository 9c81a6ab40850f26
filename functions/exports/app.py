"""Exports function: the exports/files HTTP routes (FastAPI through Mangum), the nightly report (EventBridge)
and the database migrations on deploy (CloudFormation custom resource `DatabaseMigrations`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import (
    CloudFormationCustomResourceCreateModel,
    CloudFormationCustomResourceDeleteModel,
    CloudFormationCustomResourceUpdateModel,
    EventBridgeModel,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from mangum import Mangum
from pydantic import BaseModel, Field

from agente_vendedor.api.app import create_app
from agente_vendedor.api.routers import archivos, exportes
from agente_vendedor.ops.deploy_migrations import handle_migrations_resource
from agente_vendedor.ops.nightly import run_nightly
from agente_vendedor.platform.cloudformation import CustomResourceRequest

logger = Logger()
app = create_app(routers=[exportes.router, archivos.router])
_mangum = Mangum(app, lifespan="off")

SCHEDULED_DETAIL_TYPE = "Scheduled Event"

CustomResourceEvent = Annotated[
    CloudFormationCustomResourceCreateModel
    | CloudFormationCustomResourceUpdateModel
    | CloudFormationCustomResourceDeleteModel,
    Field(discriminator="request_type"),
]


class ScheduledReportInput(BaseModel):
    """The Schedule event's constant input in template.yaml, which EventBridge sends instead of its envelope."""

    accion: Literal["reporte_programado"]


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if "requestContext" in event:
        return _mangum(event, context)  # type: ignore[arg-type]
    if "RequestType" in event:
        return _custom_resource(event)
    return _scheduled_report(event)


def _custom_resource(event: dict[str, Any]) -> dict[str, Any]:
    resource = parse(event=event, model=CustomResourceEvent)  # type: ignore[call-overload]
    outcome = handle_migrations_resource(
        CustomResourceRequest(
            request_type=resource.request_type,
            response_url=str(resource.response_url),
            stack_id=resource.stack_id,
            request_id=resource.request_id,
            logical_resource_id=resource.logical_resource_id,
            physical_resource_id=getattr(resource, "physical_resource_id", None),
        )
    )
    return {"estado": outcome.status, "motivo": outcome.reason}


def _scheduled_report(event: dict[str, Any]) -> dict[str, Any]:
    scheduled_at = None  # the constant input carries no time: now
    if "detail-type" in event:
        scheduled = parse(event=event, model=EventBridgeModel)
        if scheduled.detail_type != SCHEDULED_DETAIL_TYPE:
            raise ValueError(f"unexpected EventBridge detail-type: {scheduled.detail_type!r}")
        scheduled_at = scheduled.time  # a retried delivery keeps its night's date
    else:
        parse(event=event, model=ScheduledReportInput)
    nightly = run_nightly(scheduled_at)
    report = nightly.report
    logger.info("nightly report written", archivo=report.export.key, filas=report.export.rows)
    return {
        "archivo": report.export.key,
        "filas": report.export.rows,
        "bytes": report.export.size,
        "exportes_expirados_eliminados": report.expired_removed,
        "productos_con_embedding": nightly.embedded_products,
    }

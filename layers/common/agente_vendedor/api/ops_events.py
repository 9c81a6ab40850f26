"""The events that start the exports function's jobs (Powertools parser models): the database migrations on deploy
(CloudFormation custom resource) and the nightly report (EventBridge schedule).

Apart from `lambda_events` so the functions that never get them (ws_connect, the WebSocket messages, classify) do
not load Powertools' CloudFormation and EventBridge models at init.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from aws_lambda_powertools.utilities.parser.models import (
    CloudFormationCustomResourceCreateModel,
    CloudFormationCustomResourceDeleteModel,
    CloudFormationCustomResourceUpdateModel,
    EventBridgeModel,
)
from pydantic import BaseModel, Field, RootModel

from agente_vendedor.api.lambda_events import LAZY_MODEL
from agente_vendedor.platform.cloudformation import CustomResourceRequest


class MigrationsResourceEvent(
    RootModel[
        Annotated[
            CloudFormationCustomResourceCreateModel
            | CloudFormationCustomResourceUpdateModel
            | CloudFormationCustomResourceDeleteModel,
            Field(discriminator="request_type"),
        ]
    ]
):
    """The CloudFormation custom resource `DatabaseMigrations` (template.yaml): Create, Update or Delete."""

    model_config = LAZY_MODEL

    def to_request(self) -> CustomResourceRequest:
        resource = self.root
        return CustomResourceRequest(
            request_type=resource.request_type,
            response_url=str(resource.response_url),
            stack_id=resource.stack_id,
            request_id=resource.request_id,
            logical_resource_id=resource.logical_resource_id,
            physical_resource_id=getattr(resource, "physical_resource_id", None),  # Create has none yet
        )


class ScheduledEvent(EventBridgeModel):
    """EventBridge's `Scheduled Event`; a retried delivery keeps its night's `time`."""

    model_config = LAZY_MODEL

    detail_type: Literal["Scheduled Event"] = Field(alias="detail-type")


class ScheduledReportInput(BaseModel):
    """The Schedule event's constant input in template.yaml, which EventBridge sends instead of its envelope."""

    model_config = LAZY_MODEL

    accion: Literal["reporte_programado"]


class NightlyReportEvent(RootModel[ScheduledEvent | ScheduledReportInput]):
    """What starts the nightly report: the scheduled event, or the template's constant input."""

    model_config = LAZY_MODEL

    @property
    def scheduled_at(self) -> datetime | None:
        """The night the report is for; the constant input carries no time: now."""
        return self.root.time if isinstance(self.root, ScheduledEvent) else None

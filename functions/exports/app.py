"""Exports function: the exports/files HTTP routes (FastAPI through Mangum), the nightly report (EventBridge)
and the database migrations on deploy (CloudFormation custom resource `DatabaseMigrations`)."""

from __future__ import annotations

from agente_vendedor.ops.lambda_init import begin_init, init_done

begin_init()  # no garbage collection nor pydantic plugin discovery until init_done() (ops/lambda_init.py)

from typing import Any

from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.typing import LambdaContext
from mangum import Mangum

from agente_vendedor.api.app import create_app
from agente_vendedor.api.ops_events import MigrationsResourceEvent, NightlyReportEvent
from agente_vendedor.api.routers import archivos, exportes
from agente_vendedor.platform.log_privacy import service_logger

logger = service_logger()  # every record masked of personal data
app = create_app(routers=[exportes.router, archivos.router])
_mangum = Mangum(app, lifespan="off")
init_done()


@logger.inject_lambda_context(clear_state=True, log_event=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """HTTP goes to FastAPI; an EventBridge or CloudFormation event that fails to parse raises ValidationError."""
    if "requestContext" in event:  # the HTTP API: FastAPI parses it, through Mangum
        return _mangum(event, context)  # type: ignore[arg-type]
    if "RequestType" in event:
        return _migrations(parse(event=event, model=MigrationsResourceEvent))
    return _nightly_report(parse(event=event, model=NightlyReportEvent))


def _migrations(resource: MigrationsResourceEvent) -> dict[str, Any]:
    from agente_vendedor.ops.deploy_migrations import handle_migrations_resource  # Alembic: only on a deploy

    outcome = handle_migrations_resource(resource.to_request())
    return {"estado": outcome.status, "motivo": outcome.reason}


def _nightly_report(scheduled: NightlyReportEvent) -> dict[str, Any]:
    from agente_vendedor.ops.nightly import run_nightly  # the report and the embeddings: only at night

    nightly = run_nightly(scheduled.scheduled_at)
    report = nightly.report
    logger.info("nightly report written", archivo=report.export.key, filas=report.export.rows)
    return {
        "archivo": report.export.key,
        "filas": report.export.rows,
        "bytes": report.export.size,
        "exportes_expirados_eliminados": report.expired_removed,
        "productos_con_embedding": nightly.embedded_products,
        "mensajes_copiados": nightly.messages_copied,
    }

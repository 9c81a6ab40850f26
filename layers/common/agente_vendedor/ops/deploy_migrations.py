"""The `DatabaseMigrations` custom resource: Alembic migrations to head on every deploy, answered to CloudFormation.

A rollback never breaks on the schema. When CloudFormation rolls a stack back (or an older layer is deployed), this
function runs with the older code, whose migrations do not know the database's newer revision; `upgrade head` would
fail (`Can't locate revision`) and leave the stack in UPDATE_ROLLBACK_FAILED. So a database ahead of the code is left
as it is and answered SUCCESS: the schema is never downgraded by a deploy. That is safe because every migration keeps
the previous release working (the backward-compatible-for-one-release rule in docs/iac.md: add columns nullable or
with a default, add tables, never drop or rename in the release that stops using them — drop one release later).
"""

from __future__ import annotations

import logging

from agente_vendedor.platform.cloudformation import CustomResourceOutcome, CustomResourceRequest, send_response

logger = logging.getLogger(__name__)

PHYSICAL_RESOURCE_ID = "agente-vendedor-migraciones"


def migrate(request: CustomResourceRequest) -> CustomResourceOutcome:
    physical_id = request.physical_resource_id or PHYSICAL_RESOURCE_ID
    if request.request_type == "Delete":
        # Deleting the stack (or replacing the resource) never rolls the schema back: the data stays usable.
        return CustomResourceOutcome("SUCCESS", "Las migraciones no se revierten al eliminar el recurso.", physical_id)
    try:
        from alembic.script import ScriptDirectory

        from agente_vendedor.core.settings import get_settings
        from agente_vendedor.db.engine import database_url
        from agente_vendedor.db.migrations import alembic_config, unknown_revisions, upgrade

        url = database_url(get_settings())
        ahead = unknown_revisions(url)
        if ahead:
            revision = ", ".join(sorted(ahead))
            logger.warning("database at %s, newer than this code's migrations: left as it is", revision)
            message = f"Base de datos en la revisión {revision}, más nueva que este código: no se modifica."
            return CustomResourceOutcome("SUCCESS", message, physical_id, {"Revision": revision})
        upgrade(url)
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head() or ""
    except Exception as error:
        logger.exception("database migrations failed")
        return CustomResourceOutcome("FAILED", f"Migraciones fallidas: {type(error).__name__}: {error}", physical_id)
    return CustomResourceOutcome("SUCCESS", f"Base de datos en la revisión {head}.", physical_id, {"Revision": head})


def handle_migrations_resource(request: CustomResourceRequest) -> CustomResourceOutcome:
    """Migrate (or not, on Delete) and always answer CloudFormation, success or failure."""
    outcome = migrate(request)
    send_response(request, outcome)
    return outcome

"""The DatabaseMigrations custom resource on a real PostgreSQL: it migrates an empty database to head, and a
database ahead of the code (a rollback: CloudFormation runs the older layer against the newer schema) is answered
SUCCESS and left untouched instead of failing into UPDATE_ROLLBACK_FAILED."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.migrations import alembic_config, unknown_revisions
from agente_vendedor.ops.deploy_migrations import migrate
from agente_vendedor.platform.cloudformation import CustomResourceRequest
from local_stack.postgres import create_database, drop_database, ensure_postgres

pytestmark = pytest.mark.integration


def request(request_type: str) -> CustomResourceRequest:
    return CustomResourceRequest(
        request_type=request_type,
        response_url="https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x",
        stack_id="arn:aws:cloudformation:us-east-1:123456789012:stack/agente-vendedor/1",
        request_id="req-1",
        logical_resource_id="DatabaseMigrations",
        physical_resource_id="agente-vendedor-migraciones",
    )


@pytest.fixture
def empty_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    admin_url = ensure_postgres()
    name = f"agente_rollback_{uuid.uuid4().hex[:8]}"
    url = create_database(admin_url, name)
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    drop_database(admin_url, name)


def revision_of(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as connection:
        revision = str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one())
    engine.dispose()
    return revision


def test_create_migrates_to_head_and_an_update_with_the_same_code_is_a_no_op(empty_database: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(empty_database)).get_current_head()
    outcome = migrate(request("Create"))
    assert (outcome.status, outcome.data) == ("SUCCESS", {"Revision": head})
    assert revision_of(empty_database) == head
    assert migrate(request("Update")).status == "SUCCESS"


def test_a_database_ahead_of_the_code_is_left_as_it_is(empty_database: str) -> None:
    migrate(request("Create"))
    newer = "9999_de_una_version_posterior"
    engine = create_engine(empty_database)
    with engine.begin() as connection:  # what the next release's migration would have left
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": newer})
    engine.dispose()
    assert unknown_revisions(empty_database) == {newer}
    outcome = migrate(request("Update"))  # the rollback: this (older) code answers
    assert outcome.status == "SUCCESS", outcome.reason
    assert outcome.data == {"Revision": newer} and "no se modifica" in outcome.reason
    assert revision_of(empty_database) == newer, "never downgraded"

"""The ORM models and the migrations describe the same schema, and migrations go down and up again."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from agente_vendedor.db.migrations import downgrade, include_object, upgrade
from agente_vendedor.db.models import Base
from local_stack.postgres import create_database, drop_database, ensure_postgres

pytestmark = pytest.mark.integration


def test_models_match_migrations_and_round_trip() -> None:
    admin_url = ensure_postgres()
    name = f"agente_mig_{uuid.uuid4().hex[:8]}"
    url = create_database(admin_url, name)
    try:
        upgrade(url)
        engine = create_engine(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            assert compare_metadata(context, Base.metadata) == []
        engine.dispose()
        downgrade(url)
        upgrade(url)
    finally:
        drop_database(admin_url, name)

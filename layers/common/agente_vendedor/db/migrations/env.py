from __future__ import annotations

from alembic import context

from agente_vendedor.db.engine import build_engine
from agente_vendedor.db.migrations import include_object
from agente_vendedor.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    connectable = build_engine(url, statement_timeout_ms=0)  # same TLS as the application (Aurora in AWS)
    with connectable.connect() as connection:
        # Serialise concurrent deploys/cold starts running migrations at the same time.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(74123001)")
        context.configure(connection=connection, target_metadata=target_metadata, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

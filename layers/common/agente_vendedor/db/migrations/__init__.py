"""Alembic migrations: the only way the schema is made. `upgrade(url)` is what `make dev`, tests and deploys call."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent

# Made by migrations on purpose outside the ORM: the catalogue version counter (kept by a trigger, read by
# retrieval's caches) and the optional pgvector column. Autogenerate must not propose dropping them.
_OUTSIDE_THE_ORM = {("table", "catalogo_version"), ("column", "embedding")}


def include_object(_object: object, name: str | None, type_: str, _reflected: bool, _compare_to: object) -> bool:
    return (type_, name) not in _OUTSIDE_THE_ORM


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def unknown_revisions(database_url: str) -> set[str]:
    """The database's current revisions that this code's migrations do not know: a schema made by a newer release
    (a rollback or an older layer running). Empty for an empty, current or older database."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from agente_vendedor.db.engine import build_engine

    known = {script.revision for script in ScriptDirectory.from_config(alembic_config(database_url)).walk_revisions()}
    engine = build_engine(database_url, statement_timeout_ms=0)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    return current - known


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)

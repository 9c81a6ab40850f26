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


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)

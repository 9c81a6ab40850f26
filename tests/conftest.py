"""Shared test configuration: safe defaults for every test and a fresh PostgreSQL database per run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

# Defaults before anything reads settings: no real AWS, no LLM key, a known staff token.
os.environ.setdefault("AGENTE_ADMIN_TOKEN", "test-token")
os.environ.setdefault("AGENTE_JWT_SECRET", "clave-de-firma-de-las-pruebas-con-mas-de-64-bytes-para-hs256-y-hs512")
os.environ["LLM_PROVIDER"] = os.environ.get("TEST_LLM_PROVIDER", "offline")
os.environ.pop("GOOGLE_API_KEY", None)
for name, value in {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "AgenteVendedorTests",
    "POWERTOOLS_DEV": "false",
}.items():
    os.environ.setdefault(name, value)

STAFF_TOKEN = os.environ["AGENTE_ADMIN_TOKEN"]
STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}  # the break-glass token: an `admin`


def reset_caches() -> None:
    """Forget settings, engine and clients cached by the container-scoped modules."""
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.db.engine import reset_engine
    from agente_vendedor.platform.aws_clients import reset_clients
    from agente_vendedor.platform.llm import reset_provider
    from agente_vendedor.staff.authentication import ACCOUNTS

    get_settings.cache_clear()
    ACCOUNTS.clear()
    reset_engine()
    reset_clients()
    reset_provider()


@contextmanager
def aws_from_template(*unset: str) -> Iterator[None]:
    """moto in-process with the tables and the bucket made from template.yaml's own definitions (AWS_ENDPOINT_URL and
    any `unset` variable removed meanwhile), and fresh container caches before and after."""
    import boto3
    from moto import mock_aws

    from agente_vendedor.core.settings import get_settings
    from local_stack.aws_resources import create_resources

    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in ("AWS_ENDPOINT_URL", *unset):
            monkeypatch.delenv(name, raising=False)
        reset_caches()
        with mock_aws():
            create_resources(boto3.client("dynamodb"), boto3.client("s3"), get_settings())
            yield
    reset_caches()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A migrated database of its own for this test run (127.0.0.1:5432 when it answers, else embedded)."""
    from agente_vendedor.db.migrations import upgrade
    from local_stack.postgres import create_database, drop_database, ensure_postgres

    admin_url = ensure_postgres()
    name = f"agente_test_{uuid.uuid4().hex[:10]}"
    url = create_database(admin_url, name)
    upgrade(url)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    reset_caches()
    yield url
    reset_caches()
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous
    drop_database(admin_url, name)


def empty_database() -> None:
    """Every table of the (migrated) test database emptied."""
    from sqlalchemy import text

    from agente_vendedor.db.engine import get_engine
    from agente_vendedor.db.models import Base

    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with get_engine().begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db(database_url: str) -> None:
    """An empty (migrated) database for one test."""
    empty_database()

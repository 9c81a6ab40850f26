"""Database session guards on real PostgreSQL: every connection starts with its timeouts, a lock wait beyond
`lock_timeout` is a Spanish 503, and bound parameters (personal data) never reach an error message or a log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.conftest import STAFF, reset_caches

pytestmark = pytest.mark.integration

CEDULA = "1098765432"
PHONE = "3157654321"


def _show(name: str) -> str:
    from agente_vendedor.db.engine import get_engine

    with get_engine().connect() as connection:
        return str(connection.execute(text(f"SHOW {name}")).scalar_one())


def test_every_connection_starts_with_the_session_guards(database_url: str) -> None:
    assert _show("lock_timeout") == "5s"
    assert _show("idle_in_transaction_session_timeout") == "30s"
    assert _show("statement_timeout") == "5s"
    assert _show("TimeZone") == "UTC"


def test_the_guards_follow_the_environment(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_LOCK_TIMEOUT_MS", "1500")
    monkeypatch.setenv("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "45000")
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "7000")
    reset_caches()
    try:
        assert _show("lock_timeout") == "1500ms"
        assert _show("idle_in_transaction_session_timeout") == "45s"
        assert _show("statement_timeout") == "7s"
    finally:
        monkeypatch.undo()
        reset_caches()


@pytest.fixture
def short_lock_timeout(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DB_LOCK_TIMEOUT_MS", "200")
    reset_caches()
    yield
    monkeypatch.undo()
    reset_caches()


@pytest.fixture
def locked_product(short_lock_timeout: None) -> Iterator[str]:
    """A product whose row another transaction holds (SELECT … FOR UPDATE) for the whole test."""
    from agente_vendedor.db.engine import get_engine, session_scope
    from agente_vendedor.db.models import Product

    with session_scope() as session:
        session.add(Product(sku="LOCK-1", nombre="Casco", categoria="Cabeza", precio=38000, stock=5, sinonimos=[]))
    holder = get_engine().connect()
    transaction = holder.begin()
    holder.execute(text("SELECT id FROM productos WHERE sku = 'LOCK-1' FOR UPDATE"))
    yield "LOCK-1"
    transaction.rollback()
    holder.close()


def test_a_lock_wait_beyond_lock_timeout_is_a_typed_error(locked_product: str) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.errors import DatabaseBusyError

    with pytest.raises(DatabaseBusyError) as raised, session_scope() as session:
        session.execute(text("UPDATE productos SET stock = 4 WHERE sku = :sku"), {"sku": locked_product})
    assert raised.value.sqlstate == "55P03" and raised.value.http_status == 503
    assert "Intenta de nuevo" in raised.value.message


def test_the_api_answers_a_lock_wait_with_a_spanish_503(locked_product: str) -> None:
    from agente_vendedor.api.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    response = client.patch(f"/productos/{locked_product}", json={"stock": 4}, headers=STAFF)
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Otra operación está usando estos datos en este momento. Intenta de nuevo en unos segundos."
    }
    assert client.get(f"/productos/{locked_product}").json()["stock"] == 5  # reading is not blocked


def test_a_statement_over_its_timeout_is_a_typed_error(database_url: str) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.errors import DatabaseBusyError

    with session_scope() as session:
        session.execute(text("SET LOCAL statement_timeout = 50"))
        with pytest.raises(DatabaseBusyError) as raised:
            session.execute(text("SELECT pg_sleep(1)"))
        session.rollback()
    assert raised.value.sqlstate == "57014"


def test_a_failed_statement_shows_no_parameter_values(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    from sqlalchemy.exc import DBAPIError

    from agente_vendedor.db.engine import session_scope

    failing = text("SELECT CAST(:cedula AS text) || CAST(:telefono AS text), 1 / 0")
    with caplog.at_level(logging.ERROR), session_scope() as session:
        try:
            session.execute(failing, {"cedula": CEDULA, "telefono": PHONE})
        except DBAPIError as error:
            logging.getLogger("agente_vendedor.test").exception("database error")
            message = str(error)
        session.rollback()
    assert "division by zero" in message and "parameters hidden" in message
    assert CEDULA not in message and PHONE not in message
    assert caplog.records and CEDULA not in caplog.text and PHONE not in caplog.text

"""A dependency goes down in the middle of a conversation (PostgreSQL, DynamoDB, S3, Secrets Manager): the chat
answers a Spanish 503 JSON (or, when the failing part is not needed to answer, a normal Spanish answer), `GET /health`
answers 200 with `status: "degraded"` and names the degraded component, and once the dependency is back nothing
written before is lost or duplicated (history, order, stock, sales).

An AWS service is "down" when its client's connections are refused (`EndpointConnectionError` raised where the
request would be sent, botocore's retries included); PostgreSQL is down when its address refuses connections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from fastapi.testclient import TestClient

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client as aws_client
from agente_vendedor.platform.llm import model_breaker
from tests.conftest import STAFF, reset_caches
from tests.integration.chat_setup import chat_client  # noqa: F401 - fixture

pytestmark = pytest.mark.integration

DEAD_DATABASE = "postgresql+pg8000://agente:nada@127.0.0.1:1/agente"  # port 1: connection refused
ORDER = "quiero 2 cascos dieléctricos azules"
LATER = "¿cuánto vale el extintor vehicular?"


class Customer:
    def __init__(self, client: TestClient, chat_id: str) -> None:
        self.client = client
        self.chat_id = chat_id
        self.headers: dict[str, str] = {}

    def send(self, mensaje: str) -> Any:
        response = self.client.post(
            "/chat/texto", json={"chat_id": self.chat_id, "mensaje": mensaje}, headers=self.headers
        )
        if response.status_code == 200 and response.json().get("chat_token"):
            self.headers = {"X-Chat-Token": response.json()["chat_token"]}
        return response

    def say(self, mensaje: str) -> dict[str, Any]:
        response = self.send(mensaje)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def history(self) -> list[tuple[str, str]]:
        response = self.client.get(f"/chat/historial/{self.chat_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        return [(m["rol"], m["contenido"]) for m in response.json()["mensajes"]]


def _written(client: TestClient, customer: Customer) -> dict[str, Any]:
    """Everything a turn may write: the chat's history and order, stock, sales, conversation rows in PostgreSQL."""
    orders = client.get("/pedidos/", headers=STAFF).json()["items"]
    return {
        "historial": customer.history(),
        "pedidos": [(o["id"], o["estado"], o["items"], o["total"]) for o in orders if o["chat_id"] == customer.chat_id],
        "stock": {p["sku"]: p["stock"] for p in client.get("/productos/").json()["items"]},
        "ventas": client.get("/ventas/", headers=STAFF).json()["total"],
        "mensajes_sql": _stored_rows(customer.chat_id),
    }


def _stored_rows(chat_id: str) -> list[tuple[str, str]]:
    """The chat's messages as the reports keep them in PostgreSQL."""
    from sqlalchemy import select

    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import ConversationMessage

    with session_scope() as session:
        rows = session.execute(
            select(ConversationMessage.rol, ConversationMessage.contenido)
            .where(ConversationMessage.chat_id == chat_id)
            .order_by(ConversationMessage.id)
        )
        return [(rol, contenido) for rol, contenido in rows]


def _assert_spanish_503(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and ("Intenta de nuevo" in detail or "intenta de nuevo" in detail), detail


def _health(client: TestClient) -> dict[str, Any]:
    response = client.get("/health")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _assert_only_degraded(health: dict[str, Any], component: str, says: str) -> None:
    assert health["status"] == "degraded"
    assert health["componentes"][component].startswith(f"degradado: {says}"), health
    others = {name: value for name, value in health["componentes"].items() if name != component}
    assert set(others.values()) == {"ok"}, health


def refuse_connections(boto_client: Any) -> Callable[[], None]:
    """Every request of this boto3 client fails as if nothing listened at its endpoint; returns the undo."""
    event = f"before-send.{boto_client.meta.service_model.service_id.hyphenize()}"

    def refuse(request: Any, **_: Any) -> None:
        raise EndpointConnectionError(endpoint_url=request.url)

    boto_client.meta.events.register_first(event, refuse)
    return lambda: boto_client.meta.events.unregister(event, refuse)


@contextmanager
def refused(boto_client: Any) -> Iterator[None]:
    undo = refuse_connections(boto_client)
    try:
        yield
    finally:
        undo()


@contextmanager
def settings_changed(monkeypatch: pytest.MonkeyPatch, **env: str | None) -> Iterator[None]:
    """The container restarted with these environment variables (None: unset), then restored."""
    with monkeypatch.context() as patch:
        for name, value in env.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        reset_caches()
        try:
            yield
        finally:
            patch.undo()
            reset_caches()


def _start_conversation(client: TestClient, chat_id: str) -> Customer:
    customer = Customer(client, chat_id)
    customer.say(ORDER)
    assert customer.say(LATER)["pedido"]["items"][0]["cantidad"] == 2
    return customer


def test_postgresql_down(chat_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    customer = _start_conversation(chat_client, "caida-postgres")
    before = _written(chat_client, customer)
    with settings_changed(monkeypatch, DATABASE_URL=DEAD_DATABASE):
        _assert_spanish_503(customer.send("agrégueme 3 guantes de carnaza"))
        _assert_only_degraded(_health(chat_client), "db", "la base de datos (PostgreSQL) no responde")
    after = _written(chat_client, customer)
    # the message that could not be answered is kept once in the history; nothing else changed
    assert after["historial"] == [*before["historial"], ("cliente", "agrégueme 3 guantes de carnaza")]
    assert {key: value for key, value in after.items() if key != "historial"} == {
        key: value for key, value in before.items() if key != "historial"
    }
    assert customer.say("¿me confirma el pedido?")["pedido"]["items"][0]["cantidad"] == 2


def test_dynamodb_down(chat_client: TestClient) -> None:  # noqa: F811
    customer = _start_conversation(chat_client, "caida-dynamodb")
    before = _written(chat_client, customer)
    with refused(aws_client("dynamodb")):
        _assert_spanish_503(customer.send("agrégueme 3 guantes de carnaza"))
        _assert_only_degraded(
            _health(chat_client), "sesiones", "la memoria de las conversaciones (DynamoDB) no responde"
        )
    assert _written(chat_client, customer) == before, "a turn that could not be answered wrote nothing"
    assert customer.say("agrégueme 3 guantes de carnaza")["pedido"]["items"] != []


def test_s3_down(chat_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from agente_vendedor.platform.storage import s3

    real_client = s3.s3_client
    dead_clients: list[Any] = []

    def client_of_a_dead_s3(settings: Any) -> Any:
        dead_clients.append(real_client(settings))
        refuse_connections(dead_clients[-1])
        return dead_clients[-1]

    customer = _start_conversation(chat_client, "caida-s3")
    before = _written(chat_client, customer)
    monkeypatch.setattr(s3, "s3_client", client_of_a_dead_s3)
    with settings_changed(monkeypatch):  # the storage is made again, with the dead client
        body = customer.say(LATER)  # the chat does not need S3
        assert "$62.000" in body["respuesta"] and body["tipo_mensaje"] == "inventario"
        _assert_only_degraded(_health(chat_client), "almacenamiento", "el almacenamiento de exportes (S3) no responde")
        export = chat_client.get("/exportar/ventas", headers=STAFF)
        assert export.status_code == 503 and "exportación" in export.json()["detail"]
    assert dead_clients, "the storage used the dead client"
    after = _written(chat_client, customer)
    assert after["historial"] == [*before["historial"], ("cliente", LATER), ("agente", body["respuesta"])]
    assert after["pedidos"] == before["pedidos"] and after["stock"] == before["stock"]


def _secrets_manager_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Powertools' secrets provider with a Secrets Manager client whose connections are refused."""
    from aws_lambda_powertools.utilities.parameters import SecretsProvider
    from aws_lambda_powertools.utilities.parameters.constants import DEFAULT_PROVIDERS

    dead = boto3.client("secretsmanager", region_name=get_settings().aws_region)
    refuse_connections(dead)
    monkeypatch.setitem(DEFAULT_PROVIDERS, "secrets", SecretsProvider(boto3_client=dead))


def test_secrets_manager_down_for_the_gemini_key(
    chat_client: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    customer = _start_conversation(chat_client, "caida-secreto-gemini")
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:agente-gemini-AbCdEf"
    with settings_changed(monkeypatch, LLM_PROVIDER="auto", GOOGLE_API_KEY=None, GEMINI_SECRET_ARN=arn):
        _secrets_manager_down(monkeypatch)
        for _ in range(model_breaker().failure_threshold + 1):
            body = customer.say(LATER)
            assert "$62.000" in body["respuesta"]
            assert body["metadatos"]["proveedor_llm"] == "offline" and body["metadatos"]["llm_respaldo"] is True
        assert model_breaker().status().degraded
        _assert_only_degraded(_health(chat_client), "llm", "no se pudo leer la clave de Gemini (Secrets Manager)")


def test_secrets_manager_down_for_the_database_secret(
    chat_client: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    customer = _start_conversation(chat_client, "caida-secreto-db")
    before = _written(chat_client, customer)
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:agente-aurora-AbCdEf"
    with settings_changed(monkeypatch, DATABASE_URL=None, DB_SECRET_ARN=arn):
        _secrets_manager_down(monkeypatch)
        _assert_spanish_503(customer.send("agrégueme 3 guantes de carnaza"))
        _assert_only_degraded(_health(chat_client), "db", "la base de datos (PostgreSQL) no responde")
    after = _written(chat_client, customer)
    assert after["historial"] == [*before["historial"], ("cliente", "agrégueme 3 guantes de carnaza")]
    assert after["pedidos"] == before["pedidos"] and after["ventas"] == before["ventas"]

"""Staff chat control over HTTP: POST /chat/{chat_id}/control and /responder (FastAPI app, PostgreSQL, moto)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from agente_vendedor.conversation import session_memory
from agente_vendedor.realtime import connections
from tests.conftest import STAFF, aws_from_template

pytestmark = pytest.mark.integration


@pytest.fixture
def client(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from agente_vendedor.api.app import create_app

    with aws_from_template("WS_ENDPOINT_URL"):  # no @connections endpoint: stored only
        yield TestClient(create_app())


def test_staff_only(client: TestClient) -> None:
    assert client.post("/chat/c1/control", json={"accion": "pausar"}).status_code == 401
    assert client.post("/chat/c1/responder", json={"mensaje": "hola"}).status_code == 401
    assert not session_memory.is_paused("c1")


def test_pause_reply_resume(client: TestClient) -> None:
    paused = client.post("/chat/tienda_1/control", json={"accion": "pausar"}, headers=STAFF)
    assert paused.status_code == 200
    assert paused.json() == {"chat_id": "tienda_1", "pausado": True}
    assert session_memory.is_paused("tienda_1")

    connections.put_connection(connections.new_record("abc=", "tienda_1", staff=False))
    reply = client.post("/chat/tienda_1/responder", json={"mensaje": "  Hola, soy Ana.  "}, headers=STAFF)
    assert reply.status_code == 200
    assert reply.json() == {"chat_id": "tienda_1", "mensaje": "Hola, soy Ana.", "pausado": True, "conexiones": 0}
    assert [(m.rol, m.contenido) for m in session_memory.history("tienda_1")] == [("asesor", "Hola, soy Ana.")]

    resumed = client.post("/chat/tienda_1/control", json={"accion": "reanudar"}, headers=STAFF)
    assert resumed.json() == {"chat_id": "tienda_1", "pausado": False}

    events = client.get("/logs/", headers=STAFF).json()["items"]
    assert [e["tipo"] for e in events[:3]] == ["chat_reanudado", "respuesta_asesor", "chat_pausado"]
    assert events[1]["detalle"] == {"chat_id": "tienda_1", "conexiones": 0}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/chat/con%20espacio/control", {"accion": "pausar"}),
        ("/chat/" + "a" * 65 + "/control", {"accion": "pausar"}),
        ("/chat/c1/control", {"accion": "borrar"}),
        ("/chat/c1/control", {}),
        ("/chat/c1/responder", {"mensaje": ""}),
        ("/chat/c1/responder", {"mensaje": "x" * 2001}),
    ],
)
def test_bad_input_is_422(client: TestClient, path: str, body: dict[str, str]) -> None:
    response = client.post(path, json=body, headers=STAFF)
    assert response.status_code == 422, response.text
    assert "detail" in response.json()


@pytest.mark.parametrize("body", [b"", b'{"accion": "borrar"}', b'{"mensaje": 5}'])
def test_anonymous_with_a_bad_body_is_401(client: TestClient, body: bytes) -> None:
    response = client.post("/chat/c1/control", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401, response.text

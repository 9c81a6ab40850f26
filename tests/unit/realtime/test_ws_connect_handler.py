"""functions/ws_connect: $connect records the connection (or refuses it), $disconnect forgets exactly that one."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from agente_vendedor.conversation import chat_ownership
from agente_vendedor.realtime import connections
from local_stack.lambda_context import LambdaContext
from tests.conftest import STAFF_TOKEN
from tests.lambda_functions import load_handler

from .conftest import EVENT_CONNECTION, load_event


def _connect(query: dict[str, str] | None, connection_id: str = EVENT_CONNECTION) -> dict[str, Any]:
    event = load_event("ws_connect.json")
    event["requestContext"]["connectionId"] = connection_id
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in (query or {}).items()} or None
    result: dict[str, Any] = load_handler("ws_connect")(event, LambdaContext("WsConnectFunction", timeout_s=10))
    return result


def _detail(result: dict[str, Any]) -> str:
    detail: str = json.loads(result["body"])["detail"]
    return detail


def test_sample_connect_event_records_an_anonymous_connection(aws: None) -> None:
    before = int(time.time())
    result = load_handler("ws_connect")(load_event("ws_connect.json"), LambdaContext("WsConnectFunction"))
    assert result == {"statusCode": 200}
    record = connections.get_connection(EVENT_CONNECTION)
    assert record is not None
    assert (record.chat_id, record.staff) == ("tienda_5f3c9a1e", False)
    assert before + 3 * 3600 <= record.expira <= int(time.time()) + 3 * 3600  # beyond API Gateway's 2 h
    assert record.connected_at.endswith("+00:00")


def test_staff_token_marks_the_connection_as_staff(aws: None) -> None:
    assert _connect({"chat_id": "asesor-1", "token": STAFF_TOKEN})["statusCode"] == 200
    record = connections.get_connection(EVENT_CONNECTION)
    assert record is not None and record.staff


def test_empty_token_is_anonymous(aws: None) -> None:
    assert _connect({"chat_id": "c1", "token": ""})["statusCode"] == 200
    record = connections.get_connection(EVENT_CONNECTION)
    assert record is not None and not record.staff


@pytest.mark.parametrize(
    "query",
    [None, {}, {"chat_id": ""}, {"chat_id": "a" * 65}, {"chat_id": "con espacio"}, {"chat_id": "ñandú"}],
)
def test_bad_chat_id_is_refused_with_400(aws: None, query: dict[str, str] | None) -> None:
    result = _connect(query)
    assert result["statusCode"] == 400
    assert "chat_id" in _detail(result)
    assert connections.get_connection(EVENT_CONNECTION) is None


def test_wrong_token_is_refused_with_401(aws: None) -> None:
    result = _connect({"chat_id": "c1", "token": "no-es-el-token"})
    assert result["statusCode"] == 401
    assert "Token" in _detail(result)
    assert connections.get_connection(EVENT_CONNECTION) is None


def test_a_started_conversation_admits_only_its_chat_token_or_staff(aws: None) -> None:
    token = chat_ownership.open_for_message("c1", None, staff=False).chat_token
    assert token
    for query in ({"chat_id": "c1"}, {"chat_id": "c1", "chat_token": "adivinado"}, {"chat_id": "c1", "token": ""}):
        result = _connect(query)
        assert result["statusCode"] == 403 and "chat_token" in _detail(result)
        assert connections.get_connection(EVENT_CONNECTION) is None
    assert _connect({"chat_id": "c1", "chat_token": token})["statusCode"] == 200
    record = connections.get_connection(EVENT_CONNECTION)
    assert record is not None and record.chat_token == token
    assert _connect({"chat_id": "c1", "token": STAFF_TOKEN}, connection_id="staff=")["statusCode"] == 200


def test_a_chat_nobody_started_admits_a_connection_that_proves_nothing(aws: None) -> None:
    assert _connect({"chat_id": "nuevo", "chat_token": "de-otra-conversacion"})["statusCode"] == 200
    record = connections.get_connection(EVENT_CONNECTION)
    assert record is not None and record.chat_token is None


def test_64_character_chat_id_is_accepted(aws: None) -> None:
    assert _connect({"chat_id": "A_b-9" * 12 + "abcd"})["statusCode"] == 200


def test_disconnect_removes_exactly_that_connection(aws: None) -> None:
    assert _connect({"chat_id": "c1"}, "conexion-que-sigue=")["statusCode"] == 200
    assert _connect({"chat_id": "c1"})["statusCode"] == 200
    assert {r.connection_id for r in connections.connections_for_chat("c1")} == {
        EVENT_CONNECTION,
        "conexion-que-sigue=",
    }
    result = load_handler("ws_connect")(load_event("ws_disconnect.json"), LambdaContext("WsConnectFunction"))
    assert result == {"statusCode": 200}
    assert connections.get_connection(EVENT_CONNECTION) is None
    assert [r.connection_id for r in connections.connections_for_chat("c1")] == ["conexion-que-sigue="]


def test_disconnect_of_an_unknown_connection_is_fine(aws: None) -> None:
    result = load_handler("ws_connect")(load_event("ws_disconnect.json"), LambdaContext("WsConnectFunction"))
    assert result == {"statusCode": 200}


def test_an_event_that_is_not_a_websocket_event_gets_400(aws: None) -> None:
    result = load_handler("ws_connect")(
        {"requestContext": {"eventType": "CONNECT"}}, LambdaContext("WsConnectFunction")
    )
    assert result["statusCode"] == 400
    assert _detail(result) == "Evento de conexión inválido."


def test_a_message_event_is_not_a_connection_event(aws: None) -> None:
    result = load_handler("ws_connect")(load_event("ws_message.json"), LambdaContext("WsConnectFunction"))
    assert result["statusCode"] == 400
    assert _detail(result) == "Evento de conexión inválido."
    assert connections.get_connection(EVENT_CONNECTION) is None


def test_expired_record_is_not_a_live_connection(aws: None) -> None:
    stale = connections.new_record("viejo=", "c1", staff=False, now=time.time() - 4 * 3600)
    connections.put_connection(stale)
    assert connections.get_connection("viejo=") is None
    assert connections.connections_for_chat("c1") == []


def test_ws_connect_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    from tests.lambda_functions import REPO

    code = (
        "import sys, importlib.util;"
        "spec = importlib.util.spec_from_file_location('ws_connect_app', 'functions/ws_connect/app.py');"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module);"
        "heavy = [m for m in ('fastapi', 'sqlalchemy', 'google.genai', 'mangum', 'starlette') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

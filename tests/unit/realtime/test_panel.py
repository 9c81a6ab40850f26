"""The staff panel's live inbox: `panel=1` connections (staff only), `chat_actualizado` pushed to them alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from agente_vendedor.realtime import connections, panel
from agente_vendedor.schemas.inbox import ChatSummary
from agente_vendedor.staff.authentication import BREAK_GLASS
from local_stack.lambda_context import LambdaContext
from tests.conftest import STAFF_TOKEN, reset_caches
from tests.lambda_functions import load_handler

from .conftest import EVENT_CONNECTION, EVENT_DOMAIN, FakePipeline, ManagementApi, load_event

ENDPOINT = f"https://{EVENT_DOMAIN}/prod"
LOCAL_ENDPOINT = "http://127.0.0.1:8001/local"
CHAT = "tienda_5f3c9a1e"
SUMMARY = ChatSummary(
    chat_id=CHAT,
    ultimo_mensaje="Quiero hablar con una persona",
    actualizado=datetime(2026, 12, 10, 15, 4, 5, tzinfo=UTC),
    estado_venta="pendiente",
    total_pedido=98000,
    pausado=False,
    requiere_asesor=True,
    motivo="El cliente pidió hablar con una persona.",
)
FRAME_FIELDS = {
    "type", "chat_id", "timestamp", "ultimo_mensaje", "actualizado", "estado_venta", "total_pedido", "pausado",
    "requiere_asesor", "motivo",
}  # fmt: skip

Stub = Callable[[str], ManagementApi]


def _connect(query: dict[str, str], connection_id: str = EVENT_CONNECTION) -> dict[str, Any]:
    event = load_event("ws_connect.json")
    event["requestContext"]["connectionId"] = connection_id
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    result: dict[str, Any] = load_handler("ws_connect")(event, LambdaContext("WsConnectFunction", timeout_s=10))
    return result


def _send(event: dict[str, Any]) -> None:
    load_handler("chat_ws")(event, LambdaContext("ChatWsFunction", timeout_s=29))


def _panel_connection(connection_id: str) -> None:
    """A panel connection of the break-glass admin (its identity is re-checked at every push)."""
    record = connections.new_record(connection_id, panel.PANEL_CHANNEL, staff=True, usuario=BREAK_GLASS.usuario)
    connections.put_connection(record)


def test_a_staff_token_with_panel_opens_the_inbox_channel(aws: None) -> None:
    assert _connect({"panel": "1", "token": STAFF_TOKEN}) == {"statusCode": 200}
    record = connections.get_connection(EVENT_CONNECTION)
    assert record is not None
    assert (record.chat_id, record.staff) == (panel.PANEL_CHANNEL, True)
    assert [r.connection_id for r in connections.connections_for_chat(panel.PANEL_CHANNEL)] == [EVENT_CONNECTION]


@pytest.mark.parametrize("query", [{"panel": "1"}, {"panel": "true", "token": ""}, {"panel": "1", "token": "otro"}])
def test_the_panel_without_a_valid_staff_token_is_refused_with_401(aws: None, query: dict[str, str]) -> None:
    result = _connect({**query, "chat_id": CHAT})
    assert result["statusCode"] == 401
    assert "token de personal" in json.loads(result["body"])["detail"]
    assert connections.get_connection(EVENT_CONNECTION) is None


def test_no_chat_id_reaches_the_panel_channel(aws: None) -> None:
    result = _connect({"chat_id": panel.PANEL_CHANNEL})
    assert result["statusCode"] == 400
    assert connections.connections_for_chat(panel.PANEL_CHANNEL) == []


def test_publish_reaches_only_staff_panel_connections(aws: None, management: Stub) -> None:
    _panel_connection("panel-ana=")
    _panel_connection("panel-luis=")
    _panel_connection("panel-cerrado=")
    # a record without the staff flag under the channel (never written by admission) still gets nothing
    connections.put_connection(connections.new_record("intruso=", panel.PANEL_CHANNEL, staff=False))
    connections.put_connection(connections.new_record("cliente=", CHAT, staff=False))
    connections.put_connection(connections.new_record("asesor-en-chat=", CHAT, staff=True))
    api = management(ENDPOINT)
    api.gone.add("panel-cerrado=")
    assert panel.publish(SUMMARY, ENDPOINT) == 2
    assert sorted(target for target, _ in api.posts) == ["panel-ana=", "panel-cerrado=", "panel-luis="]
    frame = api.events("panel-ana=")[0]
    assert set(frame) == FRAME_FIELDS
    assert frame["type"] == "chat_actualizado"
    assert {k: v for k, v in frame.items() if k not in {"type", "timestamp"}} == {
        **SUMMARY.model_dump(mode="json"),
        "actualizado": "2026-12-10T15:04:05Z",
    }
    assert connections.get_connection("panel-cerrado=") is None, "a gone panel is forgotten"


def test_publish_uses_ws_endpoint_url_when_no_event_endpoint(
    aws: None, management: Stub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WS_ENDPOINT_URL", LOCAL_ENDPOINT)
    reset_caches()
    _panel_connection("panel-ana=")
    api = management(LOCAL_ENDPOINT)
    assert panel.publish(SUMMARY) == 1
    assert api.types("panel-ana=") == ["chat_actualizado"]


def test_publish_never_raises(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert panel.publish(SUMMARY) == 0, "no endpoint configured: nothing to push to"

    def broken(_chat_id: str) -> list[connections.ConnectionRecord]:
        raise RuntimeError("connections table unavailable")

    monkeypatch.setattr(connections, "connections_for_chat", broken)
    assert panel.publish(SUMMARY, ENDPOINT) == 0


def test_a_customer_turn_pushes_its_summary_to_the_panel_only(
    aws: None, management: Stub, pipeline: FakePipeline
) -> None:
    connections.put_connection(connections.new_record(EVENT_CONNECTION, CHAT, staff=False))
    _panel_connection("panel-ana=")
    pipeline.summary = SUMMARY
    api = management(ENDPOINT)
    _send(load_event("ws_message.json"))
    assert api.types("panel-ana=") == ["chat_actualizado"]
    assert "chat_actualizado" not in api.types(EVENT_CONNECTION)
    assert api.types(EVENT_CONNECTION)[-1] == "response_end"
    assert api.posts[-1][0] == "panel-ana=", "the customer's answer goes out first"


def test_a_failed_turn_pushes_nothing(aws: None, management: Stub, pipeline: FakePipeline) -> None:
    connections.put_connection(connections.new_record(EVENT_CONNECTION, CHAT, staff=False))
    _panel_connection("panel-ana=")
    pipeline.error = RuntimeError("la base de datos se cayó")
    api = management(ENDPOINT)
    _send(load_event("ws_message.json"))
    assert api.types()[-1] == "error"
    assert api.types("panel-ana=") == []


def test_the_panel_connection_only_listens(aws: None, management: Stub, pipeline: FakePipeline) -> None:
    _panel_connection(EVENT_CONNECTION)
    api = management(ENDPOINT)
    _send(load_event("ws_ping.json"))
    _send(load_event("ws_message.json"))
    status, refused = api.events()
    assert (status["type"], status["panel"], status["staff"]) == ("connection_status", True, True)
    assert (refused["type"], refused["code"]) == ("error", "acceso_denegado")
    assert "panel" in refused["message"]
    assert pipeline.calls == [], "no chat turn runs on the panel channel"

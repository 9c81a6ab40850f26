"""The local API Gateway over real sockets, with a tiny template and tiny handlers (not the real app)."""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from local_stack.gateway import GatewayConfig, LocalApiGateway
from local_stack.gateway_server import GatewayServer
from local_stack.routes import build_route_table
from local_stack.websocket_gateway import WebSocketLimits

pytestmark = pytest.mark.integration

HANDLERS = """
import base64, json, os, time
import boto3

EVENTS = []


def http(event, context):
    EVENTS.append(event)
    path = event["rawPath"]
    if path == "/boom":
        raise RuntimeError("boom")
    if path == "/slow":
        time.sleep(1.5)
    if path == "/plain":
        return {"hola": "mundo"}
    if path == "/binary":
        body = base64.b64decode(event["body"]) if event["isBase64Encoded"] else event["body"].encode()
        return {"statusCode": 200, "headers": {"content-type": "application/octet-stream"},
                "body": base64.b64encode(body[::-1]).decode(), "isBase64Encoded": True}
    return {
        "statusCode": 201,
        "headers": {"content-type": "application/json", "x-funcion": context.function_name},
        "cookies": ["a=1; Path=/", "b=2"],
        "body": json.dumps({"remaining_ms": context.get_remaining_time_in_millis(),
                            "request_id": context.aws_request_id}),
    }


def ws_connect(event, context):
    EVENTS.append(event)
    query = event.get("queryStringParameters") or {}
    if query.get("deny"):
        return {"statusCode": 403, "body": "prohibido"}
    return {"statusCode": 200}


def ws_message(event, context):
    EVENTS.append(event)
    body = event["body"]
    if "explota" in body:
        raise ValueError("explota")
    client = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["TEST_WS_ENDPOINT_URL"],
                          region_name="us-east-1")
    route = event["requestContext"]["routeKey"]
    client.post_to_connection(ConnectionId=event["requestContext"]["connectionId"],
                              Data=json.dumps({"ruta": route, "eco": body}).encode())
    return {"statusCode": 200}
"""


def lambda_function(handler: str, timeout: int = 10, **events: Any) -> dict[str, Any]:
    properties: dict[str, Any] = {"CodeUri": "fn", "Handler": handler, "Timeout": timeout}
    if events:
        properties["Events"] = {
            name: {"Type": "HttpApi", "Properties": {"Path": path, "Method": method}}
            for name, (method, path) in events.items()
        }
    return {"Type": "AWS::Serverless::Function", "Properties": properties}


def integration(function: str) -> dict[str, Any]:
    uri = f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function}.Arn}}/invocations"
    return {
        "Type": "AWS::ApiGatewayV2::Integration",
        "Properties": {"ApiId": {"Ref": "WsApi"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::Sub": uri}},
    }


def ws_route(key: str, integration_id: str) -> dict[str, Any]:
    return {
        "Type": "AWS::ApiGatewayV2::Route",
        "Properties": {
            "ApiId": {"Ref": "WsApi"},
            "RouteKey": key,
            "Target": {"Fn::Sub": f"integrations/${{{integration_id}}}"},
        },
    }


TEMPLATE: dict[str, Any] = {
    "Resources": {
        "HttpFunction": lambda_function("app.http", Proxy=("ANY", "/{proxy+}"), Item=("GET", "/items/{id}")),
        "ConnectFunction": lambda_function("app.ws_connect"),
        "MessageFunction": lambda_function("app.ws_message"),
        "WsApi": {
            "Type": "AWS::ApiGatewayV2::Api",
            "Properties": {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.type"},
        },
        "ConnectIntegration": integration("ConnectFunction"),
        "MessageIntegration": integration("MessageFunction"),
        "ConnectRoute": ws_route("$connect", "ConnectIntegration"),
        "DisconnectRoute": ws_route("$disconnect", "ConnectIntegration"),
        "MessageRoute": ws_route("message", "MessageIntegration"),
        "DefaultRoute": ws_route("$default", "MessageIntegration"),
    }
}


def start_gateway(tmp_path: Path, **limits: Any) -> GatewayServer:
    (tmp_path / "fn").mkdir(exist_ok=True)
    (tmp_path / "fn" / "app.py").write_text(HANDLERS)
    (tmp_path / "demo").mkdir(exist_ok=True)
    (tmp_path / "demo" / "index.html").write_text("<h1>demo</h1>")
    config = GatewayConfig(
        integration_timeout_s=1.0,
        max_request_bytes=64 * 1024,
        websocket=WebSocketLimits(max_frame_bytes=16 * 1024, **limits),
        static_dirs={"/demo": tmp_path / "demo"},
    )
    return GatewayServer(LocalApiGateway(build_route_table(TEMPLATE, tmp_path), config)).start()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GatewayServer]:
    running = start_gateway(tmp_path)
    monkeypatch.setenv("TEST_WS_ENDPOINT_URL", running.connections_url)
    yield running
    running.stop()
    sys.modules.pop("lambda_fn_app", None)


def recorded_events() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = sys.modules["lambda_fn_app"].EVENTS
    return events


def wait_for(predicate: Callable[[], Any], timeout_s: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def events_of_type(event_type: str) -> list[dict[str, Any]]:
    return [e for e in recorded_events() if e.get("requestContext", {}).get("eventType") == event_type]


def management_client(server: GatewayServer) -> Any:
    return boto3.client("apigatewaymanagementapi", endpoint_url=server.connections_url, region_name="us-east-1")


class TestHttp:
    def test_round_trip(self, server: GatewayServer) -> None:
        response = httpx.get(f"{server.url}/items/7?a=1&a=2", cookies={"sesion": "x"})
        assert response.status_code == 201
        assert response.headers["x-funcion"] == "HttpFunction"
        assert response.headers.get_list("set-cookie") == ["a=1; Path=/", "b=2"]
        assert response.headers["apigw-requestid"]
        assert 0 < response.json()["remaining_ms"] <= 10_000
        event = recorded_events()[-1]
        assert event["routeKey"] == "GET /items/{id}"
        assert event["pathParameters"] == {"id": "7"}
        assert event["queryStringParameters"] == {"a": "1,2"}
        assert event["cookies"] == ["sesion=x"]
        assert event["requestContext"]["requestId"] == response.headers["apigw-requestid"]

    def test_greedy_route_and_json_body(self, server: GatewayServer) -> None:
        response = httpx.post(f"{server.url}/productos/importar", json={"sku": "A"})
        assert response.status_code == 201
        event = recorded_events()[-1]
        assert event["routeKey"] == "ANY /{proxy+}"
        assert event["pathParameters"] == {"proxy": "productos/importar"}
        assert json.loads(event["body"]) == {"sku": "A"}
        assert event["isBase64Encoded"] is False

    def test_binary_bodies_travel_base64_both_ways(self, server: GatewayServer) -> None:
        payload = bytes(range(256))
        response = httpx.post(
            f"{server.url}/binary", content=payload, headers={"content-type": "application/octet-stream"}
        )
        assert response.status_code == 200
        assert response.content == payload[::-1]
        assert recorded_events()[-1]["isBase64Encoded"] is True

    def test_multipart_is_base64(self, server: GatewayServer) -> None:
        httpx.post(f"{server.url}/subir", files={"archivo": ("a.txt", b"hola")}, data={"chat_id": "c1"})
        event = recorded_events()[-1]
        assert event["isBase64Encoded"] is True
        assert b"hola" in base64.b64decode(event["body"])

    def test_plain_result_is_json(self, server: GatewayServer) -> None:
        response = httpx.get(f"{server.url}/plain")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"hola": "mundo"}

    def test_handler_exception_is_a_500(self, server: GatewayServer) -> None:
        response = httpx.get(f"{server.url}/boom")
        assert response.status_code == 500
        assert response.json() == {"message": "Internal Server Error"}

    def test_unmatched_route_is_a_404(self, server: GatewayServer) -> None:
        response = httpx.get(f"{server.url}/")
        assert response.status_code == 404
        assert response.json() == {"message": "Not Found"}

    def test_integration_timeout_is_a_504(self, server: GatewayServer) -> None:
        response = httpx.get(f"{server.url}/slow")
        assert response.status_code == 504
        assert response.json() == {"message": "Endpoint request timed out"}

    def test_payload_limit_is_a_413(self, server: GatewayServer) -> None:
        response = httpx.post(f"{server.url}/grande", content=b"x" * (64 * 1024 + 1))
        assert response.status_code == 413

    def test_static_demo(self, server: GatewayServer) -> None:
        assert httpx.get(f"{server.url}/demo/").text == "<h1>demo</h1>"
        redirect = httpx.get(f"{server.url}/demo")
        assert redirect.status_code in (301, 302, 307)
        assert redirect.headers["location"].endswith("/demo/")


async def _receive_json(connection: Any, timeout_s: float = 5.0) -> Any:
    return json.loads(await asyncio.wait_for(connection.recv(), timeout_s))


class TestWebSocket:
    def test_connect_message_disconnect(self, server: GatewayServer) -> None:
        async def conversation() -> None:
            async with websockets.connect(f"{server.url.replace('http', 'ws')}/ws/chat/c42?token=t") as ws:
                await ws.send(json.dumps({"type": "message", "mensaje": "hola"}))
                assert await _receive_json(ws) == {
                    "ruta": "message",
                    "eco": json.dumps({"type": "message", "mensaje": "hola"}),
                }
                await ws.send('{"type": "ping"}')
                assert (await _receive_json(ws))["ruta"] == "$default"
                await ws.send("no es json")
                assert (await _receive_json(ws))["ruta"] == "$default"

        asyncio.run(conversation())
        connect = events_of_type("CONNECT")[-1]
        assert connect["queryStringParameters"] == {"token": "t", "chat_id": "c42"}
        connection_id = connect["requestContext"]["connectionId"]
        assert len(connection_id) == 16
        messages = events_of_type("MESSAGE")
        assert {m["requestContext"]["connectionId"] for m in messages} == {connection_id}
        disconnect = wait_for(lambda: events_of_type("DISCONNECT"))[-1]
        assert disconnect["requestContext"]["connectionId"] == connection_id
        assert disconnect["requestContext"]["disconnectStatusCode"] == 1000

    def test_query_form(self, server: GatewayServer) -> None:
        async def connect() -> None:
            async with websockets.connect(f"{server.ws_url}?chat_id=c7"):
                pass

        asyncio.run(connect())
        assert events_of_type("CONNECT")[-1]["queryStringParameters"] == {"chat_id": "c7"}

    def test_connect_rejected_with_the_integration_status(self, server: GatewayServer) -> None:
        async def connect() -> None:
            async with websockets.connect(f"{server.ws_url}?deny=1"):
                pass

        with pytest.raises(InvalidStatus) as rejected:
            asyncio.run(connect())
        assert rejected.value.response.status_code == 403

    def test_integration_error_is_reported_and_the_connection_stays_open(self, server: GatewayServer) -> None:
        async def conversation() -> None:
            async with websockets.connect(server.ws_url) as ws:
                await ws.send('{"type": "message", "mensaje": "explota"}')
                error = await _receive_json(ws)
                assert error["message"] == "Internal server error"
                assert error["connectionId"]
                await ws.send('{"type": "message", "mensaje": "sigo aqui"}')
                assert (await _receive_json(ws))["ruta"] == "message"

        asyncio.run(conversation())

    def test_frames_over_the_limit_close_with_1009(self, server: GatewayServer) -> None:
        async def conversation() -> int | None:
            async with websockets.connect(server.ws_url) as ws:
                await ws.send("x" * (16 * 1024 + 1))
                with pytest.raises(ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 5)
                return closed.value.rcvd.code if closed.value.rcvd else None

        assert asyncio.run(conversation()) == 1009
        disconnect = wait_for(lambda: events_of_type("DISCONNECT"))[-1]
        assert disconnect["requestContext"]["disconnectStatusCode"] == 1009


class TestConnectionsApi:
    def test_boto3_post_get_delete_and_gone(self, server: GatewayServer) -> None:
        client = management_client(server)

        async def conversation() -> None:
            async with websockets.connect(server.ws_url) as ws:
                connection_id = events_of_type("CONNECT")[-1]["requestContext"]["connectionId"]
                await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b'{"a": 1}')
                assert await _receive_json(ws) == {"a": 1}

                info = await asyncio.to_thread(client.get_connection, ConnectionId=connection_id)
                assert info["Identity"]["SourceIp"] == "127.0.0.1"
                assert info["ConnectedAt"] <= info["LastActiveAt"]

                with pytest.raises(client.exceptions.PayloadTooLargeException):
                    await asyncio.to_thread(
                        client.post_to_connection, ConnectionId=connection_id, Data=b"x" * (16 * 1024 + 1)
                    )

                await asyncio.to_thread(client.delete_connection, ConnectionId=connection_id)
                with pytest.raises(ConnectionClosed):
                    await asyncio.wait_for(ws.recv(), 5)

                with pytest.raises(client.exceptions.GoneException):
                    await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b"tarde")

        asyncio.run(conversation())
        disconnect = wait_for(lambda: events_of_type("DISCONNECT"))[-1]
        assert disconnect["requestContext"]["disconnectStatusCode"] == 1000

    def test_unknown_connection_is_gone(self, server: GatewayServer) -> None:
        client = management_client(server)
        with pytest.raises(client.exceptions.GoneException):
            client.post_to_connection(ConnectionId="AAAAAAAAAAAAAAA=", Data=b"x")
        with pytest.raises(client.exceptions.GoneException):
            client.get_connection(ConnectionId="AAAAAAAAAAAAAAA=")

    def test_path_without_stage(self, server: GatewayServer) -> None:
        response = httpx.post(f"{server.url}/@connections/nadie", content=b"x")
        assert response.status_code == 410
        assert response.headers["x-amzn-errortype"] == "GoneException"
        assert "message" in response.json()


def test_idle_connections_are_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    running = start_gateway(tmp_path, idle_timeout_s=0.5)
    monkeypatch.setenv("TEST_WS_ENDPOINT_URL", running.connections_url)
    try:

        async def wait_idle() -> int | None:
            async with websockets.connect(running.ws_url) as ws:
                with pytest.raises(ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 5)
                return closed.value.rcvd.code if closed.value.rcvd else None

        assert asyncio.run(wait_idle()) == 1001
        disconnect = wait_for(lambda: events_of_type("DISCONNECT"))[-1]
        assert disconnect["requestContext"]["disconnectReason"] == "Going away"
    finally:
        running.stop()
        sys.modules.pop("lambda_fn_app", None)


class TestLocalServices:
    def test_embedded_postgres(self, tmp_path: Path) -> None:
        import sqlalchemy as sa

        from local_stack.postgres import create_database, drop_database, ensure_postgres, stop_postgres

        data_dir = tmp_path / "pgdata"
        admin_url = ensure_postgres(data_dir, prefer_tcp=False)
        try:
            assert "unix_sock=" in admin_url
            url = create_database(admin_url, "agente_embebida")
            assert create_database(admin_url, "agente_embebida", exist_ok=True) == url
            engine = sa.create_engine(url)
            with engine.connect() as connection:
                assert connection.scalar(sa.text("SELECT current_database()")) == "agente_embebida"
            engine.dispose()
            drop_database(admin_url, "agente_embebida")
        finally:
            stop_postgres(data_dir)
        assert not (data_dir / "postmaster.pid").exists()

    def test_moto_server(self) -> None:
        from local_stack.moto_server import MotoServer

        with MotoServer() as moto:
            s3 = moto.client("s3")
            s3.create_bucket(Bucket="agente-prueba")
            assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["agente-prueba"]
            assert moto.client_env["AWS_ENDPOINT_URL"] == moto.url
        assert not moto.running

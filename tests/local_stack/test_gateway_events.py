"""The local API Gateway's pure parts: events, responses, route matching, WebSocket route selection."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest

from local_stack.cors import CorsConfig, cors_from_template, is_preflight
from local_stack.http_events import (
    HttpRequestData,
    HttpResponseData,
    MalformedLambdaResponseError,
    build_http_event,
    http_response_from_result,
    is_text_body,
    query_string_parameters,
)
from local_stack.routes import (
    FunctionSpec,
    HttpMatch,
    HttpRoute,
    RouteTable,
    build_route_table,
    match_http_route,
    referenced_ids,
    select_websocket_route_key,
)
from local_stack.websocket_events import (
    ConnectionInfo,
    canonical_header_name,
    connect_event,
    disconnect_event,
    message_event,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
FN = FunctionSpec("Fn", Path("/srv/fn"), "app.handler")
OTHER = FunctionSpec("Other", Path("/srv/other"), "app.handler")

# The shape AWS documents for payload format 2.0 (values shortened).
AWS_SAMPLE_EVENT: dict[str, Any] = {
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/my/path",
    "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
    "cookies": ["cookie1", "cookie2"],
    "headers": {"header1": "value1", "header2": "value1,value2"},
    "queryStringParameters": {"parameter1": "value1,value2", "parameter2": "value"},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "api-id",
        "domainName": "id.execute-api.us-east-1.amazonaws.com",
        "domainPrefix": "id",
        "http": {
            "method": "POST",
            "path": "/my/path",
            "protocol": "HTTP/1.1",
            "sourceIp": "192.0.2.1",
            "userAgent": "agent",
        },
        "requestId": "id",
        "routeKey": "$default",
        "stage": "$default",
        "time": "12/Mar/2020:19:03:58 +0000",
        "timeEpoch": 1583348638390,
    },
    "body": "Hello from Lambda",
    "pathParameters": {"parameter1": "value1"},
    "isBase64Encoded": False,
}


def request(**overrides: Any) -> HttpRequestData:
    values: dict[str, Any] = {
        "method": "POST",
        "raw_path": "/productos/ABC-1",
        "raw_query_string": "q=casco%20rojo&tag=a&tag=b&vacio=",
        "headers": [
            ("host", "127.0.0.1:8001"),
            ("user-agent", "pytest"),
            ("content-type", "application/json"),
            ("cookie", "a=1; b=2"),
            ("x-multi", "uno"),
            ("x-multi", "dos"),
        ],
        "body": b'{"nombre": "Casco"}',
        "source_ip": "10.0.0.7",
        "server_port": 8001,
    }
    values.update(overrides)
    return HttpRequestData(**values)


def event_for(data: HttpRequestData, route: HttpRoute | None = None) -> dict[str, Any]:
    route = route or HttpRoute("ANY", "/{proxy+}", FN)
    match = match_http_route([route], data.method, data.raw_path)
    assert match is not None
    return build_http_event(data, match, api_id="abc123xyz0", now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))


class TestHttpEvent:
    def test_has_the_shape_of_the_aws_sample(self) -> None:
        event = event_for(request())
        assert set(event) == set(AWS_SAMPLE_EVENT)
        assert set(event["requestContext"]) == set(AWS_SAMPLE_EVENT["requestContext"])
        assert set(event["requestContext"]["http"]) == set(AWS_SAMPLE_EVENT["requestContext"]["http"])

    @pytest.mark.parametrize("sample", sorted((REPO_ROOT / "events").glob("http_api_*.json")), ids=lambda p: p.name)
    def test_has_the_shape_of_the_repository_samples(self, sample: Path) -> None:
        expected = json.loads(sample.read_text())
        event = event_for(request())
        optional = {"cookies", "body", "queryStringParameters", "pathParameters", "stageVariables"}
        assert set(expected) - optional <= set(event)
        assert set(event) <= set(expected) | optional
        assert set(event["requestContext"]) == set(expected["requestContext"])
        assert set(event["requestContext"]["http"]) == set(expected["requestContext"]["http"])
        assert all(name == name.lower() for name in event["headers"])

    def test_values(self) -> None:
        event = event_for(request())
        assert event["version"] == "2.0"
        assert event["routeKey"] == event["requestContext"]["routeKey"] == "ANY /{proxy+}"
        assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/productos/ABC-1"
        assert event["rawQueryString"] == "q=casco%20rojo&tag=a&tag=b&vacio="
        assert event["queryStringParameters"] == {"q": "casco rojo", "tag": "a,b", "vacio": ""}
        assert event["pathParameters"] == {"proxy": "productos/ABC-1"}
        assert event["cookies"] == ["a=1", "b=2"]
        assert "cookie" not in event["headers"]
        assert event["headers"]["x-multi"] == "uno,dos"
        assert event["headers"]["x-forwarded-for"] == "10.0.0.7"
        assert event["headers"]["x-forwarded-proto"] == "http"
        assert event["headers"]["x-forwarded-port"] == "8001"
        assert event["headers"]["x-amzn-trace-id"].startswith("Root=1-")
        context = event["requestContext"]
        assert context["stage"] == "$default"
        assert context["domainName"] == "127.0.0.1:8001"
        assert context["http"] == {
            "method": "POST",
            "path": "/productos/ABC-1",
            "protocol": "HTTP/1.1",
            "sourceIp": "10.0.0.7",
            "userAgent": "pytest",
        }
        assert context["time"] == "02/Jan/2026:03:04:05 +0000"
        assert context["timeEpoch"] == 1767323045000
        assert len(context["requestId"]) == 16
        assert event["body"] == '{"nombre": "Casco"}'
        assert event["isBase64Encoded"] is False

    def test_optional_fields_are_absent_when_empty(self) -> None:
        event = event_for(
            request(method="GET", raw_query_string="", headers=[("host", "h")], body=b""),
            HttpRoute("GET", "/productos/ABC-1", FN),
        )
        for absent in ("cookies", "queryStringParameters", "pathParameters", "body"):
            assert absent not in event
        assert event["isBase64Encoded"] is False

    @pytest.mark.parametrize(
        ("content_type", "body"),
        [
            ("multipart/form-data; boundary=x", b"--x\r\n"),
            ("image/png", b"\x89PNG"),
            ("application/x-www-form-urlencoded", b"a=1"),
            ("text/plain", b"\xff\xfe"),
        ],
    )
    def test_binary_bodies_are_base64(self, content_type: str, body: bytes) -> None:
        event = event_for(request(headers=[("content-type", content_type)], body=body))
        assert event["isBase64Encoded"] is True
        assert base64.b64decode(event["body"]) == body

    @pytest.mark.parametrize(
        "content_type", ["", "text/csv", "application/json; charset=utf-8", "application/vnd.api+json"]
    )
    def test_text_bodies(self, content_type: str) -> None:
        assert is_text_body(content_type, "ñandú".encode())

    def test_query_string_parameters_join_repeats(self) -> None:
        assert query_string_parameters("a=1&a=2&b=%C3%B1") == {"a": "1,2", "b": "ñ"}


class TestHttpResponse:
    def test_structured_result(self) -> None:
        response = http_response_from_result(
            {
                "statusCode": 201,
                "headers": {"Content-Type": "application/json", "X-Count": 3},
                "multiValueHeaders": {"x-multi": ["a", "b"]},
                "cookies": ["s=1; HttpOnly", "t=2"],
                "body": '{"ok": true}',
                "isBase64Encoded": False,
            }
        )
        assert response.status == 201
        assert ("content-type", "application/json") in response.headers
        assert ("x-count", "3") in response.headers
        assert [v for n, v in response.headers if n == "x-multi"] == ["a", "b"]
        assert [v for n, v in response.headers if n == "set-cookie"] == ["s=1; HttpOnly", "t=2"]
        assert response.body == b'{"ok": true}'

    def test_base64_body(self) -> None:
        body = base64.b64encode(b"\x00\x01").decode()
        response = http_response_from_result({"statusCode": 200, "body": body, "isBase64Encoded": True})
        assert response.body == b"\x00\x01"

    @pytest.mark.parametrize(
        ("result", "body"),
        [({"hola": "mundo"}, b'{"hola": "mundo"}'), ("texto", b"texto"), ([1, 2], b"[1, 2]"), (None, b"null")],
    )
    def test_result_without_status_code_is_a_json_200(self, result: Any, body: bytes) -> None:
        response = http_response_from_result(result)
        assert response.status == 200
        assert response.headers == [("content-type", "application/json")]
        assert response.body == body

    @pytest.mark.parametrize(
        "result",
        [
            {"statusCode": "200"},
            {"statusCode": 200, "body": {"not": "a string"}},
            {"statusCode": 200, "headers": {"x": {"nested": 1}}},
            {"statusCode": 200, "body": "%%%", "isBase64Encoded": True},
        ],
    )
    def test_malformed_results(self, result: dict[str, Any]) -> None:
        with pytest.raises(MalformedLambdaResponseError):
            http_response_from_result(result)


class TestHttpRouting:
    ROUTES: ClassVar[list[HttpRoute]] = [
        HttpRoute("GET", "/", FN),
        HttpRoute("ANY", "/{proxy+}", FN),
        HttpRoute("GET", "/exportar/{tipo}", OTHER),
        HttpRoute("GET", "/files/storage/info", OTHER),
        HttpRoute("GET", "/files/exports/{archivo}", OTHER),
        HttpRoute("POST", "/classify", OTHER),
        HttpRoute("GET", "/pets/dog/1", OTHER),
        HttpRoute("GET", "/pets/dog/{id}", OTHER),
        HttpRoute("GET", "/pets/{proxy+}", OTHER),
    ]

    def match(self, method: str, path: str, routes: list[HttpRoute] | None = None) -> HttpMatch | None:
        return match_http_route(routes or self.ROUTES, method, path)

    @pytest.mark.parametrize(
        ("method", "path", "route_key", "params"),
        [
            ("GET", "/", "GET /", {}),
            ("POST", "/", None, None),
            ("GET", "/productos/", "ANY /{proxy+}", {"proxy": "productos/"}),
            ("DELETE", "/productos/A%2FB", "ANY /{proxy+}", {"proxy": "productos/A/B"}),
            ("GET", "/exportar/ventas", "GET /exportar/{tipo}", {"tipo": "ventas"}),
            ("POST", "/exportar/ventas", "ANY /{proxy+}", {"proxy": "exportar/ventas"}),
            ("GET", "/exportar/", "ANY /{proxy+}", {"proxy": "exportar/"}),
            ("GET", "/files/storage/info", "GET /files/storage/info", {}),
            ("GET", "/files/exports/a%20b.csv", "GET /files/exports/{archivo}", {"archivo": "a b.csv"}),
            ("POST", "/classify", "POST /classify", {}),
            ("GET", "/classify", "ANY /{proxy+}", {"proxy": "classify"}),
            ("GET", "/pets/dog/1", "GET /pets/dog/1", {}),
            ("GET", "/pets/dog/2", "GET /pets/dog/{id}", {"id": "2"}),
            ("GET", "/pets/cat/1", "GET /pets/{proxy+}", {"proxy": "cat/1"}),
            ("POST", "/pets/dog/1", "ANY /{proxy+}", {"proxy": "pets/dog/1"}),
        ],
    )
    def test_most_specific_route_wins(
        self, method: str, path: str, route_key: str | None, params: dict[str, str] | None
    ) -> None:
        match = self.match(method, path)
        if route_key is None:
            assert match is None
            return
        assert match is not None
        assert match.route.route_key == route_key
        assert match.path_parameters == params

    def test_specific_method_beats_any(self) -> None:
        routes = [HttpRoute("ANY", "/chat", FN), HttpRoute("POST", "/chat", OTHER)]
        post = self.match("POST", "/chat", routes)
        get = self.match("GET", "/chat", routes)
        assert post is not None and post.route.function is OTHER
        assert get is not None and get.route.function is FN

    def test_default_route_catches_the_rest(self) -> None:
        routes = [HttpRoute("GET", "/a", FN), HttpRoute("ANY", "", OTHER)]
        match = self.match("PUT", "/zzz", routes)
        assert match is not None
        assert match.route.route_key == "$default"

    def test_no_match(self) -> None:
        assert self.match("GET", "/nada", [HttpRoute("GET", "/a", FN)]) is None


class TestWebSocketRouting:
    TABLE: ClassVar[RouteTable] = RouteTable(
        websocket={"$connect": FN, "$disconnect": FN, "message": OTHER, "$default": OTHER}
    )

    @pytest.mark.parametrize(
        ("body", "route"),
        [
            ('{"type": "message", "mensaje": "hola"}', "message"),
            ('{"type": "ping"}', "$default"),
            ('{"type": "$connect"}', "$default"),
            ('{"mensaje": "sin tipo"}', "$default"),
            ("no es json", "$default"),
            ('["message"]', "$default"),
            ('{"type": 5}', "$default"),
        ],
    )
    def test_route_selection(self, body: str, route: str) -> None:
        assert self.TABLE.select_websocket_route(body) == route

    def test_without_default_route_unknown_frames_have_no_route(self) -> None:
        table = RouteTable(websocket={"message": OTHER})
        assert table.select_websocket_route('{"type": "ping"}') is None

    def test_nested_selection_expression(self) -> None:
        assert select_websocket_route_key('{"a": {"b": "x"}}', "$request.body.a.b") == "x"


class TestWebSocketEvents:
    INFO: ClassVar[ConnectionInfo] = ConnectionInfo(
        "L0SM9cOFvHcCIhw=", 1700000000000, "10.0.0.7", "pytest", "127.0.0.1:8001", "abc", "local"
    )

    def test_connect_event(self) -> None:
        event = connect_event(
            self.INFO,
            [("host", "127.0.0.1:8001"), ("sec-websocket-key", "k"), ("x-a", "1"), ("x-a", "2")],
            [("chat_id", "c1"), ("token", "t")],
        )
        assert event["headers"]["Sec-WebSocket-Key"] == "k"
        assert event["multiValueHeaders"]["X-A"] == ["1", "2"]
        assert event["queryStringParameters"] == {"chat_id": "c1", "token": "t"}
        assert event["multiValueQueryStringParameters"] == {"chat_id": ["c1"], "token": ["t"]}
        context = event["requestContext"]
        assert context["routeKey"] == "$connect"
        assert context["eventType"] == "CONNECT"
        assert context["messageDirection"] == "IN"
        assert context["connectionId"] == "L0SM9cOFvHcCIhw="
        assert context["connectedAt"] == 1700000000000
        assert context["identity"] == {"userAgent": "pytest", "sourceIp": "10.0.0.7"}
        assert context["stage"] == "local"
        assert event["isBase64Encoded"] is False

    def test_message_event(self) -> None:
        event = message_event(self.INFO, "message", '{"type": "message"}')
        assert event["body"] == '{"type": "message"}'
        assert event["requestContext"]["eventType"] == "MESSAGE"
        assert event["requestContext"]["routeKey"] == "message"
        assert event["requestContext"]["messageId"]

    def test_disconnect_event(self) -> None:
        event = disconnect_event(self.INFO, 1001, "Going away")
        assert event["requestContext"]["eventType"] == "DISCONNECT"
        assert event["requestContext"]["disconnectStatusCode"] == 1001
        assert event["requestContext"]["disconnectReason"] == "Going away"
        assert event["headers"]["Host"] == "127.0.0.1:8001"

    def test_events_validate_against_powertools_models(self) -> None:
        from aws_lambda_powertools.utilities.parser.models import (
            APIGatewayWebSocketConnectEventModel,
            APIGatewayWebSocketDisconnectEventModel,
            APIGatewayWebSocketMessageEventModel,
        )

        APIGatewayWebSocketConnectEventModel.model_validate(connect_event(self.INFO, [("host", "h")], []))
        APIGatewayWebSocketMessageEventModel.model_validate(message_event(self.INFO, "$default", "x"))
        APIGatewayWebSocketDisconnectEventModel.model_validate(disconnect_event(self.INFO, 1000, ""))

    def test_http_event_validates_against_the_powertools_model(self) -> None:
        from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model

        APIGatewayProxyEventV2Model.model_validate(event_for(request()))

    def test_canonical_header_names(self) -> None:
        assert canonical_header_name("sec-websocket-version") == "Sec-WebSocket-Version"
        assert canonical_header_name("x-forwarded-for") == "X-Forwarded-For"


class TestTemplateRoutes:
    TEMPLATE: ClassVar[dict[str, Any]] = {
        "Parameters": {"ExportTimeout": {"Type": "Number", "Default": 300}, "Unset": {"Type": "Number"}},
        "Globals": {"Function": {"Timeout": 29, "MemorySize": 1024}},
        "Resources": {
            "ChatFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "CodeUri": "functions/chat",
                    "Handler": "app.handler",
                    "Events": {
                        "Proxy": {"Type": "HttpApi", "Properties": {"Path": "/{proxy+}", "Method": "ANY"}},
                        "Root": {"Type": "HttpApi", "Properties": {"Path": "/", "Method": "get"}},
                    },
                },
            },
            "ChatWsFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"CodeUri": "functions/chat", "Handler": "app.ws_handler"},
            },
            "WsConnectFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"CodeUri": "functions/ws_connect", "Handler": "app.handler", "Timeout": 10},
            },
            "ExportsFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "CodeUri": "functions/exports",
                    "Handler": "app.handler",
                    "Timeout": {"Ref": "ExportTimeout"},
                    "MemorySize": {"Ref": "Unset"},
                    "Events": {
                        "Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}},
                        "Export": {"Type": "HttpApi", "Properties": {"Path": "/exportar/{tipo}", "Method": "GET"}},
                    },
                },
            },
            "WebSocketApi": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.type"},
            },
            "WsConnectIntegration": {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {
                    "ApiId": {"Ref": "WebSocketApi"},
                    "IntegrationUri": {
                        "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31"
                        "/functions/${WsConnectFunction.Arn}/invocations"
                    },
                },
            },
            "ChatWsIntegration": {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {
                    "ApiId": {"Ref": "WebSocketApi"},
                    "IntegrationUri": {
                        "Fn::Join": ["", ["arn:aws:apigateway:", {"Fn::GetAtt": ["ChatWsFunction", "Arn"]}]]
                    },
                },
            },
            "ConnectRoute": {
                "Type": "AWS::ApiGatewayV2::Route",
                "Properties": {
                    "ApiId": {"Ref": "WebSocketApi"},
                    "RouteKey": "$connect",
                    "Target": {"Fn::Sub": "integrations/${WsConnectIntegration}"},
                },
            },
            "DisconnectRoute": {
                "Type": "AWS::ApiGatewayV2::Route",
                "Properties": {
                    "ApiId": {"Ref": "WebSocketApi"},
                    "RouteKey": "$disconnect",
                    "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "WsConnectIntegration"}]]},
                },
            },
            "MessageRoute": {
                "Type": "AWS::ApiGatewayV2::Route",
                "Properties": {
                    "ApiId": {"Ref": "WebSocketApi"},
                    "RouteKey": "message",
                    "Target": {"Fn::Sub": "integrations/${ChatWsIntegration}"},
                },
            },
        },
    }

    def test_reads_http_and_websocket_routes(self) -> None:
        table = build_route_table(self.TEMPLATE, Path("/repo"))
        keys = {route.route_key: route.function.logical_id for route in table.http}
        assert keys == {
            "ANY /{proxy+}": "ChatFunction",
            "GET /": "ChatFunction",
            "GET /exportar/{tipo}": "ExportsFunction",
        }
        assert {key: f.logical_id for key, f in table.websocket.items()} == {
            "$connect": "WsConnectFunction",
            "$disconnect": "WsConnectFunction",
            "message": "ChatWsFunction",
        }
        chat = next(route.function for route in table.http if route.path == "/")
        assert chat.code_dir == Path("/repo/functions/chat")
        assert (chat.handler, chat.timeout_s, chat.memory_mb) == ("app.handler", 29.0, 1024)
        assert table.websocket["$connect"].timeout_s == 10.0
        exports = next(route.function for route in table.http if route.path.startswith("/exportar"))
        assert exports.timeout_s == 300.0  # a Ref to a parameter takes its default
        assert exports.memory_mb == 1024  # a Ref to a parameter without default falls back to Globals

    def test_referenced_ids(self) -> None:
        value = {"Fn::Sub": ["${A.Arn}/x/${B}/${AWS::Region}", {}], "Ref": "C", "Fn::GetAtt": "D.Arn"}
        assert set(referenced_ids(value)) == {"A", "B", "C", "D"}

    def test_the_repository_template(self) -> None:
        aws_resources = pytest.importorskip("local_stack.aws_resources")
        template_path = REPO_ROOT / "template.yaml"
        if not template_path.exists():
            pytest.skip("no template.yaml yet")
        table = build_route_table(aws_resources.load_template(template_path), REPO_ROOT)
        keys = {route.route_key: route.function.logical_id for route in table.http}
        assert keys["ANY /{proxy+}"] == "ChatFunction"
        assert keys["ANY /"] == "ChatFunction"
        assert keys["POST /classify"] == "ClassifyFunction"
        assert keys["GET /exportar/{tipo}"] == "ExportsFunction"
        assert {key: f.logical_id for key, f in table.websocket.items()} == {
            "$connect": "WsConnectFunction",
            "$disconnect": "WsConnectFunction",
            "message": "ChatWsFunction",
            "$default": "ChatWsFunction",
        }
        # the WebSocket integration invokes the function's published alias (`${ChatWsFunctionAliaslive}`)
        assert (table.websocket["message"].code_dir, table.websocket["message"].handler) == (
            REPO_ROOT / "functions" / "chat_ws",
            "app.handler",
        )


class TestCors:
    TEMPLATE: ClassVar[dict[str, Any]] = {
        "Parameters": {"CorsAllowOrigins": {"Type": "CommaDelimitedList", "Default": "https://a.co, https://b.co"}},
        "Resources": {
            "HttpApi": {
                "Type": "AWS::Serverless::HttpApi",
                "Properties": {
                    "CorsConfiguration": {
                        "AllowOrigins": {"Ref": "CorsAllowOrigins"},
                        "AllowMethods": ["GET", "post"],
                        "AllowHeaders": ["Authorization", "content-type"],
                        "MaxAge": 600,
                    }
                },
            }
        },
    }

    def test_configuration_from_the_template(self) -> None:
        cors = cors_from_template(self.TEMPLATE)
        assert cors == CorsConfig(
            allow_origins=("https://a.co", "https://b.co"),
            allow_methods=("GET", "POST"),
            allow_headers=("authorization", "content-type"),
            max_age=600,
        )
        assert cors_from_template({"Resources": {}}) is None

    def test_preflight(self) -> None:
        cors = cors_from_template(self.TEMPLATE)
        assert cors is not None
        headers = {"origin": "https://a.co", "access-control-request-method": "POST"}
        assert is_preflight("OPTIONS", headers)
        assert not is_preflight("GET", headers)
        response = cors.preflight("https://a.co", headers)
        assert response.status == 204
        assert dict(response.headers) == {
            "access-control-allow-origin": "https://a.co",
            "access-control-allow-methods": "GET,POST",
            "access-control-allow-headers": "authorization,content-type",
            "access-control-max-age": "600",
        }
        assert cors.preflight("https://evil.co", headers).headers == []

    def test_responses_get_the_gateway_headers_not_the_integration_ones(self) -> None:
        cors = CorsConfig()
        original = HttpResponseData(200, [("access-control-allow-origin", "https://x"), ("x-a", "1")], b"{}")
        applied = cors.apply("https://a.co", original)
        assert applied.headers == [("x-a", "1"), ("access-control-allow-origin", "*")]
        assert applied.body == b"{}"

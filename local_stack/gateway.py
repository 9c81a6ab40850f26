"""A local API Gateway: HTTP API (payload 2.0) and WebSocket API in front of the real Lambda handlers.

``gateway_from_template()`` reads a loaded ``template.yaml`` for the routes and CORS; ``LocalApiGateway(routes)``
takes routes directly (tests). Serve it with ``local_stack.gateway_server.GatewayServer`` or any ASGI server.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import PathConvertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from local_stack.aws_ids import api_id as new_api_id
from local_stack.aws_ids import gateway_id
from local_stack.connections import ConnectionRegistry
from local_stack.cors import CorsConfig, cors_from_template, is_preflight
from local_stack.http_events import (
    HttpRequestData,
    HttpResponseData,
    MalformedLambdaResponseError,
    build_http_event,
    gateway_error,
    http_response_from_result,
)
from local_stack.lambda_runtime import IntegrationTimeoutError, InvocationError, LambdaRuntime
from local_stack.management_api import ManagementApi
from local_stack.routes import FunctionSpec, RouteTable, build_route_table
from local_stack.websocket_gateway import WebSocketGateway, WebSocketLimits

log = logging.getLogger("local_stack.gateway")


class _AnyPathConvertor(PathConvertor):
    """Starlette's `path` without its one gap: an encoded newline (%0A) in a path still reaches the API, as on AWS."""

    regex = "(?s:.*)"


register_url_convertor("anypath", _AnyPathConvertor())

REPO_ROOT = Path(__file__).resolve().parent.parent
HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
LAMBDA_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024


@dataclass(frozen=True)
class GatewayConfig:
    websocket_stage: str = "local"
    http_stage: str = "$default"
    region: str = "us-east-1"
    integration_timeout_s: float = 29.0
    max_request_bytes: int = 10 * 1024 * 1024
    websocket: WebSocketLimits = field(default_factory=WebSocketLimits)
    static_dirs: dict[str, Path] = field(
        default_factory=lambda: {"/demo": REPO_ROOT / "web" / "demo", "/widget": REPO_ROOT / "web" / "widget"}
    )
    cors: CorsConfig | None = None


class LocalApiGateway:
    def __init__(
        self, routes: RouteTable, config: GatewayConfig | None = None, runtime: LambdaRuntime | None = None
    ) -> None:
        self.routes = routes
        self.config = config or GatewayConfig()
        self.runtime = runtime or LambdaRuntime(region=self.config.region)
        self.api_id = new_api_id()
        self.connections = ConnectionRegistry()
        self.websockets = WebSocketGateway(
            routes,
            self.runtime,
            self.connections,
            api_id=self.api_id,
            stage=self.config.websocket_stage,
            limits=self.config.websocket,
        )
        self.management = ManagementApi(self.connections, max_post_bytes=self.config.websocket.max_frame_bytes)
        self.app = Starlette(routes=self._starlette_routes())

    def functions(self) -> list[FunctionSpec]:
        unique = {route.function for route in self.routes.http} | set(self.routes.websocket.values())
        return sorted(unique, key=lambda function: function.logical_id)

    def _starlette_routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = [*self.management.routes(), *self.websockets.starlette_routes()]
        for prefix, directory in self.config.static_dirs.items():
            routes.append(Route(prefix, RedirectResponse(f"{prefix}/"), methods=["GET", "HEAD"]))
            routes.append(Mount(prefix, StaticFiles(directory=directory, html=True, check_dir=False)))
        routes.append(Route("/{path:anypath}", self.http_endpoint, methods=HTTP_METHODS))
        return routes

    async def http_endpoint(self, request: Request) -> Response:
        started = time.perf_counter()
        cors, origin = self.config.cors, request.headers.get("origin")
        if cors is not None and origin is not None and is_preflight(request.method, request.headers):
            response, function_name = cors.preflight(origin, request.headers), "CORS preflight"
        else:
            response, function_name = await self._proxy(request)
            if cors is not None and origin is not None:
                response = cors.apply(origin, response)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info(
            "%s %s %s %s %.0f ms",
            request.method,
            request.url.path,
            response.status,
            function_name,
            elapsed_ms,
        )
        return _starlette_response(response)

    async def _proxy(self, request: Request) -> tuple[HttpResponseData, str]:
        request_id = gateway_id()
        body = await _read_body(request, self.config.max_request_bytes)
        if body is None:
            # API Gateway's own answer, plus the contract's Spanish `detail` so local clients see one error shape.
            limit_mb = self.config.max_request_bytes // (1024 * 1024)
            detail = f"La solicitud supera el límite de {limit_mb} MB del API Gateway."
            return gateway_error(413, "Request Entity Too Large", detail=detail), "-"
        raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        match = self.routes.match_http(request.method, raw_path)
        if match is None:
            return gateway_error(404, "Not Found"), "-"
        data = HttpRequestData(
            method=request.method,
            raw_path=raw_path,
            raw_query_string=request.url.query,
            headers=[(name.decode("latin-1"), value.decode("latin-1")) for name, value in request.scope["headers"]],
            body=body,
            source_ip=request.client.host if request.client else "127.0.0.1",
            server_port=request.url.port or 80,
            scheme=request.url.scheme,
            protocol=f"HTTP/{request.scope.get('http_version', '1.1')}",
        )
        event = build_http_event(data, match, api_id=self.api_id, stage=self.config.http_stage, request_id=request_id)
        function = match.route.function
        if (size := len(json.dumps(event))) > LAMBDA_SYNC_PAYLOAD_BYTES:
            log.warning(
                "%s: a %d byte event is over Lambda's 6 MB invocation payload limit in AWS", function.logical_id, size
            )
        try:
            invocation = await self.runtime.invoke(
                function, event, integration_timeout_s=self.config.integration_timeout_s
            )
            response = http_response_from_result(invocation.result)
        except IntegrationTimeoutError:
            return gateway_error(504, "Endpoint request timed out"), function.logical_id
        except InvocationError:
            return gateway_error(500, "Internal Server Error"), function.logical_id
        except MalformedLambdaResponseError as error:
            log.error("%s returned a malformed response: %s", function.logical_id, error)
            return gateway_error(500, "Internal Server Error"), function.logical_id
        response.headers.append(("apigw-requestid", request_id))
        return response, function.logical_id


def _starlette_response(data: HttpResponseData) -> Response:
    response = Response(status_code=data.status)
    response.body = data.body
    response.raw_headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in data.headers if name != "content-length"
    ]
    if data.status >= 200 and data.status not in (204, 304):
        response.raw_headers.append((b"content-length", str(len(data.body)).encode()))
    return response


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def gateway_from_template(
    template: Mapping[str, Any], base_dir: Path, config: GatewayConfig | None = None
) -> LocalApiGateway:
    """A gateway routing (and answering CORS) as a SAM template says; CodeUris are relative to base_dir."""
    config = replace(config or GatewayConfig(), cors=cors_from_template(template))
    return LocalApiGateway(build_route_table(template, base_dir), config)

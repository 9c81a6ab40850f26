"""The WebSocket side of the local API Gateway: handshake → $connect, frames → routes, close → $disconnect."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import anyio
from anyio.abc import TaskGroup
from starlette.responses import Response
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from local_stack.aws_ids import gateway_id
from local_stack.connections import Connection, ConnectionGoneError, ConnectionRegistry
from local_stack.lambda_runtime import IntegrationTimeoutError, InvocationError, LambdaRuntime
from local_stack.routes import RouteTable
from local_stack.websocket_events import ConnectionInfo, connect_event, disconnect_event, message_event

log = logging.getLogger("local_stack.gateway")

CLOSE_GOING_AWAY = 1001
CLOSE_UNSUPPORTED_DATA = 1003
CLOSE_NO_STATUS = 1005
CLOSE_POLICY_VIOLATION = 1008
CLOSE_MESSAGE_TOO_BIG = 1009


@dataclass(frozen=True)
class WebSocketLimits:
    max_frame_bytes: int = 128 * 1024
    idle_timeout_s: float = 600.0
    max_duration_s: float = 2 * 3600.0
    integration_timeout_s: float = 29.0


class WebSocketGateway:
    def __init__(
        self,
        routes: RouteTable,
        runtime: LambdaRuntime,
        connections: ConnectionRegistry,
        *,
        api_id: str,
        stage: str,
        limits: WebSocketLimits | None = None,
    ) -> None:
        self.routes = routes
        self.runtime = runtime
        self.connections = connections
        self.api_id = api_id
        self.stage = stage
        self.limits = limits or WebSocketLimits()

    def starlette_routes(self) -> list[WebSocketRoute]:
        paths = ["/ws", "/ws/chat/{chat_id}", f"/{self.stage}"]
        return [WebSocketRoute(path, self.endpoint) for path in paths]

    async def endpoint(self, websocket: WebSocket) -> None:
        info = self._connection_info(websocket)
        query = parse_qsl(websocket.url.query, keep_blank_values=True)
        if "chat_id" in websocket.path_params:
            query.append(("chat_id", websocket.path_params["chat_id"]))
        accepted = await self._connect(websocket, info, query)
        if not accepted:
            return
        connection = Connection(info, websocket)
        self.connections.add(connection)
        async with anyio.create_task_group() as tasks:
            code, reason = await self._receive_frames(connection, tasks)
            self.connections.remove(info.connection_id)
            tasks.start_soon(self._disconnect, info, code, reason)

    def _connection_info(self, websocket: WebSocket) -> ConnectionInfo:
        port = websocket.url.port or 80
        return ConnectionInfo(
            connection_id=gateway_id(),
            connected_at_ms=int(time.time() * 1000),
            source_ip=websocket.client.host if websocket.client else "127.0.0.1",
            user_agent=websocket.headers.get("user-agent", ""),
            domain_name=websocket.headers.get("host", f"127.0.0.1:{port}"),
            api_id=self.api_id,
            stage=self.stage,
        )

    async def _connect(self, websocket: WebSocket, info: ConnectionInfo, query: list[tuple[str, str]]) -> bool:
        function = self.routes.websocket.get("$connect")
        subprotocol = None
        if function is not None:
            event = connect_event(info, list(websocket.headers.items()), query)
            try:
                invocation = await self.runtime.invoke(
                    function, event, integration_timeout_s=self.limits.integration_timeout_s
                )
            except InvocationError:
                await self._deny(websocket, 500, json.dumps({"message": "Internal server error"}))
                return False
            status, body, subprotocol = _connect_outcome(invocation.result)
            log.info(
                "WS $connect %s → %s %s %.0f ms",
                info.connection_id,
                status,
                function.logical_id,
                invocation.duration_ms,
            )
            if not 200 <= status < 300:
                await self._deny(websocket, status, body)
                return False
        await websocket.accept(subprotocol=subprotocol)
        return True

    async def _deny(self, websocket: WebSocket, status: int, body: str) -> None:
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(Response(body, status_code=status))
        else:
            await websocket.close(CLOSE_POLICY_VIOLATION)

    async def _receive_frames(self, connection: Connection, tasks: TaskGroup) -> tuple[int, str]:
        """Dispatch frames until the connection ends; returns the close code and reason."""
        while True:
            timeout = connection.seconds_left(self.limits.idle_timeout_s, self.limits.max_duration_s)
            with anyio.move_on_after(timeout) as scope:
                connection.watch_receive(scope)
                message = await connection.websocket.receive()
            if connection.closed_by_server is not None:
                return connection.closed_by_server
            if scope.cancelled_caught:
                await connection.close(CLOSE_GOING_AWAY, "Going away")
                return CLOSE_GOING_AWAY, "Going away"
            if message["type"] == "websocket.disconnect":
                code = int(message.get("code") or CLOSE_NO_STATUS)
                reason = message.get("reason") or ""
                if code == CLOSE_NO_STATUS and not reason:
                    reason = "Client-side close frame status not set"
                return code, reason
            text = message.get("text")
            if text is None:
                await connection.close(CLOSE_UNSUPPORTED_DATA, "Binary frames are not supported")
                return CLOSE_UNSUPPORTED_DATA, "Binary frames are not supported"
            if len(text.encode()) > self.limits.max_frame_bytes:
                await connection.close(CLOSE_MESSAGE_TOO_BIG, "Message too big")
                return CLOSE_MESSAGE_TOO_BIG, "Message too big"
            connection.touch()
            tasks.start_soon(self._dispatch, connection, text)

    async def _dispatch(self, connection: Connection, text: str) -> None:
        info = connection.info
        route_key = self.routes.select_websocket_route(text)
        if route_key is None:
            await self._send_error(connection, "Forbidden")
            return
        function = self.routes.websocket[route_key]
        event = message_event(info, route_key, text)
        try:
            invocation = await self.runtime.invoke(
                function, event, integration_timeout_s=self.limits.integration_timeout_s
            )
        except IntegrationTimeoutError:
            await self._send_error(connection, "Endpoint request timed out")
            return
        except InvocationError:
            await self._send_error(connection, "Internal server error")
            return
        log.info(
            "WS %s %s → %s %.0f ms",
            route_key,
            info.connection_id,
            function.logical_id,
            invocation.duration_ms,
        )

    async def _send_error(self, connection: Connection, message: str) -> None:
        """What API Gateway sends a client when a route cannot be served."""
        body = {"message": message, "connectionId": connection.connection_id, "requestId": gateway_id()}
        with contextlib.suppress(ConnectionGoneError):
            await connection.send(json.dumps(body).encode())

    async def _disconnect(self, info: ConnectionInfo, code: int, reason: str) -> None:
        log.info("WS $disconnect %s %s %s", info.connection_id, code, reason)
        function = self.routes.websocket.get("$disconnect")
        if function is None:
            return
        event = disconnect_event(info, code, reason)
        with contextlib.suppress(InvocationError):  # already logged; nobody is left to tell
            await self.runtime.invoke(function, event, integration_timeout_s=self.limits.integration_timeout_s)


def _connect_outcome(result: Any) -> tuple[int, str, str | None]:
    """Status, body and negotiated subprotocol of a $connect integration's result."""
    if not isinstance(result, dict):
        return 200, "", None
    status = result.get("statusCode", 200)
    if isinstance(status, bool) or not isinstance(status, int):
        return 500, json.dumps({"message": "Internal server error"}), None
    headers = {str(name).lower(): str(value) for name, value in (result.get("headers") or {}).items()}
    body = result.get("body")
    return status, body if isinstance(body, str) else "", headers.get("sec-websocket-protocol")

"""The ``@connections`` API (apigatewaymanagementapi): post to, inspect and delete WebSocket connections.

Errors use the rest-json shape botocore parses (``x-amzn-ErrorType`` header, ``message`` in the body), so
``client.exceptions.GoneException`` and ``PayloadTooLargeException`` are raised as against AWS.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_stack.aws_ids import gateway_id
from local_stack.connections import ConnectionGoneError, ConnectionRegistry

log = logging.getLogger("local_stack.gateway")

MAX_POST_BYTES = 128 * 1024


class ManagementApi:
    def __init__(self, connections: ConnectionRegistry, *, max_post_bytes: int = MAX_POST_BYTES) -> None:
        self.connections = connections
        self.max_post_bytes = max_post_bytes

    def routes(self) -> list[Route]:
        methods = ["POST", "GET", "DELETE"]
        return [
            Route("/@connections/{connection_id}", self.endpoint, methods=methods),
            Route("/{stage}/@connections/{connection_id}", self.endpoint, methods=methods),
        ]

    async def endpoint(self, request: Request) -> Response:
        connection_id = request.path_params["connection_id"]
        try:
            connection = self.connections.get(connection_id)
            if request.method == "GET":
                return _json(
                    200,
                    {
                        "connectedAt": _iso(datetime.fromtimestamp(connection.info.connected_at_ms / 1000, UTC)),
                        "identity": {
                            "sourceIp": connection.info.source_ip,
                            "userAgent": connection.info.user_agent,
                        },
                        "lastActiveAt": _iso(connection.last_active_at),
                    },
                )
            if request.method == "DELETE":
                await connection.close(1000, "Connection deleted")
                return Response(status_code=204, headers={"x-amzn-RequestId": gateway_id()})
            data = await request.body()
            if len(data) > self.max_post_bytes:
                return _error(413, "PayloadTooLargeException", "Request Entity Too Large")
            await connection.send(data)
            return Response(status_code=200, headers={"x-amzn-RequestId": gateway_id()})
        except ConnectionGoneError:
            log.info("@connections %s %s → 410 Gone", request.method, connection_id)
            return _error(410, "GoneException", f"Connection {connection_id} is gone")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json(status: int, body: object, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body),
        status_code=status,
        media_type="application/json",
        headers={"x-amzn-RequestId": gateway_id(), **(headers or {})},
    )


def _error(status: int, error_type: str, message: str) -> Response:
    return _json(status, {"message": message}, {"x-amzn-ErrorType": error_type})

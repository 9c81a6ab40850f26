"""Open WebSocket connections, by connection id, as the @connections management API sees them."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import anyio
from starlette.websockets import WebSocket

from local_stack.websocket_events import ConnectionInfo


class ConnectionGoneError(Exception):
    pass


@dataclass
class Connection:
    info: ConnectionInfo
    websocket: WebSocket
    last_active_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    closed_by_server: tuple[int, str] | None = None
    _last_active: float = field(default_factory=time.monotonic)
    _opened: float = field(default_factory=time.monotonic)
    _send_lock: anyio.Lock = field(default_factory=anyio.Lock)
    _receive_scope: anyio.CancelScope | None = None

    @property
    def connection_id(self) -> str:
        return self.info.connection_id

    def touch(self) -> None:
        self._last_active = time.monotonic()
        self.last_active_at = datetime.now(UTC)

    def seconds_left(self, idle_timeout_s: float, max_duration_s: float) -> float:
        now = time.monotonic()
        return max(0.0, min(self._last_active + idle_timeout_s, self._opened + max_duration_s) - now)

    def watch_receive(self, scope: anyio.CancelScope) -> None:
        """Cancel this scope (the receive loop) when the server closes the connection."""
        self._receive_scope = scope

    async def send(self, data: bytes) -> None:
        if self.closed_by_server is not None:
            raise ConnectionGoneError(self.connection_id)
        try:
            text = data.decode()
        except UnicodeDecodeError:
            text = None
        try:
            async with self._send_lock:
                if text is None:
                    await self.websocket.send_bytes(data)
                else:
                    await self.websocket.send_text(text)
        except Exception as error:  # the socket went away underneath us
            raise ConnectionGoneError(self.connection_id) from error
        self.touch()

    async def close(self, code: int, reason: str) -> None:
        if self.closed_by_server is not None:
            return
        self.closed_by_server = (code, reason)
        with contextlib.suppress(Exception):  # already closed by the client: nothing left to do
            async with self._send_lock:
                await self.websocket.close(code, reason)
        if self._receive_scope is not None:
            self._receive_scope.cancel()


class ConnectionRegistry:
    def __init__(self) -> None:
        self._connections: dict[str, Connection] = {}

    def add(self, connection: Connection) -> None:
        self._connections[connection.connection_id] = connection

    def remove(self, connection_id: str) -> None:
        self._connections.pop(connection_id, None)

    def get(self, connection_id: str) -> Connection:
        connection = self._connections.get(connection_id)
        if connection is None or connection.closed_by_server is not None:
            raise ConnectionGoneError(connection_id)
        return connection

    def __len__(self) -> int:
        return len(self._connections)

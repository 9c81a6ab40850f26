"""Serve a LocalApiGateway with uvicorn: in the foreground (``make dev``) or in a thread (tests)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Self

import uvicorn

from local_stack.gateway import LocalApiGateway
from local_stack.ports import LocalServer


class _DeniedHandshakeFilter(logging.Filter):
    """uvicorn logs a $connect rejected with an HTTP status (a denial response) as an error; it is not one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing handshake" not in record.getMessage()


def uvicorn_config(gateway: LocalApiGateway, host: str, port: int, *, log_level: str = "warning") -> uvicorn.Config:
    config = uvicorn.Config(
        gateway.app,
        host=host,
        port=port,
        ws_max_size=gateway.config.websocket.max_frame_bytes,  # bigger frames close with 1009, as in AWS
        log_level=log_level,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=3,
    )
    logging.getLogger("uvicorn.error").addFilter(_DeniedHandshakeFilter())
    return config


class GatewayServer(LocalServer):
    """``with GatewayServer(gateway) as server: httpx.get(server.url + "/health")``."""

    def __init__(self, gateway: LocalApiGateway, host: str = "127.0.0.1", port: int | None = None) -> None:
        super().__init__(host, port)
        self.gateway = gateway
        self._server = uvicorn.Server(uvicorn_config(gateway, self.host, self.port))
        self._thread: threading.Thread | None = None

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}/ws"

    @property
    def connections_url(self) -> str:
        """``endpoint_url`` for boto3's apigatewaymanagementapi client."""
        return f"{self.url}/{self.gateway.config.websocket_stage}"

    def start(self, timeout_s: float = 10.0) -> Self:
        self._thread = threading.Thread(target=self._server.run, name="local-gateway", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the local gateway did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

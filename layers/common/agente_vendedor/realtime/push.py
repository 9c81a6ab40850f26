"""Server → client WebSocket frames through API Gateway's `@connections` API (ApiGatewayManagementApi)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from enum import Enum
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.realtime import connections

log = logging.getLogger(__name__)


def configured_endpoint() -> str | None:
    """WS_ENDPOINT_URL: the @connections endpoint outside a WebSocket event (custom domain, local stack)."""
    configured = get_settings().ws_endpoint_url
    return configured.rstrip("/") if configured else None


def management_endpoint(domain_name: str, stage: str) -> str:
    """The endpoint for a WebSocket event: WS_ENDPOINT_URL when set, else `https://{domainName}/{stage}`."""
    return configured_endpoint() or f"https://{domain_name}/{stage}"


class Delivery(Enum):
    SENT = "sent"
    GONE = "gone"  # the client disconnected: stop sending to it
    FAILED = "failed"  # throttled, network trouble...: this event is lost, the connection may still be there


class ConnectionPusher:
    """Posts JSON events to connections; a connection that answers 410 Gone has its record deleted."""

    def __init__(self, endpoint_url: str) -> None:
        self._client = client("apigatewaymanagementapi", endpoint_url)

    def send(self, connection_id: str, event: dict[str, Any]) -> Delivery:
        # "replace": a lone surrogate (from a client's \ud800 escape) must not make the frame unencodable
        data = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
        try:
            self._client.post_to_connection(ConnectionId=connection_id, Data=data)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code == "GoneException":
                log.info("connection %s is gone; forgetting it", connection_id)
                _forget(connection_id)
                return Delivery.GONE
            log.warning("post to %s failed: %s", connection_id, code or error)
            return Delivery.FAILED
        except BotoCoreError as error:
            log.warning("post to %s failed: %s", connection_id, error)
            return Delivery.FAILED
        return Delivery.SENT

    def close(self, connection_id: str) -> None:
        """Disconnect a client (`DELETE @connections/{id}`); one already gone, or a failure, is only logged."""
        try:
            self._client.delete_connection(ConnectionId=connection_id)
        except (ClientError, BotoCoreError) as error:
            log.info("closing %s: %s", connection_id, type(error).__name__)

    def broadcast(self, connection_ids: Iterable[str], event: dict[str, Any]) -> int:
        """Send to each connection (gone ones are forgotten); returns how many received it."""
        return sum(self.send(connection_id, event) is Delivery.SENT for connection_id in connection_ids)


def _forget(connection_id: str) -> None:
    try:
        connections.delete_connection(connection_id)
    except (ClientError, BotoCoreError) as error:  # the TTL removes it later anyway
        log.warning("could not delete gone connection %s: %s", connection_id, error)

"""Open WebSocket connections in DynamoDB (ConnectionsTable: PK connection_id, GSI `por_chat`, TTL `expira`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client

CHAT_INDEX = "por_chat"
PANEL_CHANNEL = "#panel"  # the channel of the staff panel's live-inbox connections (realtime.panel)
# API Gateway closes a WebSocket after 2 hours; the record outlives it so TTL never removes a live connection.
CONNECTION_TTL_S = 3 * 3600


@dataclass(frozen=True)
class ConnectionRecord:
    connection_id: str
    chat_id: str
    staff: bool
    connected_at: str  # ISO-8601, UTC
    expira: int  # epoch seconds (DynamoDB TTL)
    # The conversation's secret this connection proved (or obtained by starting the chat): kept for the connection's
    # life so `connection_status` can carry it and pushes reach only the conversation's owner.
    chat_token: str | None = None
    # A staff connection's account and the account version its token was issued for (None for the break-glass
    # token): re-checked on every frame and every push, so a revoked account loses the connection.
    usuario: str | None = None
    version: int | None = None


def new_record(
    connection_id: str,
    chat_id: str,
    *,
    staff: bool,
    chat_token: str | None = None,
    usuario: str | None = None,
    version: int | None = None,
    now: float | None = None,
) -> ConnectionRecord:
    moment = time.time() if now is None else now
    return ConnectionRecord(
        connection_id=connection_id,
        chat_id=chat_id,
        staff=staff,
        connected_at=datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds"),
        expira=int(moment) + CONNECTION_TTL_S,
        chat_token=chat_token,
        usuario=usuario,
        version=version,
    )


def put_connection(record: ConnectionRecord) -> None:
    item = {
        "connection_id": {"S": record.connection_id},
        "chat_id": {"S": record.chat_id},
        "staff": {"BOOL": record.staff},
        "connected_at": {"S": record.connected_at},
        "expira": {"N": str(record.expira)},
    }
    if record.chat_token:
        item["chat_token"] = {"S": record.chat_token}
    if record.usuario:
        item["usuario"] = {"S": record.usuario}
    if record.version is not None:
        item["version"] = {"N": str(record.version)}
    _dynamodb().put_item(TableName=get_settings().connections_table, Item=item)


def set_chat_token(connection_id: str, chat_token: str) -> None:
    """The connection started its conversation: it now holds the conversation's secret."""
    _dynamodb().update_item(
        TableName=get_settings().connections_table,
        Key={"connection_id": {"S": connection_id}},
        UpdateExpression="SET chat_token = :t",
        ExpressionAttributeValues={":t": {"S": chat_token}},
    )


def delete_connection(connection_id: str) -> None:
    _dynamodb().delete_item(TableName=get_settings().connections_table, Key={"connection_id": {"S": connection_id}})


def get_connection(connection_id: str) -> ConnectionRecord | None:
    """The live record of a connection; None when unknown or past its TTL (DynamoDB deletes lazily)."""
    response = _dynamodb().get_item(
        TableName=get_settings().connections_table,
        Key={"connection_id": {"S": connection_id}},
        ConsistentRead=True,
    )
    item = response.get("Item")
    if item is None:
        return None
    record = _record(item)
    return record if record.expira > time.time() else None


def connections_for_chat(chat_id: str) -> list[ConnectionRecord]:
    """Every live connection of one chat (through the `por_chat` index, eventually consistent)."""
    table = get_settings().connections_table
    records: list[ConnectionRecord] = []
    now = time.time()
    paginator = _dynamodb().get_paginator("query")
    pages = paginator.paginate(
        TableName=table,
        IndexName=CHAT_INDEX,
        KeyConditionExpression="chat_id = :chat_id",
        ExpressionAttributeValues={":chat_id": {"S": chat_id}},
    )
    for page in pages:
        records.extend(r for r in map(_record, page.get("Items", [])) if r.expira > now)
    return records


def _record(item: dict[str, Any]) -> ConnectionRecord:
    return ConnectionRecord(
        connection_id=item["connection_id"]["S"],
        chat_id=item["chat_id"]["S"],
        staff=bool(item.get("staff", {}).get("BOOL", False)),
        connected_at=item.get("connected_at", {}).get("S", ""),
        expira=int(item.get("expira", {}).get("N", "0")),
        chat_token=item.get("chat_token", {}).get("S"),
        usuario=item.get("usuario", {}).get("S"),
        version=int(item["version"]["N"]) if "version" in item else None,
    )


def _dynamodb() -> Any:
    return client("dynamodb")

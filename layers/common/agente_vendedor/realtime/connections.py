"""Open WebSocket connections in DynamoDB (ConnectionsTable: PK connection_id, GSI `por_chat`, TTL `expira`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client

CHAT_INDEX = "por_chat"
# API Gateway closes a WebSocket after 2 hours; the record outlives it so TTL never removes a live connection.
CONNECTION_TTL_S = 3 * 3600


@dataclass(frozen=True)
class ConnectionRecord:
    connection_id: str
    chat_id: str
    staff: bool
    connected_at: str  # ISO-8601, UTC
    expira: int  # epoch seconds (DynamoDB TTL)


def new_record(connection_id: str, chat_id: str, *, staff: bool, now: float | None = None) -> ConnectionRecord:
    moment = time.time() if now is None else now
    return ConnectionRecord(
        connection_id=connection_id,
        chat_id=chat_id,
        staff=staff,
        connected_at=datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds"),
        expira=int(moment) + CONNECTION_TTL_S,
    )


def put_connection(record: ConnectionRecord) -> None:
    _dynamodb().put_item(
        TableName=get_settings().connections_table,
        Item={
            "connection_id": {"S": record.connection_id},
            "chat_id": {"S": record.chat_id},
            "staff": {"BOOL": record.staff},
            "connected_at": {"S": record.connected_at},
            "expira": {"N": str(record.expira)},
        },
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
    )


def _dynamodb() -> Any:
    return client("dynamodb")

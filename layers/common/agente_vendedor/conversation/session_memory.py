"""The live memory of each chat in DynamoDB (SessionsTable): one item per message, plus a pause flag.

Message items: PK `chat_id`, SK `"<ISO timestamp>#<uuid>"` (chronological), `rol` (cliente | agente | asesor),
`contenido`, `tipo_mensaje`, `estado_venta`, `productos` (SKUs), `oferta` (what the agent proposed, JSON), and
`expira` (epoch seconds, DynamoDB TTL, 30 days), and `solo_personal` on a staff member's message and its answer
(never shown to the customer). The chat's control item, SK `"~control"`, holds the pause flag (`pausado`) and the
SHA-256 of the conversation's secret (`token_hash`, see `conversation.chat_ownership`): it sorts after every
message, so one newest-first Query (`load_context`) returns it and the last messages together (one round trip per
turn instead of two); the message queries skip it.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client

CONTROL_SK = "~control"
_MESSAGES_BELOW = "~"  # every message SK (an ISO timestamp) sorts below this, the control item does not
_BATCH_LIMIT = 25  # items per BatchWriteItem
_BATCH_ATTEMPTS = 5
_BATCH_BACKOFF_S = 0.025


@dataclass(frozen=True)
class StoredMessage:
    rol: str
    contenido: str
    timestamp: datetime
    tipo_mensaje: str | None = None
    estado_venta: str | None = None
    productos: tuple[str, ...] = ()
    oferta: dict[str, Any] | None = None
    sk: str = ""
    solo_personal: bool = False  # a staff member's message or its answer: never shown to the customer


@dataclass
class NewMessage:
    rol: str
    contenido: str
    tipo_mensaje: str | None = None
    estado_venta: str | None = None
    productos: Sequence[str] = field(default_factory=tuple)
    oferta: dict[str, Any] | None = None
    solo_personal: bool = False


def _table() -> str:
    return get_settings().sessions_table


def _dynamodb() -> Any:
    return client("dynamodb")


def _item(chat_id: str, message: NewMessage, moment: datetime) -> tuple[dict[str, Any], StoredMessage]:
    sk = f"{moment.isoformat(timespec='microseconds')}#{uuid.uuid4().hex}"
    expira = int(moment.timestamp()) + get_settings().session_ttl_days * 86400
    item: dict[str, Any] = {
        "chat_id": {"S": chat_id},
        "sk": {"S": sk},
        "rol": {"S": message.rol},
        "contenido": {"S": message.contenido},
        "expira": {"N": str(expira)},
        "productos": {"L": [{"S": sku} for sku in message.productos]},
    }
    if message.tipo_mensaje:
        item["tipo_mensaje"] = {"S": message.tipo_mensaje}
    if message.estado_venta:
        item["estado_venta"] = {"S": message.estado_venta}
    if message.oferta:
        item["oferta"] = {"S": json.dumps(message.oferta, ensure_ascii=False)}
    if message.solo_personal:
        item["solo_personal"] = {"BOOL": True}
    stored = StoredMessage(
        rol=message.rol,
        contenido=message.contenido,
        timestamp=moment,
        tipo_mensaje=message.tipo_mensaje,
        estado_venta=message.estado_venta,
        productos=tuple(message.productos),
        oferta=message.oferta,
        sk=sk,
        solo_personal=message.solo_personal,
    )
    return item, stored


def build_items(chat_id: str, messages: Sequence[NewMessage]) -> list[tuple[dict[str, Any], StoredMessage]]:
    """The DynamoDB items of messages in order (timestamps strictly increasing), their sort keys fixed now: writing
    the same items again overwrites them, it never duplicates a message."""
    base = datetime.now(UTC)
    return [_item(chat_id, m, base.fromtimestamp(base.timestamp() + i * 1e-6, UTC)) for i, m in enumerate(messages)]


def put_items(items: Sequence[dict[str, Any]]) -> None:
    """One PutItem, or BatchWriteItem for several (a turn's two messages in one request)."""
    table = _table()
    client = _dynamodb()
    if len(items) == 1:
        client.put_item(TableName=table, Item=items[0])
        return
    for start in range(0, len(items), _BATCH_LIMIT):
        _batch_put(client, table, list(items[start : start + _BATCH_LIMIT]))


def append_messages(chat_id: str, messages: Sequence[NewMessage]) -> list[StoredMessage]:
    """Store messages in order, at once."""
    if not messages:
        return []
    built = build_items(chat_id, messages)
    put_items([item for item, _ in built])
    return [stored for _, stored in built]


def _batch_put(client: Any, table: str, items: list[dict[str, Any]]) -> None:
    """BatchWriteItem, retrying what DynamoDB leaves unprocessed (throttling) with backoff; botocore retries the
    request itself. Every item is written, or an error is raised."""
    requests: list[dict[str, Any]] = [{"PutRequest": {"Item": item}} for item in items]
    for attempt in range(_BATCH_ATTEMPTS):
        if attempt:
            time.sleep(_BATCH_BACKOFF_S * 2 ** (attempt - 1))
        response = client.batch_write_item(RequestItems={table: requests})
        requests = response.get("UnprocessedItems", {}).get(table, [])
        if not requests:
            return
    raise RuntimeError(f"DynamoDB left {len(requests)} chat message(s) unwritten after {_BATCH_ATTEMPTS} attempts")


def append_message(
    chat_id: str,
    rol: str,
    contenido: str,
    *,
    tipo_mensaje: str | None = None,
    estado_venta: str | None = None,
    productos: Sequence[str] = (),
    oferta: dict[str, Any] | None = None,
) -> StoredMessage:
    return append_messages(chat_id, [NewMessage(rol, contenido, tipo_mensaje, estado_venta, productos, oferta)])[0]


def parse_item(item: dict[str, Any]) -> StoredMessage:
    sk = item["sk"]["S"]
    oferta = item.get("oferta", {}).get("S")
    return StoredMessage(
        rol=item.get("rol", {}).get("S", "cliente"),
        contenido=item.get("contenido", {}).get("S", ""),
        timestamp=datetime.fromisoformat(sk.split("#", 1)[0]),
        tipo_mensaje=item.get("tipo_mensaje", {}).get("S"),
        estado_venta=item.get("estado_venta", {}).get("S"),
        productos=tuple(v.get("S", "") for v in item.get("productos", {}).get("L", [])),
        oferta=json.loads(oferta) if oferta else None,
        sk=sk,
        solo_personal=bool(item.get("solo_personal", {}).get("BOOL", False)),
    )


def _query(chat_id: str, limit: int, *, newest_first: bool) -> list[StoredMessage]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "TableName": _table(),
        "KeyConditionExpression": "chat_id = :c AND sk < :control",
        "ExpressionAttributeValues": {":c": {"S": chat_id}, ":control": {"S": _MESSAGES_BELOW}},
        "ScanIndexForward": not newest_first,
    }
    while len(items) < limit:
        response = _dynamodb().query(Limit=limit - len(items), **kwargs)
        items.extend(response.get("Items", []))
        if "LastEvaluatedKey" not in response:
            break
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    now = time.time()
    return [parse_item(i) for i in items if int(i.get("expira", {}).get("N", "0") or 0) > now]


def recent_messages(chat_id: str, limit: int = 10) -> list[StoredMessage]:
    """The last `limit` messages, oldest first."""
    return list(reversed(_query(chat_id, limit, newest_first=True)))


def history(chat_id: str, limit: int = 500, *, staff: bool = True) -> list[StoredMessage]:
    """The conversation, oldest first (the most recent `limit` messages); for the customer (`staff=False`) without
    the messages only staff may see."""
    messages = recent_messages(chat_id, limit)
    return messages if staff else [m for m in messages if not m.solo_personal]


@dataclass(frozen=True)
class ChatContext:
    paused: bool
    messages: list[StoredMessage]  # the last ones, oldest first

    def with_earlier(self, pending: Sequence[StoredMessage]) -> ChatContext:
        """Add messages of earlier turns that have not reached the table yet (the outbox), in order."""
        known = {m.sk for m in self.messages}
        merged = sorted([*self.messages, *(m for m in pending if m.sk not in known)], key=lambda m: m.sk)
        return ChatContext(self.paused, merged)

    def for_customer(self) -> ChatContext:
        """What a customer's turn may build on: without the staff's messages and their answers."""
        return ChatContext(self.paused, [m for m in self.messages if not m.solo_personal])


def load_context(chat_id: str, limit: int) -> ChatContext:
    """The pause flag and the last `limit` messages in one Query (newest first: the control item comes first)."""
    response = _dynamodb().query(
        TableName=_table(),
        KeyConditionExpression="chat_id = :c",
        ExpressionAttributeValues={":c": {"S": chat_id}},
        ScanIndexForward=False,
        Limit=limit + 1,
    )
    items = response.get("Items", [])
    paused = False
    if items and items[0]["sk"]["S"] == CONTROL_SK:
        paused = bool(items[0].get("pausado", {}).get("BOOL", False))
        items = items[1:]
    now = time.time()
    messages = [parse_item(i) for i in items[:limit] if int(i.get("expira", {}).get("N", "0") or 0) > now]
    return ChatContext(paused, list(reversed(messages)))


def is_paused(chat_id: str) -> bool:
    response = _dynamodb().get_item(
        TableName=_table(), Key={"chat_id": {"S": chat_id}, "sk": {"S": CONTROL_SK}}, ConsistentRead=True
    )
    return bool(response.get("Item", {}).get("pausado", {}).get("BOOL", False))


def _control_key(chat_id: str) -> dict[str, Any]:
    return {"chat_id": {"S": chat_id}, "sk": {"S": CONTROL_SK}}


def _control_times() -> dict[str, Any]:
    moment = datetime.now(UTC)
    return {
        ":actualizado": {"S": moment.isoformat(timespec="milliseconds")},
        ":expira": {"N": str(int(moment.timestamp()) + get_settings().session_ttl_days * 86400)},
    }


def set_paused(chat_id: str, paused: bool) -> None:
    """An update, not a put: the control item also holds the conversation's secret."""
    _dynamodb().update_item(
        TableName=_table(),
        Key=_control_key(chat_id),
        UpdateExpression="SET pausado = :p, actualizado = :actualizado, expira = :expira",
        ExpressionAttributeValues={":p": {"BOOL": paused}, **_control_times()},
    )


def owner_hash(chat_id: str) -> str | None:
    """The stored hash of the conversation's secret; None while nobody has started the conversation. An eventually
    consistent read is enough: the hash never changes once set, and claiming is a conditional write."""
    response = _dynamodb().get_item(TableName=_table(), Key=_control_key(chat_id), ProjectionExpression="token_hash")
    value = response.get("Item", {}).get("token_hash", {}).get("S")
    return str(value) if value else None


def claim_owner(chat_id: str, token_hash: str) -> bool:
    """Store the secret's hash if the conversation has none yet; False when someone else claimed it first."""
    try:
        _dynamodb().update_item(
            TableName=_table(),
            Key=_control_key(chat_id),
            UpdateExpression="SET token_hash = :h, actualizado = :actualizado, expira = :expira",
            ConditionExpression="attribute_not_exists(token_hash)",
            ExpressionAttributeValues={":h": {"S": token_hash}, **_control_times()},
        )
    except _dynamodb().exceptions.ConditionalCheckFailedException:
        return False
    return True


def release_owner(chat_id: str, token_hash: str) -> None:
    """Undo a claim whose first turn failed (its token never reached the caller), if it is still that claim."""
    try:
        _dynamodb().update_item(
            TableName=_table(),
            Key=_control_key(chat_id),
            UpdateExpression="REMOVE token_hash",
            ConditionExpression="token_hash = :h",
            ExpressionAttributeValues={":h": {"S": token_hash}},
        )
    except _dynamodb().exceptions.ConditionalCheckFailedException:
        pass

"""The chat memory in DynamoDB (moto in-process, tables from template.yaml)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from agente_vendedor.conversation import session_memory
from agente_vendedor.core.settings import get_settings
from tests.conftest import aws_from_template


@pytest.fixture(autouse=True)
def tables() -> Iterator[None]:
    with aws_from_template():
        yield


def test_messages_come_back_in_order_with_their_attributes() -> None:
    session_memory.append_messages(
        "c1",
        [
            session_memory.NewMessage("cliente", "quiero 3 cascos", "venta", "pendiente"),
            session_memory.NewMessage("agente", "Listo", "venta", "pendiente", ["DV-CAB-002"], {"accion": "agregar"}),
        ],
    )
    session_memory.append_message("c1", "asesor", "Hola, soy Ana")
    messages = session_memory.recent_messages("c1")
    assert [(m.rol, m.contenido) for m in messages] == [
        ("cliente", "quiero 3 cascos"), ("agente", "Listo"), ("asesor", "Hola, soy Ana"),
    ]  # fmt: skip
    agent = messages[1]
    assert agent.productos == ("DV-CAB-002",)
    assert agent.oferta == {"accion": "agregar"}
    assert agent.tipo_mensaje == "venta" and agent.estado_venta == "pendiente"
    assert messages[0].timestamp < messages[1].timestamp < messages[2].timestamp


def test_recent_is_the_last_n_and_history_everything() -> None:
    for i in range(15):
        session_memory.append_message("c2", "cliente", f"m{i}")
    assert [m.contenido for m in session_memory.recent_messages("c2", limit=3)] == ["m12", "m13", "m14"]
    assert len(session_memory.history("c2")) == 15
    assert session_memory.recent_messages("otro") == []


def test_items_expire_in_30_days() -> None:
    session_memory.append_message("c3", "cliente", "hola")
    item = boto3.client("dynamodb").scan(TableName=get_settings().sessions_table)["Items"][0]
    assert abs(int(item["expira"]["N"]) - (time.time() + 30 * 86400)) < 60
    assert item["sk"]["S"].split("#")[0].startswith("20")


def test_pause_flag_is_not_a_message() -> None:
    assert not session_memory.is_paused("c4")
    session_memory.set_paused("c4", True)
    assert session_memory.is_paused("c4")
    session_memory.append_message("c4", "cliente", "¿hay alguien?")
    assert [m.contenido for m in session_memory.history("c4")] == ["¿hay alguien?"]
    session_memory.set_paused("c4", False)
    assert not session_memory.is_paused("c4")


class _ThrottlingClient:
    """A DynamoDB client whose BatchWriteItem leaves the last item unprocessed the first `throttled` times."""

    def __init__(self, throttled: int) -> None:
        self.throttled = throttled
        self.requests: list[list[dict[str, Any]]] = []

    def batch_write_item(self, RequestItems: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:  # noqa: N803
        ((table, requests),) = RequestItems.items()
        self.requests.append(requests)
        if self.throttled > 0:
            self.throttled -= 1
            return {"UnprocessedItems": {table: requests[-1:]}}
        return {"UnprocessedItems": {}}


def _two_messages() -> list[session_memory.NewMessage]:
    return [session_memory.NewMessage("cliente", "hola"), session_memory.NewMessage("agente", "Hola, ¿qué busca?")]


def test_a_turn_is_one_batch_write_and_what_dynamodb_leaves_unprocessed_is_written_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _ThrottlingClient(throttled=2)
    monkeypatch.setattr(session_memory, "_dynamodb", lambda: fake)
    monkeypatch.setattr(session_memory.time, "sleep", lambda _s: None)
    stored = session_memory.append_messages("c5", _two_messages())
    assert [len(r) for r in fake.requests] == [2, 1, 1]
    assert fake.requests[1][0]["PutRequest"]["Item"]["sk"]["S"] == stored[1].sk


def test_messages_dynamodb_never_takes_are_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _ThrottlingClient(throttled=100)
    monkeypatch.setattr(session_memory, "_dynamodb", lambda: fake)
    monkeypatch.setattr(session_memory.time, "sleep", lambda _s: None)
    with pytest.raises(RuntimeError, match="unwritten"):
        session_memory.append_messages("c6", _two_messages())

"""The chat memory in DynamoDB (moto in-process, tables from template.yaml)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from agente_vendedor.conversation import session_memory
from agente_vendedor.core.settings import get_settings
from local_stack.aws_resources import create_resources
from tests.conftest import reset_caches


@pytest.fixture(autouse=True)
def tables(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    reset_caches()
    with mock_aws():
        create_resources(boto3.client("dynamodb"), boto3.client("s3"), get_settings())
        yield
    reset_caches()


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

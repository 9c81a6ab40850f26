"""A turn is one unit of work: the order, the sale and the messages commit together; DynamoDB is written from the
outbox after the commit, idempotently, and a failure there never takes back an answer already committed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from agente_vendedor.conversation import session_memory, turn_outbox
from agente_vendedor.core.errors import ServiceUnavailableError
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import ConversationMessage, PendingMessages
from tests.chat_tokens import chat_headers
from tests.conftest import STAFF
from tests.integration.chat_setup import Conversation, chat_client

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]


def _pending_rows() -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(PendingMessages)) or 0)


def _history(client: TestClient, chat_id: str) -> list[tuple[str, str]]:
    mensajes = client.get(f"/chat/historial/{chat_id}", headers=chat_headers(chat_id)).json()["mensajes"]
    return [(m["rol"], m["contenido"]) for m in mensajes]


def _dynamodb_refuses_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    refused: list[int] = []

    def refuse(items: Any) -> None:
        refused.append(len(items))
        raise ConnectionError("DynamoDB no responde")

    monkeypatch.setattr(session_memory, "put_items", refuse)
    return refused


def test_a_committed_sale_is_answered_even_when_dynamodb_fails_after_the_commit(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = Conversation(chat_client, "outbox-1")
    chat.say("quiero 2 cascos azules")
    chat.say("me llamo Rosa Elvira Cárdenas, cédula 52345678, celular 3157778899, Calle 5 # 10-20, Cali")
    assert chat.last["estado_venta"] == "listo_para_finalizar"
    stock_before = chat_client.get("/productos/T-CAB-001").json()["stock"]
    with monkeypatch.context() as patch:
        refused = _dynamodb_refuses_writes(patch)
        closed = chat.say("sí, confirmo")
    assert refused, "the copy to DynamoDB was attempted"
    assert closed["estado_venta"] == "cerrada" and closed["pedido"]["venta_id"], "the customer is told the sale closed"
    assert chat_client.get("/productos/T-CAB-001").json()["stock"] == stock_before - 2
    assert _pending_rows() == 1  # kept for a later copy
    assert ("cliente", "sí, confirmo") not in _history(chat_client, "outbox-1")  # not in DynamoDB yet
    # the chat's next turn copies it first, builds on it, and nothing is duplicated
    chat.say("gracias")
    history = _history(chat_client, "outbox-1")
    assert history.count(("cliente", "sí, confirmo")) == 1
    assert [rol for rol, _ in history] == ["cliente", "agente"] * 4
    assert _pending_rows() == 1  # the leftover was copied and forgotten; the last turn's row waits to be seen
    with session_scope() as session:
        reported = session.scalar(select(func.count()).where(ConversationMessage.chat_id == "outbox-1"))
    assert reported == 8  # the report copy was written once, in the turn's transaction


def test_copying_twice_never_duplicates_and_the_nightly_sweep_copies_what_nobody_came_back_for(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = Conversation(chat_client, "outbox-2")
    with monkeypatch.context() as patch:
        _dynamodb_refuses_writes(patch)
        chat.say("¿tienen guantes de carnaza?")
    assert _pending_rows() == 1
    assert turn_outbox.deliver_stale(older_than=timedelta(minutes=1)) == 0  # too recent to be abandoned
    assert turn_outbox.deliver_stale(older_than=timedelta(0)) == 1
    assert turn_outbox.deliver_stale(older_than=timedelta(0)) == 0
    with session_scope() as session:
        again = turn_outbox.pending_for_chat(session, "outbox-2", set())
    assert again.row_ids == []
    history = _history(chat_client, "outbox-2")
    assert [rol for rol, _ in history] == ["cliente", "agente"]
    # writing the same staged items again overwrites them (their sort keys were fixed when staged)
    items = [
        {"chat_id": {"S": "outbox-2"}, "sk": {"S": m.sk}, "rol": {"S": m.rol}, "contenido": {"S": m.contenido},
         "expira": {"N": "9999999999"}, "productos": {"L": []}}
        for m in session_memory.recent_messages("outbox-2")
    ]  # fmt: skip
    session_memory.put_items(items)
    assert len(_history(chat_client, "outbox-2")) == 2


def test_a_turn_that_fails_before_its_commit_changes_nothing_and_keeps_the_message(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = Conversation(chat_client, "outbox-3")
    chat.say("quiero 2 cascos azules")
    from agente_vendedor.conversation import turn_pipeline

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("fallo en medio del turno")

    monkeypatch.setattr(turn_pipeline, "_store_sql", broken)  # after the order changed, inside the transaction
    failed = chat_client.post(
        "/chat/texto", json={"chat_id": "outbox-3", "mensaje": "mejor que sean 5"}, headers=chat_headers("outbox-3")
    )
    assert failed.status_code == 503 and "Intenta de nuevo" in failed.json()["detail"]
    monkeypatch.undo()
    pedido = chat_client.get("/pedidos/", headers=STAFF).json()["items"]
    mine = next(p for p in pedido if p["chat_id"] == "outbox-3")
    assert mine["items"][0]["cantidad"] == 2, "the order changed without its messages"
    with session_scope() as session:
        staged = [item["contenido"]["S"] for items in session.scalars(select(PendingMessages.items)) for item in items]
    assert "mejor que sean 5" not in staged  # nothing of the failed turn was staged
    assert _history(chat_client, "outbox-3")[-1] == ("cliente", "mejor que sean 5")  # no message is lost


def test_a_dynamodb_read_past_the_turns_deadline_is_a_spanish_503_before_any_lock(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from agente_vendedor.conversation import turn_pipeline
    from agente_vendedor.core.settings import get_settings

    chat = Conversation(chat_client, "outbox-4")
    chat.say("quiero 2 cascos azules")
    release = threading.Event()
    real_load = session_memory.load_context

    def slow(chat_id: str, limit: int) -> session_memory.ChatContext:
        release.wait(5)
        return real_load(chat_id, limit)

    locked: list[str] = []
    real_get_open_order = turn_pipeline.orders.get_open_order
    monkeypatch.setattr(session_memory, "load_context", slow)
    monkeypatch.setattr(
        turn_pipeline.orders,
        "get_open_order",
        lambda session, chat_id, **kw: locked.append(chat_id) or real_get_open_order(session, chat_id, **kw),
    )
    monkeypatch.setattr(get_settings(), "turn_timeout_s", 0.2)
    with pytest.raises(ServiceUnavailableError, match="tardando"):
        turn_pipeline.process_message("outbox-4", "mejor que sean 5")
    release.set()
    assert locked == [], "the order was locked while DynamoDB had not answered"


def test_an_http_turn_past_the_answer_limit_is_a_spanish_503_not_the_gateways_error(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from agente_vendedor.conversation import turn_pipeline
    from agente_vendedor.core.settings import get_settings

    stuck = threading.Event()
    monkeypatch.setattr(turn_pipeline, "process_message", lambda *a, **kw: stuck.wait(10))
    monkeypatch.setattr(get_settings(), "turn_answer_limit_s", 0.2)
    response = chat_client.post("/chat/texto", json={"chat_id": "outbox-5", "mensaje": "hola"})
    stuck.set()
    assert response.status_code == 503
    assert "tardando" in response.json()["detail"]


def test_the_next_turn_forgets_the_rows_it_sees_copied(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "outbox-6")
    for message in ("¿tienen guantes de carnaza?", "¿y cascos azules?", "¿hacen envíos a Cali?"):
        chat.say(message)
        assert _pending_rows() == 1  # only the last turn's row: the earlier ones were seen in the table and forgotten
    assert [rol for rol, _ in _history(chat_client, "outbox-6")] == ["cliente", "agente"] * 3

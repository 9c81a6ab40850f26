"""The turn plan through the chat API (real PostgreSQL): asking never changes the order, a failing understanding
answers without touching it, and a choice among near-tied products keeps the units asked for."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, chat_client  # noqa: F401 - fixture

pytestmark = pytest.mark.integration


def test_asking_about_quantities_in_stock_keeps_the_order(chat_client: TestClient) -> None:  # noqa: F811
    chat = Conversation(chat_client, "plan-pregunta-stock")
    chat.say("quiero 3 pares de guantes de carnaza")
    assert chat.items == {"T-MAN-001": 3}
    for message in [
        "¿tienen 40 pares de guantes de carnaza en bodega?",
        "los guantes de carnaza me sacan ampollas, que otros hay",
        "no quiero comprar más, solo pregunto el horario",
    ]:
        chat.say(message)
        assert chat.items == {"T-MAN-001": 3}, message


def test_a_failing_understanding_answers_and_leaves_the_order(
    chat_client: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agente_vendedor.conversation import turn_pipeline

    chat = Conversation(chat_client, "plan-fallido")
    chat.say("quiero 2 cascos dieléctricos azules")
    assert chat.items == {"T-CAB-001": 2}

    def broken(*_: object) -> None:
        raise RuntimeError("regla rota")

    monkeypatch.setattr(turn_pipeline, "build_plan", broken)
    body = chat.say("mejor que sean 5")
    assert body["respuesta"] and chat.items == {"T-CAB-001": 2}

"""The turn plan with Gemini (the fake server speaking the real REST format): the model is asked only when the
offline plan is unsure, its plan is used when valid, a wrong plan is rejected and the offline plan used instead, and
a turn never makes more than 2 model calls (plan + phrasing)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fake_gemini.server import FakeGemini, FakeReply, prompt_candidates
from tests.integration.chat_setup import Conversation, chat_client  # noqa: F401 - fixture

pytestmark = pytest.mark.integration

UNSURE = "lo mismo de la otra vez pero para el taller nuevo"  # the rules cannot tell what this is


def _plan_requests(server: FakeGemini) -> list[object]:
    return [r for r in server.generation_requests() if r.is_plan]


def test_a_confident_offline_plan_skips_the_model(gemini: FakeGemini, chat_client: TestClient) -> None:  # noqa: F811
    chat = Conversation(chat_client, "plan-seguro")
    chat.say("quiero 3 extintores vehiculares de 5 libras")
    assert chat.items == {"T-FUE-001": 3}
    assert _plan_requests(gemini) == [] and len(gemini.generation_requests()) == 1  # phrasing only


def test_a_valid_model_plan_is_applied(
    gemini: FakeGemini,
    chat_client: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agente_vendedor.conversation import model_planning

    monkeypatch.setattr(model_planning, "offline_plan_is_sure", lambda plan: False)  # make the rules unsure
    operation = {"accion": "agregar", "sku": "T-MAN-001", "cantidad": 6, "confianza": 0.9}
    gemini.enqueue(FakeReply.of_plan(actos=["pedido"], tipo="venta", confianza=0.95, operaciones=[operation]))
    chat = Conversation(chat_client, "plan-modelo")
    body = chat.say("unos guantes de carnaza, como los de la otra vez")
    [request] = _plan_requests(gemini)
    assert ("T-MAN-001", "Guante de carnaza corto (par)") in prompt_candidates(request.system_text)  # type: ignore[attr-defined]
    assert body["tipo_mensaje"] == "venta" and chat.items == {"T-MAN-001": 6}
    assert len(gemini.generation_requests()) <= 2


@pytest.mark.parametrize(
    "kind", ["sku_desconocido", "cantidad_cero", "cantidad_enorme", "pregunta_con_operacion", "salto_de_estado"]
)
def test_a_wrong_model_plan_is_rejected_and_the_rules_answer(
    kind: str,
    gemini: FakeGemini,
    chat_client: TestClient,  # noqa: F811
) -> None:
    gemini.enqueue(FakeReply.wrong_plan(kind, sku="T-MAN-001"))
    chat = Conversation(chat_client, f"plan-malo-{kind}")
    body = chat.say(UNSURE)
    assert chat.items == {}  # the offline plan changes nothing here
    assert body["metadatos"].get("llm_respaldo") is True  # the rejection is recorded as a model failure
    assert len(gemini.generation_requests()) <= 2


def test_a_question_never_changes_the_order_even_if_the_model_says_so(
    gemini: FakeGemini,
    chat_client: TestClient,  # noqa: F811
) -> None:
    chat = Conversation(chat_client, "plan-pregunta")
    chat.say("quiero 2 pares de guantes de carnaza")
    assert chat.items == {"T-MAN-001": 2}
    operation = {"accion": "fijar_cantidad", "sku": "T-MAN-001", "cantidad": 40, "confianza": 0.95}
    gemini.reset()
    gemini.enqueue(FakeReply.of_plan(actos=["pregunta"], tipo="venta", confianza=0.95, operaciones=[operation]))
    chat.say("y será que tienen 40 pares de esos guantes en bodega")
    assert chat.items == {"T-MAN-001": 2}

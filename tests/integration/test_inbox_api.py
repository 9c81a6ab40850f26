"""The staff inbox, `GET /chats/` (PostgreSQL, moto): the summary each customer turn writes in its own transaction,
the order and filters of the listing, the `q` search, and `requiere_asesor` for each reason and its clearing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.chat_tokens import chat_headers
from tests.conftest import STAFF
from tests.integration.chat_setup import Conversation, chat_client

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]

ASKED = "El cliente pidió hablar con una persona."
UNHELPED = "El agente no pudo ayudar dos veces seguidas."
STOCK = "El pedido no se pudo cerrar por falta de stock: decidir con el cliente."
DIFFERS = "Venta cerrada con datos del cliente distintos a los registrados: revisar."
FIELDS = {
    "chat_id", "ultimo_mensaje", "actualizado", "estado_venta", "total_pedido", "pausado", "requiere_asesor", "motivo",
}  # fmt: skip


def _inbox(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/chats/", params=params, headers=STAFF)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def _ids(client: TestClient, **params: Any) -> list[str]:
    return [item["chat_id"] for item in _inbox(client, **params)["items"]]


def _row(client: TestClient, chat_id: str) -> dict[str, Any]:
    return next(item for item in _inbox(client, limit=200)["items"] if item["chat_id"] == chat_id)


def _control(client: TestClient, chat_id: str, accion: str) -> None:
    assert client.post(f"/chat/{chat_id}/control", json={"accion": accion}, headers=STAFF).status_code == 200


def test_staff_only(chat_client: TestClient) -> None:
    assert chat_client.get("/chats/").status_code == 401
    assert chat_client.get("/chats/", headers={"Authorization": "Bearer otro"}).status_code == 401


def test_newest_activity_first_paginated(chat_client: TestClient) -> None:
    for chat_id in ("bandeja-a", "bandeja-b", "bandeja-c"):
        Conversation(chat_client, chat_id).say("hola")
    Conversation(chat_client, "bandeja-a").say("¿tienen cascos azules?")
    page = _inbox(chat_client)
    assert [i["chat_id"] for i in page["items"]] == ["bandeja-a", "bandeja-c", "bandeja-b"]
    assert (page["total"], page["limit"], page["offset"]) == (3, 50, 0)
    first = page["items"][0]
    assert set(first) == FIELDS
    assert first["ultimo_mensaje"] == "¿tienen cascos azules?", "the customer's last message"
    assert (first["estado_venta"], first["total_pedido"], first["pausado"]) == (None, None, False)
    assert (first["requiere_asesor"], first["motivo"]) == (False, None)
    second = _inbox(chat_client, limit=1, offset=1)
    assert [i["chat_id"] for i in second["items"]] == ["bandeja-c"] and second["total"] == 3


def test_order_state_and_total_and_the_filters(chat_client: TestClient) -> None:
    Conversation(chat_client, "filtro-carro").say("quiero 2 cascos azules")
    Conversation(chat_client, "filtro-pregunta").say("¿tienen guantes de carnaza?")
    Conversation(chat_client, "filtro-pausa").say("hola")
    _control(chat_client, "filtro-pausa", "pausar")
    cart = _row(chat_client, "filtro-carro")
    assert (cart["estado_venta"], cart["total_pedido"]) == ("pendiente", 98000)
    assert _ids(chat_client, estado="pendiente") == ["filtro-carro"]
    assert _ids(chat_client, pausado=True) == ["filtro-pausa"]
    assert set(_ids(chat_client, pausado=False)) == {"filtro-carro", "filtro-pregunta"}
    assert _ids(chat_client, desde="2999-01-01") == []
    assert len(_ids(chat_client, desde="2020-01-01")) == 3
    assert chat_client.get("/chats/", params={"estado": "vendida"}, headers=STAFF).status_code == 422


def test_a_closed_sale_stays_shown_after_later_messages(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "cerrada-1")
    chat.say("necesito 2 cascos azules")
    chat.say("Hernán Valencia, cédula 10123456, teléfono 3006612233, dirección Calle 8 # 8-20, Cali")
    chat.say("sí, confirmo")
    assert chat.estado == "cerrada"
    chat.say("gracias")
    row = _row(chat_client, "cerrada-1")
    assert (row["estado_venta"], row["total_pedido"], row["ultimo_mensaje"]) == ("cerrada", 98000, "gracias")
    assert _ids(chat_client, estado="cerrada") == ["cerrada-1"]


def test_q_searches_text_customer_and_product(chat_client: TestClient) -> None:
    buyer = Conversation(chat_client, "busca-compra")
    buyer.say("necesito 2 cascos azules")
    buyer.say("Hernán Valencia, cédula 10123456, teléfono 3006612233, dirección Calle 8 # 8-20, Cali")
    Conversation(chat_client, "busca-envio").say("¿Hacen envíos a Pereira?")
    Conversation(chat_client, "busca-guantes").say("¿cuánto valen los guantes de carnaza?")
    assert _ids(chat_client, q="PEREIRA") == ["busca-envio"]
    assert _ids(chat_client, q="envios") == ["busca-envio"], "accents do not matter"
    assert _ids(chat_client, q="hernan valencia") == ["busca-compra"], "the name given in the chat"
    assert _ids(chat_client, q="10123456") == ["busca-compra"], "the cédula given in the chat"
    assert _ids(chat_client, q="T-CAB-001") == ["busca-compra"], "a product's sku"
    assert _ids(chat_client, q="dieléctrico") == ["busca-compra"], "a product's name (the customer wrote 'cascos')"
    assert _ids(chat_client, q="t-man-001") == ["busca-guantes"], "a product shown in an answer"
    assert _ids(chat_client, q="carnaza pereira") == [], "every word must match"
    assert _ids(chat_client, q="100%_") == [], "LIKE wildcards are literal"
    assert _inbox(chat_client, q="   ")["total"] == 3


def test_asking_for_a_person_holds_until_staff_answer(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "asesor-1")
    chat.say("hola, ¿tienen cascos azules?")
    assert _row(chat_client, "asesor-1")["requiere_asesor"] is False
    chat.say("No me queda claro, quiero hablar con un asesor")
    row = _row(chat_client, "asesor-1")
    assert (row["requiere_asesor"], row["motivo"]) == (True, ASKED)
    assert _ids(chat_client, requiere_asesor=True) == ["asesor-1"]
    chat.say("¿y tienen guantes de carnaza?")  # helped again: the customer still asked for a person
    assert _row(chat_client, "asesor-1")["requiere_asesor"] is True
    _control(chat_client, "asesor-1", "pausar")
    assert _row(chat_client, "asesor-1")["requiere_asesor"] is True, "pausing alone settles nothing"
    reply = chat_client.post("/chat/asesor-1/responder", json={"mensaje": "Hola, soy Ana."}, headers=STAFF)
    assert reply.status_code == 200
    row = _row(chat_client, "asesor-1")
    assert (row["requiere_asesor"], row["motivo"], row["pausado"]) == (False, None, True)
    assert _ids(chat_client, requiere_asesor=False) == ["asesor-1"]


def test_two_unhelpful_answers_in_a_row_until_the_agent_helps_again(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "sin-ayuda-1")
    chat.say("¿tienen motosierras?")
    assert _row(chat_client, "sin-ayuda-1")["requiere_asesor"] is False, "once is not yet a pattern"
    chat.say("¿y cuál es la política de devoluciones?")
    row = _row(chat_client, "sin-ayuda-1")
    assert (row["requiere_asesor"], row["motivo"]) == (True, UNHELPED)
    chat.say("bueno, ¿tienen cascos azules?")
    assert _row(chat_client, "sin-ayuda-1")["requiere_asesor"] is False
    chat.say("¿venden taladros?")
    assert _row(chat_client, "sin-ayuda-1")["requiere_asesor"] is False, "not twice in a row any more"


def test_unhelpful_answers_settled_by_resuming(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "sin-ayuda-2")
    chat.say("¿tienen motosierras?")
    chat.say("asdf qwer")
    assert _row(chat_client, "sin-ayuda-2")["motivo"] == UNHELPED
    _control(chat_client, "sin-ayuda-2", "reanudar")
    assert _row(chat_client, "sin-ayuda-2")["requiere_asesor"] is False
    chat.say("¿venden taladros?")
    assert _row(chat_client, "sin-ayuda-2")["requiere_asesor"] is False, "counting starts again"


def test_stock_short_at_closing_waits_until_the_order_changes(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "stock-1")
    chat.say("necesito 5 kits loto")
    chat.say("Hugo Perea, cédula 10987654, tel 3190001122, dirección Carrera 9 # 9-99, Cali")
    assert _row(chat_client, "stock-1")["requiere_asesor"] is False, "a shortage before closing is not yet a decision"
    chat.say("de acuerdo, cierren la compra")
    row = _row(chat_client, "stock-1")
    assert (row["requiere_asesor"], row["motivo"], row["estado_venta"]) == (True, STOCK, "listo_para_finalizar")
    assert row["total_pedido"] == 5 * 350000
    chat.say("¿a qué hora atienden?")
    assert _row(chat_client, "stock-1")["motivo"] == STOCK, "still short"
    chat.say("ok, déjame los 2")
    row = _row(chat_client, "stock-1")
    assert (row["requiere_asesor"], row["total_pedido"]) == (False, 2 * 350000)


def test_a_sale_whose_data_differ_waits_for_staff(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "difiere-1")
    chat.say("necesito 2 cascos azules")
    # the known customer's cédula with another phone and address
    chat.say("Diego Bermúdez, cédula 1061789234, teléfono 3001112233, dirección Carrera 5 # 1-10, Palmira")
    chat.say("sí, confirmo")
    assert chat.estado == "cerrada"
    row = _row(chat_client, "difiere-1")
    assert (row["requiere_asesor"], row["motivo"]) == (True, DIFFERS)
    chat.say("gracias")
    assert _row(chat_client, "difiere-1")["motivo"] == DIFFERS, "only staff settle it"
    _control(chat_client, "difiere-1", "reanudar")
    assert _row(chat_client, "difiere-1")["requiere_asesor"] is False


def test_a_paused_chat_keeps_the_customers_messages(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "pausa-1")
    chat.say("quiero 2 cascos azules")
    _control(chat_client, "pausa-1", "pausar")
    assert chat.say("¿me pueden llamar?")["respuesta"] == ""
    row = _row(chat_client, "pausa-1")
    assert (row["ultimo_mensaje"], row["pausado"], row["estado_venta"]) == ("¿me pueden llamar?", True, "pendiente")
    assert (row["requiere_asesor"], row["motivo"]) == (True, ASKED)
    _control(chat_client, "pausa-1", "reanudar")
    row = _row(chat_client, "pausa-1")
    assert (row["pausado"], row["requiere_asesor"]) == (False, False)


def test_a_staff_members_own_chat_is_not_in_the_inbox(chat_client: TestClient) -> None:
    Conversation(chat_client, "personal-1", staff=True).say("historial del cliente 1061789234")
    Conversation(chat_client, "cliente-1").say("hola")
    assert _ids(chat_client) == ["cliente-1"]


def test_a_failed_turn_leaves_the_summary_as_it_was(chat_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from agente_vendedor.conversation import turn_outbox

    chat = Conversation(chat_client, "fallo-1")
    chat.say("¿tienen motosierras?")
    before = _row(chat_client, "fallo-1")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("fallo después del resumen, dentro de la transacción")

    monkeypatch.setattr(turn_outbox, "stage", broken)
    failed = chat_client.post(
        "/chat/texto", json={"chat_id": "fallo-1", "mensaje": "quiero hablar con un asesor"},
        headers=chat_headers("fallo-1"),
    )  # fmt: skip
    assert failed.status_code == 503
    monkeypatch.undo()
    assert _row(chat_client, "fallo-1") == before, "not the new message, not the request for a person"
    chat.say("¿venden taladros?")
    row = _row(chat_client, "fallo-1")
    assert (row["ultimo_mensaje"], row["motivo"]) == ("¿venden taladros?", UNHELPED), "the failed turn did not count"


def test_a_failing_inbox_hook_never_breaks_the_turn(chat_client: TestClient) -> None:
    from agente_vendedor.conversation.turn_pipeline import process_message
    from agente_vendedor.schemas.inbox import ChatSummary

    told: list[ChatSummary] = []

    def hook(summary: ChatSummary) -> None:
        told.append(summary)
        raise RuntimeError("el panel no respondió")

    response = process_message("gancho-1", "¿tienen cascos azules?", on_committed=hook)
    assert response.productos and response.productos[0].sku == "T-CAB-001"
    assert [(s.chat_id, s.ultimo_mensaje) for s in told] == [("gancho-1", "¿tienen cascos azules?")]
    assert _row(chat_client, "gancho-1")["ultimo_mensaje"] == "¿tienen cascos azules?"

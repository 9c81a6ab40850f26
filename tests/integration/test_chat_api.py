"""The chat HTTP routes: text, history, pause, images, audio, health, /classify, bad input, privacy, LLM fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agente_vendedor.conversation import session_memory, turn_pipeline
from agente_vendedor.conversation.replies import cop
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import ConversationMessage
from agente_vendedor.platform.llm.base import PhraseRequest
from tests.chat_tokens import chat_headers, keep_token
from tests.conftest import STAFF
from tests.integration.chat_setup import KNOWN_CUSTOMER, Conversation, chat_client

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]


def post(client: TestClient, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    chat_id = str(body.get("chat_id"))
    return keep_token(chat_id, client.post("/chat/texto", json=body, headers=chat_headers(chat_id, headers)))


def test_answer_shape(chat_client: TestClient) -> None:
    body = post(chat_client, {"chat_id": "api-1", "mensaje": "cuánto vale el casco azul?"}).json()
    assert set(body) == {"chat_id", "respuesta", "tipo_mensaje", "estado_venta", "productos", "pedido", "fuentes",
                         "chat_token", "metadatos"}  # fmt: skip
    assert body["tipo_mensaje"] == "inventario" and body["estado_venta"] is None and body["pedido"] is None
    assert body["productos"][0] == {"sku": "T-CAB-001", "nombre": "Casco dieléctrico clase E azul con ratchet",
                                    "precio": 49000, "stock": 40}  # fmt: skip
    assert "$49.000" in body["respuesta"]
    assert body["metadatos"]["proveedor_llm"] == "offline" and body["metadatos"]["latencia_ms"] >= 0


def test_company_answers_cite_their_sections(chat_client: TestClient) -> None:
    body = post(chat_client, {"chat_id": "api-2", "mensaje": "cuánto cuesta el domicilio?"}).json()
    assert body["tipo_mensaje"] == "contexto" and "$8.000" in body["respuesta"] and body["fuentes"] == ["Envíos"]
    unknown = post(chat_client, {"chat_id": "api-2", "mensaje": "tienen sede en Marte?"}).json()
    assert unknown["tipo_mensaje"] == "contexto" and "ventas@prueba.co" in unknown["respuesta"]


@pytest.mark.parametrize(
    "body",
    [
        {"chat_id": "con espacios", "mensaje": "hola"},
        {"chat_id": "x" * 65, "mensaje": "hola"},
        {"chat_id": "ok", "mensaje": ""},
        {"chat_id": "ok", "mensaje": "a" * 2001},
        {"chat_id": "ok", "mensaje": "hola", "tono": "grosero"},
        {"mensaje": "hola"},
    ],
)
def test_bad_input_is_a_spanish_422(chat_client: TestClient, body: dict[str, Any]) -> None:
    response = post(chat_client, body)
    assert response.status_code == 422 and response.json()["detail"]


@pytest.mark.parametrize(
    "mensaje",
    [
        "\x00\x00",
        "hola\x00mundo",
        "\ud800 lone surrogate",
        "'; DROP TABLE productos; --",
        "🙂🙂🙂",
        "\u202e\u200b",
        " ",
    ],
)
def test_garbage_never_breaks_a_turn(chat_client: TestClient, mensaje: str) -> None:
    raw = json.dumps({"chat_id": "api-garbage", "mensaje": mensaje})  # ASCII with \u escapes, lone surrogates too
    response = chat_client.post("/chat/texto", content=raw.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["tipo_mensaje"] in {"inventario", "venta", "cliente", "contexto"}
    assert chat_client.get("/productos/T-CAB-001").status_code == 200


def test_history_and_sql_copy(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "api-3")
    chat.say("hola")
    chat.say("tienen guantes de carnaza?")
    history = chat_client.get("/chat/historial/api-3", headers=chat_headers("api-3")).json()
    assert history["chat_id"] == "api-3"
    assert [m["rol"] for m in history["mensajes"]] == ["cliente", "agente", "cliente", "agente"]
    assert history["mensajes"][2]["contenido"] == "tienen guantes de carnaza?"
    assert history["mensajes"][3]["tipo_mensaje"] == "inventario"
    with session_scope() as session:
        rows = session.scalars(select(ConversationMessage).where(ConversationMessage.chat_id == "api-3")).all()
        assert [r.rol for r in rows] == ["cliente", "agente", "cliente", "agente"]
        assert rows[3].productos and rows[3].productos[0] == "T-MAN-001"
    assert chat_client.get("/chat/historial/mal id").status_code in (404, 422)
    assert chat_client.get("/chat/historial/nuevo").json() == {"chat_id": "nuevo", "mensajes": []}


def test_paused_chat_stores_and_stays_silent(chat_client: TestClient) -> None:
    assert chat_client.post("/chat/api-4/control", json={"accion": "pausar"}, headers=STAFF).status_code == 200
    body = post(chat_client, {"chat_id": "api-4", "mensaje": "¿hay alguien?"}).json()
    assert body["respuesta"] == "" and body["metadatos"]["pausado"] is True
    assert [
        m["contenido"]
        for m in chat_client.get("/chat/historial/api-4", headers=chat_headers("api-4")).json()["mensajes"]
    ] == ["¿hay alguien?"]
    chat_client.post("/chat/api-4/control", json={"accion": "reanudar"}, headers=STAFF)
    assert post(chat_client, {"chat_id": "api-4", "mensaje": "hola"}).json()["respuesta"]


def test_customer_data_only_for_staff(chat_client: TestClient) -> None:
    question = {"chat_id": "api-5", "mensaje": f"historial del cliente {KNOWN_CUSTOMER['cedula']}"}
    anonymous = post(chat_client, question).json()
    assert anonymous["tipo_mensaje"] == "cliente"
    for private in (KNOWN_CUSTOMER["cedula"], KNOWN_CUSTOMER["telefono"], KNOWN_CUSTOMER["email"], "Calle 72"):
        assert private not in anonymous["respuesta"]
    staff = post(chat_client, {**question, "chat_id": "api-6"}, STAFF).json()
    assert staff["tipo_mensaje"] == "cliente"
    assert KNOWN_CUSTOMER["nombre"] in staff["respuesta"] and "$117.600" in staff["respuesta"]
    by_name = post(chat_client, {"chat_id": "api-7", "mensaje": "qué ha comprado Diego Bermúdez?"}, STAFF).json()
    assert "Guante de carnaza" in by_name["respuesta"]
    ranking = post(chat_client, {"chat_id": "api-8", "mensaje": "clientes que más compran"}, STAFF).json()
    assert KNOWN_CUSTOMER["nombre"] in ranking["respuesta"]


def test_image(chat_client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    alone = chat_client.post("/chat/imagen", data={"chat_id": "api-9"}, files={"archivo": ("f.png", png, "image/png")})
    assert keep_token("api-9", alone).status_code == 200 and "imagen" in alone.json()["respuesta"]
    with_text = chat_client.post(
        "/chat/imagen",
        data={"chat_id": "api-9", "mensaje": "tienen este casco azul?"},
        files={"archivo": ("f.png", png, "image/png")},
        headers=chat_headers("api-9"),
    ).json()
    assert with_text["tipo_mensaje"] == "inventario" and with_text["productos"][0]["sku"] == "T-CAB-001"
    assert (
        chat_client.get("/chat/historial/api-9", headers=chat_headers("api-9"))
        .json()["mensajes"][0]["contenido"]
        .startswith("[imagen]")
    )
    not_image = chat_client.post(
        "/chat/imagen", data={"chat_id": "api-9"}, files={"archivo": ("a.txt", b"x", "text/plain")}
    )
    assert not_image.status_code == 415 and "JPEG" in not_image.json()["detail"]
    # the declared type is not trusted: a text file declared as a PNG is refused, a PNG declared as text is read
    disguised = chat_client.post(
        "/chat/imagen", data={"chat_id": "api-9"}, files={"archivo": ("f.png", b"hola" * 10, "image/png")}
    )
    assert disguised.status_code == 415
    undeclared = chat_client.post(
        "/chat/imagen",
        data={"chat_id": "api-9"},
        files={"archivo": ("f.txt", png, "text/plain")},
        headers=chat_headers("api-9"),
    )
    assert undeclared.status_code == 200
    big = chat_client.post(
        "/chat/imagen",
        data={"chat_id": "api-9"},
        files={"archivo": ("f.png", b"0" * (5 * 1024 * 1024 + 10), "image/png")},
    )
    assert big.status_code == 413 and "MB" in big.json()["detail"]


def test_audio_without_a_model(chat_client: TestClient) -> None:
    response = chat_client.post(
        "/chat/audio", data={"chat_id": "api-10"}, files={"archivo": ("nota.ogg", b"OggS" + b"0" * 100, "audio/ogg")}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["transcripcion"] == "" and "audio" in body["respuesta"] and body["tipo_mensaje"] == "contexto"
    big = chat_client.post(
        "/chat/audio",
        data={"chat_id": "api-10"},
        files={"archivo": ("n.ogg", b"0" * (10 * 1024 * 1024 + 10), "audio/ogg")},
    )
    assert big.status_code == 413


def test_health_and_classify(chat_client: TestClient) -> None:
    health = chat_client.get("/chat/health").json()
    assert health["componentes"]["db"] == "ok" and health["componentes"]["sesiones"] == "ok"
    classified = chat_client.post("/classify", json={"mensaje": "me regala 3 cascos azules, cc 52345678"}).json()
    assert classified == {
        "tipo_mensaje": "venta",
        "confianza": classified["confianza"],
        "entidades": {"productos": ["T-CAB-001"], "cantidades": [3], "cedula": "52345678", "telefono": None,
                      "email": None},
    }  # fmt: skip
    assert 0.6 <= classified["confianza"] <= 1
    assert chat_client.post("/classify", json={"mensaje": ""}).status_code == 422


class _BrokenModel:
    name = "gemini"

    def phrase(self, request: PhraseRequest, **_: Any) -> str:
        raise TimeoutError("sin respuesta")

    def stream_phrase(self, request: PhraseRequest, **_: Any) -> Iterator[str]:
        raise TimeoutError("sin respuesta")

    def classify(self, *args: Any, **_: Any) -> Any:
        raise TimeoutError("sin respuesta")

    def extract_customer_data(self, *args: Any, **_: Any) -> dict[str, str]:
        raise TimeoutError("sin respuesta")


def test_llm_failure_falls_back_to_the_draft_and_is_audited(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.platform.llm.fallback import FallbackProvider
    from agente_vendedor.platform.llm.offline import OfflineProvider

    provider = FallbackProvider(primary=_BrokenModel(), secondary=OfflineProvider())
    monkeypatch.setattr(turn_pipeline, "turn_provider", lambda **kwargs: provider.for_turn(**kwargs))
    body = post(chat_client, {"chat_id": "api-11", "mensaje": "cuánto vale el casco azul?"}).json()
    assert "$49.000" in body["respuesta"] and body["metadatos"]["llm_respaldo"] is True
    events = chat_client.get("/logs/", params={"tipo": "llm_fallo"}, headers=STAFF).json()["items"]
    assert events and events[0]["detalle"]["clase"]
    assert session_memory.recent_messages("api-11")[-1].contenido == body["respuesta"]


def test_idempotency_key_processes_a_retried_message_once(chat_client: TestClient) -> None:
    body = {"chat_id": "api-idem", "mensaje": "quiero 2 cascos azules"}
    headers = {"Idempotency-Key": "msg-0001"}
    first = post(chat_client, body, headers)
    again = post(chat_client, body, headers)
    assert first.status_code == again.status_code == 200
    assert again.json()["respuesta"] == first.json()["respuesta"]
    assert again.json()["pedido"]["items"][0]["cantidad"] == 2, "the retry did not add two more helmets"
    history = chat_client.get("/chat/historial/api-idem", headers=chat_headers("api-idem")).json()["mensajes"]
    assert [m["rol"] for m in history] == ["cliente", "agente"]
    reused = post(chat_client, {**body, "mensaje": "otra cosa"}, headers)
    assert reused.status_code == 422
    assert "identificador" in reused.json()["detail"]


def test_a_follow_up_question_is_about_the_products_just_shown(chat_client: TestClient) -> None:
    first = post(chat_client, {"chat_id": "api-follow", "mensaje": "tienen el casco azul?"}).json()
    shown = first["productos"][0]
    again = post(chat_client, {"chat_id": "api-follow", "mensaje": "y cuánto vale?"}).json()
    assert again["tipo_mensaje"] == "inventario"
    assert again["productos"][0]["sku"] == shown["sku"]
    assert cop(shown["precio"]) in again["respuesta"]


def test_a_conversation_is_reachable_only_with_its_token(chat_client: TestClient) -> None:
    mine = post(chat_client, {"chat_id": "priv-1", "mensaje": "quiero 2 cascos azules, me llamo Lucía Pardo"}).json()
    other = post(chat_client, {"chat_id": "priv-2", "mensaje": "hola"}).json()
    assert mine["chat_token"] and other["chat_token"] and mine["chat_token"] != other["chat_token"]
    for token in (None, "", other["chat_token"], "x" * 43):
        headers = {"X-Chat-Token": token} if token is not None else {}
        write = chat_client.post("/chat/texto", json={"chat_id": "priv-1", "mensaje": "cancela todo"}, headers=headers)
        read = chat_client.get("/chat/historial/priv-1", headers=headers)
        for refused in (write, read):
            assert refused.status_code == 403 and "chat_token" in refused.json()["detail"]
            assert "Lucía" not in refused.text
    again = chat_client.post(
        "/chat/texto",
        json={"chat_id": "priv-1", "mensaje": "¿cuánto es?"},
        headers={"X-Chat-Token": mine["chat_token"]},
    )
    assert again.status_code == 200 and again.json()["pedido"]["items"][0]["cantidad"] == 2  # nothing was cancelled
    assert again.json()["chat_token"] == mine["chat_token"]
    staff_view = chat_client.get("/chat/historial/priv-1", headers=STAFF).json()["mensajes"]
    assert len(staff_view) == 4  # staff open any conversation


def test_what_staff_ask_in_a_customers_chat_stays_with_staff(chat_client: TestClient) -> None:
    customer = Conversation(chat_client, "priv-3")
    customer.say("hola, ¿tienen guantes de carnaza?")
    question = {"chat_id": "priv-3", "mensaje": f"historial del cliente {KNOWN_CUSTOMER['cedula']}"}
    staff_answer = chat_client.post("/chat/texto", json=question, headers={**STAFF, "Idempotency-Key": "k-1"})
    assert staff_answer.status_code == 200 and KNOWN_CUSTOMER["nombre"] in staff_answer.json()["respuesta"]
    assert staff_answer.json()["chat_token"] is None  # staff never receive the customer's secret
    public = chat_client.get("/chat/historial/priv-3", headers=chat_headers("priv-3")).json()["mensajes"]
    assert [m["rol"] for m in public] == ["cliente", "agente"]
    for private in (KNOWN_CUSTOMER["cedula"], KNOWN_CUSTOMER["nombre"], KNOWN_CUSTOMER["telefono"], "117.600"):
        assert private not in json.dumps(public, ensure_ascii=False)
    staff_view = chat_client.get("/chat/historial/priv-3", headers=STAFF).json()["mensajes"]
    assert len(staff_view) == 4
    # the same idempotency key from the customer is the customer's own message, never a replay of the staff answer
    replay = post(chat_client, question, {"Idempotency-Key": "k-1"})
    assert replay.status_code == 200
    assert KNOWN_CUSTOMER["nombre"] not in replay.text and KNOWN_CUSTOMER["telefono"] not in replay.text
    # and the customer's next turn is not built on what staff saw
    follow_up = customer.say("¿y cuánto compró?")
    assert "117.600" not in follow_up["respuesta"]

"""Photos and voice notes with Gemini (the fake server speaking the real REST format, checking the inline files).

- A voice note spoken by espeak-ng ("tres cascos blancos"), in every container the chat takes, is sent inline with
  its sniffed MIME type and whole; its transcription is answered like text and ends with 3 white helmets proposed.
- A photo of a catalogue product (drawn at test time, its name on the label) yields that product first in
  `productos`, with the database's price: the model's attributes went through our own retrieval.
- A photographed order becomes a plan the customer confirms: nothing is added until the "sí".
- A photo of nothing to sell from gets a polite answer; a failing model the offline one (and an `llm_fallo`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import AuditEvent
from tests.chat_tokens import chat_headers, keep_token
from tests.conftest import STAFF
from tests.fake_gemini.server import FakeGemini, FakeReply, RecordedRequest, default_replier
from tests.integration.chat_setup import CATALOG, Conversation, chat_client  # noqa: F401 - fixture
from tests.media_samples import ENCODERS, SNIFFED, photo_label, product_photo, spoken

pytestmark = pytest.mark.integration

WHITE_HELMET = {
    "sku": "T-CAB-002", "nombre": "Casco de seguridad blanco tipo I con suspensión de 4 apoyos",
    "descripcion": "Casco de polietileno blanco, clase E, para construcción.", "categoria": "Protección para la cabeza",
    "precio": 38500, "stock": 25, "marca": "ARSEG", "sinonimos": ["casco blanco"], "activo": True,
}  # fmt: skip
PRODUCTS = {p["nombre"]: p for p in [*CATALOG, WHITE_HELMET]}
ORDER_LIST = "Pedido obra: 12 guantes de carnaza, 2 extintores vehiculares, 1 unicornio dorado"


def _attributes(product: dict[str, Any]) -> list[str]:
    """What a model would see on a product's photo: what it is, its colour and its brand."""
    kind = " ".join(product["nombre"].split()[:2]).lower()
    colours = [w for w in ("blanco", "azul", "negro", "amarillo") if w in product["nombre"].lower()]
    return [kind, *(f"color {c}" for c in colours), *([product["marca"]] if product["marca"] else [])]


def _media_replier(transcript: str = "tres cascos blancos") -> Callable[[RecordedRequest], FakeReply]:
    """Answers like Gemini reading the file it was sent: a voice note's words, a photo's kind and attributes (the
    product its label names) or an order's lines; anything else as the default replier."""

    def reply(request: RecordedRequest) -> FakeReply:
        files = request.inline_parts
        if not files:
            return default_replier(request)
        [file] = files
        if file.mime_type.startswith("audio/"):
            return FakeReply.of_text(transcript)
        label = photo_label(file.data)
        if label == ORDER_LIST:
            lines = [
                {"texto": "guantes de carnaza", "cantidad": 12},
                {"texto": "extintor vehicular", "cantidad": 2},
                {"texto": "unicornio dorado", "cantidad": 1},
            ]
            return FakeReply.of_json({"tipo": "lista", "atributos": [], "lineas": lines})
        if label in PRODUCTS:
            return FakeReply.of_json({"tipo": "producto", "atributos": _attributes(PRODUCTS[label]), "lineas": []})
        return FakeReply.of_json({"tipo": "otro", "atributos": [], "lineas": []})

    return reply


@pytest.fixture
def media_chat(
    gemini: FakeGemini,
    chat_client: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> TestClient:
    monkeypatch.setattr(gemini, "replier", _media_replier())
    assert chat_client.post("/productos/", json=WHITE_HELMET, headers=STAFF).status_code == 201
    return chat_client


def _send(client: TestClient, route: str, chat_id: str, name: str, data: bytes, **form: str) -> dict[str, Any]:
    response = client.post(
        route,
        data={"chat_id": chat_id, **form},
        files={"archivo": (name, data, "application/octet-stream")},  # the declared type is not trusted
        headers=chat_headers(chat_id),
    )
    assert keep_token(chat_id, response).status_code == 200, response.text
    return dict(response.json())


def _file_requests(server: FakeGemini) -> list[RecordedRequest]:
    return [r for r in server.generation_requests() if r.inline_parts]


@pytest.mark.parametrize("container", list(ENCODERS))
def test_a_voice_note_ordering_three_white_helmets(container: str, media_chat: TestClient, gemini: FakeGemini) -> None:
    audio = spoken("quiero tres cascos blancos", container)
    body = _send(media_chat, "/chat/audio", f"voz-{container}", f"nota.{container}", audio)
    [request] = _file_requests(gemini)
    [sent] = request.inline_parts
    assert sent.mime_type == SNIFFED[container] and sent.data == audio  # inline, sniffed type, whole
    assert request.last_user_text == "Transcribe esta nota de voz."
    assert body["transcripcion"] == "tres cascos blancos"
    proposed = {i["sku"]: i["cantidad"] for i in (body["pedido"] or {}).get("items", [])}
    offered = "3 x " + WHITE_HELMET["nombre"] in body["respuesta"]
    assert proposed == {"T-CAB-002": 3} or offered, body["respuesta"]
    assert body["productos"][0]["sku"] == "T-CAB-002"
    history = media_chat.get(f"/chat/historial/voz-{container}", headers=chat_headers(f"voz-{container}")).json()
    assert history["mensajes"][0]["contenido"] == "[audio] tres cascos blancos"


def test_a_photo_of_a_catalogue_product_finds_it_first(media_chat: TestClient, gemini: FakeGemini) -> None:
    photo = product_photo(WHITE_HELMET["nombre"], (250, 250, 250))
    body = _send(media_chat, "/chat/imagen", "foto-producto", "casco.png", photo)
    [request] = _file_requests(gemini)
    assert request.inline_parts[0].mime_type == "image/png" and request.inline_parts[0].data == photo
    assert request.generation_config["responseMimeType"] == "application/json"
    first = body["productos"][0]
    assert first == {"sku": "T-CAB-002", "nombre": WHITE_HELMET["nombre"], "precio": 38500, "stock": 25}
    assert body["tipo_mensaje"] == "inventario" and "$38.500" in body["respuesta"]
    assert body["metadatos"]["foto"] == "producto" and body["metadatos"]["proveedor_llm"] == "gemini"
    assert body["pedido"] is None or body["pedido"]["items"] == []


def test_a_photographed_order_is_proposed_and_waits_for_a_yes(media_chat: TestClient, gemini: FakeGemini) -> None:
    photo = product_photo(ORDER_LIST, (20, 20, 20))
    body = _send(media_chat, "/chat/imagen", "foto-lista", "lista.jpg", photo, mensaje="me cotiza esto?")
    assert body["tipo_mensaje"] == "venta"
    assert (body["pedido"] or {}).get("items", []) == []  # nothing added yet
    assert "12 x Guante de carnaza corto (par)" in body["respuesta"]
    assert "2 x Extintor PQS vehicular de 5 lb" in body["respuesta"]
    assert "unicornio dorado" in body["respuesta"]  # a line not in the catalogue is said, not guessed
    assert {p["sku"] for p in body["productos"]} >= {"T-MAN-001", "T-FUE-001"}
    chat = Conversation(media_chat, "foto-lista")
    chat.say("sí, agrégalos")
    assert chat.items == {"T-MAN-001": 12, "T-FUE-001": 2}


def test_a_photo_of_nothing_to_sell_answers_politely_and_the_text_too(
    media_chat: TestClient, gemini: FakeGemini
) -> None:
    selfie = product_photo("un atardecer", (250, 120, 40))
    alone = _send(media_chat, "/chat/imagen", "foto-otro", "sol.png", selfie)
    assert "no veo" in alone["respuesta"].lower() and alone["productos"] == []
    with_text = _send(media_chat, "/chat/imagen", "foto-otro", "sol.png", selfie, mensaje="tienen extintores?")
    assert "no muestra un producto" in with_text["respuesta"]
    assert with_text["productos"][0]["sku"] == "T-FUE-001"


def test_a_gif_is_not_sent_to_the_model_and_gets_the_plain_answer(media_chat: TestClient, gemini: FakeGemini) -> None:
    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    body = _send(media_chat, "/chat/imagen", "foto-gif", "f.gif", gif, mensaje="tienen extintores?")
    assert _file_requests(gemini) == [] and body["metadatos"]["foto"] == "sin_leer"
    assert "no puedo analizar fotos" in body["respuesta"] and body["productos"][0]["sku"] == "T-FUE-001"


def test_a_failing_model_gives_the_offline_answer_and_is_audited(media_chat: TestClient, gemini: FakeGemini) -> None:
    gemini.fail_with("error_500")
    photo = product_photo(WHITE_HELMET["nombre"], (250, 250, 250))
    body = _send(media_chat, "/chat/imagen", "foto-falla", "casco.png", photo, mensaje="tienen este casco azul?")
    assert "no puedo analizar fotos" in body["respuesta"] and body["productos"][0]["sku"] == "T-CAB-001"
    voice = _send(media_chat, "/chat/audio", "voz-falla", "nota.ogg", spoken("hola", "ogg"))
    assert voice["transcripcion"] == "" and "audio" in voice["respuesta"]
    with session_scope() as session:
        failures = session.scalars(select(AuditEvent).where(AuditEvent.tipo == "llm_fallo")).all()
        actors = {event.actor for event in failures}
    assert {"chat:foto-falla", "chat:voz-falla"} <= actors

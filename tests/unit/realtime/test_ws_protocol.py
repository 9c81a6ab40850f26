"""Client frames parse into typed models; server events carry type, chat_id and timestamp."""

from __future__ import annotations

import json

import pytest

from agente_vendedor.realtime.protocol import (
    MessageFrame,
    PingFrame,
    ProtocolError,
    parse_client_frame,
    response_end_event,
    server_event,
)
from agente_vendedor.schemas.chat import ChatResponse


def test_message_frame_defaults_and_trimming() -> None:
    frame = parse_client_frame('{"type": "message", "mensaje": "  hola  "}')
    assert frame == MessageFrame(type="message", mensaje="hola", tono="amigable", message_id=None)


def test_ping_ignores_extra_fields() -> None:
    assert parse_client_frame('{"type": "ping", "t": 1}') == PingFrame(type="ping")


@pytest.mark.parametrize("body", [None, "", "null", '"texto"'])
def test_empty_or_non_object_bodies_are_invalid(body: str | None) -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_client_frame(body)
    assert raised.value.code == "mensaje_invalido"


def test_unknown_type_names_the_valid_ones() -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_client_frame('{"type": "borrar"}')
    assert raised.value.code == "tipo_desconocido"
    assert "'message'" in raised.value.message and "'ping'" in raised.value.message


def test_server_event_shape() -> None:
    event = server_event("typing", "c1", message_id="m1")
    assert set(event) == {"type", "chat_id", "timestamp", "message_id"}
    assert "message_id" not in server_event("typing", "c1")


def test_response_end_keeps_null_fields() -> None:
    event = response_end_event("c1", ChatResponse(chat_id="c1", respuesta="ok", tipo_mensaje="contexto"))
    body = json.loads(json.dumps(event))
    assert body["estado_venta"] is None and body["pedido"] is None and body["productos"] == []
    assert body["respuesta"] == "ok" and body["tipo_mensaje"] == "contexto"


def test_text_that_cannot_be_stored_is_cleaned() -> None:
    frame = parse_client_frame('{"type": "message", "mensaje": "casco \\ud800 \\u0000diel\\u00e9ctrico"}')
    assert isinstance(frame, MessageFrame)
    assert "\ud800" not in frame.mensaje and "\x00" not in frame.mensaje
    assert frame.mensaje.startswith("casco") and frame.mensaje.endswith("dieléctrico")


def test_only_control_characters_is_an_empty_message() -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_client_frame('{"type": "message", "mensaje": "\\u0000\\u0001"}')
    assert raised.value.code == "mensaje_invalido"

"""functions/chat_ws/app.py: the protocol over @connections (stubbed), with a stand-in chat pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from agente_vendedor.realtime import connections
from local_stack.lambda_context import LambdaContext
from tests.lambda_functions import load_handler

from .conftest import EVENT_CONNECTION, EVENT_DOMAIN, FakePipeline, ManagementApi, load_event

ENDPOINT = f"https://{EVENT_DOMAIN}/prod"
CHAT = "tienda_5f3c9a1e"
TURN = ["processing", "typing", "response_start", "response_chunk", "response_end"]

Stub = Callable[[str], ManagementApi]


def _connected(
    chat_id: str = CHAT,
    *,
    staff: bool = False,
    connection_id: str = EVENT_CONNECTION,
    usuario: str | None = "token:admin",  # a staff connection of the break-glass token, as $connect records it
    version: int | None = None,
) -> None:
    record = connections.new_record(
        connection_id, chat_id, staff=staff, usuario=usuario if staff else None, version=version
    )
    connections.put_connection(record)


def _send(event: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = load_handler("chat_ws")(event, LambdaContext("ChatWsFunction", timeout_s=29))
    return result


def _message(**body: Any) -> dict[str, Any]:
    return load_event("ws_message.json", **body)


def _without_chunks(types: list[str]) -> list[str]:
    return [t for i, t in enumerate(types) if t != "response_chunk" or types[i - 1] != "response_chunk"]


def test_sample_message_streams_the_whole_protocol(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    api = management(ENDPOINT)  # endpoint from the event: https://{domainName}/{stage}
    assert _send(load_event("ws_message.json")) == {"statusCode": 200}
    events = api.events()
    assert _without_chunks(api.types()) == TURN
    assert all(e["chat_id"] == CHAT and e["timestamp"].endswith("Z") for e in events)
    assert {e["message_id"] for e in events} == {"6f1d2c3b-8a9e-4f70-b1c2-d3e4f5a6b7c8"}
    chunks = [e["content"] for e in events if e["type"] == "response_chunk"]
    end = events[-1]
    assert "".join(chunks) == end["respuesta"] == pipeline.answer
    assert 1 <= len(chunks) < len(pipeline.phrases)  # batched, not one frame per phrase
    assert end["tipo_mensaje"] == "inventario"
    assert end["productos"] == [{"sku": "CAS-001", "nombre": "Casco de seguridad", "precio": 38000, "stock": 40}]
    assert end["estado_venta"] is None and end["pedido"] is None
    assert pipeline.calls == [
        {"chat_id": CHAT, "mensaje": "Hola, ¿tienen cascos de seguridad?", "tono": "amigable", "staff": False}
    ]


def test_ws_endpoint_url_setting_wins_over_the_event(
    management: Stub, pipeline: FakePipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import reset_caches

    monkeypatch.setenv("WS_ENDPOINT_URL", "https://chat.sextinvalle.com.co/")
    reset_caches()
    _connected()
    api = management("https://chat.sextinvalle.com.co")
    _send(load_event("ws_ping.json"))
    assert api.types() == ["connection_status"]


def test_ping_gets_connection_status(management: Stub) -> None:
    _connected(staff=True)
    api = management(ENDPOINT)
    assert _send(load_event("ws_ping.json")) == {"statusCode": 200}
    [status] = api.events()
    assert status["type"] == "connection_status"
    assert status["chat_id"] == CHAT
    assert status["staff"] is True


def test_staff_flag_comes_from_the_connection_record(management: Stub, pipeline: FakePipeline) -> None:
    _connected(staff=True)
    management(ENDPOINT)
    _send(_message(type="message", mensaje="historial del cliente 1032456789", tono="formal"))
    assert pipeline.calls[0]["staff"] is True
    assert pipeline.calls[0]["tono"] == "formal"


def test_repeated_message_id_is_processed_once_and_answered_again(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    api = management(ENDPOINT)
    frame = {"type": "message", "mensaje": "quiero tres cascos", "message_id": "m-1"}
    _send(_message(**frame))
    first = api.events()
    api.posts.clear()
    _send(_message(**frame))
    again = api.events()
    assert len(pipeline.calls) == 1
    assert api.types() == ["processing", "typing", "response_start", "response_chunk", "response_end"]
    assert again[3]["content"] == pipeline.answer  # the stored answer, whole
    assert again[-1]["respuesta"] == first[-1]["respuesta"]
    assert again[-1]["productos"] == first[-1]["productos"]


def test_same_message_id_with_another_text_is_an_error(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    api = management(ENDPOINT)
    _send(_message(type="message", mensaje="uno", message_id="m-2"))
    api.posts.clear()
    _send(_message(type="message", mensaje="otro", message_id="m-2"))
    assert api.types()[-1] == "error"
    assert api.events()[-1]["code"] == "mensaje_invalido"
    assert len(pipeline.calls) == 1


def test_message_ids_are_per_chat(management: Stub, pipeline: FakePipeline) -> None:
    _connected("chat-a", connection_id="a=")
    _connected("chat-b", connection_id="b=")
    management(ENDPOINT)
    for connection_id in ("a=", "b="):
        event = _message(type="message", mensaje="hola", message_id="same")
        event["requestContext"]["connectionId"] = connection_id
        _send(event)
    assert [call["chat_id"] for call in pipeline.calls] == ["chat-a", "chat-b"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("esto no es json", "mensaje_invalido"),
        ("[1, 2]", "mensaje_invalido"),
        ('{"mensaje": "sin tipo"}', "mensaje_invalido"),
        ('{"type": "message"}', "mensaje_invalido"),
        ('{"type": "message", "mensaje": ""}', "mensaje_invalido"),
        ('{"type": "message", "mensaje": "   "}', "mensaje_invalido"),
        ('{"type": "message", "mensaje": 42}', "mensaje_invalido"),
        ('{"type": "message", "mensaje": "hola", "tono": "grosero"}', "mensaje_invalido"),
        ('{"type": "message", "mensaje": "hola", "message_id": "con\\u0007control"}', "mensaje_invalido"),
        ('{"type": "message", "mensaje": "hola", "message_id": ""}', "mensaje_invalido"),
        (json.dumps({"type": "message", "mensaje": "x" * 2001}), "mensaje_muy_largo"),
        (json.dumps({"type": "message", "mensaje": "x" * 20_000}), "mensaje_muy_largo"),
        ('{"type": "subscribe"}', "tipo_desconocido"),
        ('{"type": 7}', "tipo_desconocido"),
    ],
)
def test_malformed_frames_get_an_error_and_the_connection_stays_usable(
    management: Stub, pipeline: FakePipeline, body: str, code: str
) -> None:
    _connected()
    api = management(ENDPOINT)
    event = load_event("ws_message.json")
    event["body"] = body
    event["requestContext"]["routeKey"] = "$default"
    assert _send(event) == {"statusCode": 200}
    [error] = api.events()
    assert error["type"] == "error"
    assert error["code"] == code
    assert error["message"] and error["chat_id"] == CHAT
    assert pipeline.calls == []
    api.posts.clear()
    _send(load_event("ws_ping.json"))
    assert api.types() == ["connection_status"]


def test_2000_characters_is_accepted(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    api = management(ENDPOINT)
    _send(_message(type="message", mensaje="á" * 2000))
    assert api.types()[-1] == "response_end"


def test_pipeline_failure_is_an_error_event(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    api = management(ENDPOINT)
    pipeline.error = RuntimeError("boom")
    _send(_message(type="message", mensaje="hola", message_id="m-3"))
    assert api.types() == ["processing", "typing", "error"]
    assert api.events()[-1]["code"] == "error_interno"
    assert "boom" not in api.events()[-1]["message"]
    pipeline.error = None  # the key was released: a retry is processed
    api.posts.clear()
    _send(_message(type="message", mensaje="hola", message_id="m-3"))
    assert api.types()[-1] == "response_end"
    assert len(pipeline.calls) == 2


def test_gone_sender_is_forgotten_and_the_turn_still_completes(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    _connected(connection_id="otra-del-mismo-chat=")
    api = management(ENDPOINT)
    _send(_message(type="message", mensaje="hola", message_id="m-0"))  # starts the chat: its token comes back
    token = api.events()[-1]["chat_token"]
    assert token and connections.get_connection(EVENT_CONNECTION).chat_token == token  # type: ignore[union-attr]
    api.gone.add(EVENT_CONNECTION)
    api.posts.clear()
    assert _send(_message(type="message", mensaje="¿y guantes?", message_id="m-4")) == {"statusCode": 200}
    assert api.types() == ["processing"]  # nothing more is posted to a gone connection
    assert connections.get_connection(EVENT_CONNECTION) is None
    assert connections.get_connection("otra-del-mismo-chat=") is not None
    assert len(pipeline.calls) == 2
    # the answer was stored: the client's retry after reconnecting (with its chat_token) gets it without a second run
    api.gone.clear()
    connections.put_connection(connections.new_record("nueva=", CHAT, staff=False, chat_token=token))
    event = _message(type="message", mensaje="¿y guantes?", message_id="m-4")
    event["requestContext"]["connectionId"] = "nueva="
    _send(event)
    assert api.types("nueva=")[-1] == "response_end"
    assert len(pipeline.calls) == 2


def test_unknown_connection_gets_an_error(management: Stub, pipeline: FakePipeline) -> None:
    api = management(ENDPOINT)
    _send(_message(type="message", mensaje="hola"))
    [error] = api.events()
    assert error["code"] == "conexion_desconocida"
    assert pipeline.calls == []


def test_a_reply_without_streaming_still_arrives_as_chunks(management: Stub, pipeline: FakePipeline) -> None:
    _connected()
    api = management(ENDPOINT)
    pipeline.phrases = ("x" * 9000,)
    _send(_message(type="message", mensaje="hola"))
    chunks = [e["content"] for e in api.events() if e["type"] == "response_chunk"]
    assert "".join(chunks) == "x" * 9000
    assert all(len(json.dumps(e).encode()) < 32 * 1024 for e in api.events())


def test_not_a_websocket_event_is_a_400(aws: None) -> None:
    assert _send({"requestContext": {"routeKey": "message"}, "body": "{}"}) == {"statusCode": 400}


def test_connections_table_unavailable_is_an_error_event(
    management: Stub, pipeline: FakePipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.core.settings import get_settings

    api = management(ENDPOINT)
    monkeypatch.setattr(get_settings(), "connections_table", "no-existe")
    assert _send(load_event("ws_ping.json")) == {"statusCode": 200}
    [error] = api.events()
    assert error["code"] == "servicio_no_disponible"
    assert pipeline.calls == []


def test_paused_chat_gets_no_typing_and_an_empty_answer(management: Stub, pipeline: FakePipeline) -> None:
    from agente_vendedor.conversation import session_memory

    _connected()
    api = management(ENDPOINT)
    session_memory.set_paused(CHAT, True)
    pipeline.phrases = ()
    _send(_message(type="message", mensaje="¿hay alguien?", message_id=7))
    assert api.types() == ["processing", "response_end"]
    assert api.events()[-1]["respuesta"] == ""
    assert api.events()[-1]["message_id"] == "7"  # a numeric id is taken as text


def test_a_connection_that_started_the_chat_gets_its_token_in_every_frame_that_carries_it(
    management: Stub, pipeline: FakePipeline
) -> None:
    _connected()
    api = management(ENDPOINT)
    _send(_message(type="message", mensaje="hola", message_id="m-1"))
    token = api.events()[-1]["chat_token"]
    assert token
    api.posts.clear()
    _send(load_event("ws_ping.json"))
    [status] = api.events()
    assert status["type"] == "connection_status" and status["chat_token"] == token
    _send(_message(type="message", mensaje="¿y guantes?", message_id="m-2"))
    assert api.events()[-1]["type"] == "response_end" and api.events()[-1]["chat_token"] == token


def test_a_connection_without_the_token_cannot_write_in_a_chat_someone_else_started(
    management: Stub, pipeline: FakePipeline
) -> None:
    from agente_vendedor.conversation import chat_ownership

    chat_ownership.open_for_message(CHAT, None, staff=False)  # started elsewhere (HTTP)
    _connected()  # connected before that, so it proved nothing
    api = management(ENDPOINT)
    _send(_message(type="message", mensaje="hola", message_id="m-1"))
    [error] = [e for e in api.events() if e["type"] == "error"]
    assert error["code"] == "acceso_denegado" and "chat_token" in error["message"]
    assert "response_end" not in api.types() and pipeline.calls == []


def test_a_staff_connection_of_a_revoked_account_is_refused_on_its_next_frame_and_closed(
    management: Stub, pipeline: FakePipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.staff import authentication

    state = {"ana": authentication.AccountState("ana", "Ana", "ventas", activo=True, version=2)}
    monkeypatch.setattr(authentication, "_load_account", state.get)
    _connected(staff=True, usuario="ana", version=2)
    api = management(ENDPOINT)
    _send(load_event("ws_ping.json"))
    assert api.events()[-1]["staff"] is True  # the account is active: still staff
    state["ana"] = authentication.AccountState("ana", "Ana", "ventas", activo=False, version=3)  # disabled
    authentication.ACCOUNTS.clear()  # the per-container cache's lifetime (≤ 60 s) has passed
    _send(_message(type="message", mensaje="historial del cliente 1032456789"))
    [refused] = api.events()[1:]
    assert (refused["type"], refused["code"]) == ("error", "sesion_revocada")
    assert "inicia sesión" in refused["message"]
    assert pipeline.calls == []
    assert api.closed == [EVENT_CONNECTION]
    assert connections.get_connection(EVENT_CONNECTION) is None


def test_a_revocation_reaches_an_open_staff_connection_when_the_cache_entry_expires(
    management: Stub, pipeline: FakePipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.staff import authentication

    lifetime = get_settings().staff_cache_ttl_s  # at most 60 s (tests/unit/test_staff_tokens.py)
    now = [1000.0]
    monkeypatch.setattr(authentication.ACCOUNTS, "clock", lambda: now[0])
    authentication.ACCOUNTS.clear()
    state = {"ana": authentication.AccountState("ana", "Ana", "ventas", activo=True, version=1)}
    monkeypatch.setattr(authentication, "_load_account", state.get)
    _connected(staff=True, usuario="ana", version=1)
    api = management(ENDPOINT)
    _send(load_event("ws_ping.json"))
    state["ana"] = authentication.AccountState("ana", "Ana", "ventas", activo=True, version=2)  # password changed
    now[0] += lifetime - 1  # another container changed it: this one still has the account cached
    _send(load_event("ws_ping.json"))
    assert [e["type"] for e in api.events()] == ["connection_status", "connection_status"]
    now[0] += 1  # the cache entry's lifetime is over: the account is read again
    _send(load_event("ws_ping.json"))
    assert api.events()[-1]["code"] == "sesion_revocada"
    assert api.closed == [EVENT_CONNECTION]

"""The chat WebSocket against the local stack (API Gateway semantics, real handlers, offline LLM): contract §5."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus

from local_stack.subprocess_stack import RunningStack
from tests.chat_tokens import chat_headers, keep_token
from tests.e2e.ws_client import Turn, open_chat, ping, receive_event, send_message

TURN_EVENTS = ["processing", "typing", "response_start", "response_chunk", "response_end"]


def _chat_id(label: str) -> str:
    return f"e2e_{label}_{uuid.uuid4().hex[:8]}"


def _history(stack: RunningStack, chat_id: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{stack.base_url}/chat/historial/{chat_id}", headers=chat_headers(chat_id), timeout=10)
    assert response.status_code == 200, response.text
    mensajes: list[dict[str, Any]] = response.json()["mensajes"]
    return mensajes


def _assert_complete_turn(turn: Turn, chat_id: str) -> None:
    assert turn.compact_types() == TURN_EVENTS, turn.events
    assert all(event["chat_id"] == chat_id and event["timestamp"] for event in turn.events)
    end = turn.end
    assert turn.streamed_text == end["respuesta"]
    assert end["respuesta"].strip()
    assert end["tipo_mensaje"] in ("inventario", "venta", "cliente", "contexto")
    assert {"estado_venta", "productos", "pedido"} <= set(end)


def test_ping_and_a_streamed_answer(local_stack: RunningStack) -> None:
    chat_id = _chat_id("flujo")

    async def scenario() -> Turn:
        async with await open_chat(local_stack.ws_url, chat_id) as ws:
            status = await ping(ws)
            assert status["type"] == "connection_status"
            assert status["chat_id"] == chat_id
            return await send_message(ws, "Hola, ¿tienen cascos de seguridad dieléctricos? ¿Qué precio tienen?")

    turn = asyncio.run(scenario())
    _assert_complete_turn(turn, chat_id)
    assert turn.end["tipo_mensaje"] == "inventario"
    assert turn.end["productos"], turn.end
    assert all({"sku", "nombre", "precio", "stock"} <= set(p) for p in turn.end["productos"])
    chunks = [e for e in turn.events if e["type"] == "response_chunk"]
    assert len(chunks) <= max(3, len(turn.end["respuesta"]) // 60)  # batched: a handful of frames


def test_path_style_url_and_http_share_the_conversation(local_stack: RunningStack) -> None:
    chat_id = _chat_id("ruta")

    async def scenario() -> Turn:
        from websockets.asyncio.client import connect

        base = local_stack.ws_url.rsplit("/ws", 1)[0]
        async with connect(f"{base}/ws/chat/{chat_id}", open_timeout=30) as ws:
            return await send_message(ws, "¿Venden guantes de nitrilo?")

    _assert_complete_turn(asyncio.run(scenario()), chat_id)
    http = httpx.post(
        f"{local_stack.base_url}/chat/texto",
        json={"chat_id": chat_id, "mensaje": "¿y botas de seguridad?"},
        headers=chat_headers(chat_id),
        timeout=30,
    )
    assert http.status_code == 200, http.text
    contents = [m["contenido"] for m in _history(local_stack, chat_id) if m["rol"] == "cliente"]
    assert contents == ["¿Venden guantes de nitrilo?", "¿y botas de seguridad?"]


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("esto no es JSON", "mensaje_invalido"),
        (json.dumps({"type": "message"}), "mensaje_invalido"),
        (json.dumps({"type": "message", "mensaje": ""}), "mensaje_invalido"),
        (json.dumps({"type": "message", "mensaje": "hola", "tono": "sarcastico"}), "mensaje_invalido"),
        (json.dumps({"type": "suscribir"}), "tipo_desconocido"),
        (json.dumps({"type": "message", "mensaje": "x" * 2001}), "mensaje_muy_largo"),
    ],
)
def test_malformed_frames_get_an_error_and_the_connection_stays_usable(
    local_stack: RunningStack, frame: str, code: str
) -> None:
    chat_id = _chat_id("malo")

    async def scenario() -> tuple[dict[str, Any], Turn]:
        async with await open_chat(local_stack.ws_url, chat_id) as ws:
            await ws.send(frame)
            error = await receive_event(ws)
            return error, await send_message(ws, "¿Tienen gafas de seguridad?")

    error, turn = asyncio.run(scenario())
    assert error["type"] == "error"
    assert error["code"] == code
    assert error["chat_id"] == chat_id
    assert error["message"]
    _assert_complete_turn(turn, chat_id)
    assert [m["contenido"] for m in _history(local_stack, chat_id) if m["rol"] == "cliente"] == [
        "¿Tienen gafas de seguridad?"
    ]


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "message", "mensaje": "casco \\ud800 diel\\u00e9ctrico"}',
        '{"type": "message", "mensaje": "\\u0000\\u0001 guantes \\u0000"}',
        '{"type": "message", "mensaje": "\\udfff"}',
        '{"type": "message", "mensaje": "🦺🧤👷‍♀️ ¿tienen chalecos?"}',
        '{"type": "message", "mensaje": "\'; DROP TABLE productos; --"}',
    ],
)
def test_garbage_text_never_breaks_the_connection(local_stack: RunningStack, frame: str) -> None:
    chat_id = _chat_id("basura")

    async def scenario() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        async with await open_chat(local_stack.ws_url, chat_id) as ws:
            await ws.send(frame)
            events = [await receive_event(ws)]
            while events[-1]["type"] not in ("response_end", "error"):
                events.append(await receive_event(ws))
            return events, await ping(ws)

    events, status = asyncio.run(scenario())
    assert events[-1]["type"] == "response_end", events
    assert "".join(e["content"] for e in events if e["type"] == "response_chunk") == events[-1]["respuesta"]
    assert status["type"] == "connection_status"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("chat_id=con%20espacios", 400),
        ("chat_id=" + "a" * 65, 400),
        ("", 400),
        ("chat_id=valido&token=incorrecto", 401),
    ],
)
def test_bad_connections_are_refused(local_stack: RunningStack, query: str, status: int) -> None:
    async def scenario() -> int:
        from websockets.asyncio.client import connect

        try:
            async with connect(f"{local_stack.ws_url}?{query}", open_timeout=30):
                return 101
        except InvalidStatus as refused:
            return refused.response.status_code

    assert asyncio.run(scenario()) == status


def test_repeated_message_id_is_processed_once(local_stack: RunningStack) -> None:
    chat_id = _chat_id("idem")
    message_id = str(uuid.uuid4())

    async def scenario() -> tuple[Turn, Turn, Turn]:
        async with await open_chat(local_stack.ws_url, chat_id) as ws:
            first = await send_message(ws, "Quiero tres cascos blancos dieléctricos", message_id=message_id)
        async with await open_chat(local_stack.ws_url, chat_id) as ws:  # a client retry after reconnecting
            second = await send_message(ws, "Quiero tres cascos blancos dieléctricos", message_id=message_id)
            third = await send_message(ws, "Quiero tres cascos blancos dieléctricos", message_id=message_id)
        return first, second, third

    first, second, third = asyncio.run(scenario())
    for turn in (first, second, third):
        _assert_complete_turn(turn, chat_id)
        assert turn.end["respuesta"] == first.end["respuesta"]
        assert turn.end["pedido"] == first.end["pedido"]
    history = _history(local_stack, chat_id)
    assert [m["rol"] for m in history] == ["cliente", "agente"], history


def test_client_gone_mid_turn_then_retry_gets_the_answer(local_stack: RunningStack) -> None:
    chat_id = _chat_id("gone")
    message_id = str(uuid.uuid4())
    frame = {"type": "message", "mensaje": "¿Tienen botas dieléctricas?", "message_id": message_id}

    async def scenario() -> Turn:
        async with await open_chat(local_stack.ws_url, chat_id) as ws:
            _assert_complete_turn(await send_message(ws, "Hola"), chat_id)  # starts the chat: its token is kept
            await ws.send(json.dumps(frame))  # and leave at once: the posts meet a gone connection
        await asyncio.sleep(0.5)
        async with await open_chat(local_stack.ws_url, chat_id) as ws:  # reconnects with the chat_token
            status = await ping(ws)
            assert status["type"] == "connection_status" and status["chat_token"]
            return await send_message(ws, frame["mensaje"], message_id=message_id)

    turn = asyncio.run(scenario())
    _assert_complete_turn(turn, chat_id)
    assert [m["rol"] for m in _history(local_stack, chat_id)] == ["cliente", "agente", "cliente", "agente"]


def test_a_started_conversation_refuses_a_websocket_without_its_token(local_stack: RunningStack) -> None:
    from websockets.exceptions import InvalidStatus

    chat_id = _chat_id("ajena")

    async def scenario() -> None:
        async with await open_chat(local_stack.ws_url, chat_id) as ws:
            _assert_complete_turn(await send_message(ws, "Hola, me llamo Marta Ríos"), chat_id)
        from websockets.asyncio.client import connect

        with pytest.raises(InvalidStatus) as refused:
            await connect(f"{local_stack.ws_url}?chat_id={chat_id}", open_timeout=30)
        assert refused.value.response.status_code == 403

    asyncio.run(scenario())


def test_staff_pause_and_reply_reach_every_open_connection(local_stack: RunningStack) -> None:
    chat_id = _chat_id("asesor")
    staff = local_stack.staff_headers
    base = local_stack.base_url

    async def scenario() -> None:
        async with (
            await open_chat(local_stack.ws_url, chat_id) as phone,
            await open_chat(local_stack.ws_url, chat_id) as early,  # connected before the chat started: proves nothing
            await open_chat(local_stack.ws_url, _chat_id("ajeno")) as stranger,
        ):
            _assert_complete_turn(await send_message(phone, "Necesito hablar con una persona"), chat_id)
            laptop = await open_chat(local_stack.ws_url, chat_id)  # a second device, with the chat_token
            async with httpx.AsyncClient(timeout=30) as http:
                refused = await http.post(f"{base}/chat/{chat_id}/control", json={"accion": "pausar"})
                assert refused.status_code == 401
                paused = await http.post(f"{base}/chat/{chat_id}/control", json={"accion": "pausar"}, headers=staff)
                assert paused.status_code == 200, paused.text
                assert paused.json()["pausado"] is True
                reply = await http.post(
                    f"{base}/chat/{chat_id}/responder",
                    json={"mensaje": "Hola, soy Ana de Sextinvalle. ¿En qué te ayudo?"},
                    headers=staff,
                )
                assert reply.status_code == 200, reply.text
                assert reply.json()["conexiones"] == 2
            for ws in (phone, laptop):
                event = await receive_event(ws, 10)
                assert event["type"] == "asesor"
                assert event["chat_id"] == chat_id
                assert event["mensaje"] == "Hola, soy Ana de Sextinvalle. ¿En qué te ayudo?"
            for outsider in (stranger, early):
                with pytest.raises(TimeoutError):
                    await receive_event(outsider, 1)
            # while paused the agent stays silent, and the customer's message is still stored
            silent = await send_message(laptop, "Gracias Ana, quiero 20 pares de guantes")
            assert silent.end["type"] == "response_end"
            assert silent.streamed_text == silent.end["respuesta"] == ""
            async with httpx.AsyncClient(timeout=30) as http:
                resumed = await http.post(f"{base}/chat/{chat_id}/control", json={"accion": "reanudar"}, headers=staff)
                assert resumed.json()["pausado"] is False
            _assert_complete_turn(await send_message(phone, "¿Tienen guantes de nitrilo?"), chat_id)
            await laptop.close()

    asyncio.run(scenario())
    roles = [(m["rol"], m["contenido"]) for m in _history(local_stack, chat_id)]
    assert ("asesor", "Hola, soy Ana de Sextinvalle. ¿En qué te ayudo?") in roles
    assert ("cliente", "Gracias Ana, quiero 20 pares de guantes") in roles


def test_100_connections_over_20_chats_get_only_their_own_replies(local_stack: RunningStack) -> None:
    chats = [_chat_id(f"carga{i:02d}") for i in range(20)]
    connections = [(chats[i % 20], f"M{i:03d}") for i in range(100)]  # 5 connections per chat
    questions = ["¿Tienen guantes de nitrilo?", "¿Qué cascos tienen?", "¿Venden botas de seguridad?"]

    for chat_id in chats:  # each conversation starts over HTTP; its connections then present the chat_token
        started = httpx.post(
            f"{local_stack.base_url}/chat/texto", json={"chat_id": chat_id, "mensaje": "hola"}, timeout=30
        )
        assert keep_token(chat_id, started).status_code == 200, started.text

    async def scenario() -> list[tuple[Turn, list[dict[str, Any]]]]:
        opened: list[str] = []
        everyone_connected = asyncio.Event()

        async def one(chat_id: str, marker: str) -> tuple[Turn, list[dict[str, Any]]]:
            async with await open_chat(local_stack.ws_url, chat_id) as ws:
                opened.append(marker)
                if len(opened) == len(connections):
                    everyone_connected.set()
                await asyncio.wait_for(everyone_connected.wait(), 90)
                mensaje = f"{questions[int(marker[1:]) % 3]} ref {marker}"
                turn = await send_message(ws, mensaje, message_id=f"{chat_id}-{marker}", timeout_s=90)
                extra: list[dict[str, Any]] = []
                try:  # nothing else may arrive on this connection
                    while True:
                        extra.append(await receive_event(ws, 1.5))
                except TimeoutError:
                    pass
                return turn, extra

        return await asyncio.gather(*(one(chat_id, marker) for chat_id, marker in connections))

    results = asyncio.run(asyncio.wait_for(scenario(), 180))
    for (chat_id, marker), (turn, extra) in zip(connections, results, strict=True):
        assert extra == [], extra
        _assert_complete_turn(turn, chat_id)
        assert {event["message_id"] for event in turn.events} == {f"{chat_id}-{marker}"}
    for chat_id in chats:
        stored = [
            m["contenido"]
            for m in _history(local_stack, chat_id)
            if m["rol"] == "cliente" and " ref " in m["contenido"]
        ]
        expected = sorted(marker for cid, marker in connections if cid == chat_id)
        assert sorted(text.rsplit(" ", 1)[1] for text in stored) == expected

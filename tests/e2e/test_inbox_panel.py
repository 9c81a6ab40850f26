"""The staff panel's live inbox on the local stack: a `panel=1` WebSocket receives `chat_actualizado` when a customer
writes (WebSocket or HTTP) and when staff answer, and `GET /chats/` lists the same row."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from local_stack.subprocess_stack import RunningStack
from tests.chat_tokens import chat_headers, keep_token
from tests.e2e.ws_client import open_chat, ping, receive_event, send_message


def _panel_url(stack: RunningStack, token: str | None) -> str:
    return f"{stack.ws_url}?{urlencode({'panel': '1', **({'token': token} if token is not None else {})})}"


async def _update_of(panel: ClientConnection, chat_id: str, timeout_s: float = 15) -> dict[str, Any]:
    """The next `chat_actualizado` frame about `chat_id` (other chats of the shared stack may show up too)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        event = await receive_event(panel, max(0.1, deadline - loop.time()))
        if event["type"] == "chat_actualizado" and event["chat_id"] == chat_id:
            return event


def test_the_panel_hears_every_customer_turn_and_staff_reply(local_stack: RunningStack) -> None:
    chat_id = f"e2e_bandeja_{uuid.uuid4().hex[:8]}"
    base = local_stack.base_url
    staff = local_stack.staff_headers

    async def scenario() -> None:
        async with await connect(_panel_url(local_stack, local_stack.token), open_timeout=30) as panel:
            status = await ping(panel)
            assert (status["type"], status["panel"], status["staff"]) == ("connection_status", True, True)
            async with await open_chat(local_stack.ws_url, chat_id) as customer:
                turn = await send_message(customer, "Buenas, quiero hablar con una persona por favor")
                assert turn.end["type"] == "response_end"
                update = await _update_of(panel, chat_id)
                assert update["ultimo_mensaje"] == "Buenas, quiero hablar con una persona por favor"
                assert update["requiere_asesor"] is True
                assert update["motivo"] == "El cliente pidió hablar con una persona."
                assert update["pausado"] is False and update["actualizado"] and update["timestamp"]
                with pytest.raises(TimeoutError):  # the customer's own connection never gets inbox frames
                    await receive_event(customer, 1)
            async with httpx.AsyncClient(timeout=30) as http:
                said = keep_token(chat_id, await http.post(
                    f"{base}/chat/texto", json={"chat_id": chat_id, "mensaje": "quiero 2 cascos dieléctricos"},
                    headers=chat_headers(chat_id),
                ))  # fmt: skip
                assert said.status_code == 200, said.text
                update = await _update_of(panel, chat_id)
                assert update["ultimo_mensaje"] == "quiero 2 cascos dieléctricos"
                assert update["estado_venta"] == said.json()["estado_venta"]
                assert update["total_pedido"] == said.json()["pedido"]["total"]
                reply = await http.post(
                    f"{base}/chat/{chat_id}/responder", json={"mensaje": "Hola, soy Ana."}, headers=staff
                )
                assert reply.status_code == 200, reply.text
                answered = await _update_of(panel, chat_id)
                assert (answered["requiere_asesor"], answered["motivo"]) == (False, None)
                listed = (await http.get(f"{base}/chats/", params={"q": chat_id}, headers=staff)).json()
            assert listed["total"] == 1
            row = listed["items"][0]
            assert row == {k: v for k, v in answered.items() if k not in {"type", "timestamp"}}

    asyncio.run(scenario())


@pytest.mark.parametrize("token", [None, "", "no-es-el-token"])
def test_the_panel_needs_a_staff_token(local_stack: RunningStack, token: str | None) -> None:
    async def scenario() -> None:
        with pytest.raises(InvalidStatus) as refused:
            await connect(_panel_url(local_stack, token), open_timeout=30)
        assert refused.value.response.status_code == 401

    asyncio.run(scenario())

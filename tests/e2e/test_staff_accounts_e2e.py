"""Staff accounts on the local stack (contract §2): a staff member logs in, uses the API and a staff WebSocket;
disabling the account ends both — the open WebSocket is refused on its next frame and closed."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from local_stack.subprocess_stack import RunningStack
from tests.e2e.ws_client import open_chat, ping, receive_event

PASSWORD = "clave-de-prueba-2026"


def _account(stack: RunningStack, rol: str) -> tuple[str, str]:
    """A new account of `rol` (created with the break-glass token) and a token of it."""
    usuario = f"e2e-{rol}-{uuid.uuid4().hex[:6]}"
    body = {"usuario": usuario, "nombre": "Prueba", "rol": rol, "clave": PASSWORD}
    created = httpx.post(f"{stack.base_url}/usuarios/", json=body, headers=stack.staff_headers, timeout=10)
    assert created.status_code == 201, created.text
    logged = httpx.post(f"{stack.base_url}/auth/", json={"usuario": usuario, "clave": PASSWORD}, timeout=10)
    assert logged.status_code == 200, logged.text
    return usuario, logged.json()["token"]


def test_a_disabled_account_loses_the_api_and_its_open_staff_websocket(local_stack: RunningStack) -> None:
    usuario, token = _account(local_stack, "ventas")
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{local_stack.base_url}/auth/yo", headers=bearer, timeout=10).json()["rol"] == "ventas"
    assert httpx.get(f"{local_stack.base_url}/pedidos/", headers=bearer, timeout=10).status_code == 200
    company = httpx.put(f"{local_stack.base_url}/empresa", json={}, headers=bearer, timeout=10)
    assert company.status_code == 403 and "ventas" in company.json()["detail"]  # the catalogue's and company's role
    chat_id = f"e2e_personal_{uuid.uuid4().hex[:8]}"

    async def scenario() -> list[dict[str, object]]:
        async with await open_chat(local_stack.ws_url, chat_id, token) as ws:
            status = await ping(ws)
            assert status["staff"] is True
            disabled = httpx.patch(
                f"{local_stack.base_url}/usuarios/{usuario}",
                json={"activo": False},
                headers=local_stack.staff_headers,
                timeout=10,
            )
            assert disabled.status_code == 200, disabled.text
            await ws.send(json.dumps({"type": "ping"}))
            refused = await receive_event(ws, 15)
            with pytest.raises(ConnectionClosed):
                await receive_event(ws, 15)  # the server closed it
            return [refused]

    [refused] = asyncio.run(scenario())
    assert (refused["type"], refused["code"]) == ("error", "sesion_revocada")
    assert httpx.get(f"{local_stack.base_url}/pedidos/", headers=bearer, timeout=10).status_code == 401

    async def reconnect() -> int:
        try:
            async with await open_chat(local_stack.ws_url, chat_id, token):
                return 101
        except InvalidStatus as error:
            return error.response.status_code

    assert asyncio.run(reconnect()) == 401


def test_an_inventario_token_is_a_customer_on_the_websocket(local_stack: RunningStack) -> None:
    _, token = _account(local_stack, "inventario")

    async def scenario() -> dict[str, object]:
        async with await open_chat(local_stack.ws_url, f"e2e_inv_{uuid.uuid4().hex[:8]}", token) as ws:
            return await ping(ws)

    assert asyncio.run(scenario())["staff"] is False

"""The storefront widget (`<agente-chat>`) in headless Chromium: a customer buys three helmets on /demo/ and the sale
is recorded; a photo and a recorded voice note (Chromium's fake microphone) go through the widget.

Chromium comes from Debian's `chromium` package (`make ensure-chromium`), driven by Playwright for Python
(never `playwright install`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from local_stack.subprocess_stack import RunningStack
from tests.e2e.browser import ARTIFACTS, FAKE_MICROPHONE, browser_page, requires_chromium
from tests.media_samples import product_photo

CUSTOMER = {
    "nombre": "Laura Gómez Restrepo",
    "cedula": "1032456789",
    "telefono": "3104567890",
    "direccion": "Calle 10 # 20-30",
}
DATA_MESSAGE = (
    f"Soy {CUSTOMER['nombre']}, cédula {CUSTOMER['cedula']}, celular {CUSTOMER['telefono']}, "
    f"dirección {CUSTOMER['direccion']}, Cali"
)
TURN_TIMEOUT_MS = 30_000

pytestmark = requires_chromium


@pytest.fixture
def page(local_stack: RunningStack) -> Iterator[Any]:
    widget = httpx.get(f"{local_stack.base_url}/widget/agente-chat.js", timeout=10)
    assert widget.status_code == 200, "the local gateway must serve web/widget/ at /widget/ (docs/widget.md)"
    assert "javascript" in widget.headers["content-type"]

    with browser_page() as page:
        yield page


def _say(page: Any, text: str) -> dict[str, str | None]:
    """Type a message in the widget, wait for the agent's complete answer; the order panel's state after it."""
    answers = page.locator(".burbuja.agente")
    before = answers.count()
    page.locator("#agente-mensaje").fill(text)
    page.locator("button.enviar").click()
    page.wait_for_function(
        """([before]) => {
            const root = document.querySelector('agente-chat').shadowRoot;
            const done = [...root.querySelectorAll('.burbuja.agente')].filter(b => !b.hasAttribute('aria-busy'));
            return done.length > before && root.querySelector('.escribiendo').hidden;
        }""",
        arg=[before],
        timeout=TURN_TIMEOUT_MS,
    )
    order = page.locator("section.pedido")
    return {"estado": order.get_attribute("data-estado"), "texto": order.inner_text() if order.is_visible() else None}


def test_a_customer_buys_three_helmets_through_the_widget(local_stack: RunningStack, page: Any) -> None:
    page.goto(f"{local_stack.base_url}/demo/")
    cards = page.locator("li.tarjeta")
    cards.first.wait_for(timeout=15_000)
    assert re.fullmatch(r"\$\d{1,3}(\.\d{3})*", cards.first.locator(".precio").inner_text())

    page.locator("button.lanzador").click()
    assert page.locator("button.lanzador").get_attribute("aria-expanded") == "true"
    assert page.locator("[role=log]").get_attribute("aria-live") == "polite"
    page.locator(".estado[data-modo=ws]").wait_for(timeout=15_000)  # connected over the WebSocket
    page.locator(".burbuja.agente").first.wait_for(timeout=15_000)  # the greeting (empty history)

    state = _say(page, "Hola, quiero comprar tres cascos de seguridad dieléctricos blancos")
    product_cards = page.locator("article.producto")
    assert product_cards.count() >= 1
    assert re.fullmatch(r"\$\d{1,3}(\.\d{3})*", product_cards.first.locator(".precio").inner_text())
    assert "disponibles" in product_cards.first.locator(".stock").inner_text() or "Agotado" in (
        product_cards.first.locator(".stock").inner_text()
    )
    assert state["estado"] in ("pendiente", "recolectando_datos", "iniciada"), state

    replies = {
        "iniciada": "Quiero tres cascos de seguridad dieléctricos blancos",
        "pendiente": DATA_MESSAGE,
        "recolectando_datos": DATA_MESSAGE,
        "listo_para_finalizar": "Sí, confirmo el pedido",
    }
    for _ in range(6):
        if state["estado"] == "cerrada":
            break
        assert state["estado"] in replies, state
        state = _say(page, replies[str(state["estado"])])
    assert state["estado"] == "cerrada", state
    assert state["texto"] is not None and "Compra confirmada" in state["texto"]
    assert "$" in state["texto"]

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-venta-cerrada.png"), full_page=False)

    sales = httpx.get(
        f"{local_stack.base_url}/ventas/",
        params={"cedula": CUSTOMER["cedula"]},
        headers=local_stack.staff_headers,
        timeout=10,
    )
    assert sales.status_code == 200, sales.text
    chat_id = page.locator("agente-chat").get_attribute("data-chat-id")
    [sale] = [sale for sale in sales.json()["items"] if sale["chat_id"] == chat_id]
    assert sale["canal"] == "chat"
    assert sale["cliente"]["nombre"] == CUSTOMER["nombre"]
    assert sale["cliente"]["telefono"] == CUSTOMER["telefono"]
    [line] = sale["items"]
    assert line["cantidad"] == 3
    assert line["sku"].startswith("SX-CAB-")
    assert sale["total"] == 3 * line["precio_unitario"]
    anonymous = httpx.get(f"{local_stack.base_url}/ventas/", timeout=10)
    assert anonymous.status_code == 401


def _answer_to(page: Any, text: str) -> str:
    answers = page.locator(".burbuja.agente")
    before = answers.count()
    _say(page, text)
    assert answers.count() == before + 1
    answer: str = answers.last.inner_text()
    return answer


def test_without_websocket_the_widget_falls_back_to_http(local_stack: RunningStack, page: Any) -> None:
    page.route_web_socket("**/ws**", lambda ws: ws.close())  # a proxy that refuses WebSockets
    page.goto(f"{local_stack.base_url}/demo/")
    page.locator("button.lanzador").click()
    page.locator(".estado[data-modo=http]").wait_for(timeout=20_000)
    page.locator(".burbuja.agente").first.wait_for(timeout=15_000)
    assert _answer_to(page, "¿Tienen guantes de nitrilo?").strip()
    chat_id = page.locator("agente-chat").get_attribute("data-chat-id")
    history = httpx.get(
        f"{local_stack.base_url}/chat/historial/{chat_id}", headers=local_stack.staff_headers, timeout=10
    ).json()["mensajes"]
    assert [m["rol"] for m in history] == ["cliente", "agente"]


def test_the_widget_reconnects_after_a_dropped_connection(local_stack: RunningStack, page: Any) -> None:
    sockets: list[Any] = []

    def through(ws: Any) -> None:
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket("**/ws**", through)
    page.goto(f"{local_stack.base_url}/demo/")
    page.locator("button.lanzador").click()
    page.locator(".estado[data-modo=ws]").wait_for(timeout=20_000)
    page.locator(".burbuja.agente").first.wait_for(timeout=15_000)
    sockets[0].close()  # the network drops the connection
    page.locator(".estado[data-modo=conectando]").wait_for(timeout=5_000)
    page.locator(".estado[data-modo=ws]").wait_for(timeout=20_000)
    assert len(sockets) == 2
    assert _answer_to(page, "¿Tienen botas de seguridad?").strip()


def test_the_conversation_and_its_token_survive_a_reload(local_stack: RunningStack, page: Any) -> None:
    page.goto(f"{local_stack.base_url}/demo/")
    page.locator("button.lanzador").click()
    page.locator(".burbuja.agente").first.wait_for(timeout=15_000)
    assert _answer_to(page, "¿Tienen guantes de nitrilo?").strip()
    chat_id = page.locator("agente-chat").get_attribute("data-chat-id")
    token = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.endsWith(':chat_token')).map(k => localStorage.getItem(k))[0]"
    )
    assert token, "the widget keeps the conversation's chat_token beside its chat id"
    history_url = f"{local_stack.base_url}/chat/historial/{chat_id}"
    assert httpx.get(history_url, timeout=10).status_code == 403  # nobody else reads it
    assert httpx.get(history_url, headers={"X-Chat-Token": token}, timeout=10).status_code == 200

    page.reload()
    page.locator("button.lanzador").click()
    page.locator(".burbuja.cliente", has_text="guantes de nitrilo").wait_for(timeout=15_000)  # history, with the token
    assert page.locator("agente-chat").get_attribute("data-chat-id") == chat_id
    assert _answer_to(page, "¿y botas de seguridad?").strip()
    mensajes = httpx.get(history_url, headers={"X-Chat-Token": token}, timeout=10).json()["mensajes"]
    assert [m["rol"] for m in mensajes] == ["cliente", "agente", "cliente", "agente"]


@pytest.fixture
def page_with_microphone(local_stack: RunningStack) -> Iterator[Any]:
    with browser_page(extra_args=FAKE_MICROPHONE, permissions=["microphone"]) as page:
        yield page


def _wait_for_answers(page: Any, count: int) -> str:
    answers = page.locator(".burbuja.agente")
    page.wait_for_function(
        """([count]) => {
            const root = document.querySelector('agente-chat').shadowRoot;
            return [...root.querySelectorAll('.burbuja.agente')].filter(b => !b.hasAttribute('aria-busy')).length
                >= count && !root.querySelector('progress');
        }""",
        arg=[count],
        timeout=TURN_TIMEOUT_MS,
    )
    text: str = answers.nth(count - 1).inner_text()
    return text


def test_a_photo_and_a_recorded_voice_note_through_the_widget(
    local_stack: RunningStack, page_with_microphone: Any, tmp_path: Any
) -> None:
    page = page_with_microphone
    page.goto(f"{local_stack.base_url}/demo/")
    page.locator("button.lanzador").click()
    page.locator(".estado[data-modo=ws]").wait_for(timeout=15_000)
    page.locator(".burbuja.agente").first.wait_for(timeout=15_000)  # the greeting
    photo = tmp_path / "casco.png"
    photo.write_bytes(product_photo("Casco de seguridad blanco", (250, 250, 250)))
    chat = page.locator("agente-chat")
    assert chat.locator("input[type=file]").get_attribute("accept") == "image/*"
    assert chat.locator("input[type=file]").get_attribute("capture") is not None  # the camera on phones
    page.locator("#agente-mensaje").fill("¿tienen cascos blancos?")
    chat.locator("input[type=file]").set_input_files(str(photo))
    chat.locator(".burbuja.cliente img.vista[alt='Tu foto']").wait_for(timeout=5_000)  # the preview
    answer = _wait_for_answers(page, 2)
    assert "foto" in answer.lower()  # offline: photos cannot be read now, and the text is answered
    assert chat.locator("article.producto").count() >= 1

    voice = chat.locator("button.voz")
    assert voice.get_attribute("aria-label") and voice.get_attribute("aria-pressed") == "false"
    voice.focus()
    page.keyboard.down("Space")  # hold to record, from the keyboard
    page.wait_for_function(
        "() => document.querySelector('agente-chat').shadowRoot.querySelector('button.voz')"
        ".getAttribute('aria-pressed') === 'true'",
        timeout=5_000,
    )
    assert "Grabando" in chat.locator(".estado [role=status]").inner_text()
    page.wait_for_timeout(1500)
    page.keyboard.up("Space")
    chat.locator(".burbuja.cliente audio.vista").wait_for(timeout=10_000)  # the recorded clip, playable
    answer = _wait_for_answers(page, 3)
    assert "nota de voz" in answer.lower()  # offline: asks to type it

    chat_id = chat.get_attribute("data-chat-id")
    history = httpx.get(
        f"{local_stack.base_url}/chat/historial/{chat_id}", headers=local_stack.staff_headers, timeout=10
    ).json()["mensajes"]
    sent = [m["contenido"] for m in history if m["rol"] == "cliente"]
    assert sent[0].startswith("[imagen]") and sent[1].startswith("[audio]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-foto-y-voz.png"), full_page=False)


def test_the_widget_colours_meet_wcag_aa(local_stack: RunningStack, page: Any) -> None:
    page.goto(f"{local_stack.base_url}/demo/")
    ratios = page.evaluate(
        """() => {
            const root = document.querySelector('agente-chat').shadowRoot;
            const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
            const luminance = (rgb) => {
                const [r, g, b] = rgb.match(/\\d+/g).map(Number);
                return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
            };
            const ratio = (node) => {
                const style = getComputedStyle(node);
                const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
                return (a + 0.05) / (b + 0.05);
            };
            return { lanzador: ratio(root.querySelector('.lanzador')), enviar: ratio(root.querySelector('.enviar')) };
        }"""
    )
    assert ratios["lanzador"] >= 4.5 and ratios["enviar"] >= 4.5, ratios

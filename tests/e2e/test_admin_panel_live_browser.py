"""The panel's inbox, live channel, notices, role tabs and metrics in headless Chromium, against a stand-in API
(`panel_stub`): the real page, files and headers, with canned contract-shaped answers and a WebSocket the test drives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import requires_chromium
from tests.e2e.panel_pages import WAIT_MS, panel_page, visible_tabs
from tests.e2e.panel_stub import PASSWORD, PanelStub, panel_stub, summary

pytestmark = requires_chromium


@pytest.fixture
def stub() -> Iterator[PanelStub]:
    with panel_stub() as running:
        yield running


@pytest.fixture
def page() -> Iterator[Any]:
    with panel_page() as page:
        yield page


def _sign_in(page: Any, stub: PanelStub, usuario: str) -> None:
    page.goto(f"{stub.base_url}/admin/")
    page.locator("#entrar-usuario").fill(usuario)
    page.locator('#form-entrar [name="clave"]').fill(PASSWORD)
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.locator("#espacio").wait_for(state="visible", timeout=WAIT_MS)


def test_the_inbox_is_live_and_a_chat_needing_a_person_is_announced(stub: PanelStub, page: Any) -> None:
    _sign_in(page, stub, "vera")
    assert visible_tabs(page) == ["Bandeja", "Chat", "Pedidos", "Ventas", "Clientes", "Exportes", "Métricas"]
    assert page.evaluate("document.activeElement.id") == "tab-bandeja"
    rows = page.locator("#lista-bandeja tbody tr")
    expect(rows).to_have_count(2, timeout=WAIT_MS)
    assert rows.nth(0).inner_text().startswith("web_pedido")  # newest first
    page.locator("#en-vivo[data-estado='conectado']").wait_for(timeout=WAIT_MS)
    assert re.search(r"[?&]token=tok-ventas(&|$)", stub.socket_urls[-1]) and "panel=1" in stub.socket_urls[-1]
    assert "token" not in page.url

    # A new conversation appears at the top without a reload.
    stub.push(summary("web_nuevo", "hola, ¿tienen guantes de nitrilo?"))
    expect(rows).to_have_count(3, timeout=WAIT_MS)
    expect(rows.nth(0)).to_contain_text("web_nuevo")

    # An old one starts needing a person: it moves up, is marked, announced (role=alert) and beeps.
    stub.push(summary("web_antiguo", "quiero hablar con una persona", requiere_asesor=True, motivo="pidió una persona"))
    expect(rows.nth(0)).to_contain_text("web_antiguo", timeout=WAIT_MS)
    expect(rows.nth(0)).to_have_class(re.compile("necesita-asesor"))
    expect(rows.nth(0)).to_contain_text("Necesita asesor: pidió una persona")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("El chat web_antiguo necesita un asesor: pidió una persona.")
    expect(page.get_by_role("tab", name="Bandeja, 1 necesita asesor")).to_be_visible()
    assert page.evaluate("window.__pitidos") == 1
    stub.push(summary("web_antiguo", "¿hay alguien?", requiere_asesor=True, motivo="pidió una persona"))
    expect(rows.nth(0)).to_contain_text("¿hay alguien?", timeout=WAIT_MS)
    assert page.evaluate("window.__pitidos") == 1  # still the same need: no second beep

    # Opening it from the notice shows its history, which follows the conversation live.
    alert.get_by_role("button", name="Abrir chat web_antiguo").click()
    expect(page.get_by_role("heading", name="Conversación web_antiguo")).to_be_visible()
    expect(page.locator("#mensajes li.cliente")).to_contain_text("¿hay alguien?", timeout=WAIT_MS)
    expect(page.get_by_role("button", name="Pausar chat web_antiguo")).to_be_enabled()
    expect(page.locator("#estado-chat")).to_contain_text("necesita asesor")
    stub.push(summary("web_antiguo", "sigo aquí", requiere_asesor=True, motivo="pidió una persona"))
    expect(page.locator("#mensajes li.cliente")).to_contain_text("sigo aquí", timeout=WAIT_MS)

    # The search box filters the inbox, and live frames respect it.
    page.get_by_role("tab", name=re.compile("^Bandeja")).click()
    page.locator("#lista-bandeja").get_by_role("searchbox", name="Buscar").fill("pedido")
    page.locator("#lista-bandeja").get_by_role("button", name="Buscar").click()
    expect(rows).to_have_count(1, timeout=WAIT_MS)
    stub.push(summary("web_otro", "otra conversación"))
    stub.push(
        summary("web_pedido", "listo, confirmo el pedido", estado_venta="listo_para_finalizar", total_pedido=90000)
    )
    expect(rows.nth(0)).to_contain_text("listo, confirmo", timeout=WAIT_MS)
    expect(rows).to_have_count(1)


def test_an_inventario_account_sees_only_the_catalogue(stub: PanelStub, page: Any) -> None:
    _sign_in(page, stub, "ines")
    assert visible_tabs(page) == ["Productos", "Empresa"]
    assert page.locator("#en-vivo").get_attribute("data-estado") == "apagado"  # no inbox, no live channel
    assert stub.socket_urls == []

    page.reload()  # the session lives in this tab: a reload keeps it, checked again with GET /auth/yo
    page.locator("#espacio").wait_for(state="visible", timeout=WAIT_MS)
    assert visible_tabs(page) == ["Productos", "Empresa"] and page.locator("#entrada").is_hidden()


def test_the_metrics_are_charts_with_tables_for_screen_readers(stub: PanelStub, page: Any) -> None:
    _sign_in(page, stub, "vera")
    page.get_by_role("tab", name="Métricas").click()
    figures = page.locator("#graficas figure")
    expect(figures).to_have_count(6, timeout=WAIT_MS)
    expect(page.locator("#graficas canvas")).to_have_count(6)
    assert page.locator("#graficas canvas").evaluate_all("canvases => canvases.every(c => c.width > 0 && c.height > 0)")
    expect(page.locator("#tarjetas-metricas")).to_contain_text("17,5")  # conversion, es-CO
    latency = figures.nth(3)
    table = latency.locator("table")
    expect(table).to_have_class("sr-only")
    expect(table).to_contain_text("1.830")  # p95, read by screen readers while visually hidden
    latency.get_by_role("button", name="Ver los números: Latencia de respuesta (ms)").click()
    expect(table).to_be_visible()
    expect(figures.nth(1).locator("table")).to_contain_text("Con pedido")
    expect(figures.nth(5).locator("table")).to_contain_text("Casco dieléctrico (SX-CAS-001)")

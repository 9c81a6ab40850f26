"""The staff panel (/admin/) in headless Chromium against the local stack: token, dashboard, products, exports, chat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from local_stack.subprocess_stack import RunningStack
from tests.e2e.browser import ARTIFACTS, browser_page, requires_chromium

pytestmark = requires_chromium


@pytest.fixture
def page(local_stack: RunningStack) -> Iterator[Any]:
    with browser_page() as page:
        yield page


def test_panel_needs_the_token(local_stack: RunningStack) -> None:
    assert httpx.get(f"{local_stack.base_url}/admin/", timeout=10).status_code == 401
    assert httpx.get(f"{local_stack.base_url}/admin/", params={"token": "otro"}, timeout=10).status_code == 401


def test_staff_uses_the_panel(local_stack: RunningStack, page: Any) -> None:
    page.goto(f"{local_stack.base_url}/admin/?token={local_stack.token}")
    assert "token=" not in page.url  # taken into sessionStorage and removed from the address bar
    page.locator("#tarjetas .tarjeta").first.wait_for(timeout=15_000)
    assert page.locator("#salud").inner_text().count("ok") >= 4

    # Products: change the stock of the first one.
    page.get_by_role("tab", name="Productos").click()
    first = page.locator("#tabla-productos tr").first
    first.locator("input[aria-label^='Stock']").wait_for(timeout=10_000)
    sku = first.locator("td").first.inner_text()
    first.locator("input[aria-label^='Stock']").fill("77")
    first.get_by_role("button", name="Guardar").click()
    page.locator("#aviso.ok").wait_for(timeout=10_000)
    assert httpx.get(f"{local_stack.base_url}/productos/{sku}", timeout=10).json()["stock"] == 77

    # Exports: the ventas button gives a download link to a CSV.
    page.get_by_role("tab", name="Exportes").click()
    page.get_by_role("button", name="Ventas (CSV)").click()
    link = page.locator("#lista-exportes a").first
    link.wait_for(timeout=60_000)
    download = httpx.get(str(link.get_attribute("href")), timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbfventa_id,")
    page.locator("#almacenamiento dd").first.wait_for(timeout=10_000)

    # Chat control: pause, reply as staff, see it in the conversation.
    page.get_by_role("tab", name="Chat").click()
    page.get_by_label("ID del chat").fill("panel_e2e_001")
    page.get_by_role("button", name="Pausar agente").click()
    page.locator("#estado-chat", has_text="pausado").wait_for(timeout=10_000)
    page.get_by_label("Mensaje").fill("Hola, soy Carlos, asesor de Sextinvalle.")
    page.get_by_role("button", name="Enviar").click()
    page.locator("#mensajes li.asesor", has_text="Carlos").wait_for(timeout=10_000)

    # Audit log shows the export.
    page.get_by_role("tab", name="Registros").click()
    page.locator("#tabla-registros", has_text="exportacion").wait_for(timeout=10_000)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "panel-personal.png"), full_page=False)

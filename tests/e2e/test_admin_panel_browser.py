"""The staff panel (/admin/) in headless Chromium against the local stack.

Sign-in (break-glass token; staff accounts when the server has them), the tabs each role sees, the one list component
(filters, pager), in-place edits (stock, a customer's record), a 401 sending the person back to the sign-in form, chat
control, exports and the audit log — all with no Content-Security-Policy violation. Tests of routes another change
brings (`POST /usuarios/`, `GET /chats/`, `GET /metricas`) skip while the server answers 404.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from local_stack.subprocess_stack import RunningStack
from tests.e2e.browser import ARTIFACTS, requires_chromium
from tests.e2e.panel_pages import WAIT_MS, panel_page, visible_tabs

pytestmark = requires_chromium


@pytest.fixture
def page(local_stack: RunningStack) -> Iterator[Any]:
    with panel_page() as page:
        yield page


def _require_route(response: httpx.Response, what: str) -> None:
    """The route the test drives exists (it was written before the route; now it must answer)."""
    assert response.status_code != 404, f"{what} is missing"


def _sign_in_with_token(page: Any, stack: RunningStack) -> None:
    response = page.goto(f"{stack.base_url}/admin/")
    assert response.status == 401  # a browser without a token gets the page with the sign-in form
    expect(page.locator("#entrar-usuario")).to_be_focused()
    page.locator("#emergencia summary").click()
    page.locator("#emergencia-token").fill(stack.token)
    page.get_by_role("button", name="Entrar con el token").click()
    page.locator("#espacio").wait_for(state="visible", timeout=WAIT_MS)


def _open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


# ---------------------------------------------------------------- the page and its files over plain HTTP


def test_the_page_needs_a_token_but_shows_a_browser_the_sign_in_form(local_stack: RunningStack) -> None:
    url = f"{local_stack.base_url}/admin/"
    api_client = httpx.get(url, timeout=10)
    assert api_client.status_code == 401 and set(api_client.json()) == {"detail"}
    assert httpx.get(url, params={"token": local_stack.token}, timeout=10).status_code == 401  # no token in URLs

    browser = httpx.get(url, headers={"Accept": "text/html,application/xhtml+xml"}, timeout=10)
    assert browser.status_code == 401 and browser.headers["content-type"].startswith("text/html")
    assert 'id="form-entrar"' in browser.text
    staff = httpx.get(url, headers=local_stack.staff_headers, timeout=10)
    assert staff.status_code == 200 and staff.text == browser.text  # the page holds no data
    for response in (browser, staff):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
        connect = re.search(r"connect-src ([^;]+)", csp)
        assert connect is not None and f"ws://127.0.0.1:{local_stack.base_url.rsplit(':', 1)[1]}" in connect.group(1)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    # No inline code: every script is a file, no <style> element, no style attribute, no on* handler.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", staff.text)
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", staff.text)


def test_the_panel_files_are_served_with_the_same_headers(local_stack: RunningStack) -> None:
    for path, media_type in [
        ("admin.js", "text/javascript"),
        ("list_view.js", "text/javascript"),
        ("admin.css", "text/css"),
        ("vendor/chart.umd.min.js", "text/javascript"),
    ]:
        response = httpx.get(f"{local_stack.base_url}/admin/{path}", timeout=10)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(media_type)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "Chart.js v4" in httpx.get(f"{local_stack.base_url}/admin/vendor/chart.umd.min.js", timeout=10).text[:200]
    for missing in ("nada.js", "../operaciones.py", "vendor/chart.js-LICENSE.md", "admin.html"):
        response = httpx.get(f"{local_stack.base_url}/admin/{missing}", timeout=10)
        assert response.status_code == 404 and "detail" in response.json(), missing


# ---------------------------------------------------------------- the break-glass token


def test_break_glass_sign_in_tabs_and_lists(local_stack: RunningStack, page: Any) -> None:
    _sign_in_with_token(page, local_stack)
    assert visible_tabs(page) == [
        "Bandeja", "Chat", "Pedidos", "Ventas", "Clientes", "Productos", "Empresa", "Exportes", "Métricas",
        "Usuarios", "Registros",
    ]  # fmt: skip
    assert page.evaluate("document.activeElement.getAttribute('role')") == "tab"  # focus moves into the panel
    assert "token" not in page.url
    assert page.evaluate("localStorage.length") == 0
    assert local_stack.token in page.evaluate("JSON.stringify(sessionStorage)")

    # Products: the shared list component pages through the catalogue, and a row saves its stock.
    _open_tab(page, "Productos")
    pager = page.locator("#lista-productos .paginacion span")
    expect(pager).to_have_text(re.compile(r"^1–25 de \d+"), timeout=WAIT_MS)
    total = pager.inner_text().split(" de ")[1]
    page.get_by_role("button", name="Página siguiente de Productos").click()
    expect(pager).to_have_text(f"26–50 de {total}", timeout=WAIT_MS)
    first = page.locator("#lista-productos tbody tr").first
    sku = first.locator("td").first.inner_text()
    first.get_by_label(f"Stock de {sku}").fill("77")
    page.get_by_role("button", name=f"Guardar producto {sku}").click()
    page.locator("#aviso.ok", has_text=sku).wait_for(timeout=WAIT_MS)
    assert httpx.get(f"{local_stack.base_url}/productos/{sku}", timeout=10).json()["stock"] == 77

    # Filtering goes through the same component.
    page.get_by_role("search", name="Filtrar Productos").get_by_label("Stock").select_option("false")
    page.locator("#lista-productos").get_by_role("button", name="Buscar").click()
    expect(pager).to_have_text(re.compile(r"^(1–|0 resultados)"), timeout=WAIT_MS)
    assert page.locator("#lista-productos tbody input[aria-label^='Stock de']").evaluate_all(
        "inputs => inputs.every(input => input.value === '0')"
    )

    # Keyboard: arrows move between the tabs.
    page.get_by_role("tab", name="Productos").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Empresa").get_attribute("aria-selected") == "true"
    page.locator("#empresa-nombre").wait_for(state="visible")
    expect(page.locator("#empresa-nombre")).not_to_have_value("", timeout=WAIT_MS)
    assert page.locator("#secciones-empresa fieldset").count() >= 1


def test_a_rejected_token_returns_to_the_sign_in_form(local_stack: RunningStack, page: Any) -> None:
    _sign_in_with_token(page, local_stack)
    page.evaluate(
        """() => {
            const session = JSON.parse(sessionStorage.getItem("agente_vendedor_sesion"));
            sessionStorage.setItem("agente_vendedor_sesion", JSON.stringify({ ...session, token: "revocado" }));
        }"""
    )
    _open_tab(page, "Clientes")
    expect(page.locator("#aviso")).to_contain_text("Vuelva a entrar", timeout=WAIT_MS)  # on the page loaded anew
    expect(page.locator("#entrar-usuario")).to_be_focused()
    assert page.locator("#espacio").is_hidden()
    assert page.evaluate("sessionStorage.getItem('agente_vendedor_sesion')") is None


def _new_cedula() -> str:
    return str(1_000_000_000 + uuid.uuid4().int % 8_999_999_999)[:10]


def test_a_customer_record_is_edited_and_a_differing_sale_flagged(local_stack: RunningStack, page: Any) -> None:
    cedula = _new_cedula()
    customer = {
        "cedula": cedula,
        "tipo": "persona",
        "nombre": "Lucía Panel Prueba",
        "telefono": "3104567788",
        "email": None,
        "direccion": "Carrera 5 # 10-20",
        "ciudad": "Cali",
    }
    created = httpx.post(f"{local_stack.base_url}/clientes/", json=customer, headers=local_stack.staff_headers)
    assert created.status_code == 201, created.text
    product = httpx.get(f"{local_stack.base_url}/productos/", params={"en_stock": "true", "limit": 1}).json()["items"][
        0
    ]
    sale = httpx.post(
        f"{local_stack.base_url}/ventas/",
        json={"cliente": {"cedula": cedula}, "items": [{"sku": product["sku"], "cantidad": 1}]},
        headers=local_stack.staff_headers,
    )
    assert sale.status_code == 201, sale.text
    # A chat sale whose data differ from the record is made by the sale flow; here the flag is set on this sale.
    engine = sa.create_engine(local_stack.database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE ventas SET cliente_difiere = true WHERE id = :id"), {"id": sale.json()["id"]}
        )
    engine.dispose()

    _sign_in_with_token(page, local_stack)
    _open_tab(page, "Ventas")
    sales = page.locator("#lista-ventas")
    sales.get_by_label("Solo por revisar").check()
    sales.get_by_role("button", name="Filtrar").click()
    flagged = sales.locator("tbody tr.por-revisar", has_text=cedula)
    flagged.wait_for(timeout=WAIT_MS)
    assert sales.locator("tbody tr:not(.por-revisar)").count() == 0
    flagged.get_by_role("button", name=f"Ver la ficha del cliente {cedula}").click()

    form = page.get_by_role("form", name=f"Ficha del cliente {cedula}")
    form.wait_for(timeout=WAIT_MS)
    form.get_by_label("Ciudad").fill("Palmira")
    form.get_by_label("Correo").fill("lucia@example.com")
    form.get_by_role("button", name=f"Guardar cliente {cedula}").click()
    page.locator("#aviso.ok", has_text=cedula).wait_for(timeout=WAIT_MS)
    stored = httpx.get(f"{local_stack.base_url}/clientes/{cedula}", headers=local_stack.staff_headers).json()
    assert (stored["ciudad"], stored["email"], stored["telefono"]) == ("Palmira", "lucia@example.com", "3104567788")

    # The list component searches customers too.
    customers = page.locator("#lista-clientes")
    customers.get_by_role("searchbox", name="Buscar").fill(cedula)
    customers.get_by_role("button", name="Buscar").click()
    customers.locator("tbody tr", has_text="Palmira").wait_for(timeout=WAIT_MS)
    assert customers.locator("tbody tr").count() == 1


def test_staff_pause_and_answer_a_chat_export_and_read_the_log(local_stack: RunningStack, page: Any) -> None:
    _sign_in_with_token(page, local_stack)

    _open_tab(page, "Chat")
    page.get_by_label("ID del chat").fill("panel_e2e_001")
    page.locator("#form-chat").get_by_role("button", name="Abrir").click()
    page.get_by_role("button", name="Pausar chat panel_e2e_001").click()
    page.locator("#estado-chat", has_text="pausado").wait_for(timeout=WAIT_MS)
    page.get_by_label("Mensaje para el cliente").fill("Hola, soy Carlos, asesor de Sextinvalle.")
    page.get_by_role("button", name="Enviar respuesta al chat panel_e2e_001").click()
    page.locator("#mensajes li.asesor", has_text="Carlos").wait_for(timeout=WAIT_MS)
    page.get_by_role("button", name="Reanudar chat panel_e2e_001").click()
    page.locator("#estado-chat", has_text="agente activo").wait_for(timeout=WAIT_MS)

    _open_tab(page, "Exportes")
    page.get_by_role("button", name="Ventas (CSV)").click()
    link = page.locator("#lista-exportes a").first
    link.wait_for(timeout=60_000)
    download = httpx.get(str(link.get_attribute("href")), timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"\xef\xbb\xbfventa_id,")
    page.locator("#almacenamiento dd").first.wait_for(timeout=WAIT_MS)

    _open_tab(page, "Registros")
    page.locator("#lista-registros tbody", has_text="respuesta_asesor").wait_for(timeout=WAIT_MS)
    page.locator("#lista-registros").get_by_label("Tipo").select_option("exportacion")
    page.locator("#lista-registros").get_by_role("button", name="Filtrar").click()
    expect(page.locator("#lista-registros tbody tr td:nth-child(2)").first).to_have_text("exportacion", timeout=WAIT_MS)
    expect(page.locator("#lista-registros tbody td:nth-child(2)", has_not_text="exportacion")).to_have_count(0)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "panel-personal.png"), full_page=False)


# ---------------------------------------------------------------- routes of the staff-accounts and inbox changes


def test_a_staff_account_signs_in_and_sees_its_role(local_stack: RunningStack, page: Any) -> None:
    name = f"inv{uuid.uuid4().hex[:8]}"
    created = httpx.post(
        f"{local_stack.base_url}/usuarios/",
        json={"usuario": name, "nombre": "Inés Inventario", "rol": "inventario", "clave": "clave-de-prueba-123"},
        headers=local_stack.staff_headers,
    )
    _require_route(created, "POST /usuarios/")
    assert created.status_code == 201, created.text

    page.goto(f"{local_stack.base_url}/admin/")
    page.locator("#entrar-usuario").fill(name)
    page.locator('#form-entrar [name="clave"]').fill("equivocada")
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.locator("#aviso.error").wait_for(timeout=WAIT_MS)
    assert page.locator("#entrada").is_visible()

    page.locator('#form-entrar [name="clave"]').fill("clave-de-prueba-123")
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.locator("#espacio").wait_for(state="visible", timeout=WAIT_MS)
    assert visible_tabs(page) == ["Productos", "Empresa"]
    assert name in page.locator("#quien-texto").inner_text()
    page.locator("#lista-productos tbody tr").first.wait_for(timeout=WAIT_MS)

    token = httpx.post(f"{local_stack.base_url}/auth/", json={"usuario": name, "clave": "clave-de-prueba-123"})
    customers = httpx.get(
        f"{local_stack.base_url}/clientes/", headers={"Authorization": f"Bearer {token.json()['token']}"}
    )
    assert customers.status_code == 403 and "inventario" in customers.json()["detail"]  # hidden, and refused

    page.get_by_role("button", name="Salir").click()
    expect(page.locator("#aviso")).to_contain_text("Salió del panel", timeout=WAIT_MS)
    assert page.evaluate("sessionStorage.getItem('agente_vendedor_sesion')") is None


def test_the_admin_creates_an_account_in_the_panel(local_stack: RunningStack, page: Any) -> None:
    _require_route(httpx.get(f"{local_stack.base_url}/usuarios/", headers=local_stack.staff_headers), "/usuarios/")
    name = f"ven{uuid.uuid4().hex[:8]}"
    _sign_in_with_token(page, local_stack)
    _open_tab(page, "Usuarios")
    form = page.locator("#form-usuario-nuevo")
    form.get_by_label("Usuario").fill(name)
    form.get_by_label("Nombre").fill("Vera Ventas")
    form.get_by_label("Rol").select_option("ventas")
    form.get_by_label("Clave inicial").fill("otra-clave-segura-456")
    form.get_by_role("button", name="Crear cuenta").click()
    page.locator("#lista-usuarios tbody tr", has_text=name).wait_for(timeout=WAIT_MS)
    page.get_by_label(f"Cuenta de {name} activa").uncheck()
    page.get_by_role("button", name=f"Guardar usuario {name}").click()
    page.locator("#aviso.ok", has_text=name).wait_for(timeout=WAIT_MS)
    login = httpx.post(f"{local_stack.base_url}/auth/", json={"usuario": name, "clave": "otra-clave-segura-456"})
    assert login.status_code == 401


def _say(stack: RunningStack, chat_id: str, text: str, chat_token: str | None = None) -> str:
    headers = {"X-Chat-Token": chat_token} if chat_token else {}
    response = httpx.post(
        f"{stack.base_url}/chat/texto", json={"chat_id": chat_id, "mensaje": text}, headers=headers, timeout=30
    )
    assert response.status_code == 200, response.text
    return str(response.json()["chat_token"])


def _sign_in_as_new_account(page: Any, stack: RunningStack, rol: str) -> str:
    name = f"{rol[:3]}{uuid.uuid4().hex[:8]}"
    account = {"usuario": name, "nombre": f"Cuenta {rol}", "rol": rol, "clave": "clave-de-prueba-789"}
    created = httpx.post(f"{stack.base_url}/usuarios/", json=account, headers=stack.staff_headers)
    assert created.status_code == 201, created.text
    page.goto(f"{stack.base_url}/admin/")
    page.locator("#entrar-usuario").fill(name)
    page.locator('#form-entrar [name="clave"]').fill("clave-de-prueba-789")
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.locator("#espacio").wait_for(state="visible", timeout=WAIT_MS)
    return name


def test_the_inbox_updates_live_and_announces_a_chat_that_needs_a_person(local_stack: RunningStack, page: Any) -> None:
    _require_route(httpx.get(f"{local_stack.base_url}/chats/", headers=local_stack.staff_headers), "GET /chats/")
    _sign_in_as_new_account(page, local_stack, "ventas")
    _open_tab(page, "Bandeja")
    page.locator("#en-vivo[data-estado='conectado']").wait_for(timeout=WAIT_MS)
    chat_id = f"panel_live_{uuid.uuid4().hex[:8]}"

    token = _say(local_stack, chat_id, "hola, ¿tienen cascos dieléctricos?")
    row = page.locator("#lista-bandeja tbody tr", has_text=chat_id)
    row.wait_for(timeout=WAIT_MS)  # arrived over the WebSocket, no reload
    assert page.locator("#lista-bandeja tbody tr").first.inner_text().startswith(chat_id)  # newest first

    _say(local_stack, chat_id, "quiero hablar con una persona, por favor", token)
    page.locator("#lista-bandeja tbody tr.necesita-asesor", has_text=chat_id).wait_for(timeout=WAIT_MS)
    alert = page.get_by_role("alert")
    alert.filter(has_text=chat_id).wait_for(timeout=WAIT_MS)
    assert "necesita un asesor" in alert.inner_text()

    alert.get_by_role("button", name=f"Abrir chat {chat_id}").click()
    page.locator("#mensajes li.cliente", has_text="hablar con una persona").wait_for(timeout=WAIT_MS)
    _say(local_stack, chat_id, "sigo esperando", token)
    page.locator("#mensajes li.cliente", has_text="sigo esperando").wait_for(timeout=WAIT_MS)  # live history

    _open_tab(page, "Bandeja")
    inbox = page.locator("#lista-bandeja")
    inbox.get_by_role("searchbox", name="Buscar").fill(chat_id)
    inbox.get_by_role("button", name="Buscar").click()
    expect(page.locator("#lista-bandeja tbody tr")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator("#lista-bandeja tbody tr")).to_contain_text(chat_id)


def _a_day_of_chats_and_a_sale(stack: RunningStack) -> None:
    """Conversations of several kinds and one sale closed in a chat, as a day at the shop."""
    for question in ("¿tienen guantes de nitrilo?", "¿a qué hora abren el sábado?", "¿cuánto vale el arnés?"):
        _say(stack, f"dia_{uuid.uuid4().hex[:8]}", question)
    chat_id = f"dia_venta_{uuid.uuid4().hex[:8]}"
    token = _say(stack, chat_id, "quiero comprar 2 cascos de seguridad dielectricos blancos")
    _say(
        stack, chat_id, "Soy Nora Quintero, cédula 43765123, celular 3105550199, dirección Calle 9 # 4-12, Cali", token
    )
    _say(stack, chat_id, "sí, confirmo", token)


def test_the_metrics_are_charts_with_their_numbers(local_stack: RunningStack, page: Any) -> None:
    _require_route(httpx.get(f"{local_stack.base_url}/metricas", headers=local_stack.staff_headers), "GET /metricas")
    _a_day_of_chats_and_a_sale(local_stack)
    figures = httpx.get(f"{local_stack.base_url}/metricas", headers=local_stack.staff_headers).json()
    assert figures["conversion"]["ventas"] >= 1 and figures["conversaciones"] >= 4, figures
    _sign_in_with_token(page, local_stack)
    _open_tab(page, "Métricas")
    page.locator("#graficas figure").nth(5).wait_for(timeout=WAIT_MS)
    titles = page.locator("#graficas figure h3").all_inner_texts()
    assert [t.split(" (")[0].split(":")[0] for t in titles] == [
        "Ventas por día", "Embudo", "Mensajes por tipo", "Latencia de respuesta", "Modelo de lenguaje",
        "Productos más vendidos",
    ]  # fmt: skip
    assert page.locator("#graficas figure table").count() == 6  # each chart's numbers, for screen readers
    latency = page.locator("#graficas figure").nth(3)
    assert latency.locator("table").get_attribute("class") == "sr-only"
    latency.get_by_role("button", name=re.compile("Ver los números")).click()
    assert latency.locator("table").is_visible()
    assert "p95" in latency.locator("table").inner_text()
    assert page.locator("#graficas canvas").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "panel-metricas.png"), full_page=True)


def test_a_ventas_advisor_takes_over_a_storefront_chat(local_stack: RunningStack, page: Any) -> None:
    """The issue's scenario end to end, in two browsers: a customer on the storefront widget, a `ventas` advisor on
    the panel — the conversation appears live, the request for a person is announced, the advisor pauses the agent,
    replies (the customer's widget shows it) and hands back."""
    _sign_in_as_new_account(page, local_stack, "ventas")
    _open_tab(page, "Bandeja")
    page.locator("#en-vivo[data-estado='conectado']").wait_for(timeout=WAIT_MS)

    customer = page.context.browser.new_context(locale="es-CO").new_page()
    customer.goto(f"{local_stack.base_url}/demo/")
    customer.locator("button.lanzador").click()
    customer.locator(".estado[data-modo=ws]").wait_for(timeout=WAIT_MS)
    customer.locator(".burbuja.agente").first.wait_for(timeout=WAIT_MS)

    def customer_says(text: str) -> None:
        before = customer.locator(".burbuja.agente").count()
        customer.locator("#agente-mensaje").fill(text)
        customer.locator("button.enviar").click()
        expect(customer.locator(".burbuja.agente")).to_have_count(before + 1, timeout=WAIT_MS)

    customer_says("buenas, ¿tienen cascos dieléctricos?")
    chat_id = customer.locator("agente-chat").get_attribute("data-chat-id")
    page.locator("#lista-bandeja tbody tr", has_text=chat_id).wait_for(timeout=WAIT_MS)  # live, no reload

    customer.locator("#agente-mensaje").fill("quiero hablar con una persona, por favor")
    customer.locator("button.enviar").click()
    alert = page.get_by_role("alert").filter(has_text=chat_id)
    alert.wait_for(timeout=WAIT_MS)
    alert.get_by_role("button", name=f"Abrir chat {chat_id}").click()

    page.get_by_role("button", name=f"Pausar chat {chat_id}").click()
    page.locator("#estado-chat", has_text="pausado").wait_for(timeout=WAIT_MS)
    page.get_by_label("Mensaje para el cliente").fill("Hola, soy Marta, asesora. Te ayudo con los cascos.")
    page.get_by_role("button", name=f"Enviar respuesta al chat {chat_id}").click()
    customer.locator(".burbuja.asesor", has_text="soy Marta").wait_for(timeout=WAIT_MS)  # on the customer's widget
    page.get_by_role("button", name=f"Reanudar chat {chat_id}").click()
    page.locator("#estado-chat", has_text="agente activo").wait_for(timeout=WAIT_MS)
    customer_says("¿y cuánto vale el blanco?")  # the agent answers again

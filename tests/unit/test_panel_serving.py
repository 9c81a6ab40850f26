"""How /admin/ is served: the page and its files, locked down by headers, with the WebSocket API allowed to connect."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from agente_vendedor.api.error_handlers import install_error_handlers
from agente_vendedor.api.routers import panel
from tests.conftest import STAFF, reset_caches

AWS_WS = "https://abc123.execute-api.us-east-1.amazonaws.com/prod"


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("WS_ENDPOINT_URL", AWS_WS)
    reset_caches()
    app = FastAPI()
    app.include_router(panel.router)
    install_error_handlers(app)
    yield TestClient(app)
    reset_caches()


def test_in_aws_the_page_points_at_the_websocket_api_and_the_csp_allows_only_it(client: TestClient) -> None:
    response = client.get("/admin/", headers=STAFF)
    assert response.status_code == 200
    meta = re.search(r'<meta name="agente-websocket" content="([^"]*)">', response.text)
    assert meta is not None and meta.group(1) == "wss://abc123.execute-api.us-east-1.amazonaws.com/prod"
    csp = dict(part.split(" ", 1) for part in response.headers["content-security-policy"].split("; "))
    assert csp["connect-src"] == "'self' wss://abc123.execute-api.us-east-1.amazonaws.com"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert response.headers["cache-control"] == "no-store"


def test_without_a_websocket_url_the_page_uses_its_own_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WS_ENDPOINT_URL", raising=False)
    reset_caches()
    try:
        assert 'content=""' in panel.panel_page()
        assert "connect-src 'self';" in panel.content_security_policy()
    finally:
        reset_caches()


@pytest.mark.parametrize(
    ("accept", "media_type"), [("text/html,application/xhtml+xml", "text/html"), ("*/*", "application/json")]
)
def test_without_a_token_a_browser_gets_the_sign_in_page_and_a_client_json(
    client: TestClient, accept: str, media_type: str
) -> None:
    response = client.get("/admin/", headers={"Accept": accept, "Authorization": "Bearer otro"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(media_type)
    assert client.get("/admin/", params={"token": STAFF["Authorization"].split()[1]}).status_code == 401


def test_every_script_and_stylesheet_is_served_and_nothing_else(client: TestClient) -> None:
    files = panel.static_files()
    assert {"admin.js", "admin.css", "list_view.js", "vendor/chart.umd.min.js"} <= set(files)
    assert not [name for name in files if not name.endswith((".js", ".css"))]
    for name in files:
        response = client.get(f"/admin/{name}")
        assert response.status_code == 200 and response.headers["x-content-type-options"] == "nosniff", name
    for name in ("admin.html", "vendor/chart.js-LICENSE.md", "../routers/panel.py", "nada.js"):
        assert client.get(f"/admin/{name}").status_code == 404, name


def test_each_module_the_page_imports_is_served() -> None:
    """A missing module would break the page in the browser only: every relative import names a served file."""
    files = panel.static_files()
    for name, (content, _) in files.items():
        for imported in re.findall(rb'from "\./([a-z_]+\.js)"', content):
            assert imported.decode() in files, (name, imported)

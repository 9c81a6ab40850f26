"""Every staff route of /openapi.json enforces the role table (contract §2): 401 without a valid token, 403 with a
role that does not reach it (before anything about the body), neither with a role that does. A staff route that is
not in the table below fails the test: each new route must be given its roles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from agente_vendedor.api.app import create_app
from tests.conftest import STAFF, aws_from_template, empty_database
from tests.e2e.contract_helpers import assert_spanish_error
from tests.integration.staff_setup import ROLES, role_headers
from tests.integration.test_error_responses import PUBLIC

pytestmark = pytest.mark.integration

APP = create_app()
OPENAPI = APP.openapi()
EVERY_ROLE = {"admin", "ventas", "inventario"}
SALES_ROLES = {"admin", "ventas"}
# Contract §2: admin everything; ventas chats, orders, sales, customers, exports, metrics; inventario catalogue and
# company; every role its own session and the panel. By path prefix, the first that matches.
EXPECTED_ROLES: list[tuple[str, set[str]]] = [
    ("/usuarios", {"admin"}),
    ("/logs/", {"admin"}),
    ("/auth/yo", EVERY_ROLE),
    ("/admin/", EVERY_ROLE),
    ("/productos", {"admin", "inventario"}),
    ("/empresa", {"admin", "inventario"}),
    ("/clientes", SALES_ROLES),
    ("/ventas", SALES_ROLES),
    ("/pedidos", SALES_ROLES),
    ("/chats", SALES_ROLES),
    ("/chat/{chat_id}/", SALES_ROLES),
    ("/metricas", SALES_ROLES),
    ("/exportar/", SALES_ROLES),
    ("/files/exports/", SALES_ROLES),
    ("/files/storage/", SALES_ROLES),
]
PLACEHOLDERS = {
    "{chat_id}": "qa_roles",
    "{sku}": "QA-ROL-1",
    "{cedula}": "1061789234",
    "{venta_id}": "no-existe",
    "{pedido_id}": "no-existe",
    "{usuario}": "nadie",
    "{tipo}": "no-existe",
    "{archivo}": "no-existe.csv",
}
STAFF_OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in OPENAPI["paths"].items()
    for method in item
    if (method.upper(), path) not in PUBLIC
)


def _expected_roles(path: str) -> set[str]:
    for prefix, roles in EXPECTED_ROLES:
        if path.startswith(prefix):
            return roles
    raise AssertionError(f"{path} is a staff route without roles in EXPECTED_ROLES")


def _concrete(path: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        path = path.replace(placeholder, value)
    assert "{" not in path, path
    return path


@pytest.fixture(scope="module")
def tokens(database_url: str) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """The app (PostgreSQL, moto) and an account of each role, logged in."""
    empty_database()
    with aws_from_template("WS_ENDPOINT_URL"):
        client = TestClient(APP)
        yield client, role_headers(client)


def test_the_staff_routes_are_the_whole_document_but_the_public_ones() -> None:
    assert len(STAFF_OPERATIONS) >= 25
    assert ("POST", "/auth/") not in STAFF_OPERATIONS and ("GET", "/auth/yo") in STAFF_OPERATIONS
    for _, path in STAFF_OPERATIONS:
        assert _expected_roles(path) <= EVERY_ROLE


@pytest.mark.parametrize(("method", "path"), STAFF_OPERATIONS, ids=lambda value: value)
def test_every_staff_route_enforces_its_roles(
    tokens: tuple[TestClient, dict[str, dict[str, str]]], method: str, path: str
) -> None:
    client, headers = tokens
    url = _concrete(path)
    for anonymous in ({}, {"Authorization": "Bearer no-es-un-token"}, {"Authorization": "Basic abc"}):
        response = client.request(method, url, headers=anonymous, follow_redirects=False)
        assert response.status_code == 401, (anonymous, response.text)
        assert_spanish_error(response, 401)
    allowed = _expected_roles(path)
    for rol in ROLES:
        response = client.request(method, url, headers=headers[rol], follow_redirects=False)
        if rol in allowed:
            assert response.status_code not in (401, 403), (rol, response.status_code, response.text[:300])
            assert response.status_code < 500, (rol, response.text[:300])
        else:
            assert response.status_code == 403, (rol, response.status_code, response.text[:300])
            assert f"'{rol}'" in assert_spanish_error(response, 403)
    assert client.request(method, url, headers=STAFF, follow_redirects=False).status_code not in (401, 403)


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for m, p in STAFF_OPERATIONS if "requestBody" in OPENAPI["paths"][p][m.lower()]],
    ids=lambda value: value,
)
def test_a_role_that_does_not_reach_a_route_gets_403_before_anything_about_the_body(
    tokens: tuple[TestClient, dict[str, dict[str, str]]], method: str, path: str
) -> None:
    client, headers = tokens
    for rol in ROLES:
        if rol in _expected_roles(path):
            continue
        malformed = {**headers[rol], "Content-Type": "application/json"}
        response = client.request(method, _concrete(path), content=b'{"roto": ', headers=malformed)
        assert response.status_code == 403, (rol, response.text)

"""Customers, sales, orders and company routes through the FastAPI app on real PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import STAFF

pytestmark = pytest.mark.integration

PRODUCTS = [
    {
        "sku": "T-CAB-001",
        "nombre": "Casco dieléctrico clase E",
        "descripcion": "ANSI Z89.1",
        "categoria": "Cabeza",
        "precio": 38000,
        "stock": 5,
        "marca": "Steelpro",
        "sinonimos": ["pava"],
        "activo": True,
    },
    {
        "sku": "T-GUA-001",
        "nombre": "Guantes de nitrilo",
        "descripcion": "Caja x 100",
        "categoria": "Manos",
        "precio": 25000,
        "stock": 50,
        "marca": None,
        "sinonimos": [],
        "activo": True,
    },
]
DIEGO = {
    "cedula": "1061789234",
    "tipo": "persona",
    "nombre": "Diego Alejandro Bermúdez",
    "telefono": "3124458812",
    "email": "diego@example.com",
    "direccion": "Calle 72 # 28D-15",
    "ciudad": "Cali",
}
EMPRESA = {"cedula": "900318642-1", "nombre": "Montajes Andina S.A.S.", "telefono": "6026651020"}


@pytest.fixture
def client(db: None) -> TestClient:
    from agente_vendedor.api.app import create_app

    client = TestClient(create_app())
    assert client.post("/productos/importar", json=PRODUCTS, headers=STAFF).json()["creados"] == 2
    return client


def test_staff_routes_refuse_without_token(client: TestClient) -> None:
    for method, path in [
        ("get", "/clientes/"),
        ("get", "/ventas/"),
        ("get", "/pedidos/"),
        ("get", "/logs/"),
        ("put", "/empresa"),
        ("get", "/admin/"),
        ("post", "/ventas/"),
    ]:
        response = getattr(client, method)(path, headers={"Authorization": "Bearer equivocado"})
        assert response.status_code == 401, path
        assert "token" in response.json()["detail"]


def test_customers_and_manual_sale_with_history_and_stats(client: TestClient) -> None:
    assert client.post("/clientes/", json=DIEGO, headers=STAFF).status_code == 201
    assert client.post("/clientes/", json=DIEGO, headers=STAFF).status_code == 409
    company = client.post("/clientes/", json=EMPRESA, headers=STAFF).json()
    assert company["tipo"] == "empresa"
    bad = client.post("/clientes/", json={**EMPRESA, "cedula": "900318642-5"}, headers=STAFF)
    assert bad.status_code == 422 and "dígito de verificación" in bad.text

    sale = client.post(
        "/ventas/",
        json={
            "cliente": {"cedula": "1061789234"},
            "items": [{"sku": "T-CAB-001", "cantidad": 2}, {"sku": "T-GUA-001", "cantidad": 1}],
        },
        headers=STAFF,
    )
    assert sale.status_code == 201, sale.text
    body = sale.json()
    assert (
        body["total"] == 2 * 38000 + 25000
        and body["canal"] == "manual"
        and body["cliente"]["nombre"] == DIEGO["nombre"]
    )
    assert client.get("/productos/T-CAB-001").json()["stock"] == 3

    short = client.post(
        "/ventas/",
        json={"cliente": {"cedula": "1061789234"}, "items": [{"sku": "T-CAB-001", "cantidad": 4}]},
        headers=STAFF,
    )
    assert short.status_code == 409 and "hay 3 disponibles" in short.json()["detail"]
    unknown = client.post(
        "/ventas/",
        json={"cliente": {"cedula": "1061789234"}, "items": [{"sku": "NO-EXISTE", "cantidad": 1}]},
        headers=STAFF,
    )
    assert unknown.status_code == 404
    stranger = client.post(
        "/ventas/",
        json={"cliente": {"cedula": "99999999"}, "items": [{"sku": "T-GUA-001", "cantidad": 1}]},
        headers=STAFF,
    )
    assert stranger.status_code == 404
    assert client.get("/productos/T-CAB-001").json()["stock"] == 3, "refused sales wrote nothing"

    detail = client.get("/clientes/1061789234", headers=STAFF).json()
    assert detail["estadisticas"]["numero_compras"] == 1
    assert detail["estadisticas"]["total_compras"] == body["total"]
    assert detail["estadisticas"]["productos_frecuentes"][0] == {
        "sku": "T-CAB-001",
        "nombre": "Casco dieléctrico clase E",
        "cantidad": 2,
    }
    assert detail["historial"][0]["id"] == body["id"]

    listed = client.get("/ventas/", params={"cedula": "1061789234"}, headers=STAFF).json()
    assert listed["total"] == 1 and listed["items"][0]["items"][0]["precio_unitario"] == 38000
    assert (
        client.get("/ventas/", params={"desde": "2000-01-01", "hasta": "2000-12-31"}, headers=STAFF).json()["total"]
        == 0
    )
    assert client.get(f"/ventas/{body['id']}", headers=STAFF).json() == body
    assert client.get("/ventas/", params={"desde": "ayer"}, headers=STAFF).status_code == 422
    assert client.get("/clientes/", params={"q": "bermudez"}, headers=STAFF).json()["total"] == 1
    # newest first: the staff member read the customer's record after closing the sale
    assert [e["tipo"] for e in client.get("/logs/", headers=STAFF).json()["items"][:2]] == [
        "cliente_consultado",
        "venta_cerrada",
    ]


def test_full_customer_in_sale_creates_it(client: TestClient) -> None:
    sale = client.post(
        "/ventas/", json={"cliente": EMPRESA, "items": [{"sku": "T-GUA-001", "cantidad": 3}]}, headers=STAFF
    )
    assert sale.status_code == 201
    assert client.get("/clientes/900318642-1", headers=STAFF).json()["nombre"] == "Montajes Andina S.A.S."


def test_company_replace_and_read(client: TestClient) -> None:
    data = {
        "nombre": "Sextinvalle S.A.S.",
        "secciones": [{"titulo": "Horario", "contenido": "Lunes a viernes 8 a 6."}],
    }
    assert client.put("/empresa", json=data, headers=STAFF).status_code == 200
    assert client.get("/empresa").json() == data


def test_orders_listing_validates_state(client: TestClient) -> None:
    assert client.get("/pedidos/", headers=STAFF).json() == {
        "items": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }
    assert client.get("/pedidos/", params={"estado": "rara"}, headers=STAFF).status_code == 422
    assert client.get("/pedidos/nada", headers=STAFF).status_code == 404


def test_pagination_bounds(client: TestClient) -> None:
    page = client.get("/productos/", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["offset"] == 1
    assert client.get("/productos/", params={"limit": 0}).status_code == 422
    assert client.get("/productos/", params={"limit": 500}).status_code == 422


def test_staff_change_a_customer_and_the_change_is_audited(client: TestClient) -> None:
    assert client.post("/clientes/", json=DIEGO, headers=STAFF).status_code == 201
    change = {"telefono": "315 882 1144", "direccion": "Carrera 5 # 10-20", "email": None}
    assert client.patch("/clientes/1061789234", json=change).status_code == 401
    assert client.patch("/clientes/1061789234", json=change, headers={"Authorization": "Bearer x"}).status_code == 401
    assert client.get("/clientes/1061789234", headers=STAFF).json()["telefono"] == DIEGO["telefono"], "nothing written"

    changed = client.patch("/clientes/1061789234", json=change, headers=STAFF)
    assert changed.status_code == 200, changed.text
    assert changed.json() == {**DIEGO, "telefono": "3158821144", "direccion": "Carrera 5 # 10-20", "email": None}
    assert client.get("/clientes/1061789234", headers=STAFF).json()["direccion"] == "Carrera 5 # 10-20"
    event = client.get("/logs/", params={"tipo": "cliente_modificado"}, headers=STAFF).json()["items"][0]
    assert event["actor"] == "token:admin"  # the break-glass token (tests.conftest.STAFF)
    assert sorted(event["detalle"]["campos"]) == ["direccion", "email", "telefono"]
    assert "3158821144" not in str(event) and "Carrera" not in str(event), "field names, not values"

    renamed = client.patch("/clientes/1061789234", json={"nombre": "Diego A. Bermúdez Ruiz"}, headers=STAFF).json()
    assert renamed["nombre"] == "Diego A. Bermúdez Ruiz"
    assert client.get("/clientes/", params={"q": "ruiz"}, headers=STAFF).json()["total"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"cedula": "52345678"},
        {"nombre": None},
        {"telefono": "123"},
        {"email": "no-es-correo"},
        {"tipo": "otro"},
        {"nombre": "x" * 201},
    ],
)
def test_customer_patch_refuses_bad_input_in_spanish(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/clientes/", json=DIEGO, headers=STAFF).status_code == 201
    response = client.patch("/clientes/1061789234", json=body, headers=STAFF)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert client.get("/clientes/1061789234", headers=STAFF).json() | {"historial": None, "estadisticas": None} == {
        **DIEGO,
        "historial": None,
        "estadisticas": None,
    }


def test_customer_patch_of_an_unknown_customer_is_404_and_declared(client: TestClient) -> None:
    response = client.patch("/clientes/52345678", json={"nombre": "Ana Gil"}, headers=STAFF)
    assert response.status_code == 404 and "52345678" in response.json()["detail"]
    operation = client.get("/openapi.json").json()["paths"]["/clientes/{cedula}"]["patch"]
    assert {"200", "404", "422"} <= set(operation["responses"])
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/CustomerOut")

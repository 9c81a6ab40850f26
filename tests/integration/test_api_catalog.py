from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import STAFF

pytestmark = pytest.mark.integration


@pytest.fixture
def client(db: None) -> TestClient:
    from agente_vendedor.api.app import create_app

    return TestClient(create_app())


CASCO = {
    "sku": "T-CAB-001",
    "nombre": "Casco dieléctrico tipo I clase E",
    "descripcion": "Casco de polietileno, suspensión de 4 puntos, ANSI Z89.1 clase E (20.000 V).",
    "categoria": "Protección para la cabeza",
    "precio": 38000,
    "stock": 12,
    "marca": "Steelpro",
    "sinonimos": ["pava", "casco de seguridad"],
    "activo": True,
}


def test_product_crud_and_search(client: TestClient) -> None:
    assert client.post("/productos/", json=CASCO).status_code == 401
    created = client.post("/productos/", json=CASCO, headers=STAFF)
    assert created.status_code == 201, created.text
    assert created.json() == CASCO
    assert client.post("/productos/", json=CASCO, headers=STAFF).status_code == 409
    found = client.get("/productos/", params={"q": "pava dielectrica"}).json()
    assert [p["sku"] for p in found["items"]] == ["T-CAB-001"]
    assert client.patch("/productos/T-CAB-001", json={"precio": 40000}, headers=STAFF).json()["precio"] == 40000
    assert client.delete("/productos/T-CAB-001", headers=STAFF).json()["activo"] is False
    assert client.get("/productos/T-CAB-001").status_code == 404


def test_import_json_and_csv_with_row_errors(client: TestClient) -> None:
    bad = {**CASCO, "sku": "T-BAD", "precio": -5}
    result = client.post("/productos/importar", json=[CASCO, bad], headers=STAFF).json()
    assert result["creados"] == 1 and result["actualizados"] == 0
    assert result["errores"][0]["fila"] == 2 and "precio" in result["errores"][0]["error"]
    csv_body = (
        "sku,nombre,descripcion,categoria,precio,stock,marca,sinonimos,activo\n"
        "T-CAB-001,Casco clase E,desc,Protección para la cabeza,41000,3,Steelpro,pava|casco,true\n"
        "T-GUA-001,Guantes de nitrilo,desc,Protección de manos,9000,100,,guantes|nitrilo,1\n"
    )
    result = client.post(
        "/productos/importar", content=csv_body.encode(), headers={**STAFF, "Content-Type": "text/csv"}
    ).json()
    assert (result["creados"], result["actualizados"], result["errores"]) == (1, 1, [])
    assert client.get("/productos/T-GUA-001").json()["sinonimos"] == ["guantes", "nitrilo"]


def test_validation_errors_are_spanish_4xx(client: TestClient) -> None:
    response = client.post("/productos/", content=b"{no json", headers={**STAFF, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "El cuerpo no es un JSON válido"
    response = client.post("/productos/", json={**CASCO, "sku": "con espacios"}, headers=STAFF)
    assert response.status_code == 422
    too_big = client.post(
        "/productos/",
        content=b"[" + b"1," * 600_000 + b"1]",
        headers={**STAFF, "Content-Type": "application/json"},
    )
    assert too_big.status_code == 413 and "MB" in too_big.json()["detail"]

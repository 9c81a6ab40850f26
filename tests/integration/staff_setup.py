"""Staff accounts for the integration tests: created through the API with the break-glass token, logged in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import STAFF

PASSWORD = "clave-de-prueba-2026"
ROLES = ("admin", "ventas", "inventario")


def create_user(client: TestClient, usuario: str, rol: str, clave: str = PASSWORD, nombre: str = "") -> None:
    body = {"usuario": usuario, "nombre": nombre or usuario.title(), "rol": rol, "clave": clave}
    response = client.post("/usuarios/", json=body, headers=STAFF)
    assert response.status_code == 201, response.text


def login(client: TestClient, usuario: str, clave: str = PASSWORD) -> dict[str, str]:
    """`Authorization` headers with a fresh token of the account."""
    response = client.post("/auth/", json={"usuario": usuario, "clave": clave})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def role_headers(client: TestClient) -> dict[str, dict[str, str]]:
    """One account per role (`rol-admin`, `rol-ventas`, `rol-inventario`) and its token headers, by role."""
    for rol in ROLES:
        create_user(client, f"rol-{rol}", rol)
    return {rol: login(client, f"rol-{rol}") for rol in ROLES}

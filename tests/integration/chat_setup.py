"""A chat-ready app for the chat integration tests: migrated PostgreSQL, moto DynamoDB, a small catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.chat_tokens import chat_headers, keep_token
from tests.conftest import STAFF, aws_from_template

CATALOG: list[dict[str, Any]] = [
    {"sku": "T-CAB-001", "nombre": "Casco dieléctrico clase E azul con ratchet", "descripcion": "Casco tipo I clase E, "
     "dieléctrico hasta 20.000 V, ANSI Z89.1.", "categoria": "Protección para la cabeza", "precio": 49000,
     "stock": 40, "marca": "Steelpro", "sinonimos": ["casco azul", "pava"], "activo": True},
    {"sku": "T-MAN-001", "nombre": "Guante de carnaza corto (par)", "descripcion": "Guante de carnaza de res para "
     "manejo de materiales rugosos y varilla.", "categoria": "Protección de manos", "precio": 9800, "stock": 300,
     "marca": None, "sinonimos": ["guante de cuero"], "activo": True},
    {"sku": "T-LOT-001", "nombre": "Kit de bloqueo y etiquetado LOTO", "descripcion": "Maletín con candados "
     "dieléctricos y tarjetas de bloqueo.", "categoria": "Bloqueo y etiquetado", "precio": 350000, "stock": 2,
     "marca": "Brady", "sinonimos": ["kit loto"], "activo": True},
    {"sku": "T-ROP-001", "nombre": "Mangas de carnaza para soldador (par)", "descripcion": "Protegen los antebrazos "
     "de chispas.", "categoria": "Ropa de protección", "precio": 26000, "stock": 0, "marca": None,
     "sinonimos": ["mangas de soldador"], "activo": True},
    {"sku": "T-FUE-001", "nombre": "Extintor PQS vehicular de 5 lb", "descripcion": "Extintor ABC de 5 libras con "
     "soporte para vehículo.", "categoria": "Protección contra incendios", "precio": 62000, "stock": 100,
     "marca": "Amerex", "sinonimos": ["extintor para carro"], "activo": True},
]  # fmt: skip
EMPRESA = {
    "nombre": "Seguridad de Prueba S.A.S.",
    "secciones": [
        {"titulo": "Horario", "contenido": "Atendemos de lunes a viernes de 7:00 a. m. a 5:00 p. m."},
        {"titulo": "Contacto", "contenido": "WhatsApp 300 000 1122 y correo ventas@prueba.co."},
        {"titulo": "Envíos", "contenido": "Domicilio en Cali por $8.000; envíos nacionales en 4 días hábiles."},
    ],
}
KNOWN_CUSTOMER = {
    "cedula": "1061789234", "tipo": "persona", "nombre": "Diego Alejandro Bermúdez", "telefono": "3124458812",
    "email": "diego@example.com", "direccion": "Calle 72 # 28D-15", "ciudad": "Cali",
}  # fmt: skip


def product(sku: str, nombre: str, categoria: str, precio: int, **extra: Any) -> dict[str, Any]:
    """A catalogue product for a test's own shop (60 in stock, its name as description unless `extra` says)."""
    return {"sku": sku, "nombre": nombre, "descripcion": f"{nombre}.", "categoria": categoria, "precio": precio,
            "stock": 60, "marca": None, "sinonimos": [], "activo": True, **extra}  # fmt: skip


@contextmanager
def shop_with(catalog: list[dict[str, Any]], empresa: dict[str, Any]) -> Iterator[TestClient]:
    """The app over moto and an empty database, with this catalogue and company loaded through the API."""
    from agente_vendedor.api.app import create_app

    with aws_from_template():
        client = TestClient(create_app())
        assert client.post("/productos/importar", json=catalog, headers=STAFF).json()["creados"] == len(catalog)
        assert client.put("/empresa", json=empresa, headers=STAFF).status_code == 200
        yield client


@pytest.fixture
def chat_client(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        assert client.post("/clientes/", json=KNOWN_CUSTOMER, headers=STAFF).status_code == 201
        sale = {"cliente": {"cedula": KNOWN_CUSTOMER["cedula"]}, "items": [{"sku": "T-MAN-001", "cantidad": 12}]}
        assert client.post("/ventas/", json=sale, headers=STAFF).status_code == 201
        yield client


class Conversation:
    def __init__(self, client: TestClient, chat_id: str, *, staff: bool = False, tono: str = "amigable") -> None:
        self.client = client
        self.chat_id = chat_id
        self.headers = STAFF if staff else {}
        self.tono = tono
        self.last: dict[str, Any] = {}

    def say(self, mensaje: str) -> dict[str, Any]:
        body = {"chat_id": self.chat_id, "mensaje": mensaje, "tono": self.tono}
        response = keep_token(
            self.chat_id, self.client.post("/chat/texto", json=body, headers=chat_headers(self.chat_id, self.headers))
        )
        assert response.status_code == 200, response.text
        self.last = response.json()
        return self.last

    @property
    def items(self) -> dict[str, int]:
        return {i["sku"]: i["cantidad"] for i in (self.last.get("pedido") or {}).get("items", [])}

    @property
    def estado(self) -> str | None:
        return self.last.get("estado_venta")


def stock(client: TestClient, sku: str) -> int:
    return int(client.get(f"/productos/{sku}").json()["stock"])

"""Through the chat API (real PostgreSQL): a complaint about goods received is answered from the after-sales
section whatever shipping words it says, and damage told by its adjective ("rajados", "despegadas") is such a
complaint (examples written for these tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, shop_with

pytestmark = pytest.mark.integration

CATALOG = [
    {"sku": "R-CAS-001", "nombre": "Casco de seguridad Otanche blanco", "descripcion": "Casco tipo I clase E.",
     "categoria": "Cabeza", "precio": 36000, "stock": 40, "marca": None, "sinonimos": [], "activo": True},
    {"sku": "R-TAP-001", "nombre": "Tapones auditivos Otanche caja x 100", "descripcion": "Tapones de espuma.",
     "categoria": "Oídos", "precio": 98000, "stock": 40, "marca": None, "sinonimos": [], "activo": True},
]  # fmt: skip
EMPRESA = {
    "nombre": "Dotaciones Otanche S.A.S.",
    "secciones": [
        {
            "titulo": "Envíos",
            "contenido": "Enviamos por transportadora a todo el país; el flete es gratis desde $500.000.",
        },
        {
            "titulo": "Reclamos por mercancía",
            "contenido": "Si la mercancía llega dañada o incompleta, avísenos dentro de las 72 horas con fotos y "
            "reponemos lo que falte sin volver a cobrar el flete.",
        },
    ],
}


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


@pytest.mark.parametrize(
    "message",
    [
        "nos llegaron 2 cascos rajados en la caja del envío, ¿qué hacemos?",
        "el despacho nos llegó incompleto: faltó la caja de tapones, ¿nos vuelven a cobrar el flete?",
    ],
)
def test_a_complaint_about_goods_received_is_answered_from_after_sales(shop: TestClient, message: str) -> None:
    reply = Conversation(shop, "reclamo").say(message)
    assert reply["tipo_mensaje"] == "contexto"
    assert "72 horas" in reply["respuesta"]

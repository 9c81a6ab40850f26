"""Through the chat API (real PostgreSQL), on a catalogue and company of their own: a hazard's product filed under
another category still answers the hazard; a product named outright beats one a need word points to; a count of what
the customer has orders nothing; a register or a town only the company's sections name is asked about without "?"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, shop_with

pytestmark = pytest.mark.integration


def _product(sku: str, nombre: str, categoria: str, descripcion: str = "", precio: int = 50000) -> Any:
    return {"sku": sku, "nombre": nombre, "descripcion": descripcion or f"{nombre}.", "categoria": categoria,
            "precio": precio, "stock": 40, "marca": None, "sinonimos": [], "activo": True}  # fmt: skip


CATALOG = [
    _product("N-MAN-001", "Guante de vaqueta para carga", "Guantes", "Protege las manos al manipular bultos."),
    _product(
        "N-MAN-002", "Guante de nitrilo para aceites", "Guantes", "Protege las manos de grasas y aceites del taller."
    ),
    _product("N-MAN-003", "Guante anticorte de fibra", "Guantes", "Protege las manos de láminas y vidrio."),
    _product(
        "N-ELE-001",
        "Guante dieléctrico de caucho clase 0",
        "Equipos para electricistas",
        "Protege las manos hasta 1.000 V.",
    ),
    _product("N-ELE-002", "Pértiga de fibra de vidrio 4 m", "Equipos para electricistas", "Maniobra a distancia."),
    _product("N-GAS-001", "Detector monogás de H2S Pozo", "Detección", "Alarma de sulfuro de hidrógeno."),
    _product("N-GAS-002", "Detector multigás Pozo de 4 sensores", "Detección", "O2, LEL, CO y H2S en espacios."),
    _product("N-EXT-001", "Extintor ABC de 10 libras", "Extintores", "Polvo químico seco."),
    _product("N-CAB-001", "Casco blanco de ala corta", "Cabeza"),
]
EMPRESA = {
    "nombre": "Suministros Opita de Prueba S.A.S.",
    "secciones": [
        {"titulo": "Quiénes somos", "contenido": "Vendemos protección personal en el Huila desde 2012."},
        {"titulo": "Contratación pública",
         "contenido": "Estamos registrados en Colcompras y enviamos documentos a las entidades que los pidan."},
        {"titulo": "Rutas", "contenido": "Los martes llevamos pedidos a Garzón, Pitalito y Timaná sin costo."},
        {"titulo": "Mantenimiento de extintores",
         "contenido": "Recargamos extintores en 48 horas y recogemos en su empresa desde 10 unidades."},
    ],
}  # fmt: skip


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


@pytest.mark.parametrize(
    "message",
    [
        "con qué me protejo las manos si voy a trabajar con cables energizados",
        "qué guantes aguantan la corriente de una caja de breakers",
    ],
)
def test_a_hazards_glove_filed_elsewhere_answers_it(shop: TestClient, message: str) -> None:
    reply = Conversation(shop, f"guante-{abs(hash(message)) % 10**8}").say(message)
    assert next(p["sku"] for p in reply["productos"]) == "N-ELE-001"


def test_a_product_named_outright_beats_one_a_need_word_points_to(shop: TestClient) -> None:
    reply = Conversation(shop, "detector-nombrado").say("busco detector de h2s")
    assert next(p["sku"] for p in reply["productos"]) == "N-GAS-001"


def test_what_the_customer_has_orders_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "lo-que-tienen")
    reply = chat.say("tenemos 12 extintores vencidos, ustedes los recogen")
    assert chat.items == {}
    assert reply["tipo_mensaje"] == "contexto"
    assert "recogemos" in reply["respuesta"].lower()


@pytest.mark.parametrize(
    ("message", "fact"),
    [("ustedes estan registrados en colcompras", "Colcompras"), ("llevan pedidos hasta timana", "martes")],
)
def test_a_name_only_the_company_gives_is_asked_without_question_mark(
    shop: TestClient, message: str, fact: str
) -> None:
    reply = Conversation(shop, f"nombre-{abs(hash(message)) % 10**8}").say(message)
    assert reply["tipo_mensaje"] == "contexto"
    assert fact in reply["respuesta"]


def test_a_town_said_with_a_product_still_asks_for_the_product(shop: TestClient) -> None:
    reply = Conversation(shop, "pueblo-y-producto").say("soy de timana y necesito cascos blancos")
    assert reply["tipo_mensaje"] == "inventario"
    assert next(p["sku"] for p in reply["productos"]) == "N-CAB-001"

"""Through the chat API (real PostgreSQL), on a shop of its own: goods of the shop counted in a complaint ("2 … de los
suyos") change no line; damaged goods and what to do with them asked is after-sales, answered from the company's own
warranty section (not its exchanges of unused goods); whether one may buy, asked outside an order, is the company's
terms and adds nothing; the price of carrying the order is shipping's (examples written for these tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, product, shop_with

pytestmark = pytest.mark.integration


CATALOG = [
    product("T-MOS-001", "Mosquetón de acero Tamesis de rosca", "Alturas", 28000),
    product("T-BOT-001", "Bota de cuero Tamesis con puntera talla 41", "Calzado", 118000),
    product("T-LAM-001", "Lámpara minera Tamesis de casco", "Minería", 152000),
]
EMPRESA = {
    "nombre": "Dotaciones Tamesis S.A.S.",
    "secciones": [
        {"titulo": "Garantías", "contenido": "Garantía de 4 meses por defectos de fabricación; el calzado, por suela."},
        {"titulo": "Cambios", "contenido": "Cambiamos tallas en 5 días si el producto no se usó; traiga la factura."},
        {"titulo": "Requisitos para comprar", "contenido": "Las lámparas mineras solo se venden a minas con título."},
        {"titulo": "Envíos", "contenido": "Llevamos pedidos a veredas por $18.000 si el camino es destapado."},
        {"titulo": "Horario", "contenido": "Atendemos de lunes a sábado de 7:00 a. m. a 5:00 p. m."},
    ],
}


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


def test_goods_of_the_shop_counted_in_a_complaint_change_no_line(shop: TestClient) -> None:
    chat = Conversation(shop, "de-los-suyos")
    chat.say("necesito 10 mosquetones Tamesis de rosca")
    assert chat.items == {"T-MOS-001": 10}
    chat.say("el inspector de la obra no aprobó 2 mosquetones de los suyos")
    assert chat.items == {"T-MOS-001": 10}


def test_damaged_goods_and_what_to_do_asked_is_answered_by_the_warranty(shop: TestClient) -> None:
    chat = Conversation(shop, "se-desperdigo")
    body = chat.say("a la bota se le despegó la suela al mes, qué hago")
    assert body["tipo_mensaje"] == "contexto"
    assert "4 meses" in body["respuesta"]
    assert chat.items == {}


def test_a_broken_part_asked_about_is_the_warranty_not_the_exchange_of_unused_goods(shop: TestClient) -> None:
    chat = Conversation(shop, "se-partio-la-rosca")
    body = chat.say("al mosquetón se le partió la rosca a la semana, qué hago")
    assert body["tipo_mensaje"] == "contexto"
    assert "4 meses" in body["respuesta"]
    assert "5 días" not in body["respuesta"]  # the exchange of unused goods is not what a broken part asks
    assert chat.items == {}


def test_whether_one_may_buy_is_the_companys_terms(shop: TestClient) -> None:
    chat = Conversation(shop, "puedo-comprar")
    body = chat.say("¿puedo comprar una lámpara minera siendo persona natural?")
    assert body["tipo_mensaje"] == "contexto"
    assert "solo se venden a minas" in body["respuesta"]
    assert chat.items == {}


def test_the_price_of_carrying_the_order_is_shippings(shop: TestClient) -> None:
    chat = Conversation(shop, "cuanto-llevar")
    body = chat.say("¿cuánto cobran por traerme la mercancía a la vereda?")
    assert body["tipo_mensaje"] == "contexto"
    assert "18.000" in body["respuesta"]

"""Through the chat API (real PostgreSQL), on a catalogue of its own: a line taken out and put back comes back with
its units; "no, mejor déjelos" right after a removal undoes it (and "déjelos en portería" does not); "¿cuánto sería
todo?" in an open order answers the order's total and changes nothing; a piece of a purchase names a product by what
it is — the place where the buyer works is not the product whose synonym mentions it, and "2 extintores de 20" is an
extinguisher even when the cabinet "para extintor de 20" shares its words; a room ("en el cuarto de máquinas") is no
ordinal and counts of other things change no line (examples written for these tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, product, shop_with

pytestmark = pytest.mark.integration


CATALOG = [
    product("R-ARN-001", "Arnés Quimbaya de cuerpo completo de 3 argollas", "Alturas", 158000),
    product("R-ESL-001", "Eslinga Quimbaya en Y con absorbedor", "Alturas", 139000),
    product("R-MOS-001", "Mosquetón de acero Quimbaya de rosca", "Alturas", 28000),
    product("R-LAM-001", "Lámpara minera Calima de casco", "Minería", 152000, sinonimos=["lámpara de mina"]),
    product("R-BOT-001", "Bota de cuero Calima con puntera talla 41", "Calzado", 118000),
    product(
        "R-GAB-001",
        "Gabinete metálico para extintor de 10 lb",
        "Incendios",
        96000,
        descripcion="Gabinete de lámina con vidrio para extintores de hasta 10 lb.",
        sinonimos=["gabinete para extintor", "caja para extintor"],
    ),
    product(
        "R-EXT-001",
        "Extintor multipropósito ABC Calima de 10 lb",
        "Incendios",
        88000,
        sinonimos=["extintor de 10 libras"],
    ),
    product("R-EXT-002", "Extintor de CO2 Calima de 15 lb", "Incendios", 395000),
    product("R-EXT-003", "Extintor de agua a presión Calima de 2,5 galones", "Incendios", 160000),
    product("R-EXT-004", "Extintor de polvo químico Calima de 30 lb", "Incendios", 210000),
    product("R-EXT-005", "Extintor de CO2 Calima de 10 lb", "Incendios", 298000),
]
EMPRESA = {"nombre": "Dotaciones de Prueba del Quindío S.A.S.", "secciones": []}


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


def test_a_line_put_back_comes_back_with_its_units(shop: TestClient) -> None:
    chat = Conversation(shop, "vuelva-a-poner")
    chat.say("me manda 6 arneses Quimbaya y 6 eslingas en Y")
    chat.say("saque las eslingas")
    assert chat.items == {"R-ARN-001": 6}
    chat.say("ay no, pensándolo bien póngame otra vez las eslingas")
    assert chat.items == {"R-ARN-001": 6, "R-ESL-001": 6}


def test_a_count_said_when_putting_back_wins(shop: TestClient) -> None:
    chat = Conversation(shop, "vuelva-a-poner-3")
    chat.say("me manda 6 arneses Quimbaya y 6 eslingas en Y")
    chat.say("saque las eslingas")
    chat.say("bueno, póngame 3 eslingas en Y")
    assert chat.items == {"R-ARN-001": 6, "R-ESL-001": 3}


def test_keep_them_right_after_a_removal_undoes_it(shop: TestClient) -> None:
    chat = Conversation(shop, "dejelos")
    chat.say("quiero 5 arneses Quimbaya, 5 eslingas en Y y 10 mosquetones")
    chat.say("quíteme los mosquetones")
    assert chat.items == {"R-ARN-001": 5, "R-ESL-001": 5}
    chat.say("no, espere, mejor sí déjelos")
    assert chat.items == {"R-ARN-001": 5, "R-ESL-001": 5, "R-MOS-001": 10}


def test_only_the_last_removal_is_undone(shop: TestClient) -> None:
    chat = Conversation(shop, "dejelos-ultimo")
    chat.say("quiero 5 arneses Quimbaya, 5 eslingas en Y y 10 mosquetones")
    chat.say("quíteme los mosquetones")
    chat.say("quite también las eslingas")
    chat.say("uy no, déjelas")
    assert chat.items == {"R-ARN-001": 5, "R-ESL-001": 5}


def test_leave_them_somewhere_is_no_undo(shop: TestClient) -> None:
    chat = Conversation(shop, "dejelos-porteria")
    chat.say("quiero 5 arneses Quimbaya y 10 mosquetones")
    chat.say("quíteme los mosquetones")
    chat.say("y los arneses déjelos en la portería de la obra")
    assert chat.items == {"R-ARN-001": 5}


def test_the_total_asked_answers_the_order_and_changes_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "cuanto-todo")
    chat.say("quiero 2 arneses Quimbaya y 4 mosquetones")
    body = chat.say("¿y cuánto me sale todo?")
    assert chat.items == {"R-ARN-001": 2, "R-MOS-001": 4}
    assert body["tipo_mensaje"] == "venta"
    assert "428.000" in body["respuesta"]  # 2 x 158.000 + 4 x 28.000


def test_where_the_buyer_works_is_noproduct(shop: TestClient) -> None:
    chat = Conversation(shop, "trabajo-en-mina")
    chat.say("buenas, yo trabajo en una mina de Marmato y me mandaron a comprar 2 pares de botas de cuero talla 41")
    assert chat.items == {"R-BOT-001": 2}


def test_a_piece_names_a_product_by_what_it_is(shop: TestClient) -> None:
    chat = Conversation(shop, "gabinete-y-extintor")
    chat.say("necesito 3 gabinetes pa extintor de 10 libras y los 3 extintores multipropósito de 10 que van adentro")
    assert chat.items == {"R-GAB-001": 3, "R-EXT-001": 3}


def test_counts_of_other_things_and_a_room_leave_the_order(shop: TestClient) -> None:
    chat = Conversation(shop, "cuarto-de-maquinas")
    chat.say("quiero 2 extintores de CO2 de 10 libras")
    chat.say("en el cuarto de máquinas hay 12 motores y 3 tableros de 220")
    assert chat.items == {"R-EXT-005": 2}  # "cuarto" is the room, not the fourth product; 12 and 3 count other things
    chat.say("la buseta tiene 30 sillas y no sé si con 2 extintores de CO2 alcanza")
    assert chat.items == {"R-EXT-005": 2}

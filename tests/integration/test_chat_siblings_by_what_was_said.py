"""Through the chat API (real PostgreSQL): the words around a purchase ("pal taller grande del aserrío") never swap the
product the purchase named for a sibling whose description shares them — the one whose name holds the numbers said
stays; and a count of the goods a cabinet is for ("… y, para meter en ellos, 2 extintores ABC de 20") is the extinguisher, not
a question between it and the cabinet "para extintor de 10" (examples written for these tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, product, shop_with

pytestmark = pytest.mark.integration


def _extinguisher(sku: str, nombre: str, descripcion: str, precio: int, *sinonimos: str) -> dict[str, Any]:
    return product(sku, nombre, "Incendios", precio, descripcion=descripcion, stock=40, sinonimos=list(sinonimos))


CATALOG = [
    _extinguisher("S-EXT-010", "Extintor ABC Yarumal de 10 lb", "Polvo químico seco para oficinas y vehículos.", 90000),
    _extinguisher(
        "S-EXT-020",
        "Extintor ABC Yarumal de 20 lb",
        "Mayor capacidad para talleres grandes y bodegas.",
        160000,
        "extintor de 20 libras",
    ),
    _extinguisher("S-EXT-030", "Extintor ABC Yarumal de 30 lb", "Para plantas y parqueaderos.", 230000),
    _extinguisher(
        "S-CO2-010", "Extintor de CO2 Yarumal de 10 lb", "Para tableros eléctricos y cuartos de servidores.", 310000
    ),
    _extinguisher(
        "S-GAB-020",
        "Gabinete Yarumal para extintor de 20 lb",
        "Lámina pintada con vidrio, para extintores de hasta 20 lb.",
        118000,
        "gabinete para extintor",
        "caja para extintor",
    ),
]
EMPRESA = {"nombre": "Extintores Yarumal S.A.S.", "secciones": []}


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


def test_words_around_the_purchase_keep_the_product_whose_numbers_were_said(shop: TestClient) -> None:
    chat = Conversation(shop, "taller-grande")
    chat.say("pal taller grande del aserrío mándeme 3 extintores ABC de 10 lb")
    assert chat.items == {"S-EXT-010": 3}


def test_the_goods_a_cabinet_holds_are_no_choice_between_them(shop: TestClient) -> None:
    chat = Conversation(shop, "gabinete-y-los-de-adentro")
    chat.say("quiero 2 gabinetes Yarumal y, para meter en ellos, 2 extintores ABC de 20")
    assert chat.items == {"S-GAB-020": 2, "S-EXT-020": 2}

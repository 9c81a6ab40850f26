"""Through the chat API (real PostgreSQL), on a catalogue of its own: what a sale message says by its form edits the
order right — "con puntera" is not the boot "sin puntera"; "de un solo gas" is what the catalogue calls "monogás"; a model
code names its product, not the line whose synonyms share its noun; "las botas ya no las quiero, esas ya las tenemos…" removes the
boots; "mejor que sean 14 pares" changes the count, not the product whose name says "pares"; "es talla 43, no 41" keeps
the count; "sí señor, cancele todo" cancels; "se me olvidaban los de la otra brigada" neither cancels nor adds one; a
service asked mid-sale leaves the order as it was (examples written for these tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, product, shop_with

pytestmark = pytest.mark.integration


def _product(sku: str, nombre: str, categoria: str, precio: int, **extra: Any) -> dict[str, Any]:
    return product(sku, nombre, categoria, precio, **{"stock": 80, **extra})


CATALOG = [
    _product("F-BOT-001", "Bota de caucho Chita caña alta sin puntera talla 41", "Calzado", 41000),
    _product("F-BOT-002", "Bota de caucho Chita caña alta con puntera de acero talla 41", "Calzado", 69000),
    _product("F-BOT-003", "Bota de caucho Chita caña alta con puntera de acero talla 43", "Calzado", 69000),
    _product("F-IMP-001", "Impermeable de PVC Guican dos piezas talla M", "Ropa", 52000),
    _product("F-GAS-001", "Detector monogás de H2S Cusiana", "Gases", 1450000),
    _product("F-GAS-002", "Detector multigás Cusiana de 4 gases", "Gases", 3900000),
    _product(
        "F-CAS-001", "Casco minero Tibasosa con soporte de lámpara", "Cabeza", 61000, sinonimos=["casco con lámpara"]
    ),
    _product("F-LAM-001", "Lámpara minera LED Iza M3", "Minería", 260000),
    _product("F-GUA-001", "Guante de carnaza Firavitoba", "Manos", 9500),
    _product("F-GUA-002", "Guante de hilo punteado Firavitoba paquete x 12 pares", "Manos", 21000),
]
EMPRESA = {
    "nombre": "Dotaciones de Prueba del Valle de Sugamuxi S.A.S.",
    "secciones": [
        {"titulo": "Calibración", "contenido": "Calibramos detectores de gases en nuestro taller de Sogamoso."},
        {"titulo": "Pagos", "contenido": "Recibimos transferencia y efectivo."},
    ],
}


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


def test_con_x_is_not_the_product_whose_name_says_sin_x(shop: TestClient) -> None:
    chat = Conversation(shop, "con-puntera")
    chat.say("quiero 3 pares de bota Chita con puntera en talla 41")
    assert chat.items == {"F-BOT-002": 3}


def test_a_size_set_against_another_keeps_the_count(shop: TestClient) -> None:
    chat = Conversation(shop, "talla-no-talla")
    chat.say("quiero 3 pares de bota Chita con puntera en talla 41")
    chat.say("ay no, error mío: es talla 43, no 41")
    assert chat.items == {"F-BOT-003": 3}


def test_de_un_solo_gas_is_the_catalogues_monogas(shop: TestClient) -> None:
    chat = Conversation(shop, "un-solo-gas")
    chat.say("me manda 2 detectores de sulfhídrico de un solo gas")
    assert chat.items == {"F-GAS-001": 2}


def test_a_model_code_names_its_product_not_a_line_that_shares_its_noun(shop: TestClient) -> None:
    chat = Conversation(shop, "codigo-de-modelo")
    chat.say("quiero 4 cascos mineros")
    chat.say("y también 4 lámparas M3")
    assert chat.items == {"F-CAS-001": 4, "F-LAM-001": 4}


def test_a_removal_removes_what_its_words_name_whatever_a_pointer_after_it_resolves_to(shop: TestClient) -> None:
    chat = Conversation(shop, "quitar-por-palabras")
    chat.say("me anota 5 impermeables Guican talla M y 5 pares de botas Chita sin puntera talla 41")
    chat.say("las botas ya no las quiero, esas ya las tenemos en la bodega")
    assert chat.items == {"F-IMP-001": 5}


def test_a_count_of_pairs_changes_the_count_not_the_product(shop: TestClient) -> None:
    chat = Conversation(shop, "pares-no-es-producto")
    chat.say("me separa 10 pares del guante Firavitoba de carnaza")
    chat.say("ay no, se me olvidaban los de la otra brigada: mejor que sean 14 pares")
    assert chat.items == {"F-GUA-001": 14}
    assert chat.estado == "pendiente"


def test_yes_with_a_cancellation_cancels_never_accepts_the_last_offer(shop: TestClient) -> None:
    chat = Conversation(shop, "si-cancele")
    chat.say("necesito 2 detectores multigás")
    chat.say("Jairo Benavides, cc 74.380.112, cel 3124478810, Calle 12 # 10-40, Sogamoso")
    chat.say("¿qué guantes de carnaza tienen?")  # the agent shows (and may offer) a product
    reply = chat.say("sí señor, cancele todo, disculpe la molestia")
    assert reply["estado_venta"] == "cancelada"
    assert "F-GUA-001" not in chat.items


def test_a_service_asked_mid_sale_leaves_the_order(shop: TestClient) -> None:
    chat = Conversation(shop, "servicio-en-pedido")
    chat.say("me aparta 2 detectores multigás Cusiana")
    reply = chat.say("¿ustedes los calibran?")
    assert reply["tipo_mensaje"] == "contexto"
    assert chat.items == {"F-GAS-002": 2}


def test_an_attribute_changed_to_a_value_switches_the_line_to_that_variant(shop: TestClient) -> None:
    chat = Conversation(shop, "cambie-la-talla")
    chat.say("quiero 3 pares de bota Chita con puntera en talla 41")
    chat.say("Jairo Benavides, cc 74.380.112, cel 3124478810, Calle 12 # 10-40, Sogamoso")
    chat.say("ah, y cámbieme la talla a 43, que ya me las probé")
    assert chat.items == {"F-BOT-003": 3}


def test_n_more_of_a_line_named_by_its_size_adds_them(shop: TestClient) -> None:
    chat = Conversation(shop, "n-mas")
    chat.say("quiero 3 pares de bota Chita con puntera en talla 41")
    chat.say("y 2 pares en talla 43")
    chat.say("a las de talla 41 súmeles 2 más para completar 5")
    assert chat.items == {"F-BOT-002": 5, "F-BOT-003": 2}


def test_mas_after_another_number_of_the_message_adds_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "mas-de-otro-numero")
    chat.say("me separa 10 pares del guante Firavitoba de carnaza")
    chat.say("no, los guantes de carnaza cámbielos a 16, que entraron 6 más al turno")
    assert chat.items == {"F-GUA-001": 16}

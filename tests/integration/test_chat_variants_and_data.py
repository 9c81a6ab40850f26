"""Through the chat API (real PostgreSQL), on a catalogue of its own: a size or weight the shop lacks is proposed, not
substituted; a quantity said while the agent asks "¿cuál?" keeps the question; a variant beyond the options shown is
picked by its measure; a town in the delivery data that shares a brand's name orders nothing; delivery or payment
asked mid-sale without "?" answers from the company; stories, refusals and permissions leave the order as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.chat_setup import Conversation, shop_with

pytestmark = pytest.mark.integration


def _product(sku: str, nombre: str, categoria: str, precio: int, stock: int = 50, marca: str | None = None) -> Any:
    return {"sku": sku, "nombre": nombre, "descripcion": f"{nombre} para uso industrial.", "categoria": categoria,
            "precio": precio, "stock": stock, "marca": marca, "sinonimos": [], "activo": True}  # fmt: skip


CATALOG = [
    *(
        _product(f"V-FUE-00{i}", f"Extintor PQS multipropósito de {kg} kilos", "Extintores", 40000 + 9000 * i)
        for i, kg in enumerate([2, 4, 6, 9, 12], start=1)
    ),
    _product("V-PIE-001", "Botín dieléctrico negro talla 39", "Calzado", 61000),
    _product("V-PIE-002", "Botín dieléctrico negro talla 41", "Calzado", 61000),
    _product("V-VIS-001", "Gafas Turmequé lente claro", "Ojos", 12000, marca="Turmequé"),
    _product("V-VIS-002", "Gafas Turmequé lente oscuro", "Ojos", 12000, marca="Turmequé"),
    _product("V-CAB-001", "Casco de seguridad blanco", "Cabeza", 32000),
    {**_product("V-CAB-002", "Correa elástica para casco", "Cabeza", 9000), "sinonimos": ["correa", "tirilla"]},
    _product("V-FUE-009", "Extintor PQS multipropósito de 20 kilos", "Extintores", 160000, stock=0),
    _product("V-ALT-001", "Eslinga de posicionamiento 1 gancho", "Alturas", 120000),
    _product("V-ALT-002", "Eslinga de posicionamiento 2 ganchos", "Alturas", 190000),
    {**_product("V-CAR-001", "Careta de esmerilar visor incoloro", "Cara", 45000), "sinonimos": ["careta blanca"]},
    {**_product("V-CAR-002", "Careta de esmerilar visor verde", "Cara", 52000), "sinonimos": ["careta oscura"]},
]
EMPRESA = {
    "nombre": "Dotaciones de Prueba S.A.S.",
    "secciones": [
        {"titulo": "Entregas", "contenido": "Llevamos los pedidos a fincas y veredas cercanas por $15.000."},
        {"titulo": "Pagos", "contenido": "Recibimos transferencia, Nequi y efectivo contra entrega."},
    ],
}


@pytest.fixture
def shop(db: None) -> Iterator[TestClient]:
    with shop_with(CATALOG, EMPRESA) as client:
        yield client


def test_a_weight_the_shop_lacks_is_proposed_not_substituted(shop: TestClient) -> None:
    chat = Conversation(shop, "variante-que-no-hay")
    reply = chat.say("me despacha tres extintores PQS de 25 kilos")
    assert chat.items == {}
    assert "más cercano" in reply["respuesta"]
    chat.say("sí, ese")
    assert chat.items == {"V-FUE-005": 3}


def test_a_size_between_two_the_shop_has_asks_which(shop: TestClient) -> None:
    chat = Conversation(shop, "talla-entre-dos")
    chat.say("me separa tres botines dieléctricos de talla 40")
    assert chat.items == {} and "¿Cuál" in chat.last["respuesta"]
    chat.say("la 41")
    assert chat.items == {"V-PIE-002": 3}


def test_a_quantity_while_asked_which_keeps_the_question(shop: TestClient) -> None:
    chat = Conversation(shop, "cual-con-cantidad")
    chat.say("me manda dos extintores PQS")
    assert chat.items == {} and "¿Cuál" in chat.last["respuesta"]
    chat.say("mejor que sean cinco")
    assert chat.items == {} and "¿Cuál" in chat.last["respuesta"]
    chat.say("el de 12 kilos")
    assert chat.items == {"V-FUE-005": 5}


@pytest.mark.parametrize("correction", ["mejor los de 9", "cámbiemelos por los de 9 kilos"])
def test_a_variant_named_by_its_measure_alone_replaces_the_line(shop: TestClient, correction: str) -> None:
    chat = Conversation(shop, f"variante-eliptica-{abs(hash(correction)) % 10**8}")
    chat.say("me manda dos extintores PQS multipropósito de 6 kilos")
    assert chat.items == {"V-FUE-003": 2}
    chat.say(correction)
    assert chat.items == {"V-FUE-004": 2}


def test_a_measure_asked_about_changes_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "variante-eliptica-pregunta")
    chat.say("me manda dos extintores PQS multipropósito de 6 kilos")
    chat.say("¿y el de 9 cuánto vale?")
    assert chat.items == {"V-FUE-003": 2}


def test_a_town_named_like_a_brand_in_the_data_orders_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "pueblo-como-marca")
    chat.say("me manda 2 cascos de seguridad blancos")
    assert chat.items == {"V-CAB-001": 2}
    chat.say("Héctor Julio Patiño, cédula 79456123, celular 3157788990, Vereda La Palma, finca El Recreo, Turmequé")
    assert chat.items == {"V-CAB-001": 2}
    assert chat.estado == "listo_para_finalizar"
    chat.say("listo, de una")
    assert chat.estado == "cerrada"


def test_delivery_and_payment_asked_without_question_marks_mid_sale(shop: TestClient) -> None:
    chat = Conversation(shop, "entrega-sin-signo")
    chat.say("mándeme dos cascos blancos")
    for message, fact in [("me los llevan hasta la vereda", "15.000"), ("se los pago con nequi", "Nequi")]:
        reply = chat.say(message)
        assert fact in reply["respuesta"], message
        assert chat.items == {"V-CAB-001": 2}, message


@pytest.mark.parametrize(
    "message",
    [
        "los 10 cascos que mandaron en abril se rayaron con el sol",
        "12 cascos no, eso es para la otra obra; con lo que le pedí",
        "¿si salen chiquitos podemos devolverlos?",
        "la supervisora quiere que sean 9, pero déjeme consultarlo",
        "somos 8 y 5 ya usan casco, déjelo en 2",
        "no me agregue las gafas, ya las tenemos",
    ],
)
def test_stories_refusals_and_permissions_keep_the_order(shop: TestClient, message: str) -> None:
    chat = Conversation(shop, f"intacto-{abs(hash(message)) % 10**8}")
    chat.say("mándeme dos cascos blancos")
    assert chat.items == {"V-CAB-001": 2}
    chat.say(message)
    assert chat.items == {"V-CAB-001": 2}, message


def test_a_comparison_while_asked_which_chooses_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "comparar-en-cual")
    chat.say("me manda dos extintores PQS")
    chat.say("y el de 12 kilos dura bastante más que el de 6 o sale casi igual")
    assert chat.items == {}
    chat.say("listo, el de 6 kilos")
    assert chat.items == {"V-FUE-003": 2}


def test_a_part_counted_in_words_picks_the_variant(shop: TestClient) -> None:
    chat = Conversation(shop, "gancho-en-letras")
    chat.say("necesito siete eslingas de un gancho")
    assert chat.items == {"V-ALT-001": 7}


def test_a_measure_another_variant_has_removes_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "quitar-otra-medida")
    chat.say("me manda dos extintores PQS de 6 kilos")
    assert chat.items == {"V-FUE-003": 2}
    chat.say("no necesito los de 9")
    assert chat.items == {"V-FUE-003": 2}


def test_field_labels_in_a_formal_order_name_no_product(shop: TestClient) -> None:
    # "correo" and "correa" share a stem: the label of the e-mail must not order the strap
    chat = Conversation(shop, "etiquetas-de-campos")
    chat.say("Solicitamos 2 cascos de seguridad blancos. Correo: compras@example.com")
    assert chat.items == {"V-CAB-001": 2}


def test_the_nearest_product_proposed_is_one_in_stock(shop: TestClient) -> None:
    chat = Conversation(shop, "cercano-con-existencias")
    reply = chat.say("me despacha dos extintores PQS de 18 kilos")  # 20 kg is nearer, but there are none
    assert chat.items == {} and "más cercano" in reply["respuesta"]
    chat.say("sí")
    assert chat.items == {"V-FUE-005": 2}


@pytest.mark.parametrize(
    ("first", "change", "items"),
    [
        ("quiero 3 extintores PQS de 12 kilos", "perdón, mejor los de 6", {"V-FUE-003": 3}),
        ("mándeme dos botines dieléctricos negros talla 39", "cámbielos a talla 41", {"V-PIE-002": 2}),
        ("alísteme 2 extintores multipropósito de 4 kilos", "mejor de 9 y que sean 5", {"V-FUE-004": 5}),
        ("me regala 4 eslingas de posicionamiento de 1 gancho", "que sean de 2 ganchos", {"V-ALT-002": 4}),
        ("mándeme 2 eslingas de posicionamiento de 1 gancho", "no, la de 2 ganchos", {"V-ALT-002": 2}),
        ("quiero 3 gafas Turmequé lente claro", "mejor oscuro, es para el sol de la tarde", {"V-VIS-002": 3}),
        (
            "alísteme 2 extintores multipropósito de 4 kilos",
            "ya que somos 12, mejor el de 9",
            {"V-FUE-004": 2},
        ),
    ],
)
def test_the_variant_said_instead_replaces_its_line(
    shop: TestClient, first: str, change: str, items: dict[str, int]
) -> None:
    chat = Conversation(shop, "cambio-de-variante")
    chat.say(first)
    assert len(chat.items) == 1
    chat.say(change)
    assert chat.items == items  # the line replaced, the units kept or the count said besides the measure


@pytest.mark.parametrize(
    ("turns", "items"),
    [
        # a variant's words in a question choose nothing
        (["quiero 3 gafas Turmequé lente claro", "¿las de lente oscuro sirven para soldar?"], {"V-VIS-001": 3}),
        # a variant of 6 kilos exists: a bare number after a correction still counts units
        (["deme dos extintores multipropósito de 4 kilos", "no, mejor póngame 6"], {"V-FUE-002": 6}),
        # undoing the last addition removes the newest line
        (
            [
                "me manda un casco de seguridad blanco",
                "y también dos botines dieléctricos de la 41",
                "perdón, lo último sobra, deshaga eso",
            ],
            {"V-CAB-001": 1},
        ),
        # a count said to be enough sets the line
        (["necesito 12 correas elásticas para casco", "no, con 8 alcanzan"], {"V-CAB-002": 8}),
    ],
)
def test_what_a_later_message_leaves_in_the_order(shop: TestClient, turns: list[str], items: dict[str, int]) -> None:
    chat = Conversation(shop, "mensajes-posteriores")
    for turn in turns:
        chat.say(turn)
    assert chat.items == items


def test_taking_out_a_kind_the_catalogue_has_several_of_asks_nothing(shop: TestClient) -> None:
    chat = Conversation(shop, "quitar-sin-preguntar")
    chat.say("me manda 2 cascos de seguridad blancos y 3 eslingas de posicionamiento de 2 ganchos")
    assert chat.items == {"V-CAB-001": 2, "V-ALT-002": 3}
    reply = chat.say("mejor retire las eslingas")
    assert chat.items == {"V-CAB-001": 2}
    assert "¿Cuál" not in reply["respuesta"]  # the order's slings are out: no question about which sling
    chat.say("me agrega 2 gafas lente oscuro")
    reply = chat.say("favor retirar las gafas, solo los cascos")
    assert chat.items == {"V-CAB-001": 2} and "¿Cuál" not in reply["respuesta"]


def test_the_customers_data_never_points_at_the_last_answer_nor_counts_units(shop: TestClient) -> None:
    chat = Conversation(shop, "datos-que-no-piden")
    chat.say("me manda 2 cascos de seguridad blancos y 4 gafas lente claro")
    chat.say("deje solo los cascos, las gafas las tenemos")
    assert chat.items == {"V-CAB-001": 2}
    # "Este" (a reference word) in the neighbourhood and a phone's digits right after the agent named the glasses
    chat.say("Rosalba Quintero Ruiz / 52.801.337 / 312 405 7781 / Carrera 8 # 14-22, Villa del Este, Tunja")
    assert chat.items == {"V-CAB-001": 2}
    chat.say("sí, confirmo")
    assert chat.last["estado_venta"] == "cerrada" and chat.items == {"V-CAB-001": 2}


def test_a_correction_picks_the_sibling_by_the_shops_own_word_for_it(shop: TestClient) -> None:
    chat = Conversation(shop, "sinonimo-de-la-variante")
    chat.say("me separa 3 caretas de esmerilar de visor incoloro")
    assert chat.items == {"V-CAR-001": 3}
    chat.say("no, mejor la oscura, la obra es a pleno día")  # the shop calls the green one "careta oscura"
    assert chat.items == {"V-CAR-002": 3}


def test_a_denied_count_leaves_the_order(shop: TestClient) -> None:
    chat = Conversation(shop, "cantidad-negada")
    chat.say("me separa 2 correas elásticas para casco")
    chat.say("no no, no son 4 correas, son las 2 que pedí")
    assert chat.items == {"V-CAB-002": 2}


def test_a_removed_product_put_back_by_its_definite_noun_is_the_one_just_shown(shop: TestClient) -> None:
    chat = Conversation(shop, "vuelve-la-eslinga")
    chat.say("2 cascos de seguridad blancos y 2 eslingas de posicionamiento de 2 ganchos")
    chat.say("saque las eslingas")
    assert chat.items == {"V-CAB-001": 2}
    reply = chat.say("mejor póngame otra vez las eslingas")
    assert "V-ALT-002" in chat.items, reply["respuesta"]
    assert "V-ALT-001" not in chat.items


def test_a_delivery_question_in_words_no_section_shares_is_answered_by_the_delivery_section(shop: TestClient) -> None:
    reply = Conversation(shop, "cuanto-tarda").say("¿en cuántos días me llega una caja a Sincelejo?")
    assert reply["tipo_mensaje"] == "contexto"
    assert "$15.000" in reply["respuesta"]


def test_an_order_that_came_wrong_is_a_complaint_not_a_purchase(shop: TestClient) -> None:
    chat = Conversation(shop, "llego-incompleto")
    reply = chat.say("me llegó la caja incompleta, vinieron 2 cascos de seguridad blancos de menos")
    assert reply["tipo_mensaje"] == "contexto"
    assert chat.items == {}


def test_a_number_declared_a_size_and_a_refused_other_colour_leave_the_order(shop: TestClient) -> None:
    chat = Conversation(shop, "talla-no-cantidad")
    chat.say("necesito 4 botines dieléctricos negros talla 39")
    assert chat.items == {"V-PIE-001": 4}
    chat.say("ojo, 39 es la talla de los botines")
    assert chat.items == {"V-PIE-001": 4}
    chat = Conversation(shop, "otro-color-no")
    chat.say("2 cascos de seguridad blancos")
    chat.say("no quiero los rojos, esos son muy llamativos")
    assert chat.items == {"V-CAB-001": 2}


def test_a_switch_with_uno_solo_after_it_sets_one_unit(shop: TestClient) -> None:
    chat = Conversation(shop, "uno-solo")
    chat.say("me despacha 3 extintores PQS de 4 kilos")
    assert chat.items == {"V-FUE-002": 3}
    chat.say("mejor el de 6 kilos, uno solo")
    assert chat.items == {"V-FUE-003": 1}


def test_a_count_and_a_size_alone_add_that_size_of_the_line(shop: TestClient) -> None:
    chat = Conversation(shop, "y-uno-talla")
    chat.say("necesito 2 botines dieléctricos negros talla 39")
    chat.say("y uno talla 41")
    assert chat.items == {"V-PIE-001": 2, "V-PIE-002": 1}


def test_a_count_changed_for_a_thing_no_line_is_changes_no_line(shop: TestClient) -> None:
    chat = Conversation(shop, "subale-a-otro")
    chat.say("2 cascos de seguridad blancos y 4 botines dieléctricos negros talla 39")
    chat.say("súbale a 8 los termos")
    assert chat.items == {"V-CAB-001": 2, "V-PIE-001": 4}
    chat.say("súbale a 6 los botines")
    assert chat.items == {"V-CAB-001": 2, "V-PIE-001": 6}

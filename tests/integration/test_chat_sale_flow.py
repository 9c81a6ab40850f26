"""The sale through the chat, every state transition, on real PostgreSQL and moto DynamoDB."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import AuditEvent, Customer, Order
from tests.conftest import STAFF
from tests.integration.chat_setup import Conversation, chat_client, stock

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]


def test_full_sale_through_every_state(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-1")
    first = chat.say("quiero 2 cascos azules")
    assert (first["tipo_mensaje"], chat.estado, chat.items) == ("venta", "pendiente", {"T-CAB-001": 2})
    assert "Ley 1581" in first["respuesta"]
    assert first["productos"][0]["sku"] == "T-CAB-001"
    assert first["pedido"]["faltantes"] == ["nombre", "cedula", "telefono", "direccion"]

    assert chat.say("soy Ana Gil")["estado_venta"] == "recolectando_datos"
    assert "Ley 1581" not in chat.last["respuesta"]  # the notice goes once
    chat.say("cc 52345678, cel 3001234567")
    assert chat.estado == "recolectando_datos"
    assert chat.last["pedido"]["faltantes"] == ["direccion"]

    summary = chat.say("Calle 1 # 2-3, Cali")
    assert chat.estado == "listo_para_finalizar"
    assert "$98.000" in summary["respuesta"] and "Calle 1 # 2-3" in summary["respuesta"]

    closed = chat.say("sí, confirmo")
    assert chat.estado == "cerrada"
    assert closed["pedido"]["venta_id"]
    assert stock(chat_client, "T-CAB-001") == 38
    sales = chat_client.get("/ventas/", params={"cedula": "52345678"}, headers=STAFF).json()["items"]
    assert len(sales) == 1 and sales[0]["total"] == 98000 and sales[0]["canal"] == "chat"
    assert sales[0]["cliente"]["direccion"] == "Calle 1 # 2-3" and sales[0]["cliente"]["ciudad"] == "Cali"

    with session_scope() as session:
        order = session.scalars(select(Order).where(Order.chat_id == "venta-1")).one()
        customer = session.scalars(select(Customer).where(Customer.cedula == "52345678")).one()
        assert order.aviso_privacidad_en is not None and order.consentimiento_en is not None
        assert order.aviso_privacidad_en <= order.consentimiento_en
        assert customer.consentimiento_en == order.consentimiento_en
        assert customer.consentimiento_texto and "1581" in customer.consentimiento_texto
        assert session.scalars(select(AuditEvent).where(AuditEvent.tipo == "venta_cerrada")).first() is not None

    after = chat.say("gracias")
    assert after["estado_venta"] is None and after["pedido"] is None


def test_purchase_intent_without_product_is_iniciada(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-2")
    chat.say("quiero comprar algo")
    assert chat.estado == "iniciada" and chat.items == {}


def test_cancel(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-3")
    chat.say("me regala 3 extintores para carro")
    assert chat.items == {"T-FUE-001": 3}
    cancelled = chat.say("no, mejor cancelemos")
    assert cancelled["tipo_mensaje"] == "venta" and chat.estado == "cancelada"
    assert stock(chat_client, "T-FUE-001") == 100
    assert chat.say("hola")["estado_venta"] is None


def test_change_add_remove_and_questions_keep_the_order(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-4")
    chat.say("quiero 2 cascos azules")
    chat.say("mejor que sean cuatro")
    assert chat.items == {"T-CAB-001": 4}
    chat.say("agrégale 10 pares de guantes de carnaza")
    assert chat.items == {"T-CAB-001": 4, "T-MAN-001": 10}
    question = chat.say("¿a qué hora atienden?")
    assert question["tipo_mensaje"] == "contexto" and "7:00" in question["respuesta"]
    assert chat.estado == "pendiente" and chat.items == {"T-CAB-001": 4, "T-MAN-001": 10}
    chat.say("quítale los guantes")
    assert chat.items == {"T-CAB-001": 4}
    chat.say("agrégale otro")
    assert chat.items == {"T-CAB-001": 5}


def test_invalid_data_is_asked_again(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-6")
    chat.say("quiero 1 casco azul")
    bad_nit = chat.say("Somos Obras del Sur S.A.S., NIT 900641927-3")
    assert "dígito de verificación" in bad_nit["respuesta"]
    assert "cedula" in bad_nit["pedido"]["faltantes"]
    chat.say("NIT 900641927-7")
    assert "cedula" not in chat.last["pedido"]["faltantes"]
    bad_phone = chat.say("cel 31588211")
    assert "10 dígitos" in bad_phone["respuesta"] and "telefono" in bad_phone["pedido"]["faltantes"]
    chat.say("3158821144")
    chat.say("Carrera 1 # 38-20, Cali")
    assert chat.estado == "listo_para_finalizar"
    chat.say("de una")
    assert chat.estado == "cerrada"
    sale = chat_client.get("/ventas/", params={"cedula": "900641927-7"}, headers=STAFF).json()["items"][0]
    assert sale["cliente"]["tipo"] == "empresa" and sale["cliente"]["nombre"] == "Obras del Sur S.A.S."


def test_short_stock_keeps_the_order_open(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-7")
    first = chat.say("necesito 5 kits loto")
    assert chat.items == {"T-LOT-001": 5} and "2" in first["respuesta"]
    chat.say("Hugo Perea, cédula 10987654, tel 3190001122, dirección Carrera 9 # 9-99, Cali")
    assert chat.estado == "listo_para_finalizar"
    failed = chat.say("de acuerdo, cierren la compra")
    assert chat.estado == "listo_para_finalizar" and chat.items == {"T-LOT-001": 5}
    assert "hay 2" in failed["respuesta"]
    assert stock(chat_client, "T-LOT-001") == 2
    assert chat_client.get("/ventas/", params={"cedula": "10987654"}, headers=STAFF).json()["items"] == []
    chat.say("ok, déjame los 2")
    assert chat.items == {"T-LOT-001": 2}
    chat.say("sí")
    assert chat.estado == "cerrada" and stock(chat_client, "T-LOT-001") == 0


def test_out_of_stock_is_not_added(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-8")
    reply = chat.say("quiero 2 mangas de soldador")
    assert chat.items == {} and "agotad" in reply["respuesta"]


def test_yes_after_an_offer_adds_the_product(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-9")
    offer = chat.say("cuánto vale el casco azul?")
    assert offer["tipo_mensaje"] == "inventario" and "$49.000" in offer["respuesta"]
    chat.say("sí, mándeme 3")
    assert chat.last["tipo_mensaje"] == "venta" and chat.items == {"T-CAB-001": 3}


def test_everything_in_one_message(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-10")
    chat.say(
        "quiero comprar 3 extintores para carro. Soy Martha Lucía Orozco, cédula 29543876, celular 3158821144, "
        "dirección Calle 8 # 23-50, Cali"
    )
    assert chat.estado == "listo_para_finalizar" and "Ley 1581" in chat.last["respuesta"]
    chat.say("sí señor, confirmo el pedido")
    assert chat.estado == "cerrada"
    sale = chat_client.get("/ventas/", params={"cedula": "29543876"}, headers=STAFF).json()["items"][0]
    assert sale["cliente"]["nombre"] == "Martha Lucía Orozco" and sale["cliente"]["direccion"] == "Calle 8 # 23-50"


@pytest.mark.parametrize(("tono", "marker"), [("formal", "su pedido"), ("tecnico", "T-CAB-001")])
def test_tones(chat_client: TestClient, tono: str, marker: str) -> None:
    chat = Conversation(chat_client, f"tono-{tono}", tono=tono)
    reply = chat.say("quiero 2 cascos azules")["respuesta"]
    assert marker in reply or marker in chat.say("cuánto vale el casco azul?")["respuesta"]
    assert " tu " not in f" {reply.lower()} "


@pytest.mark.parametrize(
    "closing", ["dale, cierra el pedido", "ok, procedan con la compra", "listo, finalicemos el pedido"]
)
def test_closing_words_are_not_read_as_a_product(chat_client: TestClient, closing: str) -> None:
    zipper = {
        "sku": "T-ALT-009", "nombre": "Mosquetón de acero con cierre automático", "descripcion": "Conector en D.",
        "categoria": "Alturas", "precio": 34000, "stock": 20, "marca": None, "sinonimos": [], "activo": True,
    }  # fmt: skip
    assert chat_client.post("/productos/importar", json=[zipper], headers=STAFF).status_code == 200
    chat = Conversation(chat_client, f"cierre-{len(closing)}")
    chat.say("necesito 2 cascos azules")
    chat.say("Hernán Valencia, cédula 10123456, teléfono 3006612233, dirección Calle 8 # 8-20, Cali")
    assert chat.estado == "listo_para_finalizar"
    chat.say(closing)
    assert chat.estado == "cerrada" and chat.items == {"T-CAB-001": 2}


def test_data_piece_by_piece_with_a_bare_name_and_a_company_intro(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-partes")
    chat.say("me hace el favor y me vende 2 cascos azules")
    chat.say("Claudia Patricia Marín")
    assert chat.last["pedido"]["faltantes"] == ["cedula", "telefono", "direccion"]
    company = Conversation(chat_client, "venta-empresa")
    company.say("Buenas tardes, para la empresa Transportes Risaralda S.A.S., NIT 900774519-6, necesitamos 3 kits loto")
    assert company.last["pedido"]["faltantes"] == ["telefono", "direccion"]


def test_a_lower_case_bare_name_is_taken_but_a_product_phrase_is_not(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "venta-nombre-minuscula")
    chat.say("necesito 2 cascos azules")
    chat.say("ok, te paso mis datos")
    chat.say("pedro pablo salazar")
    assert chat.last["pedido"]["faltantes"] == ["cedula", "telefono", "direccion"]
    other = Conversation(chat_client, "venta-no-es-nombre")
    other.say("necesito 2 cascos azules")
    other.say("guante carnaza")
    assert "nombre" in other.last["pedido"]["faltantes"]


def test_data_given_with_an_ambiguous_product_is_kept_while_the_agent_asks_which(chat_client: TestClient) -> None:
    extinguishers = [
        {"sku": f"T-EXT-{agent}", "nombre": f"Extintor {agent} de 10 lb", "descripcion": description,
         "categoria": "Protección contra incendios", "precio": price, "stock": 20, "marca": None, "sinonimos": [],
         "activo": True}
        for agent, description, price in (
            ("ABC", "Polvo químico seco multipropósito para fuegos clase A, B y C.", 98000),
            ("CO2", "Dióxido de carbono para fuegos eléctricos clase B y C, no deja residuo.", 260000),
        )
    ]  # fmt: skip
    assert chat_client.post("/productos/importar", json=extinguishers, headers=STAFF).status_code == 200
    chat = Conversation(chat_client, "ambigua-datos")
    asked = chat.say(
        "necesito un extintor de 10 libras. Soy Ana María Ruiz, cédula 43987654, celular 3004445566, "
        "dirección Calle 3 # 4-5, Medellín"
    )
    assert not (asked["pedido"] or {}).get("items"), "the order changed before the customer chose"
    assert {p["sku"] for p in asked["productos"][:2]} == {"T-EXT-ABC", "T-EXT-CO2"}
    chosen = chat.say("el de CO2")
    assert chosen["pedido"]["items"] == [
        {"sku": "T-EXT-CO2", "nombre": "Extintor CO2 de 10 lb", "cantidad": 1, "precio_unitario": 260000,
         "subtotal": 260000}
    ]  # fmt: skip
    assert chosen["estado_venta"] == "listo_para_finalizar", chosen["respuesta"]  # the data were not asked again
    assert chosen["pedido"]["faltantes"] == []


def test_the_name_the_shop_gives_a_product_settles_a_near_tie(chat_client: TestClient) -> None:
    """Two orange vests tie on the words said; the shop files one of them as "chaleco naranja": that one is meant."""
    vests = [
        {"sku": "T-CHA-001", "nombre": "Chaleco reflectivo naranja en malla", "descripcion": "Chaleco de malla con "
         "cinta reflectiva, talla única.", "categoria": "Alta visibilidad", "precio": 12000, "stock": 80,
         "marca": None, "sinonimos": ["chaleco naranja"], "activo": True},
        {"sku": "T-CHA-002", "nombre": "Chaleco reflectivo naranja tipo brigadista", "descripcion": "Chaleco con "
         "bolsillos y cinta reflectiva, talla única.", "categoria": "Alta visibilidad", "precio": 38000, "stock": 30,
         "marca": None, "sinonimos": ["chaleco de brigada"], "activo": True},
    ]  # fmt: skip
    assert chat_client.post("/productos/importar", json=vests, headers=STAFF).status_code == 200
    chat = Conversation(chat_client, "sinonimo-desempata")
    answer = chat.say("quiero 7 chalecos naranjas")
    assert [(i["sku"], i["cantidad"]) for i in answer["pedido"]["items"]] == [("T-CHA-001", 7)]
    other = Conversation(chat_client, "sin-sinonimo-pregunta")
    asked = other.say("quiero 7 chalecos reflectivos")
    assert not (asked["pedido"] or {}).get("items"), "no name of the shop settles it: the agent asks which"


def test_a_name_reached_only_through_the_lexicon_settles_nothing(chat_client: TestClient) -> None:
    """ "detector multigas" is a lexicon synonym of "detector de cuatro gases", which one product carries as its own
    name: the customer did not say it, so the two detectors still tie and the agent asks."""
    monitors = [
        {"sku": "T-GAS-001", "nombre": "Detector multigás Kestrel Q4", "descripcion": "Mide O2, LEL, CO y H2S; "
         "alarma sonora y vibratoria.", "categoria": "Detección de gases", "precio": 2900000, "stock": 6,
         "marca": None, "sinonimos": ["detector de cuatro gases"], "activo": True},
        {"sku": "T-GAS-002", "nombre": "Detector multigás Vantor 4G", "descripcion": "Mide O2, LEL, CO y H2S con "
         "bomba de muestreo.", "categoria": "Detección de gases", "precio": 3400000, "stock": 4, "marca": None,
         "sinonimos": ["vantor"], "activo": True},
    ]  # fmt: skip
    assert chat_client.post("/productos/importar", json=monitors, headers=STAFF).status_code == 200
    asked = Conversation(chat_client, "lexico-no-desempata").say("necesito un detector multigas para el tanque")
    assert not (asked["pedido"] or {}).get("items"), asked["respuesta"]
    assert {p["sku"] for p in asked["productos"][:2]} == {"T-GAS-001", "T-GAS-002"}


def test_a_customer_introducing_themselves_is_greeted(chat_client: TestClient) -> None:
    for message in ("me llamo Rosalba Quintero", "buenas tardes, les escribe Hernán Ospina de Frigoríficos La Ceja"):
        answer = Conversation(chat_client, f"presentacion-{len(message)}").say(message)
        assert answer["tipo_mensaje"] == "contexto"
        assert "hola" in answer["respuesta"].lower() and "300 000 1122" not in answer["respuesta"], answer["respuesta"]


def test_a_product_named_whole_wins_over_one_a_need_points_to(chat_client: TestClient) -> None:
    """ "un monitor de h2s" names the single-gas monitor entirely; the gas also reads a confined-space need that points
    to the multigas one, which must not win on it."""
    monitors = [
        {"sku": "T-MON-001", "nombre": "Monitor personal de H2S Garza", "descripcion": "Alarma de ácido sulfhídrico "
         "para cintura, dos años sin recarga.", "categoria": "Detección de gases", "precio": 690000, "stock": 12,
         "marca": None, "sinonimos": [], "activo": True},
        {"sku": "T-MON-002", "nombre": "Monitor multigás Garza 4", "descripcion": "Mide O2, LEL, CO y H2S para "
         "espacios confinados, con bomba.", "categoria": "Detección de gases", "precio": 3100000, "stock": 5,
         "marca": None, "sinonimos": ["detector de 4 gases"], "activo": True},
    ]  # fmt: skip
    assert chat_client.post("/productos/importar", json=monitors, headers=STAFF).status_code == 200
    answer = Conversation(chat_client, "nombre-entero").say("necesito un monitor de h2s")
    assert [(i["sku"], i["cantidad"]) for i in answer["pedido"]["items"]] == [("T-MON-001", 1)], answer["respuesta"]

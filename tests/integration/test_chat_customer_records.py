"""Customer records only staff change; a chat's data travel with its order and sale; the sale charges the prices of
the summary the customer confirmed (contract §2, §4, §6). Real PostgreSQL and moto DynamoDB."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agente_vendedor.conversation import replies
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import Customer, Order, Sale
from tests.conftest import STAFF
from tests.integration.chat_setup import KNOWN_CUSTOMER, Conversation, chat_client, stock

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]

UNKNOWN_CEDULA = "79456123"
CHAT_DATA = {"nombre": "Pedro Ramírez", "telefono": "3001112233", "direccion": "Carrera 50 # 10-20", "ciudad": "Cali"}
TURNS = (
    "necesito 2 extintores para carro",
    "Soy Pedro Ramírez",
    "mi cédula es {cedula}",
    "cel 3001112233, dirección Carrera 50 # 10-20, Cali",
    "sí",
)


def _first_choice(voice: replies.Voice, options: Mapping[str, Sequence[str]] | Sequence[str], key: str = "") -> str:
    """`Voice.pick` without its per-conversation variation, so two conversations can be compared word for word."""
    choices = options if isinstance(options, Sequence) else options.get(voice.tono) or options["amigable"]
    return choices[0] if choices else ""


def _run(client: TestClient, chat_id: str, cedula: str) -> list[dict[str, Any]]:
    """The turns with the cédula written, and the answers with it (and the sale's reference) written as <cedula>."""
    chat = Conversation(client, chat_id)
    answers = []
    for turn in TURNS:
        answer = chat.say(turn.format(cedula=cedula))
        sale_ref = ((answer["pedido"] or {}).get("venta_id") or "")[:8].upper()
        text = answer["respuesta"].replace(cedula, "<cedula>")
        answers.append(
            {
                "respuesta": text.replace(sale_ref, "<venta>") if sale_ref else text,
                "estado_venta": answer["estado_venta"],
                "pedido": answer["pedido"],
            }
        )
    return answers


def _sale_of(client: TestClient, cedula: str, chat_id: str) -> dict[str, Any]:
    sales = client.get("/ventas/", params={"cedula": cedula}, headers=STAFF).json()["items"]
    return next(s for s in sales if s["chat_id"] == chat_id)


def test_an_anonymous_chat_neither_reads_nor_changes_a_known_customer(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replies.Voice, "pick", _first_choice)
    known_cedula = KNOWN_CUSTOMER["cedula"]
    known = _run(chat_client, "anonimo-conocido", known_cedula)
    unknown = _run(chat_client, "anonimo-nuevo", UNKNOWN_CEDULA)

    for with_known, with_unknown in zip(known, unknown, strict=True):
        assert with_known["respuesta"] == with_unknown["respuesta"], "the reply tells whether the cédula is known"
        assert with_known["estado_venta"] == with_unknown["estado_venta"]
    assert "registrad" not in " ".join(a["respuesta"] for a in known)
    after_data = known[3]
    assert after_data["estado_venta"] == "listo_para_finalizar"
    chat_customer = {"cedula": known_cedula, "tipo": "persona", **CHAT_DATA, "email": None}
    assert after_data["pedido"]["cliente"] == chat_customer, "pedido.cliente is what the chat gave, nothing stored"
    seen = str([a["pedido"] for a in known])
    for private in ("Diego", KNOWN_CUSTOMER["telefono"], KNOWN_CUSTOMER["email"], "Calle 72"):
        assert private not in seen
    assert known[-1]["estado_venta"] == "cerrada" and known[-1]["pedido"]["cliente"] == chat_customer

    record = chat_client.get(f"/clientes/{known_cedula}", headers=STAFF).json()
    assert {k: record[k] for k in KNOWN_CUSTOMER} == KNOWN_CUSTOMER, "the stored record stays as it was"
    sale = _sale_of(chat_client, known_cedula, "anonimo-conocido")
    assert sale["cliente"] == chat_customer and sale["cliente_difiere"] is True
    assert [s["cliente"] for s in record["historial"] if s["id"] == sale["id"]] == [chat_customer]
    assert record["estadisticas"]["numero_compras"] == 2
    with session_scope() as session:
        stored = session.scalars(select(Customer).where(Customer.cedula == known_cedula)).one()
        assert stored.consentimiento_en is None, "a chat does not write consent on someone else's record"


def test_the_first_sale_of_an_unknown_cedula_creates_the_customer(chat_client: TestClient) -> None:
    assert chat_client.get(f"/clientes/{UNKNOWN_CEDULA}", headers=STAFF).status_code == 404
    first = Conversation(chat_client, "primera-compra")
    for turn in TURNS:
        first.say(turn.format(cedula=UNKNOWN_CEDULA))
    assert first.estado == "cerrada"
    created = chat_client.get(f"/clientes/{UNKNOWN_CEDULA}", headers=STAFF).json()
    assert {k: created[k] for k in ("cedula", "tipo", *CHAT_DATA)} == {
        "cedula": UNKNOWN_CEDULA, "tipo": "persona", **CHAT_DATA
    }  # fmt: skip
    sale = _sale_of(chat_client, UNKNOWN_CEDULA, "primera-compra")
    assert sale["cliente_difiere"] is False and created["historial"][0]["id"] == sale["id"]
    with session_scope() as session:
        customer = session.scalars(select(Customer).where(Customer.cedula == UNKNOWN_CEDULA)).one()
        order = session.scalars(select(Order).where(Order.chat_id == "primera-compra")).one()
        sale_row = session.get(Sale, sale["id"])
        assert order.aviso_privacidad_en is not None and order.consentimiento_en is not None
        assert order.aviso_privacidad_en <= order.consentimiento_en
        assert sale_row is not None and sale_row.consentimiento_en == order.consentimiento_en
        assert customer.consentimiento_en == order.consentimiento_en
        assert customer.consentimiento_texto and "1581" in customer.consentimiento_texto

    # a second chat with the same cédula and another phone: the record stays
    again = Conversation(chat_client, "segunda-compra")
    again.say("necesito 1 extintor para carro")
    again.say(f"Pedro Ramírez, cc {UNKNOWN_CEDULA}, cel 3209998877, Carrera 50 # 10-20, Cali")
    again.say("sí")
    assert again.estado == "cerrada"
    second = _sale_of(chat_client, UNKNOWN_CEDULA, "segunda-compra")
    assert second["cliente_difiere"] is True and second["cliente"]["telefono"] == "3209998877"
    assert chat_client.get(f"/clientes/{UNKNOWN_CEDULA}", headers=STAFF).json()["telefono"] == "3001112233"
    flagged = chat_client.get("/ventas/", params={"cedula": UNKNOWN_CEDULA}, headers=STAFF).json()["items"]
    assert sorted(s["cliente_difiere"] for s in flagged) == [False, True]
    to_review = chat_client.get("/ventas/", params={"cliente_difiere": "true"}, headers=STAFF).json()["items"]
    assert [s["id"] for s in to_review] == [second["id"]]  # the staff's review list


def test_the_same_data_again_is_no_difference(chat_client: TestClient) -> None:
    """Case, accents, spacing and a shorter form of the stored name are the same data."""
    chat = Conversation(chat_client, "datos-iguales")
    chat.say("necesito 1 extintor para carro")
    chat.say(
        f"Soy diego bermudez, cc {KNOWN_CUSTOMER['cedula']}, cel 312 445 8812, calle 72 #28D-15, cali, "
        "DIEGO@example.com"
    )
    chat.say("sí")
    assert chat.estado == "cerrada"
    assert _sale_of(chat_client, KNOWN_CUSTOMER["cedula"], "datos-iguales")["cliente_difiere"] is False


def test_a_staff_chat_may_use_the_stored_record(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "asesor-conocido", staff=True)
    chat.say("necesito un extintor para carro")
    reply = chat.say(f"mi cédula es {KNOWN_CUSTOMER['cedula']}")
    assert chat.estado == "listo_para_finalizar" and "registrados" in reply["respuesta"]
    assert reply["pedido"]["cliente"]["telefono"] == KNOWN_CUSTOMER["telefono"]
    chat.say("sí")
    assert chat.estado == "cerrada"
    sale = _sale_of(chat_client, KNOWN_CUSTOMER["cedula"], "asesor-conocido")
    assert sale["cliente"] == KNOWN_CUSTOMER and sale["cliente_difiere"] is False


def test_a_price_changed_since_the_summary_is_confirmed_again(chat_client: TestClient) -> None:
    chat = Conversation(chat_client, "precio-cambia")
    chat.say("quiero 2 cascos azules")
    summary = chat.say("Ana Gil, cc 52345678, cel 3001234567, Calle 1 # 2-3, Cali")
    assert chat.estado == "listo_para_finalizar" and "$98.000" in summary["respuesta"]
    patched = chat_client.patch("/productos/T-CAB-001", json={"precio": 52000}, headers=STAFF)
    assert patched.status_code == 200

    again = chat.say("sí")
    assert chat.estado == "listo_para_finalizar" and again["pedido"]["venta_id"] is None
    assert "cambió el precio" in again["respuesta"] and "$104.000" in again["respuesta"]
    assert "$52.000" in again["respuesta"] and "«sí»" in again["respuesta"]
    assert chat_client.get("/ventas/", params={"cedula": "52345678"}, headers=STAFF).json()["items"] == []
    assert stock(chat_client, "T-CAB-001") == 40

    chat.say("sí")
    assert chat.estado == "cerrada"
    sale = chat_client.get("/ventas/", params={"cedula": "52345678"}, headers=STAFF).json()["items"][0]
    assert sale["total"] == 104000 and sale["items"][0]["precio_unitario"] == 52000
    assert stock(chat_client, "T-CAB-001") == 38


def test_a_sale_never_charges_a_price_other_than_the_confirmed_one(chat_client: TestClient) -> None:
    from agente_vendedor.commerce import customers, sales
    from agente_vendedor.core.errors import PriceChangedError

    def buy_at_an_old_price() -> None:
        with session_scope() as session:
            buyer = customers.get_customer(session, KNOWN_CUSTOMER["cedula"])
            terms = sales.SaleTerms(precios={"T-CAB-001": 45000})
            sales.create_sale(session, buyer, [("T-CAB-001", 1)], canal="chat", chat_id="x", terms=terms)

    with pytest.raises(PriceChangedError):
        buy_at_an_old_price()
    assert stock(chat_client, "T-CAB-001") == 40


def test_the_data_notice_comes_before_any_data_even_with_a_question(chat_client: TestClient) -> None:
    twins = [
        {"sku": f"T-EXT-{kind}", "nombre": f"Extintor {kind} de 10 libras", "descripcion": f"Extintor {kind}.",
         "categoria": "Protección contra incendios", "precio": price, "stock": 10, "marca": None, "sinonimos": [],
         "activo": True}
        for kind, price in (("ABC", 90000), ("CO2", 210000))
    ]  # fmt: skip
    assert chat_client.post("/productos/importar", json=twins, headers=STAFF).status_code == 200
    chat = Conversation(chat_client, "aviso-con-pregunta")
    first = chat.say("quiero 2 cascos azules y un extintor de 10 libras")
    assert chat.items == {"T-CAB-001": 2} and chat.estado == "pendiente"
    with session_scope() as session:
        order = session.scalars(select(Order).where(Order.chat_id == "aviso-con-pregunta")).one()
        noticed = order.aviso_privacidad_en is not None
    assert noticed == ("Ley 1581" in first["respuesta"]), "the notice recorded is the notice shown"
    assert "¿Cuál de estas" in first["respuesta"], first["respuesta"]


@pytest.mark.parametrize(
    "message",
    [
        "¿y {nombre}?",
        "{nombre} nos debe algo",
        "qué ha comprado {nombre}?",
        "{nombre}",  # staff typing only the name: the record
        "qué es lo que más compra {nombre}",  # what a customer buys most is their history
    ],
)
def test_an_anonymous_chat_does_not_learn_who_is_a_customer(
    chat_client: TestClient, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    monkeypatch.setattr(replies.Voice, "pick", _first_choice)
    answers = []
    for number, name in enumerate((KNOWN_CUSTOMER["nombre"], "Pedro Pérez Gómez")):
        answer = Conversation(chat_client, f"quien-es-{number}").say(message.format(nombre=name))
        answers.append((answer["tipo_mensaje"], answer["respuesta"].replace(name, "<nombre>")))
    assert answers[0] == answers[1]
    staff = Conversation(chat_client, "quien-es-asesor", staff=True).say(
        message.format(nombre=KNOWN_CUSTOMER["nombre"])
    )
    assert staff["tipo_mensaje"] == "cliente" and KNOWN_CUSTOMER["telefono"] in staff["respuesta"]

"""The turn plan's offline parts on unsaved ORM objects: stances that never change the order, order operations
(keep only, remove, set), and the one validator that rejects wrong plans (examples written for these tests)."""

from __future__ import annotations

import json
from typing import cast

import pytest
from sqlalchemy.orm import Session

from agente_vendedor.commerce import orders
from agente_vendedor.conversation.order_operations import may_change_order, plan_operations
from agente_vendedor.conversation.plan_validation import PlanScope, check_plan, merge
from agente_vendedor.conversation.product_requests import ProductRequest
from agente_vendedor.conversation.sale_flow import SaleOutcome, apply_operations
from agente_vendedor.conversation.sale_offer import Offer
from agente_vendedor.db.models import Order, Product
from agente_vendedor.language.speech_acts import Stance, is_question, stances
from agente_vendedor.platform.llm.gemini import LLMCallError, parse_structured
from agente_vendedor.platform.llm.prompts import PLAN_SCHEMA
from agente_vendedor.schemas.turn_plan import ModelTurnPlan, TurnPlan

NO_SESSION = cast(Session, None)


def product(pid: int, sku: str, nombre: str) -> Product:
    return Product(id=pid, sku=sku, nombre=nombre, precio=10_000, stock=500, categoria="Prueba", descripcion="",
                   marca=None, sinonimos=[], activo=True)  # fmt: skip


BOTA = product(1, "P-BOT", "Bota de caucho caña alta")
OVEROL_M = product(4, "P-OVM", "Overol de dril azul talla M")
OVEROL_L = product(5, "P-OVL", "Overol de dril azul talla L")
DETECTOR = product(6, "P-DET", "Detector de monóxido de carbono portátil")
CARETA = product(2, "P-CAR", "Careta para esmerilar con visor policarbonato")
ESLINGA = product(3, "P-ESL", "Eslinga de posicionamiento regulable")
BOTA_CARE = product(7, "P-PLA", "Plantilla antibacterial para bota")


def order_with(**lines: int) -> Order:
    o = Order(chat_id="t", estado="pendiente", datos_cliente={})
    o.lineas = []
    for sku, qty in lines.items():
        catalogue = {"P_BOT": BOTA, "P_CAR": CARETA, "P_ESL": ESLINGA, "P_OVM": OVEROL_M, "P_DET": DETECTOR,
                     "P_PLA": BOTA_CARE}  # fmt: skip
        orders.set_quantity(o, catalogue[sku], qty)
    return o


def run(o: Order, message: str, requests: list[ProductRequest] | None = None, offer: Offer | None = None) -> dict:
    operations = plan_operations(o, message, requests or [], offer)
    apply_operations(NO_SESSION, SaleOutcome(o, o.estado), o, operations, offer, [r.product for r in requests or []])
    return {line.producto.sku: line.cantidad for line in o.lineas}


# -- stances ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "stance"),
    [
        ("hay botas de caucho talla 40", Stance.QUESTION),
        ("será que la careta aguanta chispas", Stance.QUESTION),
        ("me confirma si despachan el sábado", Stance.QUESTION),
        ("la eslinga le sirve a un arnés de cuatro argollas", Stance.QUESTION),
        ("en qué se diferencia la eslinga regulable de la fija", Stance.COMPARISON),
        ("cuál conviene más, la bota de caucho o la de cuero", Stance.COMPARISON),
        ("la gafa clara y la oscura son la misma o cambia algo", Stance.COMPARISON),
        ("el arnés de 3 argollas le gana al de 1 o es lo mismo", Stance.COMPARISON),
        ("las botas de caucho me sacan ampollas", Stance.COMPLAINT),
        ("la careta llegó rajada", Stance.COMPLAINT),
        ("el visor se rompió a la semana", Stance.COMPLAINT),
        ("necesito devolver dos caretas", Stance.RETURN),
        ("las botas que compramos en marzo nos quedaron pequeñas, las pueden cambiar de talla", Stance.RETURN),
        ("por ahora no voy a comprar, gracias", Stance.ONLY_ASKING),
        ("solo estoy cotizando para la obra", Stance.ONLY_ASKING),
    ],
)
def test_stances(message: str, stance: Stance) -> None:
    assert stance in stances(message)


@pytest.mark.parametrize(
    "message",
    [
        "que sean seis",
        "mándeme 3 botas de caucho",
        "dale, confirmo",
        "quiero 2 caretas",
        "quiero 4 soportes de los que les caben cilindros de 10 libras",  # a relative clause describes
    ],
)
def test_orders_and_commands_are_not_questions(message: str) -> None:
    assert not is_question(message)


# -- the order never changes on asking -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "¿tienen 30 botas de caucho en bodega?",
        "tienen 30 botas de caucho para entrega inmediata",
        "qué diferencia hay entre la eslinga de 1,2 y la de 1,8",
        "las botas de caucho me maltratan, qué otras hay",
        "no quiero comprar todavía, solo estoy mirando precios de caretas",
        "quiero devolver 2 botas que me llegaron con un defecto",
        "la gafa clara y la oscura son la misma o cambia algo",
        # an exchange of goods from an earlier purchase is a return, not an edit of this order
        "los 3 overoles de la vez pasada me quedaron cortos, me los cambian por talla L",
        "las 6 gafas del pedido anterior las necesito cambiar por oscuras",
        "quiero cambiar las 2 caretas de la compra pasada por unas de vidrio",
        # a requirement somebody else puts on the customer, counted, is no order yet
        "en el puerto nos exigen 12 chalecos pero todavía estamos cotizando",
    ],
)
def test_asking_complaining_or_returning_never_changes_the_order(message: str) -> None:
    o = order_with(P_BOT=4)
    requests = [ProductRequest(BOTA, 30, message)]
    assert not may_change_order(message)
    assert run(o, message, requests) == {"P-BOT": 4}


def test_a_complaint_with_an_explicit_change_applies_it() -> None:
    o = order_with(P_BOT=4, P_CAR=1)
    assert run(o, "las botas me maltratan, quíteme las botas") == {"P-CAR": 1}


def test_a_polite_request_in_question_form_is_an_order() -> None:
    o = order_with()
    message = "¿me puede mandar 3 caretas para esmerilar?"
    assert may_change_order(message)
    assert run(o, message, [ProductRequest(CARETA, 3, message)]) == {"P-CAR": 3}


# -- edits -------------------------------------------------------------------------------------------------------------
def test_remove_one_and_keep_the_other() -> None:
    o = order_with(P_BOT=4, P_CAR=2)
    message = "quíteme las botas, solo la careta"
    assert run(
        o, message, [ProductRequest(BOTA, None, "quíteme las botas"), ProductRequest(CARETA, None, message)]
    ) == {"P-CAR": 2}


def test_no_longer_wanted_then_only() -> None:
    o = order_with(P_BOT=4, P_CAR=2, P_ESL=1)
    assert run(o, "ya no quiero las botas, solo la careta y la eslinga") == {"P-CAR": 2, "P-ESL": 1}


def test_keep_only_without_removal_verb() -> None:
    o = order_with(P_BOT=4, P_CAR=2)
    assert run(o, "mejor solo las caretas") == {"P-CAR": 2}


def test_keep_only_keeps_the_kind_named_not_what_is_made_for_it() -> None:
    o = order_with(P_BOT=4, P_PLA=4, P_CAR=2)
    assert run(o, "no, mejor solo las botas") == {"P-BOT": 4}


def test_a_reason_after_a_comma_is_no_comparison() -> None:
    o = order_with(P_BOT=4)
    assert run(o, "ponga 6 mejor, que entró otro trabajador") == {"P-BOT": 6}


def test_keep_only_with_a_quantity_sets_it() -> None:
    o = order_with(P_BOT=4, P_CAR=2)
    assert run(o, "solo 5 caretas") == {"P-CAR": 5}


def test_removing_units_of_one_line() -> None:
    o = order_with(P_ESL=5)
    assert run(o, "quítele dos eslingas") == {"P-ESL": 3}


def test_better_n_sets_the_only_line() -> None:
    o = order_with(P_CAR=2)
    assert run(o, "mejor que sean siete") == {"P-CAR": 7}


def test_a_yes_accepts_the_offer_but_not_a_choice() -> None:
    o = order_with()
    accepted = plan_operations(o, "sí, hágale", [], Offer("agregar", {"P-CAR": 2}))
    assert [op.accion for op in accepted] == ["aceptar_oferta"]
    assert plan_operations(o, "sí", [], Offer("elegir", {"P-CAR": 2, "P-BOT": 2})) == []


def test_another_size_of_a_line_is_a_new_line() -> None:
    o = order_with(P_OVM=4)
    message = "agrégueme 3 talla L"
    assert run(o, message, [ProductRequest(OVEROL_L, 3, message)]) == {"P-OVM": 4, "P-OVL": 3}


def test_switching_a_line_to_another_size_keeps_its_units() -> None:
    o = order_with(P_OVM=4)
    message = "no, mejor talla L"
    assert run(o, message, [ProductRequest(OVEROL_L, None, message)]) == {"P-OVL": 4}


def test_plural_names_reach_their_line() -> None:
    o = order_with(P_DET=2, P_CAR=1)
    assert run(o, "ya no quiero los detectores") == {"P-CAR": 1}


@pytest.mark.parametrize(
    "message",
    [
        "la caneca que nos mandaron la otra vez llegó sin tapa",
        "si pido 40 botas de caucho me hacen algún descuento",
        "las caretas que me trajeron vinieron rayadas",
    ],
)
def test_talk_about_past_or_hypothetical_orders_changes_nothing(message: str) -> None:
    o = order_with(P_BOT=4)
    assert not may_change_order(message)
    assert run(o, message, [ProductRequest(BOTA, 40, message)]) == {"P-BOT": 4}


def test_only_the_ones_kept_stay() -> None:
    o = order_with(P_BOT=4, P_CAR=2)
    assert run(o, "pensándolo bien solo las caretas, las botas ya las tengo") == {"P-CAR": 2}


def test_a_negated_variant_orders_nothing() -> None:
    o = order_with(P_OVM=4)
    message = "no, en talla L no, la M está bien"
    assert run(o, message, [ProductRequest(OVEROL_L, None, "en talla L no")]) == {"P-OVM": 4}


def test_a_named_product_without_a_count_is_added_only_when_asked_for() -> None:
    o = order_with(P_OVM=4)
    assert run(o, "los overoles vienen en talla L", [ProductRequest(OVEROL_L, None, "talla L")]) == {"P-OVM": 4}
    assert run(o, "quiero también el de talla L", [ProductRequest(OVEROL_L, None, "el de talla L")]) == {
        "P-OVM": 4,
        "P-OVL": 1,
    }


@pytest.mark.parametrize(
    "message", ["la batería de ese cuánto dura", "los overoles vienen en talla L", "y se les puede poner logo"]
)
def test_questions_without_question_marks(message: str) -> None:
    assert is_question(message)


# -- the validator -----------------------------------------------------------------------------------------------------
SCOPE = PlanScope(frozenset({"P-BOT", "P-CAR"}), frozenset({"P-BOT"}), has_offer=False, may_change=True)


def _plan(**fields: object) -> dict:
    return {"actos": ["pedido"], "tipo": "venta", "confianza": 0.9, "operaciones": [], **fields}


def _check(raw: dict) -> list[str]:
    """The model's JSON through the provider's parser (undeclared or missing fields), then the validator."""
    try:
        plan = parse_structured(json.dumps(raw), ModelTurnPlan, PLAN_SCHEMA)
    except LLMCallError as exc:
        return [f"esquema: {exc}"]
    return check_plan(plan, SCOPE).errors


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (_plan(operaciones=[{"accion": "agregar", "sku": "P-XXX", "cantidad": 2}]), "sku desconocido"),
        (_plan(operaciones=[{"accion": "agregar", "sku": "P-CAR", "cantidad": 0}]), "cantidad inválida"),
        (_plan(operaciones=[{"accion": "fijar_cantidad", "sku": "P-CAR", "cantidad": 62000}]), "cantidad inválida"),
        (_plan(operaciones=[{"accion": "quitar", "sku": "P-CAR"}]), "no está en el pedido"),
        (_plan(operaciones=[{"accion": "aceptar_oferta"}]), "sin oferta"),
        (_plan(precio=1000), "esquema"),
        (_plan(estado_venta="cerrada"), "esquema"),
        (
            _plan(tipo="inventario", operaciones=[{"accion": "agregar", "sku": "P-CAR", "cantidad": 1}]),
            "tipo inventario",
        ),
        ({"tipo": "venta"}, "esquema"),
    ],
)
def test_wrong_plans_are_rejected(raw: dict, error: str) -> None:
    errors = _check(raw)
    assert any(error in e for e in errors), errors


def test_operations_on_a_message_that_only_asks_are_rejected() -> None:
    scope = PlanScope(SCOPE.allowed_skus, SCOPE.order_skus, has_offer=False, may_change=False)
    plan = ModelTurnPlan.model_validate(_plan(operaciones=[{"accion": "agregar", "sku": "P-CAR", "cantidad": 40}]))
    assert "solo pregunta" in " ".join(check_plan(plan, scope).errors)


def test_a_valid_plan_is_merged_keeping_what_only_rules_fill() -> None:
    raw = _plan(operaciones=[{"accion": "agregar", "sku": "P-CAR", "cantidad": 3}])
    check = check_plan(ModelTurnPlan.model_validate(raw), SCOPE)
    assert check.valid
    offline = TurnPlan(tipo="inventario", confianza=0.4, datos_cliente={"nombre": "Ana"}, pregunta="confirmar")
    merged = merge(offline, check.plan)
    assert merged.tipo == "venta" and merged.origen == "modelo" and merged.pregunta is None
    assert merged.datos_cliente == {"nombre": "Ana"} and merged.operaciones[0].cantidad == 3
    assert isinstance(check.plan, ModelTurnPlan)


@pytest.mark.parametrize(
    "message",
    [
        "me pueden despachar las botas a Puerto Asís",  # what the company can do, asked
        "pueden instalar la línea de vida en la planta",
        "mandan a Mocoa",
        "los guantes son certificados o qué",  # a tag question
    ],
)
def test_questions_to_the_company_without_a_question_mark(message: str) -> None:
    assert is_question(message)


@pytest.mark.parametrize("message", ["puede ser el de talla 8", "pueden ser los amarillos", "me dan 3 cascos"])
def test_a_choice_or_a_request_is_no_question(message: str) -> None:
    assert not is_question(message)


def test_a_number_of_the_asked_products_name_keeps_it_apart_from_a_line_that_shares_a_word() -> None:
    mask = product(8, "P-MAS", "Máscara de media cara 7500 para dos filtros")
    filters = product(9, "P-FIL", "Filtro 8812 P100 (par)")
    o = Order(chat_id="t", estado="pendiente", datos_cliente={})
    o.lineas = []
    orders.set_quantity(o, mask, 1)
    asked = [ProductRequest(filters, 3, "y 3 pares de filtros 8812")]
    assert run(o, "y 3 pares de filtros 8812", asked) == {"P-MAS": 1, "P-FIL": 3}
    # without the number, "filtros" with only the mask in the order is still that line (its name says them)
    only_mask = Order(chat_id="t", estado="pendiente", datos_cliente={})
    only_mask.lineas = []
    orders.set_quantity(only_mask, mask, 1)
    assert run(only_mask, "que sean 2 de dos filtros", [ProductRequest(filters, 2, "que sean 2 de dos filtros")]) == {
        "P-MAS": 2
    }


@pytest.mark.parametrize(
    "message",
    [
        "cámbieme eso a 9 que ayer entraron 3 aprendices",  # the reason told in the past, with people counted
        "cambie esto por 9, es que contrataron 2 jornaleros más",
    ],
)
def test_an_edit_with_its_reason_in_the_past_sets_the_count(message: str) -> None:
    assert run(order_with(P_BOT=5), message) == {"P-BOT": 9}


def test_a_story_in_the_past_without_an_edit_changes_nothing() -> None:
    assert run(order_with(P_BOT=5), "en marzo nos cambiaron 3 botas de número") == {"P-BOT": 5}


def test_goods_of_an_earlier_order_wanted_in_exchange_change_nothing() -> None:
    message = "los 3 overoles del despacho anterior queremos cambiarlos a talla L, ¿cómo hago?"
    assert run(order_with(P_BOT=5), message, [ProductRequest(OVEROL_L, 3, message)]) == {"P-BOT": 5}


@pytest.mark.parametrize(
    "message", ["no no, no son 4 pares, son los 2 que pedí", "no quiero 6, ya le dije que 2", "no eran 5, eran 2"]
)
def test_a_denied_count_is_no_new_quantity(message: str) -> None:
    assert run(order_with(P_BOT=2), message) == {"P-BOT": 2}

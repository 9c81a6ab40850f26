"""A purchase the customer does not ask for now leaves the order alone: the story of an earlier purchase, a purchase
put off or imagined, somebody else's wish (examples written for these tests)."""

from __future__ import annotations

import pytest

from agente_vendedor.conversation.order_operations import _NEGATION, may_change_order
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.purchase_verbs import asks_for_units
from agente_vendedor.language.timing import Timing, timings


@pytest.mark.parametrize(
    ("message", "timing"),
    [
        ("de las 10 botas que nos vendieron en agosto, 3 salieron descosidas", Timing.PAST),
        ("la vez pasada llegaron 4 guantes sin par", Timing.PAST),
        ("la última caja que decía 50 traía 45", Timing.PAST),
        ("hace dos semanas les compré 12 chalecos y ya se pelaron", Timing.PAST),
        ("esos cascos los compro el otro mes", Timing.LATER),
        ("el año que viene sí toca cambiar los 30 arneses", Timing.LATER),
        ("por ahora no, después le confirmo las 5 eslingas", Timing.LATER),
        ("si nos aprueban el contrato compraríamos unos 40 overoles", Timing.IMAGINED),
        ("si llega el presupuesto pediríamos el doble, pero no es seguro", Timing.IMAGINED),
        ("el supervisor quiere que sean 6, pero eso lo decide él mañana", Timing.REPORTED),
        ("la ARL nos pidió tener 4 botiquines por piso", Timing.REPORTED),
        ("las 6 camisas azules se encogieron y se destiñeron a la primera lavada", Timing.PAST),
        ("los tapones del lote de marzo se cayeron del empaque", Timing.PAST),
        ("los 4 overoles del despacho pasado tienen la cremallera mala", Timing.PAST),
        ("de pronto para enero les pedimos otros 30 conos", Timing.IMAGINED),
        ("si nos sale el contrato del muelle, vamos a necesitar unos 25 chalecos", Timing.IMAGINED),
        ("si abren el segundo turno compraremos 10 linternas más", Timing.IMAGINED),
    ],
)
def test_a_purchase_not_for_now(message: str, timing: Timing) -> None:
    assert timing in timings(message)
    assert not may_change_order(message)


@pytest.mark.parametrize(
    "message",
    [
        "quiero 3 cascos para la otra semana",  # a delivery date: the request is now
        "deme 10 guantes de los mismos que llevé el mes pasado",  # asks for units
        "mándeme 6 cascos, la última vez llegaron rápido",
        "me gustaría pedir 5 tapabocas",  # a polite conditional is a request
        "quisiera 2 pares de botas talla 40",
        "mi jefe dice que sean 5, agrégueme 2 más",  # the customer gives the order
        "deme 4 extintores de 20 libras",
        "quiero 3 cascos, da lo mismo el color",  # indifference, not a comparison asked
    ],
)
def test_a_request_for_now_still_changes_the_order(message: str) -> None:
    assert may_change_order(message)


def test_the_other_time_is_the_last_time_not_a_later_one() -> None:
    assert Timing.LATER not in timings("unos guantes de carnaza, como los de la otra vez")
    assert Timing.PAST in timings("la otra vez llegaron con huecos")
    assert may_change_order("deme 4 guantes de carnaza, como los de la otra vez")
    assert Timing.LATER in timings("eso lo pido la próxima vez")


@pytest.mark.parametrize(
    ("message", "buys"),
    [
        ("me llevan los guantes hasta la obra en Chía", False),  # where to deliver, not what to buy
        ("me mandan la proforma para pagar", False),  # a paper of the sale, not goods
        ("me envían la ficha técnica del casco", False),
        ("me mandan 3 cascos a la obra", True),
        ("me lleva 2 pares de botas", True),
    ],
)
def test_delivery_and_papers_are_no_purchase(message: str, buys: bool) -> None:
    assert asks_for_units(message) is buys


@pytest.mark.parametrize(
    "message",
    [
        "las 8 botas del pedido anterior soltaban el color",  # what goods used to do: a story
        "no me interesa la de 20 libras",  # a product ruled out
        "esas 4 gafas no las voy a pedir todavía",
        "el arnés viejo tiene dos argollas dobladas",  # what an item has broken: a complaint
        "perdimos 2 candados en la parada de planta",
    ],
)
def test_stories_refusals_and_breakages_change_nothing(message: str) -> None:
    # either the message may not change the order at all, or it rules the product it names out
    assert not may_change_order(message) or _NEGATION.search(normalize(message))


@pytest.mark.parametrize(
    "message",
    [
        "si tienen en bodega me mandan 5 conos",
        "de pronto me puede mandar 4 conos",
        "quiero 3 cascos para enero",
        "necesito 12 chalecos, los van a usar en el muelle",
    ],
)
def test_a_condition_of_stock_or_a_softener_is_still_now(message: str) -> None:
    assert not timings(message) & {Timing.IMAGINED, Timing.LATER}


def test_goods_of_another_order_wanted_in_exchange_change_nothing() -> None:
    assert not may_change_order("de los overoles del pedido anterior, 3 los queremos cambiar a talla L, ¿cómo hago?")
    assert may_change_order("quiero cambiar los overoles M por 3 talla L")

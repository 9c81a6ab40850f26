from __future__ import annotations

import pytest

from agente_vendedor.language.normalization import fold
from agente_vendedor.language.quantities import find_quantities, first_quantity, parse_spanish_number, units_for


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("uno", 1), ("una", 1), ("dos", 2), ("tres", 3), ("nueve", 9), ("diez", 10), ("once", 11), ("doce", 12),
        ("quince", 15), ("dieciséis", 16), ("diecinueve", 19), ("veinte", 20), ("veintiuno", 21), ("veintidós", 22),
        ("veinticinco", 25), ("veintinueve", 29), ("treinta", 30), ("treinta y cinco", 35), ("cuarenta y dos", 42),
        ("noventa y nueve", 99), ("cien", 100), ("ciento uno", 101), ("ciento veinte", 120),
        ("doscientos cincuenta y tres", 253), ("quinientas", 500), ("mil", 1000), ("dos mil", 2000),
        ("tres mil cuatrocientos", 3400), ("25", 25), ("  7 ", 7),
    ],
)  # fmt: skip
def test_parse_spanish_number(text: str, value: int) -> None:
    assert parse_spanish_number(text) == value


@pytest.mark.parametrize("text", ["", "cascos", "dos cascos", "y", "docena"])
def test_parse_spanish_number_rejects_other_text(text: str) -> None:
    assert parse_spanish_number(text) is None


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("compro 5 pares de polainas", 5),
        ("necesito 50 pares de guantes punteados", 50),
        ("quiero comprar veinte cascos azules dielectricos", 20),
        ("necesito dos extintores de agua", 2),
        ("quiero una docena de guantes de pvc largos", 12),
        ("mandame media docena de guantes de latex calibre 35", 6),
        ("me regala dos docenas de tapabocas", 24),
        ("una docena y media de guantes", 18),
        ("mejor que sean cuatro", 4),
        ("son 6", 6),
        ("mandeme ocho", 8),
        ("necesito 15 de esos pa la cabeza", 15),
        ("cascos x3", 3),
        ("cascos x 3", 3),
        ("3 und de guantes", 3),
        ("3und", 3),
        ("10 unidades de botas", 10),
        ("quiero cien pares de guantes", 100),
        ("necesito mil tapones", 1000),
        ("2 mil pares de guantes de hilo", 2000),
        ("Quiero TREINTA Y CINCO guantes", 35),
        ("vamos a abrir un socavon, necesito 15 de esos", 15),
        ("docena de guantes de carnaza", 12),
        ("Quiero hacer un pedido: 12 impermeables de PVC", 12),
        ("cantidad: 5", 5),
        ("Pedido: dos cascos", 2),
    ],
)
def test_explicit_quantities(message: str, value: int) -> None:
    quantity = first_quantity(message, explicit_only=True)
    assert quantity is not None and quantity.value == value


@pytest.mark.parametrize(
    "message",
    [
        "extintor pa carro de 5 libras",
        "cuanto vale el yoyo autorretractil de 6 metros",
        "guante largo de 45 cm",
        "extintor de agua de 2,5 galones",
        "tengo 50 mil no mas, que me alcanza",
        "botas talla 43",
        "guantes de latex calibre 35",
        "casco clase 2",
        "Hi, do you have disposable N95 masks?",
        "marca 3M",
        "abren a las 10",
        "llega en 3 a 5 dias habiles",
        "delantal de 60 x 90",
        "mi celular es 3158821144",
        "cedula 1061789234",
        "Calle 8 # 23-50, Cali",
        "Av 3N # 45-18",
        "trabajo a unos 3 metros no mas",
        "recargan en 72 horas",
        "cuesta $250.000",
        "sí, de una",
        "separeme un extintor de co2",
        "respirador kn95 con valvula",
        "detector de h2s",
        "a las 10:30 paso",
        "respirador 6200 y cartuchos 6003",
        "gabinete pa extintor de 20",
        "listo, mil gracias",
    ],
)
def test_numbers_that_are_not_counts(message: str) -> None:
    assert first_quantity(message, explicit_only=True) is None


def test_articles_are_weak_counts() -> None:
    quantity = first_quantity("me vende una careta de malla")
    assert quantity is not None and quantity.value == 1 and not quantity.explicit
    assert first_quantity("quiero un beam clamp", explicit_only=True) is None
    assert first_quantity("de una vez") is None
    assert first_quantity("una pregunta") is None


def test_pairs() -> None:
    pair = first_quantity("un par de cascos")
    assert pair is not None and pair.unit == "par" and pair.explicit and pair.paired_article
    assert units_for(pair, "Casco dieléctrico clase E") == 2
    gloves = first_quantity("un par de guantes")
    assert gloves is not None and units_for(gloves, "Guante de carnaza corto (par)") == 1
    two = first_quantity("2 pares de tenis de seguridad")
    assert two is not None and two.value == 2 and units_for(two, "Zapato de seguridad tipo tenis") == 2


def test_several_quantities_keep_order_and_offsets() -> None:
    text = "quiero 2 respiradores de doble cartucho y 2 pares de cartuchos multigas, y tres cascos"
    found = find_quantities(text)
    assert [q.value for q in found] == [2, 2, 3]
    assert [text[q.start : q.end] for q in found] == ["2", "2 pares", "tres"]


def test_fold_keeps_offsets() -> None:
    text = "Cédula Ñandú"
    assert fold(text) == "cedula nandu"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("message", "value"),
    [("separeme un extintor de co2 de 10 lb", 1), ("me vende 3 kn95", 3), ("quiero 4 extintores co2", 4)],
)
def test_digits_glued_to_letters_are_models_not_counts(message: str, value: int) -> None:
    quantity = first_quantity(message)
    assert quantity is not None and quantity.value == value

"""Every number of a message bound to what it measures (`read_numbers`): a count comes before the noun it counts, a
product's own numbers (reference, size, weight, class, capacity, measure) come after it or after "de"."""

from __future__ import annotations

from typing import get_args

import pytest

from agente_vendedor.language.quantities import (
    NUMBER_ROLES,
    find_quantities,
    first_quantity,
    product_number_tokens,
    read_numbers,
)
from agente_vendedor.schemas.turn_plan import NumberRole

# The number tokens a catalogue with these names would give (see test_product_number_tokens).
CATALOGUE = product_number_tokens(
    [
        "Respirador media cara 6200",
        "Cartucho 6003 vapores orgánicos",
        "Cartucho 6001",
        "Respirador 7502 silicona",
        "Filtro 2097 para partículas",
        "Extintor multipropósito de 10 lb",
        "Extintor multipropósito de 20 lb",
        "Caneca de 55 galones",
    ]
)

Reading = tuple[str, int | None, str]  # (text, value, role)


def readings(message: str, product_numbers: frozenset[str] = CATALOGUE) -> list[Reading]:
    return [(r.text, r.value, r.role) for r in read_numbers(message, product_numbers)]


CASES: list[tuple[str, list[Reading]]] = [
    # cantidad: a number before the noun it counts, in digits or words, with its multiplier or marker
    ("mándeme 3 respiradores", [("3", 3, "cantidad")]),
    ("quisiera tres cascos blancos", [("tres", 3, "cantidad")]),
    ("regáleme una docena de overoles", [("una docena", 12, "cantidad")]),
    ("me separa 2 pares de botas", [("2 pares", 2, "cantidad")]),
    ("caretas x3", [("x3", 3, "cantidad")]),
    ("gafas x 6 por favor", [("x 6", 6, "cantidad")]),
    ("5 und de mascarillas", [("5 und", 5, "cantidad")]),
    ("necesitamos ciento veinte chalecos", [("ciento veinte", 120, "cantidad")]),
    ("media docena de tapaoídos", [("media docena", 6, "cantidad")]),
    ("dos docenas y media de guantes", [("dos docenas y media", 30, "cantidad")]),
    ("póngale 7", [("7", 7, "cantidad")]),
    ("ponle 4 más", [("4", 4, "cantidad")]),
    ("mejor que sean nueve", [("nueve", 9, "cantidad")]),
    ("cambie las botas a 8", [("8", 8, "cantidad")]),
    ("¿hay 40 chalecos en bodega?", [("40", 40, "cantidad")]),
    ("cantidad: 25", [("25", 25, "cantidad")]),
    ("me vende 3 n95", [("3", 3, "cantidad"), ("n95", None, "referencia")]),
    ("dotación pa 12 soldadores", [("12", 12, "cantidad")]),
    ("una dotación de 15 overoles", [("15", 15, "cantidad")]),
    ("el pedido de 30 gafas", [("30", 30, "cantidad")]),
    ("tipo 20 arneses, más o menos", [("20", 20, "cantidad")]),
    ("2.500 tapabocas desechables", [("2.500", 2500, "cantidad")]),
    ("1,000 tapabocas", [("1,000", 1000, "cantidad")]),
    ("2 mil pares de botas de caucho", [("2 mil pares", 2000, "cantidad")]),
    ("necesito 5mil bolsas", [("5mil", 5000, "cantidad")]),
    ("quiero mil tapones", [("mil", 1000, "cantidad")]),
    # referencia: digits right after a noun, glued codes, a keyword, an option
    ("respirador 6200", [("6200", 6200, "referencia")]),
    ("filtro 2097 por favor", [("2097", 2097, "referencia")]),
    ("casco V-Gard 500 blanco", [("500", 500, "referencia")]),
    ("mascarilla 8210 para polvo", [("8210", 8210, "referencia")]),
    ("¿tienen el 6200?", [("6200", 6200, "referencia")]),
    ("me quedo con la opción 2", [("2", 2, "referencia")]),
    ("ref 7093 de 3M", [("7093", 7093, "referencia"), ("3M", None, "referencia")]),
    ("detector de h2s y extintor co2", [("h2s", None, "referencia"), ("co2", None, "referencia")]),
    ("respirador n-95", [("n-95", None, "referencia")]),
    ("cartucho 6003a", [("6003a", None, "referencia")]),
    ("respiradores 6200 y 7502", [("6200", 6200, "referencia"), ("7502", 7502, "referencia")]),
    ("arnés de 3 argollas", [("3", 3, "referencia")]),
    # talla
    ("botas talla 41", [("41", 41, "talla")]),
    ("overol talla M", [("M", None, "talla")]),
    ("tallas 38 y 40", [("38", 38, "talla"), ("40", 40, "talla")]),
    ("botas número 42", [("42", 42, "talla")]),
    ("zapatos 39", [("39", 39, "talla")]),
    ("talla: XL", [("XL", None, "talla")]),
    # peso
    ("extintor de 20 libras", [("20", 20, "peso")]),
    ("un extintor de 10 lb", [("10", 10, "peso")]),
    ("bulto de 25 kg de arena", [("25", 25, "peso")]),
    ("extintor 5lb", [("5lb", 5, "peso")]),
    ("extintor de 20", [("20", 20, "peso")]),
    # clase
    ("casco clase E", [("E", None, "clase")]),
    ("casco tipo II clase G", [("II", 2, "clase"), ("G", None, "clase")]),
    ("guantes dieléctricos clase 2", [("2", 2, "clase")]),
    ("protección nivel 3", [("3", 3, "clase")]),
    ("chaleco categoría 2", [("2", 2, "clase")]),
    # capacidad
    ("caneca de 55 galones", [("55", 55, "capacidad")]),
    ("bidón de 20 litros", [("20", 20, "capacidad")]),
    ("botiquín para 10 personas", [("10", 10, "capacidad")]),
    ("caja x 20 unidades", [("20", 20, "capacidad")]),
    ("paquete de 50 guantes", [("50", 50, "capacidad")]),
    ("extintor de agua de 2,5 galones", [("2,5", None, "capacidad")]),
    # medida
    ("eslinga de 1.8 m", [("1.8", None, "medida")]),
    ("línea de vida de 15 metros", [("15", 15, "medida")]),
    ("guante largo de 45 cm", [("45", 45, "medida")]),
    ("lona de 2 x 3", [("2", 2, "medida"), ("3", 3, "medida")]),
    ("delantal 60x90", [("60", 60, "medida"), ("90", 90, "medida")]),
    ("guante de nitrilo calibre 25", [("25", 25, "medida")]),
    ("protector auditivo nrr 29", [("29", 29, "medida")]),
    ("dieléctrico hasta 20.000 V", [("20.000", 20000, "medida")]),
    ("cuerda de 3m", [("3m", 3, "medida")]),
    ("entre dos y tres metros", [("dos", 2, "medida"), ("tres", 3, "medida")]),
    # dinero
    ("me cuesta $180.000", [("$180.000", 180000, "dinero")]),
    ("tengo 300 mil pesos", [("300 mil", 300000, "dinero")]),
    ("tengo 80 mil no más", [("80 mil", 80000, "dinero")]),
    ("mi presupuesto es 1.500.000", [("1.500.000", 1500000, "dinero")]),
    ("tengo 2 millones", [("2 millones", 2000000, "dinero")]),
    ("le pago 95000", [("95000", 95000, "dinero")]),
    ("me alcanza con 60k", [("60k", 60000, "dinero")]),
    # dato
    ("paso a las 4", [("4", 4, "dato")]),
    ("a las 10:45", [("10", 10, "dato"), ("45", 45, "dato")]),
    ("llega en 2 a 4 días", [("2", 2, "dato"), ("4", 4, "dato")]),
    ("recargas cada 12 meses", [("12", 12, "dato")]),
    ("el 15 de marzo", [("15", 15, "dato")]),
    ("lo compré en 2019", [("2019", 2019, "dato")]),
    ("mi celular 3001234567", [("3001234567", 3001234567, "dato")]),
    ("Cra 7 # 45-12", [("7", 7, "dato"), ("45", 45, "dato"), ("12", 12, "dato")]),
    ("nit 900123456", [("900123456", 900123456, "dato")]),
    ("un 15% de descuento", [("15%", 15, "dato")]),
    ("mil gracias", [("mil", 1000, "dato")]),
    ("para el 15 me llegan", [("15", 15, "dato")]),
    ("somos 20 en la planta", [("20", 20, "cantidad")]),
    # a place word labels the goods that follow (a unit of sale, or a colon): not an office or warehouse number
    ("pal taller 6 pares de botas", [("6 pares", 6, "cantidad")]),
    ("para la bodega: 8 chalecos", [("8", 8, "cantidad")]),
    ("oficina 402", [("402", 402, "dato")]),
    # a brand shaped like a plural verb that the dictionary does not know names the model that follows
    ("necesito 2 botas Vulcan 900", [("2", 2, "cantidad"), ("900", 900, "referencia")]),
    ("necesitan 500 guantes", [("500", 500, "cantidad")]),
    # a code written with a hyphen names the model after it, whatever its last letters look like
    ("¿calibran el monitor Q-am 3000?", [("3000", 3000, "referencia")]),
    ("quiero 4 cascos v-gard 500", [("4", 4, "cantidad"), ("500", 500, "referencia")]),
    ("local: 3 piso 2", [("3", 3, "dato"), ("2", 2, "dato")]),
]


@pytest.mark.parametrize(("message", "expected"), CASES)
def test_each_number_gets_its_role(message: str, expected: list[Reading]) -> None:
    assert readings(message) == expected


MIXED: list[tuple[str, list[Reading]]] = [
    (
        "respirador 6200 y cartuchos 6003, ¿cuánto me sale?",
        [("6200", 6200, "referencia"), ("6003", 6003, "referencia")],
    ),
    (
        "necesito 4 respiradores 7502 y 8 cartuchos 6001",
        [("4", 4, "cantidad"), ("7502", 7502, "referencia"), ("8", 8, "cantidad"), ("6001", 6001, "referencia")],
    ),
    ("quiero 2 extintores de 10 libras", [("2", 2, "cantidad"), ("10", 10, "peso")]),
    ("un gabinete para extintor de 20", [("20", 20, "peso")]),
    ("12 pares de guantes talla 9", [("12 pares", 12, "cantidad"), ("9", 9, "talla")]),
    ("1.000 guantes de nitrilo", [("1.000", 1000, "cantidad")]),
    ("mándeme 3 botas número 40", [("3", 3, "cantidad"), ("40", 40, "talla")]),
    ("¿tienen 40 cascos en bodega?", [("40", 40, "cantidad")]),
    ("¿qué diferencia hay entre el de 10 y el de 20?", [("10", 10, "peso"), ("20", 20, "peso")]),
    (
        "deme 5 extintores de 20 y 3 de 10",
        [("5", 5, "cantidad"), ("20", 20, "peso"), ("3", 3, "cantidad"), ("10", 10, "peso")],
    ),
    (
        "respirador 6200 y 2 filtros 2097",
        [("6200", 6200, "referencia"), ("2", 2, "cantidad"), ("2097", 2097, "referencia")],
    ),
    ("cartuchos 6003 x 4", [("6003", 6003, "referencia"), ("x 4", 4, "cantidad")]),
    ("2 cajas de 100 guantes", [("2", 2, "cantidad"), ("100", 100, "capacidad")]),
    ("necesitamos 15 arneses para 15 trabajadores", [("15", 15, "cantidad"), ("15", 15, "cantidad")]),
    (
        "quiero 3 cascos clase E y 6 pares de guantes talla 10",
        [("3", 3, "cantidad"), ("E", None, "clase"), ("6 pares", 6, "cantidad"), ("10", 10, "talla")],
    ),
    ("respirador 3M 6200 x 2", [("3M", None, "referencia"), ("6200", 6200, "referencia"), ("x 2", 2, "cantidad")]),
    (
        "quiero 2 extintores de 20 lb, me cuestan 150 mil?",
        [("2", 2, "cantidad"), ("20", 20, "peso"), ("150 mil", 150000, "dinero")],
    ),
]


@pytest.mark.parametrize(("message", "expected"), MIXED)
def test_mixed_messages(message: str, expected: list[Reading]) -> None:
    assert readings(message) == expected


def test_a_reference_needs_no_catalogue() -> None:
    """After a noun, digits are a reference even when the catalogue does not have them; "de N" with no unit in the
    catalogue is a reference too."""
    assert readings("respirador 6502", frozenset()) == [("6502", 6502, "referencia")]
    assert readings("extintor de 20", frozenset()) == [("20", 20, "referencia")]
    assert readings("gabinete pa extintor de 30") == [("30", 30, "referencia")]


def test_the_catalogue_settles_a_number_followed_by_a_noun() -> None:
    """In "respirador 6200 cartuchos..." 6200 is a catalogue reference, not 6200 cartridges; without the catalogue the
    number counts the plural noun after it."""
    assert readings("respirador 6200 cartuchos aparte")[0][2] == "referencia"
    assert readings("kit 6201 cartuchos", frozenset())[0][2] == "cantidad"


def test_find_quantities_keeps_only_counts_and_articles() -> None:
    assert find_quantities("respirador 6200 y cartuchos 6003, ¿cuánto me sale?", product_numbers=CATALOGUE) == []
    gabinete = find_quantities("un gabinete para extintor de 20")
    assert [(q.value, q.explicit) for q in gabinete] == [(1, False)]
    found = find_quantities("necesito 4 respiradores 7502 y 8 cartuchos 6001")
    assert [(q.value, q.explicit) for q in found] == [(4, True), (8, True)]
    quantity = first_quantity("quiero 2 extintores de 10 libras", explicit_only=True, product_numbers=CATALOGUE)
    assert quantity is not None and quantity.value == 2
    assert first_quantity("extintor de 20", explicit_only=True) is None


def test_offsets_map_back_to_the_message() -> None:
    message = "Mándeme 3 BOTAS número 40 y un casco clase E"
    for reading in read_numbers(message):
        assert message[reading.start : reading.end] == reading.text


def test_product_number_tokens() -> None:
    tokens = product_number_tokens(["Extintor de 20 lb", "Respirador 6200", "Caneca de 55 galones", "Tapón x 50 pares"])
    assert {"20", "20 lb", "6200", "55", "55 galones", "50"} <= tokens


def test_roles_are_the_plan_roles() -> None:
    assert set(NUMBER_ROLES) == set(get_args(NumberRole))

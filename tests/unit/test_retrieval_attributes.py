"""Attributes written in free text: units, classes, sizes, levels, ratings, counts and budgets."""

from __future__ import annotations

import pytest

from agente_vendedor.language.attributes import Attribute, budget_limit, compare_attributes, extract_attributes


def keys(text: str) -> set[tuple[str, object]]:
    return {(a.key, a.value) for a in extract_attributes(text)}


@pytest.mark.parametrize(
    ("wanted", "offered"),
    [
        ("extintor de 10 libras", "Extintor multipropósito ABC de 10 lb"),
        ("extintor de 20 lb", "Extintor ABC 20 LBS"),
        ("extintor de 4,5 kilos", "Extintor ABC de 10 lb"),
        ("extintor de 2.5 galones", "Extintor de agua a presión de 2,5 galones"),
        ("yoyo de 6 metros", "Línea de vida autorretráctil de 6 m"),
        ("eslinga de 1,8 mts", "Eslinga sencilla con absorbedor de 1,8 m"),
        ("guante de 45 centimetros", "Guante de PVC largo 45 cm"),
        ("casco clase E", "Casco tipo I clase E"),
        ("casco tipo 1", "Casco tipo I clase E"),
        ("guante nivel 5", "Guante anticorte nivel 5 HPPE"),
        ("orejeras NRR 30", "Orejera de alta atenuación NRR 30"),
        ("bota talla 43", "Bota blanca, tallas 35 a 44"),
        ("camisa talla xl", "Camisa en dril. Tallas S a XXL"),
        ("guante calibre 35", "Guante de látex industrial calibre 35"),
        ("careta sombra 11", "Careta para soldar con vidrio sombra 11"),
        ("manguera de 3/4", "Manguera de 3/4 para aire"),
        ("arnés de 3 argollas", "Arnés de cuerpo completo 3 argollas"),
        ("guante dielectrico de 17.000 voltios", "Guante dieléctrico clase 2 (17.000 V)"),
        ("guante de 17 kv", "Guante dieléctrico clase 2 (17.000 V)"),
    ],
)
def test_wanted_attribute_is_found_in_the_product(wanted: str, offered: str) -> None:
    result = compare_attributes(extract_attributes(wanted), extract_attributes(offered))
    assert result.matched >= 1, (extract_attributes(wanted), extract_attributes(offered))
    assert result.conflicting_keyed == 0


@pytest.mark.parametrize(
    ("wanted", "offered"),
    [
        ("casco clase G", "Casco tipo I clase E"),
        ("guante nivel 3", "Guante anticorte nivel 5"),
        ("orejeras NRR 29", "Orejera NRR 25"),
        ("bota talla 46", "Bota, tallas 35 a 44"),
        ("arnés de 3 argollas", "Arnés de cuerpo completo 1 argolla dorsal"),
    ],
)
def test_other_class_size_or_level_contradicts(wanted: str, offered: str) -> None:
    result = compare_attributes(extract_attributes(wanted), extract_attributes(offered))
    assert result.matched == 0 and result.conflicting_keyed >= 1


def test_other_measure_is_a_weak_contradiction() -> None:
    result = compare_attributes(extract_attributes("extintor de 20 libras"), extract_attributes("Extintor de 10 lb"))
    assert (result.matched, result.conflicting_keyed, result.conflicting_measures) == (0, 0, 1)


def test_words_are_not_mistaken_for_attributes() -> None:
    assert keys("gafas tipo wayfarer") == set()
    assert keys("tapaoídos 3M 1100") == set()  # the brand 3M is not three metres
    assert keys("necesito 50 pares de guantes") == set()  # a quantity, not an attribute
    assert ("tension", 20000.0) in keys("dieléctrico hasta 20.000 V")
    assert ("clase", "1") in keys("tipo I clase E") and ("clase", "e") in keys("tipo I clase E")


def test_ranges_of_sizes() -> None:
    assert Attribute("talla", "35", "44") in extract_attributes("Tallas 35 a 44")
    assert Attribute("talla", "s", "xxl") in extract_attributes("Tallas S a XXL")


@pytest.mark.parametrize(
    ("message", "budget"),
    [
        ("tengo 50 mil no mas, que me alcanza", 50_000),
        ("máximo $80.000", 80_000),
        ("hasta 100k", 100_000),
        ("algo por cincuenta mil pesos", 50_000),
        ("no más de 120.000", 120_000),
        ("tengo 300 lucas", 300_000),
        ("presupuesto de 2 millones", 2_000_000),
        ("tengo treinta y cinco mil", 35_000),
    ],
)
def test_budgets(message: str, budget: int) -> None:
    assert budget_limit(message) == budget


@pytest.mark.parametrize(
    "message",
    ["casco dieléctrico hasta 20.000 V", "necesito 50 pares", "quiero 3 cascos", "extintor de 5 libras"],
)
def test_no_budget(message: str) -> None:
    assert budget_limit(message) is None

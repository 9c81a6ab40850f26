"""Needs, constraints and ranking rules added after measuring retrieval on a catalogue the code had never seen
(other categories, brands and wording): climbing to prune, eye wash, electrical fires, reusable and semi-insert
hearing protection, visibility on a motorbike, greasy clothes, cold hands, "libre de látex" and the cheapest of a kind.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import COMMON_WORDS, stem
from agente_vendedor.search.needs import Protection, needs_interpreter
from agente_vendedor.search.ranking import (
    _CATEGORY_ONLY_FACTOR,
    ProductText,
    Scored,
    _apply_order,
    _protection_score,
    category_affinities,
    is_excluded,
)


def _read(message: str) -> tuple[set[str], set[str]]:
    reading = needs_interpreter().read(normalize(message).split())
    return {rule.id for rule in reading.needs}, {c.id for c in reading.constraints}


@pytest.mark.parametrize(
    ("message", "expected", "absent"),
    [
        ("necesito subir a podar un palo de mango", "alturas", "guadana_jardineria"),
        ("me toca trepar un árbol para cortar unas ramas", "alturas", "guadana_jardineria"),
        ("voy a subirme al arbol a podar", "alturas", "guadana_jardineria"),
        ("hay que subir al poste a arreglar la lámpara", "posicionamiento", None),
        ("me salpicó cloro en los ojos, qué hay para lavarse rápido", "quimico_en_ojos", "salpicaduras_ojos"),
        ("algo para enjuagarse los ojos si cae un químico", "quimico_en_ojos", "aseo_limpieza"),
        ("quiero lavarme los ojos rápido si me salpica ácido", "quimico_en_ojos", "impacto_ojos"),
        ("si se prende en candela un tablero eléctrico qué uso", "fuego_electrico", "fuego_general"),
        ("un incendio por un cortocircuito", "fuego_electrico", "fuego_general"),
        ("para el fuego en los tableros electricos", "fuego_electrico", "fuego_general"),
        ("algo para el ruido pero que no me tape todo el oído", "ruido_sin_tapar_oido", None),
        ("protector que no se meta en el oido", "ruido_sin_tapar_oido", None),
        ("algo para que me vean de lejos cuando voy en la moto", "visibilidad_vias", "mecanica_aceites"),
        ("los domiciliarios andan en moto de noche", "visibilidad_vias", "mecanica_aceites"),
        ("por si se prende el aceite de la freidora", "cocina_aceite", "mecanica_aceites"),
        ("en la planta de hielo se me congelan las manos", "frio_manos", None),
        ("trabajo con las manos heladas en el congelador", "frio_manos", None),
        ("voy a lavar tanques con soda caustica", "quimicos_manos", "aseo_limpieza"),
        ("trasvaso ácido muriático de canecas", "quimicos_manos", None),
    ],
)
def test_needs_read_from_how_people_write(message: str, expected: str, absent: str | None) -> None:
    needs, _ = _read(message)
    assert expected in needs, needs
    if absent:
        assert absent not in needs, needs


@pytest.mark.parametrize("message", ["no me tape la vista con eso", "que no me tape la cara"])
def test_semi_insert_rule_is_about_ears(message: str) -> None:
    assert "ruido_sin_tapar_oido" not in _read(message)[0]


@pytest.mark.parametrize(
    "message",
    ["tapones que se puedan lavar", "algo para los oídos que pueda volver a usar", "que se pueda reusar"],
)
def test_reusable_is_a_constraint_not_cleaning(message: str) -> None:
    needs, constraints = _read(message)
    assert "reutilizable" in constraints
    assert "aseo_limpieza" not in needs


class _Vocabulary:
    def __init__(self, categories: dict[str, int]) -> None:
        self.categories = categories
        self.memo: dict[Any, Any] = {}


@pytest.mark.parametrize(
    ("rule_category", "catalogue_category"),
    [
        ("Señalización y demarcación", "Seguridad vial"),
        ("Ropa de trabajo y protección corporal", "Dotación"),
        ("Protección contra incendios", "Emergencias"),
        ("Primeros auxilios", "Emergencias"),
        ("Control de derrames", "Manejo de químicos"),
        ("Protección contra caídas", "Alturas"),
    ],
)
def test_category_aliases_name_other_catalogues_categories(rule_category: str, catalogue_category: str) -> None:
    vocabulary = _Vocabulary({catalogue_category: 5, "Otra cosa": 5})
    # an alias is found without asking the database
    affinities = category_affinities(cast(Any, None), cast(Any, vocabulary), rule_category)
    assert affinities.get(catalogue_category.lower(), 0.0) >= 0.75


def _product(nombre: str, descripcion: str = "", sinonimos: tuple[str, ...] = ()) -> ProductText:
    row = SimpleNamespace(nombre=nombre, descripcion=descripcion, categoria="Dotación", marca="", sinonimos=sinonimos)
    return ProductText.build(cast(Any, row))


def _stems(term: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in normalize(term).split() if w != "de")


@pytest.mark.parametrize(
    "descripcion",
    ["Guante de nitrilo sin polvo, libre de látex.", "Nitrilo azul sin látex ni polvo.", "Libre de látex natural."],
)
def test_a_product_free_of_the_excluded_material_is_not_excluded(descripcion: str) -> None:
    assert not is_excluded(_product("Guante de nitrilo desechable", descripcion), _stems("guante de latex"))


def test_a_product_of_the_excluded_material_is_excluded() -> None:
    assert is_excluded(_product("Guante de látex calibre 25", "Guante para aseo."), _stems("guante de latex"))


def _scored(nombre: str, precio: float, score: float) -> Scored:
    row = SimpleNamespace(precio=precio, stock=10, sku=nombre)
    return Scored(row=cast(Any, row), text=_product(nombre), score=score)


def test_cheapest_of_a_kind_competes_even_when_its_text_matches_a_little_less() -> None:
    ranked = [
        _scored("Camilla rígida con inmovilizador de cabeza", 350000, 1.18),
        _scored("Casco dieléctrico clase E", 52000, 1.02),
        _scored("Casco básico clase G", 19000, 0.93),
        _scored("Gafa de seguridad", 9500, 0.55),
    ]
    ordered = _apply_order(ranked, "precio_asc")
    assert [s.row.sku for s in ordered][:3] == [
        "Casco básico clase G",
        "Casco dieléctrico clase E",
        "Camilla rígida con inmovilizador de cabeza",
    ]
    assert ordered[-1].row.sku == "Gafa de seguridad"


def test_measure_orders_do_not_widen_the_tier() -> None:
    ranked = [_scored("Guante de carnaza largo 14 cm", 30000, 2.6), _scored("Guante de PVC largo 45 cm", 15000, 2.28)]
    assert next(s.row.sku for s in _apply_order(ranked, "longitud_desc")) == "Guante de carnaza largo 14 cm"


@pytest.mark.parametrize(
    "message",
    [
        "los operarios cargan cajas con puntillas",
        "me toca descargar cajas pesadas todo el día",
        "muevo cajas en la bodega",
    ],
)
def test_carrying_boxes_is_not_buying_by_the_box(message: str) -> None:
    assert "por_caja" not in _read(message)[1]


@pytest.mark.parametrize("message", ["cuánto vale la caja de tapones", "los guantes por caja", "véndame 3 cajas"])
def test_buying_by_the_box_still_reads(message: str) -> None:
    assert "por_caja" in _read(message)[1]


@pytest.mark.parametrize(
    "message",
    ["algo para sacar el aceite que cayó al piso del taller", "hay un charco de aceite en la bodega"],
)
def test_oil_on_the_floor_is_a_spill(message: str) -> None:
    needs, _ = _read(message)
    assert "derrame_hidrocarburos" in needs
    assert "mecanica_aceites" not in needs


@pytest.mark.parametrize("message", ["las gafas se me empanan con el vapor del horno"])
def test_steam_on_the_glasses_is_fogging_not_fumes(message: str) -> None:
    needs, _ = _read(message)
    assert "empanamiento" in needs
    assert "olor_vapores" not in needs


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("antes de meter la mano al tablero quiero estar seguro de que no hay corriente", "verificar_tension"),
        ("cómo sé si el cable tiene corriente sin tocarlo", "verificar_tension"),
        ("cómo evito que alguien encienda la máquina mientras la estoy reparando", "bloqueo_energias"),
        ("somos tres y tenemos que dejar el interruptor asegurado", "bloqueo_energias"),
        ("para manipular líneas energizadas de baja tensión", "linieros_redes"),
        ("me paro frente a las celdas a maniobrar", "pararse_tablero"),
        ("en invierno nos mojamos todos en la obra", "lluvia_cuerpo"),
        ("trabajamos en una balsa en el río", "agua_profunda"),
        ("vamos en bote a revisar la represa", "agua_profunda"),
        ("en el túnel no se ve nada y necesito las manos libres", "iluminacion_manos_libres"),
        ("necesito luz en la cabeza porque trabajo a oscuras", "iluminacion_manos_libres"),
    ],
)
def test_more_needs_read_from_how_people_write(message: str, expected: str) -> None:
    assert expected in _read(message)[0]


@pytest.mark.parametrize("word", ["reparando", "balsa", "libres", "invierno", "encienda", "mojamos"])
def test_ordinary_spanish_words_are_not_typos(word: str) -> None:
    """'reparando' is no typo of 'respirando', nor 'balsa' of 'bolsa', nor 'libres' of 'libras'."""
    assert word in COMMON_WORDS


@pytest.mark.parametrize(
    ("terms", "descripcion", "expected"),
    [
        (("guante para frio",), "Rodillera de gel con concha de PVC", 0.4 * 0.9 * _CATEGORY_ONLY_FACTOR),
        (("rodillera",), "Rodillera de gel con concha de PVC", None),
    ],
)
def test_a_category_alone_counts_less_than_the_needs_terms(
    terms: tuple[str, ...], descripcion: str, expected: float | None
) -> None:
    protection = Protection("Protección de manos", terms, 1.0)
    product = _product("Rodillera de gel", descripcion)
    score = _protection_score(protection, product, "Dotación", {"dotación": 0.9})
    if expected is None:
        assert score > 0.4 * 0.9
    else:
        assert score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("message", "ruled_out"),
    [
        ("quiero algo liviano para la cabeza, nada de electricidad", "electrico"),
        ("un casco sin nada de electricidad, es para bodega", "electrico"),
    ],
)
def test_a_need_read_only_from_negated_words_is_dropped(message: str, ruled_out: str) -> None:
    assert ruled_out not in _read(message)[0]


@pytest.mark.parametrize(
    "message", ["en el cuarto sin ventilacion hay gases", "el tanque es un espacio sin ventilacion"]
)
def test_a_hazard_said_with_sin_is_still_a_need(message: str) -> None:
    assert "espacio_confinado" in _read(message)[0]


@pytest.mark.parametrize(
    ("message", "expected", "absent"),
    [
        ("me voy a meter a limpiar una alcantarilla", "espacio_confinado", "aseo_limpieza"),
        ("para el que le echa gasolina a los carros, por si se prende", "combustibles", "vehiculo_extintor"),
        ("tenemos una bodega de cartón, algo por si se incendia", "fuego_general", None),
        ("qué sirve si se le prende la ropa a alguien", "persona_en_llamas", "fuego_general"),
        ("trabajo en una marquesina a 6 metros", "alturas", None),
        ("voy a pintar la cornisa del edificio", "alturas", None),
    ],
)
def test_needs_from_the_fourth_batch(message: str, expected: str, absent: str | None) -> None:
    needs, _ = _read(message)
    assert expected in needs, needs
    if absent:
        assert absent not in needs, needs

"""The needs/constraints interpreter (rules as data) and the Spanish negation, possession and reason readings."""

from __future__ import annotations

import pytest

from agente_vendedor.language.normalization import normalize
from agente_vendedor.search.needs import (
    NeedsInterpreter,
    Trigger,
    needs_interpreter,
    negated_phrases,
    possessed_phrases,
    reason_positions,
)

RULES = {
    "reglas": [
        {
            "id": "pintura",
            "disparadores": ["pintar", "thinner", "pistola de pintura"],
            "protecciones": [{"categoria": "Protección respiratoria", "terminos": ["vapores organicos"], "peso": 1.0}],
        },
        {
            "id": "alturas",
            "disparadores": ["andamio", "techo"],
            "protecciones": [{"categoria": "Trabajo en alturas", "terminos": ["arnes"], "peso": 1.0}],
            "inhibidores": ["se cayo", "ambulancia"],
        },
        {
            "id": "piso_mojado",
            "disparadores": ["piso mojado"],
            "protecciones": [{"categoria": "Señalización", "terminos": ["piso mojado"], "peso": 1.0}],
        },
    ],
    "restricciones": [
        {"id": "mas_barato", "disparadores": ["mas barato", "lo mas economico"], "orden": "precio_asc"},
        {"id": "sin_valvula", "disparadores": ["sin valvula"], "excluir_terminos": ["con valvula"]},
        {
            "id": "no_acero",
            "disparadores": ["que no sea de acero"],
            "excluir_terminos": ["punta de acero"],
            "preferir_terminos": ["composite"],
        },
        {"id": "en_stock", "disparadores": ["para hoy"], "filtro": "en_stock"},
    ],
}


def read(message: str) -> tuple[list[str], list[str]]:
    reading = NeedsInterpreter(RULES).read(normalize(message).split())
    return [r.id for r in reading.needs], [c.id for c in reading.constraints]


@pytest.mark.parametrize(
    "message",
    [
        "voy a pintar unos muebles",
        "estoy pintando el garaje",
        "estamos pintando la reja",
        "me va a tocar PINTAR con pistola",
        "q me pongo pa no tragarme el thinner",
        "tengo una pistola de pintura",
    ],
)
def test_task_triggers_its_rule(message: str) -> None:
    assert read(message)[0] == ["pintura"]


def test_multiword_triggers_allow_a_word_between() -> None:
    assert read("el piso está mojado")[0] == ["piso_mojado"]
    assert read("el piso quedó muy mojado")[0] == ["piso_mojado"]
    assert read("el piso de la bodega tiene el techo mojado")[0] == ["alturas"]


def test_word_families_match_but_false_friends_do_not() -> None:
    assert read("la pintura ya está seca")[0] == ["pintura"]  # pintura, pintar: one family
    assert read("el techador se fue")[0] == []  # not 'techo'
    assert read("el piso esta limpio") == ([], [])
    assert read("necesito tapabocas") == ([], [])


def test_inhibitors_stop_a_rule() -> None:
    assert read("trabajo en un andamio")[0] == ["alturas"]
    assert read("se cayo del andamio, mientras llega la ambulancia")[0] == []


@pytest.mark.parametrize(
    ("message", "constraint"),
    [
        ("cual es el mas barato", "mas_barato"),
        ("deme lo más económico que tenga", "mas_barato"),
        ("tapabocas sin válvula", "sin_valvula"),
        ("botas que no sea de acero", "no_acero"),
        ("botas que no sea acero", "no_acero"),  # a function word inside the trigger may be left out
        ("lo necesito para hoy", "en_stock"),
    ],
)
def test_constraints(message: str, constraint: str) -> None:
    assert constraint in read(message)[1]


def test_negation_words_are_required() -> None:
    assert "sin_valvula" not in read("tapabocas con válvula")[1]


def test_constraint_effects() -> None:
    interpreter = NeedsInterpreter(RULES)
    reading = interpreter.read(normalize("botas que no sea de acero, la mas barata para hoy").split())
    assert reading.exclude_terms == ["punta de acero"]
    assert reading.prefer_terms == ["composite"]
    assert reading.order == "precio_asc"
    assert reading.in_stock_only


def test_strength_grows_with_the_evidence() -> None:
    reading = NeedsInterpreter(RULES).read(normalize("voy a pintar con pistola de pintura y thinner").split())
    single = NeedsInterpreter(RULES).read(normalize("voy a pintar").split())
    assert reading.strength["pintura"] > single.strength["pintura"]


def test_trigger_words_are_consumed() -> None:
    tokens = normalize("voy a pintar unos muebles").split()
    reading = NeedsInterpreter(RULES).read(tokens)
    assert tokens.index("pintar") in reading.consumed


@pytest.mark.parametrize(
    ("message", "negated"),
    [
        ("tapabocas sin válvula", ("valvula",)),
        ("botas sin punta de acero", ("punta", "acero")),
        ("que tienen pa los ojos que no sea careta", ("careta",)),
        ("hay cachuchas con protección? casco no nesesito", ("casco",)),
        ("de los guantes, los cortos no me sirven", ("cortos",)),
        ("tengo alergia al látex", ("latex",)),
        ("no quiero orejeras", ("orejeras",)),
        ("nada de metal", ("metal",)),
    ],
)
def test_negations(message: str, negated: tuple[str, ...]) -> None:
    assert negated in [phrase for phrase, _ in negated_phrases(normalize(message).split())]


@pytest.mark.parametrize("message", ["sin que se riegue", "quiero botas, no quiero casco"])
def test_negation_takes_the_right_words(message: str) -> None:
    phrases = [phrase for phrase, _ in negated_phrases(normalize(message).split())]
    assert ("botas",) not in phrases


def test_possessions_and_reasons() -> None:
    tokens = normalize("ya tengo la máscara steelpro de dos filtros pero me entra el olor").split()
    assert possessed_phrases(tokens)[0][0] == ("mascara", "steelpro", "filtros")
    assert possessed_phrases(normalize("tengo 50 mil no mas").split()) == []
    assert possessed_phrases(normalize("con la eslinga normal pego contra el piso").split())[0][0] == ("eslinga",)
    tokens = normalize("botas sin metal porque en la entrada hay detector").split()
    assert {tokens[p] for p in reason_positions(tokens)} >= {"entrada", "detector"}


def test_trigger_parsing() -> None:
    trigger = Trigger.parse("que no sea de acero")
    assert trigger is not None
    assert trigger.required == (True, True, True, False, True)
    assert Trigger.parse("   ") is None


def test_shipped_rules_read_hazards_and_tasks() -> None:
    """The curated rules (lexicon/necesidades.json) cover the classic needs; checked loosely, the data evolves."""
    interpreter = needs_interpreter()
    assert interpreter.rules, "lexicon/necesidades.json no tiene reglas"

    def categories(message: str) -> set[str]:
        reading = interpreter.read(normalize(message).split())
        return {normalize(p.categoria) for rule in reading.needs for p in rule.protections}

    assert any("respiratoria" in c for c in categories("voy a pintar con thinner en un cuarto cerrado"))
    assert any("auditiva" in c for c in categories("el ruido de la troqueladora es insoportable"))
    assert any("incendio" in c for c in categories("se prendió la freidora del restaurante"))


def test_sin_with_a_reflexive_verb_is_a_hazard_not_an_exclusion() -> None:
    from agente_vendedor.search.needs import negated_phrases

    assert negated_phrases(["guantes", "para", "manipular", "vidrio", "sin", "cortarme"]) == []
    assert negated_phrases(["botas", "sin", "mojarme", "los", "pies"]) == []
    assert [phrase for phrase, _ in negated_phrases(["respirador", "sin", "valvula"])] == [("valvula",)]

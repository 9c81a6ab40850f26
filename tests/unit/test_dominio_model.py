"""The hazard model (`language/lexicon/dominio/*.json`): each file one GTC 45 family of hazards, each rule loaded, with
its hazard, its reason, its triggers and protections in the categories the needs rules point to (those
`necesidades.json` maps other catalogues' names to), the main one weighing 1.0. Each family's examples are in its own
`test_dominio_<family>.py`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agente_vendedor.search.needs import needs_interpreter
from tests.lexicon_files import FAMILIES, rule_categories

CATEGORIES = rule_categories()


@pytest.mark.parametrize("path", FAMILIES, ids=[p.stem for p in FAMILIES])
def test_a_family_is_well_formed(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    assert data["familia"] and data["fuente"].startswith("GTC 45")
    assert len({rule["id"].split("_")[0] for rule in data["reglas"]}) == 1  # one id prefix per family
    loaded = {rule.id for rule in needs_interpreter().rules}
    for rule in data["reglas"]:
        assert rule["id"] in loaded
        assert rule["peligro"] and rule["razon"].strip() and "\n" not in rule["razon"]
        assert (rule.get("disparadores") or rule.get("composiciones")) and rule["protecciones"]
        assert max(p["peso"] for p in rule["protecciones"]) == 1.0, rule["id"]
        for protection in rule["protecciones"]:
            assert protection["categoria"] in CATEGORIES, rule["id"]
            assert protection["terminos"] and 0.0 < protection["peso"] <= 1.0, rule["id"]


def test_rule_ids_are_unique_across_the_whole_lexicon() -> None:
    ids = [rule.id for rule in needs_interpreter().rules]
    assert len(ids) == len(set(ids))

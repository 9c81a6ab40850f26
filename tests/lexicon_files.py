"""The package's lexicon files, read as data by the tests that check them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LEXICON = Path(__file__).resolve().parents[1] / "layers/common/agente_vendedor/language/lexicon"
FAMILIES = sorted((LEXICON / "dominio").glob("*.json"))


def family_rules(name: str) -> list[dict[str, Any]]:
    """The rules of one family of the hazard model (`dominio/<name>.json`)."""
    rules: list[dict[str, Any]] = json.loads((LEXICON / "dominio" / f"{name}.json").read_text("utf-8"))["reglas"]
    return rules


def rule_categories() -> set[str]:
    """The catalogue categories the needs rules point to: those `necesidades.json` maps other catalogues' names to."""
    return set(json.loads((LEXICON / "necesidades.json").read_text("utf-8"))["alias_categorias"])


def rules_read(message: str) -> set[str]:
    """The ids of the needs rules the interpreter reads in a message (what each family's examples assert)."""
    from agente_vendedor.language.normalization import normalize
    from agente_vendedor.search.needs import needs_interpreter

    return {rule.id for rule in needs_interpreter().read(normalize(message).split()).needs}

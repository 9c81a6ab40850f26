"""Every lexicon entry carries a one-line reason; none exists to fix one example.

Each JSON file of `language/lexicon/` (and of any folder below it) is a document whose top-level collections (a list
or an object, e.g. `grupos`, `reglas`, `restricciones`, `alias_categorias`, `temas`) hold entries: every entry must be
an object with a non-empty `razon` of one line (no line break, at most 300 characters) saying why it is a general fact
of Colombian Spanish or of the trade. Top-level strings (`_doc`, `descripcion`) and other scalars are not entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
LEXICON = REPO / "layers" / "common" / "agente_vendedor" / "language" / "lexicon"
MAX_REASON = 300


def reason_problem(entry: Any) -> str | None:
    """What is wrong with an entry's `razon`, or None when it is a non-empty single line of at most 300 chars."""
    if not isinstance(entry, dict):
        return f"la entrada no es un objeto con razon ({type(entry).__name__})"
    reason = entry.get("razon")
    if not isinstance(reason, str) or not reason.strip():
        return "falta la razon"
    if "\n" in reason or "\r" in reason:
        return "la razon tiene más de una línea"
    if len(reason) > MAX_REASON:
        return f"la razon tiene {len(reason)} caracteres (máximo {MAX_REASON})"
    return None


def _label(key: str, index: int | str, entry: Any) -> str:
    if isinstance(entry, dict):
        for name_key in ("id", "tema"):
            if isinstance(entry.get(name_key), str):
                return f"{key}[{entry[name_key]}]"
        terms = entry.get("terminos")
        if isinstance(terms, list) and terms:
            return f"{key}[{terms[0]}]"
    elif isinstance(entry, list) and entry:
        return f"{key}[{entry[0]}]"
    return f"{key}[{index}]"


def document_entries(document: Any) -> Iterator[tuple[str, Any]]:
    """(label, entry) for every entry of the top-level collections of a lexicon document."""
    if not isinstance(document, dict):
        yield "<documento>", document
        return
    for key, value in document.items():
        if isinstance(value, list):
            for index, entry in enumerate(value):
                yield _label(key, index, entry), entry
        elif isinstance(value, dict):
            for name, entry in value.items():
                yield f"{key}[{name}]", entry


def lexicon_files() -> list[Path]:
    return sorted(LEXICON.rglob("*.json"))


def lexicon_entries() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for path in lexicon_files():
        where = path.relative_to(LEXICON).as_posix()
        for label, entry in document_entries(json.loads(path.read_text("utf-8"))):
            found.append((f"{where}:{label}", entry))
    return found


ENTRIES = lexicon_entries()


@pytest.mark.parametrize(("where", "entry"), ENTRIES, ids=[where for where, _ in ENTRIES])
def test_every_lexicon_entry_has_a_one_line_reason(where: str, entry: Any) -> None:
    problem = reason_problem(entry)
    assert problem is None, f"{where}: {problem}"


def test_the_known_collections_are_checked() -> None:
    """The walk reaches every kind of entry (a file or key renamed away would otherwise go unchecked)."""
    names = {path.name for path in lexicon_files()}
    assert {"sinonimos.json", "necesidades.json", "temas_empresa.json"} <= names
    kinds = {where.split("[", 1)[0] for where, _ in ENTRIES}
    assert {
        "sinonimos.json:grupos",
        "necesidades.json:reglas",
        "necesidades.json:restricciones",
        "necesidades.json:alias_categorias",
        "temas_empresa.json:temas",
    } <= kinds
    assert len(ENTRIES) >= 400


@pytest.mark.parametrize(
    "entry",
    [
        ["tapabocas", "mascarilla"],  # a synonym group in the old plain-list format
        {"terminos": ["tapabocas", "mascarilla"]},
        {"id": "x", "disparadores": ["a"], "razon": ""},
        {"id": "x", "razon": "   "},
        {"id": "x", "razon": None},
        {"id": "x", "razon": "primera línea\nsegunda línea"},
        {"id": "x", "razon": "x" * (MAX_REASON + 1)},
        "suelto",
    ],
)
def test_the_check_rejects_a_missing_or_bad_reason(entry: Any) -> None:
    assert reason_problem(entry) is not None


def test_the_walk_finds_a_bad_entry_in_a_sample_document() -> None:
    document = {
        "_doc": "texto que no es una entrada",
        "reglas": [{"id": "buena", "razon": "Una línea."}, {"id": "mala", "disparadores": ["algo"]}],
        "alias_categorias": {"Cascos": {"alias": ["pavas"], "razon": "Una línea."}, "Guantes": ["manos"]},
    }
    bad = [label for label, entry in document_entries(document) if reason_problem(entry) is not None]
    assert bad == ["reglas[mala]", "alias_categorias[Guantes]"]
    assert (
        reason_problem({"terminos": ["a", "b"], "razon": "Tapabocas es como se dice mascarilla en Colombia."}) is None
    )

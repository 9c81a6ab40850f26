"""The dev set is a measure, not a source of rules: no 4 consecutive words of its customer messages may appear in the
lexicon (`language/lexicon/**/*.json`, keys and values) or in a string literal or docstring of the package.

A 4-gram counts when at least two of its words are content words (not Spanish function words) and it is not a
phrase of the dev or demo catalogue (a product's own name, description, category or synonyms may be quoted).
Texts are lower-cased, accent-stripped and split on anything that is not a letter or a digit.
"""

from __future__ import annotations

import ast
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "layers" / "common" / "agente_vendedor"
DEV_EVAL = REPO.parent / "shared" / "dev-eval"
DEMO_CATALOGUE = PACKAGE / "ops" / "demo_data" / "catalogo.json"
N = 4


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Articles, prepositions, conjunctions, pronouns, common auxiliaries and chat fillers: not content words.
FUNCTION_WORDS = _words(
    """
    a al ante bajo con contra de del desde durante en entre hacia hasta mediante para por segun sin so sobre tras
    pa pal x
    el la lo los las un una unos unas
    y e ni o u pero sino que q porque pues como cuando donde si aunque mientras
    yo me mi mis tu te ti tus usted ustedes el ella ellos ellas nos nosotros vos les le se su sus
    este esta esto estos estas ese esa eso esos esas aquel aquella
    mio tuyo suyo nuestro nuestra
    ser es son era fue sea sean sido estar esta estan estoy estaba haber ha han he hay habia tener tiene tienen
    tengo tenemos ir va van voy vamos hacer hace
    muy mas menos ya no tambien tan solo bien algo nada todo toda todos todas otro otra otros otras cual cuales
    ese k d pq xq
    """
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def ngrams(text: str) -> Iterator[tuple[str, ...]]:
    words = tokens(text)
    for i in range(len(words) - N + 1):
        yield tuple(words[i : i + N])


def is_telling(gram: tuple[str, ...]) -> bool:
    return sum(1 for word in gram if word not in FUNCTION_WORDS) >= 2


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def customer_messages() -> Iterator[tuple[str, str]]:
    """(id, message) for every customer message of the dev set: `mensaje` and each string of `turnos`."""
    for path in sorted(DEV_EVAL.glob("*.jsonl")):
        for row in _read_jsonl(path):
            if isinstance(row.get("mensaje"), str):
                yield str(row["id"]), row["mensaje"]
            for turn in row.get("turnos") or []:
                if isinstance(turn, str):
                    yield str(row["id"]), turn


def catalogue_texts(products: list[dict[str, Any]]) -> Iterator[str]:
    for product in products:
        yield from (str(product.get(key) or "") for key in ("nombre", "descripcion", "categoria"))
        yield from (str(s) for s in product.get("sinonimos") or [])


@lru_cache(maxsize=1)
def dev_ngrams() -> dict[tuple[str, ...], str]:
    """Telling 4-grams of the dev messages that no catalogue text has, each with the first message id using it."""
    products = json.loads((DEV_EVAL / "catalog.json").read_text("utf-8"))
    products += json.loads(DEMO_CATALOGUE.read_text("utf-8"))
    allowed = {gram for text in catalogue_texts(products) for gram in ngrams(text)}
    found: dict[tuple[str, ...], str] = {}
    for message_id, message in customer_messages():
        for gram in ngrams(message):
            if is_telling(gram) and gram not in allowed:
                found.setdefault(gram, message_id)
    return found


def json_strings(value: Any) -> Iterator[str]:
    """Every string of a JSON document, object keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def lexicon_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((PACKAGE / "language" / "lexicon").rglob("*.json")):
        where = str(path.relative_to(REPO))
        for text in json_strings(json.loads(path.read_text("utf-8"))):
            yield where, text


def source_literals(source: str, where: str) -> Iterator[tuple[str, str]]:
    """Every string constant of a Python source (docstrings and f-string parts included), as (file:line, text)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield f"{where}:{node.lineno}", node.value


def package_literals() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield from source_literals(path.read_text("utf-8"), str(path.relative_to(REPO)))


def copies(texts: Iterable[tuple[str, str]]) -> list[str]:
    """'«4-gram» (message id) in where' for each dev 4-gram found in the texts."""
    wanted = dev_ngrams()
    found: list[str] = []
    for where, text in texts:
        for gram in dict.fromkeys(ngrams(text)):
            if gram in wanted:
                found.append(f"«{' '.join(gram)}» ({wanted[gram]}) in {where}")
    return found


pytestmark = pytest.mark.skipif(not DEV_EVAL.is_dir(), reason="shared/dev-eval no está junto al repositorio")


def test_the_lexicon_copies_no_dev_phrase() -> None:
    found = copies(lexicon_texts())
    assert not found, "dev-set phrasing in the lexicon:\n" + "\n".join(found)


def test_the_code_copies_no_dev_phrase() -> None:
    found = copies(package_literals())
    assert not found, "dev-set phrasing in string literals or docstrings:\n" + "\n".join(found)


def test_the_check_finds_a_copied_phrase() -> None:
    """The same functions flag a dev 4-gram hidden in a literal, and let catalogue wording pass."""
    gram = next(iter(dev_ngrams()))
    source = f'def answer() -> str:\n    """Docstring."""\n    return f"hola {{x}} y {" ".join(gram).upper()} ok"\n'
    found = copies(source_literals(source, "synthetic.py"))
    assert len(found) == 1 and "synthetic.py:3" in found[0], found
    assert copies([("lexicon.json", "Gorra antigolpes tipo béisbol con inserto plástico")]) == []
    assert copies([("lexicon.json", "de la y el que")]) == []

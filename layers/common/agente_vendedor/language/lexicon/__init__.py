"""The domain lexicon kept as data: Colombian synonyms (`sinonimos.json`), needs → protections (`necesidades.json`),
company topics (`temas_empresa.json`). Every entry carries a one-line `razon`: why it is a general fact of Colombian
Spanish or of the trade (tests/unit/test_lexicon_reasons.py checks it)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from agente_vendedor.language.normalization import normalize


def load_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))
    return data


class SynonymLexicon:
    """Groups of equivalent terms; `expand` adds every member of each group found in a normalised text."""

    def __init__(self, groups: list[list[str]]) -> None:
        self.groups = [[normalize(term) for term in group if normalize(term)] for group in groups]
        self._by_term: dict[str, list[int]] = {}
        for index, group in enumerate(self.groups):
            for term in group:
                self._by_term.setdefault(term, []).append(index)
        longest_first = sorted(self._by_term, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(t) for t in longest_first) + r")(?![a-z0-9])")
            if longest_first
            else None
        )

    def matched_groups(self, normalized_text: str) -> list[int]:
        if self._pattern is None:
            return []
        found: list[int] = []
        for match in self._pattern.finditer(normalized_text):
            for index in self._by_term[match.group(1)]:
                if index not in found:
                    found.append(index)
        return found

    def expand(self, normalized_text: str) -> list[str]:
        """Terms equivalent to those present in the text (the present ones excluded), group order kept."""
        extra: list[str] = []
        for index in self.matched_groups(normalized_text):
            for term in self.groups[index]:
                if term not in extra and not re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", normalized_text):
                    extra.append(term)
        return extra

    @property
    def vocabulary(self) -> set[str]:
        return set(self._by_term)


def synonym_groups(data: dict[str, Any]) -> list[list[str]]:
    """The term lists of `sinonimos.json`: each group is `{"terminos": [...], "razon": "..."}`."""
    groups: list[list[str]] = []
    for entry in data.get("grupos", []):
        terms = entry.get("terminos") if isinstance(entry, dict) else entry
        if isinstance(terms, list):
            groups.append([str(term) for term in terms])
    return groups


@lru_cache(maxsize=1)
def synonym_lexicon() -> SynonymLexicon:
    return SynonymLexicon(synonym_groups(load_json("sinonimos.json")))


@lru_cache(maxsize=1)
def _idioms() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    entries = load_json("expresiones.json").get("locuciones", [])
    pairs = ((tuple(normalize(e["expresion"]).split()), tuple(normalize(e["significa"]).split())) for e in entries)
    return tuple(sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0])))


def literal_tokens(tokens: list[str]) -> list[str]:
    """The tokens with each idiom read literally ("de pies a cabeza" -> "todo el cuerpo"; `expresiones.json`)."""
    idioms = _idioms()
    result: list[str] = []
    i = 0
    while i < len(tokens):
        for expression, meaning in idioms:
            if tuple(tokens[i : i + len(expression)]) == expression:
                result.extend(meaning)
                i += len(expression)
                break
        else:
            result.append(tokens[i])
            i += 1
    return result

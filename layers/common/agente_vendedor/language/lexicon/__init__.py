"""The domain lexicon kept as data: Colombian synonyms (`sinonimos.json`), needs → protections (`necesidades.json`)."""

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


@lru_cache(maxsize=1)
def synonym_lexicon() -> SynonymLexicon:
    return SynonymLexicon(load_json("sinonimos.json").get("grupos", []))

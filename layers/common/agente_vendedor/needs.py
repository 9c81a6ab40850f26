"""Reads needs, hazards, tasks and constraints in a customer's message, using the curated rules in
`lexicon/necesidades.json` (domain knowledge kept as data), plus Spanish negation ("sin válvula", "que no sea careta",
"casco no necesito", "alergia al látex").

A trigger matches the message's tokens in order, with up to two other words between consecutive trigger words; verbs
and plurals are folded (`pintar`, `pintando`, `pinté`...), function words of a trigger are optional except negations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from agente_vendedor.spanish_words import STOPWORDS, is_content_word, verb_root
from agente_vendedor.text_normalization import normalize

_GAP = 2
_REQUIRED_FUNCTION_WORDS = frozenset({"sin", "no", "ni", "nada", "nunca", "excepto", "menos", "mas", "muy"})
_ARTICLES = frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "lo"})
_REJECTING_VERBS = frozenset(
    {"quiero", "necesito", "nesecito", "nesesito", "necesitamos", "busco", "sirve", "sirven", "gusta", "gustan",
     "uso", "usamos", "queremos", "deseo", "conviene", "pido"}
)  # fmt: skip


def _key(token: str) -> str:
    return token if token in STOPWORDS else verb_root(token)


@dataclass(frozen=True)
class Trigger:
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    required: tuple[bool, ...]

    @classmethod
    def parse(cls, text: str) -> Trigger | None:
        tokens = normalize(text).split()
        required = [tok not in STOPWORDS or tok in _REQUIRED_FUNCTION_WORDS for tok in tokens]
        while tokens and not required[0]:
            tokens, required = tokens[1:], required[1:]
        while tokens and not required[-1]:
            tokens, required = tokens[:-1], required[:-1]
        if not tokens:
            return None
        return cls(tuple(tokens), tuple(_key(t) for t in tokens), tuple(required))

    def match(self, keys: list[str], start: int) -> list[int] | None:
        """Positions of the message matched by this trigger when its first word is at `start`."""
        if keys[start] != self.keys[0]:
            return None
        positions = [start]
        for key, required in zip(self.keys[1:], self.required[1:], strict=True):
            window = range(positions[-1] + 1, min(len(keys), positions[-1] + 2 + _GAP))
            found = next((i for i in window if keys[i] == key), None)
            if found is not None:
                positions.append(found)
            elif required:
                return None
        return positions


@dataclass(frozen=True)
class Protection:
    categoria: str
    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class NeedRule:
    id: str
    triggers: tuple[Trigger, ...]
    protections: tuple[Protection, ...]


@dataclass(frozen=True)
class ConstraintRule:
    id: str
    triggers: tuple[Trigger, ...]
    order: str | None = None
    exclude: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    in_stock_only: bool = False


@dataclass
class NeedsReading:
    """What a message asks for beyond product names."""

    needs: list[NeedRule] = field(default_factory=list)
    constraints: list[ConstraintRule] = field(default_factory=list)
    negated: list[tuple[str, ...]] = field(default_factory=list)
    # token positions explained by triggers or negations: they are not words of a product name
    consumed: set[int] = field(default_factory=set)

    @property
    def exclude_terms(self) -> list[str]:
        return [term for c in self.constraints for term in c.exclude]

    @property
    def prefer_terms(self) -> list[str]:
        return [term for c in self.constraints for term in c.prefer]

    @property
    def order(self) -> str | None:
        return next((c.order for c in self.constraints if c.order), None)

    @property
    def in_stock_only(self) -> bool:
        return any(c.in_stock_only for c in self.constraints)


def _terms(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(str(v)) for v in values or [] if normalize(str(v))))


def _triggers(values: Any) -> tuple[Trigger, ...]:
    parsed = (Trigger.parse(str(v)) for v in values or [])
    return tuple(dict.fromkeys(t for t in parsed if t is not None))


class NeedsInterpreter:
    def __init__(self, data: dict[str, Any]) -> None:
        self.rules: list[NeedRule] = []
        for raw in data.get("reglas", []):
            protections = tuple(
                Protection(str(p.get("categoria", "")), _terms(p.get("terminos")), float(p.get("peso", 1.0)))
                for p in raw.get("protecciones", [])
                if isinstance(p, dict)
            )
            triggers = _triggers(raw.get("disparadores"))
            if triggers and protections:
                self.rules.append(NeedRule(str(raw.get("id", "")), triggers, protections))
        self.constraints: list[ConstraintRule] = []
        for raw in data.get("restricciones", []):
            triggers = _triggers(raw.get("disparadores"))
            if not triggers:
                continue
            self.constraints.append(
                ConstraintRule(
                    id=str(raw.get("id", "")),
                    triggers=triggers,
                    order=raw.get("orden") or None,
                    exclude=_terms(raw.get("excluir_terminos")),
                    prefer=_terms(raw.get("preferir_terminos")),
                    in_stock_only=raw.get("filtro") == "en_stock",
                )
            )
        self._by_first_key: dict[str, list[tuple[Trigger, NeedRule | ConstraintRule]]] = {}
        for owner in [*self.rules, *self.constraints]:
            for trigger in owner.triggers:
                self._by_first_key.setdefault(trigger.keys[0], []).append((trigger, owner))

    @property
    def words(self) -> set[str]:
        """Every word the rules use (triggers and product terms): valid targets for typo correction."""
        found: set[str] = set()
        for owner in [*self.rules, *self.constraints]:
            for trigger in owner.triggers:
                found.update(trigger.tokens)
        for rule in self.rules:
            for protection in rule.protections:
                for term in protection.terms:
                    found.update(term.split())
        for constraint in self.constraints:
            for term in (*constraint.exclude, *constraint.prefer):
                found.update(term.split())
        return {w for w in found if w.isalpha()}

    @property
    def categories(self) -> set[str]:
        return {p.categoria for r in self.rules for p in r.protections if p.categoria}

    def read(self, tokens: list[str]) -> NeedsReading:
        reading = NeedsReading()
        keys = [_key(t) for t in tokens]
        for start, key in enumerate(keys):
            for trigger, owner in self._by_first_key.get(key, ()):
                positions = trigger.match(keys, start)
                if positions is None:
                    continue
                if isinstance(owner, NeedRule):
                    if owner not in reading.needs:
                        reading.needs.append(owner)
                elif owner not in reading.constraints:
                    reading.constraints.append(owner)
                reading.consumed.update(p for p in positions if is_content_word(tokens[p]))
        for phrase, positions in negated_phrases(tokens):
            if phrase not in reading.negated:
                reading.negated.append(phrase)
            reading.consumed.update(positions)
        return reading


def _phrase_after(tokens: list[str], start: int) -> tuple[tuple[str, ...], list[int]]:
    """The thing named right after a negation: skip articles, take a content word and an optional 'de X'."""
    i = start
    while i < len(tokens) and tokens[i] in _ARTICLES:
        i += 1
    if i >= len(tokens) or not is_content_word(tokens[i]) or tokens[i] in _REJECTING_VERBS:
        return (), []
    words, positions = [tokens[i]], [i]
    if i + 2 < len(tokens) and tokens[i + 1] == "de" and is_content_word(tokens[i + 2]):
        words.append(tokens[i + 2])
        positions.append(i + 2)
    return tuple(words), positions


def negated_phrases(tokens: list[str]) -> list[tuple[tuple[str, ...], list[int]]]:
    """Things the customer does not want: 'sin X', 'que no sea X', 'no quiero X', 'X no necesito', 'alergia al X'."""
    found: list[tuple[tuple[str, ...], list[int]]] = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        start: int | None = None
        if token in {"sin", "excepto", "menos"} and not (token == "menos" and i + 1 < n and tokens[i + 1] == "de"):
            start = i + 1
        elif token == "nada" and i + 1 < n and tokens[i + 1] == "de":
            start = i + 2
        elif token.startswith("alergi") and i + 1 < n and tokens[i + 1] in {"a", "al"}:
            start = i + 2
        elif token == "no" and i + 1 < n and tokens[i + 1] in {"sea", "sean"}:
            start = i + 2
        elif token == "no" and i + 1 < n:
            after = i + 2 if tokens[i + 1] == "me" and i + 2 < n else i + 1
            if tokens[after] in _REJECTING_VERBS:
                phrase, positions = _phrase_after(tokens, after + 1)
                if phrase:
                    found.append((phrase, positions))
                elif i > 0 and is_content_word(tokens[i - 1]):
                    # "casco no necesito" / "los cortos no me sirven": the thing comes before the negation
                    found.append(((tokens[i - 1],), [i - 1]))
        if start is not None:
            phrase, positions = _phrase_after(tokens, start)
            if phrase:
                found.append((phrase, positions))
    return found


@lru_cache(maxsize=1)
def needs_interpreter() -> NeedsInterpreter:
    """The rules shipped with the package (`lexicon/necesidades.json`; none when the file is missing)."""
    source = resources.files("agente_vendedor.lexicon").joinpath("necesidades.json")
    data = json.loads(source.read_text("utf-8")) if source.is_file() else {}
    return NeedsInterpreter(data)

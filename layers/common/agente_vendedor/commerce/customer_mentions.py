"""Customers named in a staff message, resolved against the customers table.

`find_customer_mentions(session, text)`:
- by document: every run of digits that can be a cédula or NIT (dots, spaces, hyphen and check digit optional) is
  compared with the stored ones; an exact match scores 1.
- by name: the words of the message are compared with the words of every customer's name, person or company,
  accent-free, allowing one typo from five letters and two from nine (a swap of two letters is one typo): rapidfuzz
  over the distinct name words, then their postings. Legal forms ("S.A.S.", "Ltda") and function words ("del", "de
  los") are not name words, so they never match. Two name words close together name a customer (0.6..0.95, more
  when they cover more of the name); a single word does (0.5..0.8) only when it is not a common word and is
  introduced ("don", "la señora", "los de", "la empresa"), capitalised, or not a Spanish dictionary word.

The index is built from one query (id, nombre, cedula) and kept for the life of the SQLAlchemy session.

Whether a message asks about a customer's purchases is language: `language.history_questions`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from agente_vendedor.db.models import Customer
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import COMMON_WORDS, dictionary_knows

_INDEX_KEY = "agente_vendedor.customer_mentions.index"
MIN_SCORE = 0.5  # weaker name evidence is not returned
MAX_RESULTS = 10

# Words of a company name that say what kind of company it is, not which one (never name words).
_LEGAL_FORMS = frozenset(
    ["sas", "ltda", "limitada", "sa", "eu", "cia", "sca", "scs", "bic", "zf", "esp", "sociedad", "simplificada"]
)
_FUNCTION_WORDS = frozenset(["de", "del", "la", "las", "el", "los", "y", "e", "en", "san", "santa"])
# Words right before a name that introduce a person or a company: (previous words, reason).
_INTRODUCERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("don", "dona", "senor", "senora", "sr", "sra", "srta", "senorita"), "courtesy title before a person"),
    (("doctor", "doctora", "dr", "dra", "ingeniero", "ingeniera", "ing", "arquitecto", "arquitecta"), "profession"),
    (("cliente", "clienta", "empresa", "compania", "firma", "constructora"), "names the customer as such"),
)
_GROUP_ARTICLES = frozenset(["los", "las", "la", "el"])  # "los de Montajes", "la de Textiles": the people of


@dataclass(frozen=True)
class CustomerMatch:
    customer_id: int
    nombre: str
    cedula: str
    score: float  # 1 for an exact cédula/NIT; name matches 0.5..0.95
    por: Literal["documento", "nombre"]
    palabras: tuple[str, ...] = ()  # the message words that named it (normalised)


@dataclass(frozen=True)
class _Known:
    id: int
    nombre: str
    cedula: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    word: str  # normalised
    capitalised: bool
    position: int


@dataclass
class CustomerIndex:
    customers: list[_Known]
    documents: dict[str, int]  # digits (NIT with and without check digit) -> position in `customers`
    postings: dict[str, list[int]]  # name word -> positions in `customers`
    vocabulary: list[str]
    rarity: dict[str, float]  # 1 for a word one customer has, less for common names

    @classmethod
    def build(cls, rows: Sequence[tuple[int, str, str]]) -> CustomerIndex:
        customers = [_Known(id_, nombre, cedula, name_words(nombre)) for id_, nombre, cedula in rows]
        documents: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        for position, known in enumerate(customers):
            for key in document_keys(known.cedula):
                documents.setdefault(key, position)
            for word in dict.fromkeys(known.words):
                postings[word].append(position)
        total = max(len(customers), 1)
        rarity = {w: math.log(1 + total / len(p)) / math.log(1 + total) for w, p in postings.items()}
        return cls(customers, documents, dict(postings), list(postings), rarity)


def name_words(nombre: str) -> tuple[str, ...]:
    """The words of a name that can identify it: "Frigoríficos del Norte S.A.S." -> ("frigorificos", "norte")."""
    words = re.findall(r"[a-z]+", normalize(nombre).replace(".", ""))
    return tuple(w for w in words if len(w) >= 3 and w not in _LEGAL_FORMS | _FUNCTION_WORDS)


def document_keys(cedula: str) -> tuple[str, ...]:
    """Digits a stored cédula/NIT may be written with: a NIT with and without its check digit."""
    digits = re.sub(r"\D", "", cedula)
    return (digits, digits[:-1]) if "-" in cedula else (digits,)


def customer_index(session: Session) -> CustomerIndex:
    """The customers' names and documents, read once per session."""
    index = session.info.get(_INDEX_KEY)
    if not isinstance(index, CustomerIndex):
        rows = [
            (r.id, r.nombre, r.cedula) for r in session.execute(select(Customer.id, Customer.nombre, Customer.cedula))
        ]
        index = session.info[_INDEX_KEY] = CustomerIndex.build(rows)
    return index


def forget_customer_index(session: Session) -> None:
    """Drop the session's index (after creating or renaming customers in the same session)."""
    session.info.pop(_INDEX_KEY, None)


# ------------------------------------------------------------------------------------------------ documents
_DOCUMENT = re.compile(r"(?<![\d.,$])(\d{1,3}(?:[.\s]\d{3}){1,3}|\d{5,10})(?:\s?-\s?(\d))?(?![\d.,]\d)")


def _document_matches(text: str, index: CustomerIndex) -> list[CustomerMatch]:
    found: list[CustomerMatch] = []
    for match in _DOCUMENT.finditer(text):
        body, check = re.sub(r"\D", "", match.group(1)), match.group(2) or ""
        exact = index.documents.get(body + check)
        position = exact if exact is not None else index.documents.get(body) if check else None
        if position is not None:
            known = index.customers[position]
            found.append(
                CustomerMatch(known.id, known.nombre, known.cedula, 1.0 if exact is not None else 0.9, "documento")
            )
    return found


# ------------------------------------------------------------------------------------------------ names
def _tokens(text: str) -> list[_Token]:
    raw = re.findall(r"[^\W\d_]+", text)
    return [_Token(normalize(word), word[:1].isupper(), i) for i, word in enumerate(raw)]


def _max_edits(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def _similar(token: _Token, index: CustomerIndex) -> list[tuple[str, int]]:
    """Name words this message word may be: itself, or (for an uncommon word) one with a typo or two."""
    exact = [(token.word, 0)] if token.word in index.postings else []
    if token.word in COMMON_WORDS or not _max_edits(token.word):
        return exact
    from rapidfuzz import process  # only for a staff message that may name a customer (not at init)
    from rapidfuzz.distance import OSA

    close = process.extract(
        token.word, index.vocabulary, scorer=OSA.distance, score_cutoff=_max_edits(token.word), limit=None
    )
    return exact + [(word, edits) for word, edits, _ in close if edits and word[0] == token.word[0] and len(word) >= 5]


def _introduced(tokens: list[_Token], position: int) -> bool:
    before = [t.word for t in tokens[max(0, position - 2) : position]]
    if before and any(before[-1] in words for words, _ in _INTRODUCERS):
        return True
    return len(before) == 2 and before[0] in _GROUP_ARTICLES and before[1] in ("de", "del")


def _closest_group(matched: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The matched name words that sit together in the message (a name is written in one piece), one name word per
    message word."""
    by_place: dict[int, tuple[str, int]] = {}
    for word, (edits, place) in matched.items():
        if place not in by_place or edits < by_place[place][1]:
            by_place[place] = (word, edits)
    ordered = sorted(by_place.items())
    groups: list[list[tuple[int, tuple[str, int]]]] = [[ordered[0]]]
    for item in ordered[1:]:
        if item[0] - groups[-1][-1][0] <= 2:
            groups[-1].append(item)
        else:
            groups.append([item])
    largest = max(groups, key=len)
    return {word: (edits, place) for place, (word, edits) in largest}


def _single_word_score(word: str, token: _Token, edits: int, tokens: list[_Token], rarity: float) -> float:
    introduced = _introduced(tokens, token.position)
    uncommon = word not in COMMON_WORDS and len(word) >= 4
    if not uncommon or not (introduced or token.capitalised or not dictionary_knows(word)):
        return 0.0
    return 0.45 + 0.15 * rarity + 0.1 * introduced + 0.05 * token.capitalised - 0.1 * edits


@dataclass(frozen=True)
class _NameEvidence:
    score: float
    places: frozenset[int]  # positions of the message words that named the customer
    several: bool  # named by two words or more


def _name_evidence(
    known: _Known, matched: dict[str, tuple[int, int]], tokens: list[_Token], index: CustomerIndex
) -> _NameEvidence:
    group = _closest_group(matched)
    places = frozenset(place for _, place in group.values())
    total = sum(index.rarity[w] for w in dict.fromkeys(known.words))
    coverage = sum(index.rarity[w] * (1 - 0.15 * edits) for w, (edits, _) in group.items()) / total
    if len(group) >= 2:
        return _NameEvidence(min(0.95, 0.6 + 0.35 * coverage), places, True)
    word, (edits, place) = next(iter(group.items()))
    single = _single_word_score(word, tokens[place], edits, tokens, index.rarity[word])
    return _NameEvidence(single + 0.05 * coverage if single else 0.0, places, False)


def _name_matches(text: str, index: CustomerIndex) -> list[CustomerMatch]:
    tokens = _tokens(text)
    by_customer: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for token in tokens:
        for word, edits in _similar(token, index):
            for position in index.postings[word]:
                best = by_customer[position].get(word)
                if best is None or edits < best[0]:
                    by_customer[position][word] = (edits, token.position)
    evidence = {
        position: _name_evidence(index.customers[position], m, tokens, index) for position, m in by_customer.items()
    }
    # a word that is part of a longer name ("Norte" in "Frigoríficos del Norte") names no other customer alone
    taken = frozenset().union(*(e.places for e in evidence.values() if e.several and e.score >= MIN_SCORE))
    found: list[CustomerMatch] = []
    for position, proof in evidence.items():
        if proof.score < MIN_SCORE or (not proof.several and proof.places <= taken):
            continue
        known = index.customers[position]
        words = tuple(tokens[place].word for place in sorted(proof.places))
        found.append(CustomerMatch(known.id, known.nombre, known.cedula, round(proof.score, 3), "nombre", words))
    return found


def find_customer_mentions(session: Session, text: str) -> list[CustomerMatch]:
    """Customers the message names by cédula/NIT or by name, best first (one entry per customer)."""
    index = customer_index(session)
    best: dict[int, CustomerMatch] = {}
    for match in _document_matches(text, index) + _name_matches(text, index):
        if match.customer_id not in best or match.score > best[match.customer_id].score:
            best[match.customer_id] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.nombre))[:MAX_RESULTS]

"""Products ranked by the lemmas their own text shares with a message: name (twice), description, category and
synonyms, lemmatised with the Spanish dictionary (simplemma) and weighted by how rare each lemma is in the catalogue.

It reads a need in the catalogue's words rather than in a lexicon: "la gente se resbala en las escaleras lisas" meets
the product whose description says "superficies lisas… evita resbalones"; it works for any catalogue because it has
no list of its own. Retrieval fuses it with the lexical ranking (reciprocal rank fusion, as it does embeddings); it
never decides alone. One inverted index per catalogue version and container.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.language.lexicon import load_json
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import STOPWORDS, dictionary_lemma, family, undiminished

_PRODUCT_TEXTS = text(
    "SELECT id, nombre, descripcion, categoria, array_to_string(sinonimos, ' ') FROM productos WHERE activo"
)
_LENGTH_PRIOR = 5  # keeps a two-word product from winning on one shared lemma
# a lemma in more than a fifth of a large catalogue says little about a need (and is slow to walk)
_MAX_SHARE = 0.2
_ALWAYS_WALKED = 200  # postings this short are always read
_MIN_LENGTH = 3
_RELATED_FACTOR = 0.5  # a word of the same field of the trade counts half as much as one the customer said


def _lemma_key(word: str, cache: dict[str, str]) -> str:
    key = cache.get(word)
    if key is None:
        plain = undiminished(word) or word  # "humito" is "humo"
        key = family(normalize(dictionary_lemma(plain)) or plain)
        cache[word] = key
    return key


def lemma_keys(text_: str, cache: dict[str, str] | None = None) -> set[str]:
    """The distinct lemma keys of a text's content words ("resbalones" and "resbala" share "resbal")."""
    memo = cache if cache is not None else {}
    return {
        _lemma_key(w, memo)
        for w in normalize(text_).split()
        if len(w) >= _MIN_LENGTH and w not in STOPWORDS and not w.isdigit()
    }


@dataclass
class LemmaIndex:
    version: int
    postings: dict[str, list[tuple[int, float]]]  # lemma key -> (product id, 1 / length norm)
    idf: dict[str, float]
    total: int = 0  # products indexed

    @property
    def unknown_idf(self) -> float:
        """The weight of a lemma no product has: that of a lemma two products share."""
        return math.log(max(self.total, 2) / 2)

    def scores(self, message: str, *, limit: int) -> dict[int, float]:
        """The best products, best first, each with the share of the message's lemma weight (idf) its text
        holds: 1.0 when it has every lemma the catalogue knows, little when it shares one common word. A said word
        the product's text lacks but whose field of the trade it shares (`campos_semanticos.json`: "tiritar" and
        "manta") counts `_RELATED_FACTOR` of that word's weight."""
        scores: dict[int, float] = defaultdict(float)
        coverage: dict[int, float] = defaultdict(float)
        said = lemma_keys(message)
        total = 0.0
        for key in said:
            weight = self.idf.get(key, self.unknown_idf)  # a word no product uses still was said
            total += weight
            direct = self._walked(key, max(_ALWAYS_WALKED, _MAX_SHARE * self.total))
            for product_id, norm in direct:
                scores[product_id] += weight * norm
                coverage[product_id] += weight
            for product_id, norm in self._related(key, said, {pid for pid, _ in direct}).items():
                scores[product_id] += _RELATED_FACTOR * weight * norm
                coverage[product_id] += _RELATED_FACTOR * weight
        best = sorted(scores, key=lambda pid: -scores[pid])[:limit]
        return {pid: coverage[pid] / total for pid in best} if total else {}

    def _walked(self, key: str, longest: float) -> list[tuple[int, float]]:
        """The key's postings, or none when more products than `longest` share it (it says little, and is slow)."""
        postings = self.postings.get(key, [])
        return postings if len(postings) <= longest else []

    def _related(self, key: str, said: set[str], direct: set[int]) -> dict[int, float]:
        """Products whose text has a word of the key's fields (none said), each with its best norm; only short
        postings are walked."""
        found: dict[int, float] = {}
        for other in _fields().get(key, frozenset()) - said:
            for product_id, norm in self._walked(other, _ALWAYS_WALKED):
                if product_id not in direct:
                    found[product_id] = max(found.get(product_id, 0.0), norm)
        return found


@lru_cache(maxsize=1)
def _fields() -> dict[str, frozenset[str]]:
    """Lemma key -> the keys of the other words of its fields of the trade."""
    related: dict[str, set[str]] = defaultdict(set)
    for entry in load_json("campos_semanticos.json").get("campos", []):
        keys = set().union(*(lemma_keys(word) for word in entry.get("palabras", [])))
        for key in keys:
            related[key] |= keys - {key}
    return {key: frozenset(others) for key, others in related.items()}


def related_keys(said: set[str]) -> set[str]:
    """The keys of the fields the said words belong to, not said themselves."""
    fields = _fields()
    return set().union(*(fields.get(key, frozenset()) for key in said)) - said


def _build(session: Session, version: int) -> LemmaIndex:
    cache: dict[str, str] = {}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    rows = session.execute(_PRODUCT_TEXTS).all()
    for product_id, nombre, descripcion, categoria, sinonimos in rows:
        keys = lemma_keys(f"{nombre} {descripcion} {categoria} {sinonimos}", cache)
        norm = 1.0 / math.sqrt(len(keys) + _LENGTH_PRIOR)
        for key in keys:
            postings[key].append((int(product_id), norm))
    total = max(len(rows), 1)
    idf = {key: math.log(total / len(items)) for key, items in postings.items()}
    return LemmaIndex(version, dict(postings), idf, total)


_lock = threading.Lock()
_cache: dict[str, LemmaIndex] = {}


def lemma_index(session: Session, database_key: str, version: int) -> LemmaIndex:
    """This container's index for the database at `version` (the catalogue version the vocabulary checked)."""
    cached = _cache.get(database_key)
    if cached is not None and cached.version == version:
        return cached
    index = _build(session, version)
    with _lock:
        _cache[database_key] = index
    return index

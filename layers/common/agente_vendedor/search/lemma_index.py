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

from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import STOPWORDS, dictionary_lemma, family

_PRODUCT_TEXTS = text(
    "SELECT id, nombre, descripcion, categoria, array_to_string(sinonimos, ' ') FROM productos WHERE activo"
)
_LENGTH_PRIOR = 5  # keeps a two-word product from winning on one shared lemma
# a lemma in more than a fifth of a large catalogue says little about a need (and is slow to walk)
_MAX_SHARE = 0.2
_ALWAYS_WALKED = 200  # postings this short are always read
_MIN_LENGTH = 3


def _lemma_key(word: str, cache: dict[str, str]) -> str:
    key = cache.get(word)
    if key is None:
        key = family(normalize(dictionary_lemma(word)) or word)
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
        holds: 1.0 when it has every lemma the catalogue knows, little when it shares one common word."""
        scores: dict[int, float] = defaultdict(float)
        coverage: dict[int, float] = defaultdict(float)
        total = 0.0
        for key in lemma_keys(message):
            # a word no product uses still is part of what the customer said
            weight = self.idf.get(key, self.unknown_idf)
            postings = self.postings.get(key, [])
            total += weight
            if len(postings) > max(_ALWAYS_WALKED, _MAX_SHARE * self.total):
                continue
            for product_id, norm in postings:
                scores[product_id] += weight * norm
                coverage[product_id] += weight
        best = sorted(scores, key=lambda pid: -scores[pid])[:limit]
        return {pid: coverage[pid] / total for pid in best} if total else {}


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

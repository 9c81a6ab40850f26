"""The catalogue's vocabulary, cached per container: word document frequencies (for term weights), categories,
and typo correction with rapidfuzz against the catalogue's and the lexicon's words.

The cache is keyed by database and invalidated by `catalogo_version`, a counter that a trigger bumps whenever
product text changes (migration 0002): one tiny query per search tells whether the cache is still good.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.lexicon import synonym_lexicon
from agente_vendedor.needs import needs_interpreter
from agente_vendedor.spanish_words import COMMON_WORDS, stem, verb_root

_MIN_TYPO_LENGTH = 5
_WORD_STATS = text(
    "SELECT word, ndoc FROM ts_stat("
    "'SELECT to_tsvector(''simple''::regconfig, search_document) FROM productos WHERE activo')"
)
_NAME_WORDS = text(
    "SELECT word FROM ts_stat('SELECT to_tsvector(''simple''::regconfig, nombre || '' '' || "
    "array_to_string(sinonimos, '' '') || '' '' || categoria || '' '' || coalesce(marca, ''''))"
    " FROM productos WHERE activo')"
)
_CATEGORIES = text("SELECT categoria, count(*) FROM productos WHERE activo GROUP BY categoria")
_VERSION = text("SELECT version FROM catalogo_version WHERE id = 1")


@dataclass
class CatalogVocabulary:
    version: int
    total: int
    word_df: dict[str, int]
    name_words: frozenset[str]  # words used in names, synonyms, categories or brands (not only descriptions)
    categories: dict[str, int]
    lexicon_words: frozenset[str]
    stem_df: dict[str, int] = field(init=False)
    _targets_by_length: dict[int, list[str]] = field(init=False)
    _corrections: dict[str, str | None] = field(init=False, default_factory=dict)
    # memo for derived data that depends only on this version (e.g. category affinities of the needs rules)
    memo: dict[object, object] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.stem_df = {}
        for word, ndoc in self.word_df.items():
            key = stem(word)
            self.stem_df[key] = min(self.total, self.stem_df.get(key, 0) + ndoc)
        targets = {w for w in self.word_df if w.isalpha() and len(w) >= 4} | self.lexicon_words
        self._targets_by_length = {}
        for word in targets:
            self._targets_by_length.setdefault(len(word), []).append(word)
        self._known_stems = {stem(w) for w in targets} | {stem(w) for w in COMMON_WORDS}
        self._name_stems = {stem(w) for w in self.name_words}

    def df(self, word: str) -> int:
        return self.stem_df.get(stem(word), 0)

    def idf(self, word: str) -> float:
        """BM25's idf of a word (by stem); 0 for words the catalogue does not use."""
        df = self.df(word)
        if df == 0:
            return 0.0
        return math.log(1.0 + (self.total - df + 0.5) / (df + 0.5))

    def names_use(self, word: str) -> bool:
        """Whether some product's name, synonyms, category or brand has the word (not only a description)."""
        return stem(word) in self._name_stems

    def is_known(self, word: str) -> bool:
        return (
            word in self.word_df
            or word in self.lexicon_words
            or word in COMMON_WORDS
            or stem(word) in self._known_stems
        )

    def correct(self, word: str) -> str | None:
        """The catalogue/lexicon word a typo stands for ("guantez" -> "guantes", "arnez" -> "arnes"), else None."""
        if word in self._corrections:
            return self._corrections[word]
        result: str | None = None
        if len(word) >= _MIN_TYPO_LENGTH and word.isalpha() and not self.is_known(word):
            result = self._closest(word) or self._split(word)
        self._corrections[word] = result
        return result

    def _closest(self, word: str) -> str | None:
        max_distance = 1 if len(word) < 9 else 2
        candidates: list[str] = []
        for length in range(len(word) - max_distance, len(word) + max_distance + 1):
            candidates.extend(self._targets_by_length.get(length, ()))
        if not candidates:
            return None
        matches = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=max_distance, limit=8)
        if not matches:
            return None
        root = verb_root(word)
        # another form of the same verb or noun is not a typo ("conectar" is not "conectado")
        matches = [m for m in matches if verb_root(m[0]) != root and stem(m[0]) != stem(word)]
        if not matches:
            return None
        best = min(
            matches,
            key=lambda m: (m[1], m[0][0] != word[0], -self.word_df.get(m[0], 0), m[0] not in self.lexicon_words),
        )
        return str(best[0])

    def _split(self, word: str) -> str | None:
        """A run-together pair of known words: 'tapaoidos' -> 'tapa oidos'."""
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if left in self.word_df and right in self.word_df and len(right) >= 3:
                return f"{left} {right}"
        return None

    def joined(self, left: str, right: str) -> str | None:
        """Two query words the catalogue writes as one ('porta lampara' -> 'portalampara')."""
        together = left + right
        return together if together in self.word_df or together in self.lexicon_words else None


def _lexicon_words() -> frozenset[str]:
    words: set[str] = set()
    for group in synonym_lexicon().groups:
        for term in group:
            words.update(term.split())
    words.update(needs_interpreter().words)
    return frozenset(w for w in words if w.isalpha() and len(w) >= 3)


_lock = threading.Lock()
_cache: dict[str, CatalogVocabulary] = {}


def catalog_version(session: Session) -> int:
    return int(session.execute(_VERSION).scalar_one_or_none() or 0)


def _database_key(session: Session) -> str:
    bind = session.get_bind()
    return str(bind.engine.url) if hasattr(bind, "engine") else str(id(bind))


def catalog_vocabulary(session: Session) -> CatalogVocabulary:
    """This container's vocabulary for the session's database, rebuilt when the catalogue text changed."""
    key = _database_key(session)
    version = catalog_version(session)
    cached = _cache.get(key)
    if cached is not None and cached.version == version:
        return cached
    word_df = {str(word): int(ndoc) for word, ndoc in session.execute(_WORD_STATS)}
    categories = {str(name): int(count) for name, count in session.execute(_CATEGORIES)}
    vocabulary = CatalogVocabulary(
        version=version,
        total=sum(categories.values()),
        word_df=word_df,
        name_words=frozenset(str(word) for (word,) in session.execute(_NAME_WORDS)),
        categories=categories,
        lexicon_words=_lexicon_words(),
    )
    with _lock:
        _cache[key] = vocabulary
    return vocabulary


def forget_vocabularies() -> None:
    """Drop every cached vocabulary (tests, or after the lexicon files change)."""
    with _lock:
        _cache.clear()


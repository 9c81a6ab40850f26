"""The catalogue's vocabulary, cached per container: document frequencies (for term weights), the words product
names use, categories, and typo correction with rapidfuzz against the catalogue's and the lexicon's words.

Frequencies are read from the stored `search_vector` (PostgreSQL's Spanish lexemes, `ts_stat`), so a query word is
looked up by its PostgreSQL stem (`ts_lexize('spanish_stem', ...)`, cached per container). The cache is keyed by
database and invalidated by `catalogo_version`, a counter that a trigger bumps whenever product text changes
(migration 0002): one tiny query per search tells whether the cache is still good.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.language.lexicon import synonym_lexicon
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import COMMON_WORDS, dictionary_knows, dictionary_lemma, stem, verb_root
from agente_vendedor.search.needs import needs_interpreter

_MIN_TYPO_LENGTH = 5
_BUILD_TIMEOUT_MS = 60_000
_LEXEME_STATS = text("SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM productos WHERE activo')")
_NAME_WORDS = text(
    "SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple''::regconfig, nombre || '' '' || "
    "array_to_string(sinonimos, '' '') || '' '' || categoria || '' '' || coalesce(marca, ''''))"
    " FROM productos WHERE activo')"
)
_CATEGORIES = text("SELECT categoria, count(*) FROM productos WHERE activo GROUP BY categoria")
_VERSION = text("SELECT version FROM catalogo_version WHERE id = 1")
_LEXEMES_SQL = "SELECT w, coalesce((ts_lexize('spanish_stem', w))[1], '') FROM unnest(CAST(:words AS text[])) AS w"
_LEXEMES = text(_LEXEMES_SQL)
# the version check and the lexemes of a message's new words in one round trip
_VERSION_AND_LEXEMES = text(
    "SELECT (SELECT version FROM catalogo_version WHERE id = 1), "
    f"ARRAY(SELECT ARRAY[w, l] FROM ({_LEXEMES_SQL}) AS t(w, l))"
)

# word -> PostgreSQL's Spanish lexeme ('' for its stopwords); the same for every catalogue, so kept across versions
_lexemes: dict[str, str] = {}
_lexemes_lock = threading.Lock()


def lexeme(word: str) -> str:
    """PostgreSQL's Spanish lexeme of a normalised word ('' for its stopwords; the word itself if never looked up)."""
    found = _lexemes.get(word)
    return word if found is None else found


def _unknown_lexemes(words: Iterable[str]) -> list[str]:
    return sorted({w for w in words if w and w not in _lexemes})


def _learn(found: dict[str, str]) -> None:
    with _lexemes_lock:
        if len(_lexemes) > 200_000:
            _lexemes.clear()
        _lexemes.update(found)


def pg_lexemes(session: Session, words: Iterable[str]) -> None:
    """Learn PostgreSQL's lexeme of every word not seen before (one query for all of them)."""
    missing = _unknown_lexemes(words)
    if missing:
        _learn({str(w): str(lexeme) for w, lexeme in session.execute(_LEXEMES, {"words": missing})})


@dataclass
class CatalogVocabulary:
    version: int
    total: int
    lexeme_df: dict[str, int]  # PostgreSQL lexeme -> number of active products whose search document has it
    name_df: dict[str, int]  # surface word of names, synonyms, categories, brands -> number of products
    categories: dict[str, int]
    lexicon_words: frozenset[str]
    _targets_by_length: dict[int, list[str]] = field(init=False)
    _corrections: dict[str, str | None] = field(init=False, default_factory=dict)
    # memo for derived data that depends only on this version (e.g. category affinities of the needs rules)
    memo: dict[object, object] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        targets = {w for w in self.name_df if w.isalpha() and len(w) >= 4} | self.lexicon_words
        self._targets_by_length = {}
        # a typo stands for a word that tells products apart, never for a common one ("tenjo" is no "tengo")
        correctable = targets - COMMON_WORDS
        for word in correctable:
            self._targets_by_length.setdefault(len(word), []).append(word)
        self._known_stems = {stem(w) for w in targets} | {stem(w) for w in COMMON_WORDS}
        self._name_stems = {stem(w) for w in self.name_df}
        self._names_by_lexeme: dict[str, list[str]] = {}
        for word in sorted(self.name_df, key=lambda w: -self.name_df[w]):
            lexeme = _lexemes.get(word)
            if lexeme and word.isalpha():
                self._names_by_lexeme.setdefault(lexeme, []).append(word)

    def name_forms(self, word: str) -> list[str]:
        """Words of product names that PostgreSQL's stemmer takes for the same word ("empañen" -> "empañan"), unless
        the dictionary knows both as different words ("botó" (boto) is no "bota")."""
        lexeme = _lexemes.get(word)
        forms = [w for w in self._names_by_lexeme.get(lexeme, ()) if w != word][:4] if lexeme else []
        return [w for w in forms if not _different_words(word, w)]

    def df(self, word: str) -> int:
        """How many products use the word anywhere (by PostgreSQL lexeme; see `pg_lexemes`)."""
        lexeme = _lexemes.get(word)
        if lexeme is None:  # not looked up: the names' own count is the best guess
            return self.name_df.get(word, 0)
        return self.lexeme_df.get(lexeme, 0) if lexeme else 0

    def idf(self, word: str) -> float:
        """BM25's idf of a word; 0 for words the catalogue does not use."""
        df = self.df(word)
        if df == 0:
            return 0.0
        return math.log(1.0 + (self.total - df + 0.5) / (df + 0.5))

    def names_use(self, word: str) -> bool:
        """Whether some product's name, synonyms, category or brand has the word (not only a description)."""
        return stem(word) in self._name_stems

    def is_known(self, word: str) -> bool:
        return (
            word in self.name_df
            or word in self.lexicon_words
            or word in COMMON_WORDS
            or stem(word) in self._known_stems
            or self.df(word) > 0
        )

    def correct(self, word: str) -> str | None:
        """The catalogue/lexicon word a typo stands for ("guantez" -> "guantes", "arnez" -> "arnes"), else None."""
        if word in self._corrections:
            return self._corrections[word]
        result: str | None = None
        # a word of the Spanish dictionary is no typo, whatever catalogue or lexicon word it is one letter from
        # ("quejan" is not "queman", "sitio" is not "litio", "plaza" is not "plaga")
        if len(word) >= _MIN_TYPO_LENGTH and word.isalpha() and not self.is_known(word) and not dictionary_knows(word):
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
        from rapidfuzz import process  # loaded with the first typo, or primed before a SnapStart snapshot
        from rapidfuzz.distance import OSA

        matches = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=max_distance, limit=8)
        root = verb_root(word)
        # another form of the same verb or noun is not a typo ("conectar" is not "conectado")
        matches = [m for m in matches if verb_root(m[0]) != root and stem(m[0]) != stem(word)]
        if not matches:
            return None
        best = min(
            matches,
            key=lambda m: (
                m[1],
                m[0][0] != word[0],
                abs(len(m[0]) - len(word)),  # "guantez" is "guantes" (z for s), not "guante"
                -self.name_df.get(m[0], 0),
                m[0] not in self.lexicon_words,
            ),
        )
        return str(best[0])

    def _split(self, word: str) -> str | None:
        """A run-together pair of known words: 'tapaoidos' -> 'tapa oidos'."""
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if left in self.name_df and right in self.name_df and len(right) >= 3:
                return f"{left} {right}"
        return None

    def joined(self, left: str, right: str) -> str | None:
        """Two query words the catalogue writes as one ('porta lampara' -> 'portalampara')."""
        together = left + right
        return together if together in self.name_df or together in self.lexicon_words else None


def _different_words(word: str, other: str) -> bool:
    return dictionary_knows(word) and dictionary_knows(other) and dictionary_lemma(word) != dictionary_lemma(other)


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


def database_key(session: Session) -> str:
    bind = session.get_bind()
    return str(bind.engine.url) if hasattr(bind, "engine") else str(id(bind))


def catalog_vocabulary(session: Session, words: Iterable[str] = ()) -> CatalogVocabulary:
    """This container's vocabulary for the session's database, rebuilt when the catalogue text changed; `words`
    (a message's) get their PostgreSQL lexemes looked up in the same round trip as the version check."""
    key = database_key(session)
    missing = _unknown_lexemes(words)
    if missing:
        version_found, pairs = session.execute(_VERSION_AND_LEXEMES, {"words": missing}).one()
        version = int(version_found or 0)
        _learn({str(w): str(lexeme) for w, lexeme in pairs or []})
    else:
        version = catalog_version(session)
    cached = _cache.get(key)
    if cached is not None and cached.version == version:
        return cached
    previous_timeout = session.execute(text("SELECT current_setting('statement_timeout')")).scalar_one()
    session.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(_BUILD_TIMEOUT_MS)})
    try:
        lexeme_df = {str(word): int(ndoc) for word, ndoc in session.execute(_LEXEME_STATS)}
        name_df: dict[str, int] = {}
        for word, ndoc in session.execute(_NAME_WORDS):
            for folded in normalize(str(word)).split():  # raw names keep their accents: fold them like queries
                name_df[folded] = max(name_df.get(folded, 0), int(ndoc))
        categories = {str(name): int(count) for name, count in session.execute(_CATEGORIES)}
    finally:
        session.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(previous_timeout)})
    lexicon_words = _lexicon_words()
    pg_lexemes(session, [*lexicon_words, *(w for w in name_df if w.isalpha())])
    vocabulary = CatalogVocabulary(
        version=version,
        total=sum(categories.values()),
        lexeme_df=lexeme_df,
        name_df=name_df,
        categories=categories,
        lexicon_words=lexicon_words,
    )
    with _lock:
        _cache[key] = vocabulary
    return vocabulary

"""Text normalisation shared by the search document (write time) and queries (read time).

Accents, case, punctuation and the domain lexicon are handled here in Python, so search works on any PostgreSQL
(no unaccent or pg_trgm extension needed). `fold` is the finders' lower-case, accent-free view of a text, with every
character at its offset.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9#\-./ ]+")
# trailing sentence punctuation is noise, inner '.', '-' and '/' stay (sku, '3/4', 'n-95')
_LOOSE_PUNCTUATION = re.compile(r"(?<![0-9a-z])[./-]|[./-](?![0-9a-z])")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case and accent-free, keeping every character at its offset (so spans map back to the original)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = (unicodedata.normalize("NFKD", ch)[:1] or ch).lower()
    return low if len(low) == 1 else ch


def clean_user_text(text: str) -> str:
    """Remove what cannot be stored or shown: NUL and control characters, lone surrogates; NFC; trimmed."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text).strip()


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Lower-case, accent-free, punctuation-light text: 'Cáscó  Dieléctrico!' -> 'casco dielectrico'.

    Cached: a chat turn normalises the same message, its pieces and the same product names a few dozen times."""
    text = strip_accents(clean_user_text(text).lower())
    text = _NON_WORD.sub(" ", text)
    text = _LOOSE_PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def whole_words(*patterns: str) -> re.Pattern[str]:
    """A regex matching any of the patterns as whole words of normalised text (no letter or digit around)."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")

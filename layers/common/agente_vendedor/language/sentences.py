"""Spanish sentence boundaries, for text that arrives in pieces (a model's streamed reply) or whole.

A sentence ends at `.`, `!`, `?` or `…` (closing quotes and brackets included) followed by white space, and at a
line break. A dot that is not followed by white space never ends one ("$1.250.000", "1.5", "www.dotaciones.co").
Titles and street abbreviations ("Sr.", "Ing.", "Cra.", "aprox.") never end one; "No." only before a number ("No. 5");
an initialism or a company form ("S.A.S.", "Ltda.") ends one only when a capital letter or an opening "¿"/"¡" follows.
Each sentence keeps its trailing white space, so the sentences of a text concatenate back to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agente_vendedor.language.normalization import strip_accents

# A candidate end: closing punctuation, its closing quotes/brackets, then white space, then (when there is one) the
# next visible character, which decides the abbreviation cases. A line break always ends a sentence.
_END = re.compile(r"(?P<mark>[.!?…]+)[\"'”’»)\]]*(?P<space>[ \t\r\f\v]*\n\s*|[ \t\r\f\v]+)(?P<next>\S)?")
_LINE_BREAK = re.compile(r"[ \t\r\f\v]*\n\s*(?P<next>\S)?")
_WORD_BEFORE = re.compile(r"(?P<word>[\w.]+)$")
_TITLES = frozenset(
    [
        "sr",
        "sra",
        "srta",
        "sres",
        "dr",
        "dra",
        "ing",
        "lic",
        "arq",
        "prof",
        "dto",
        "depto",
        "cra",
        "kra",
        "cr",
        "cll",
        "cl",
        "calle",
        "av",
        "avda",
        "dg",
        "tv",
        "transv",
        "mz",
        "of",
        "ofc",
        "int",
        "aprox",
        "approx",
        "ej",
        "p.ej",
        "vs",
        "etc",
        "ref",
        "cod",
        "tel",
        "cel",
        "ext",
        "km",
        "mts",
        "no",
        "nro",
        "num",
        "art",
    ]
)
_BEFORE_NUMBER = frozenset({"no", "nro", "num", "art", "ref", "cod", "ext", "tel", "cel"})
_COMPANY_FORMS = frozenset({"ltda", "cia", "s.a", "s.a.s", "s.en.c", "e.u", "s.c.a", "inc", "corp"})
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")


class SentenceSplitter:
    """`feed(piece)` yields the sentences completed so far; `close()` gives what is left (maybe "")."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, piece: str) -> Iterator[str]:
        self._pending += piece
        while True:
            cut = _first_end(self._pending, final=False)
            if cut is None:
                return
            sentence, self._pending = self._pending[:cut], self._pending[cut:]
            yield sentence

    def close(self) -> str:
        rest, self._pending = self._pending, ""
        return rest


def split_sentences(text: str) -> list[str]:
    """The sentences of a whole text; `"".join(split_sentences(text)) == text`."""
    sentences: list[str] = []
    rest = text
    while rest:
        cut = _first_end(rest, final=True)
        if cut is None:
            sentences.append(rest)
            break
        sentences.append(rest[:cut])
        rest = rest[cut:]
    return sentences


def _first_end(text: str, *, final: bool) -> int | None:
    """Where the first complete sentence of `text` ends (after its white space), or None. While more text may come
    (`final=False`), an end that depends on the next visible character ("S.A.S. Tenemos" / "S.A.S. y") waits for it;
    any other is given at once, so a streamed sentence leaves as soon as the white space after it arrives."""
    matches = sorted([*_END.finditer(text), *_LINE_BREAK.finditer(text)], key=lambda found: found.start())
    for match in matches:
        following = match.group("next")
        ends: bool | None = True
        if match.re is _END and "\n" not in match.group("space"):
            ends = _ends_sentence(text[: match.start("mark")], match.group("mark"), following)
        if ends is None and not final:
            return None
        if ends is not False:
            return match.start("next") if following is not None else match.end()
    return None


def _ends_sentence(before: str, mark: str, following: str | None) -> bool | None:
    """Whether the mark ends a sentence; None when only the next visible character (not there yet) can tell."""
    if mark.strip(".…") == "" and mark != ".":  # an ellipsis ends a sentence only before a new one
        return _starts_sentence(following)
    if mark != ".":
        return True
    found = _WORD_BEFORE.search(strip_accents(before).lower())
    word = found.group("word").strip(".") if found else ""
    if word in _BEFORE_NUMBER:
        return None if following is None else not (following.isdigit() or following == "#")
    if word in _TITLES:
        return False
    if word in _COMPANY_FORMS or _INITIALISM.fullmatch(word) or (len(word) == 1 and word.isalpha()):
        return _starts_sentence(following)
    return True


def _starts_sentence(following: str | None) -> bool | None:
    return None if following is None else following.isupper() or following in "¿¡"

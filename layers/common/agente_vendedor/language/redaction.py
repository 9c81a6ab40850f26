"""Personal data replaced in free text before it leaves for a log or a model: every e-mail, street address,
cédula/NIT and phone, found with the package's one set of finders (`contact_fields`, which validates with
`colombian_ids` and `phones`).

Unlike `mask_customer_data` (the first value of each field, blanked so the rest of a chat message can be read),
this finds every value and hands each one to a replacement: `[cedula]` in a log line, a placeholder the model copies
and the reply gets the value back from (`platform/llm/prompts`). Only the value is replaced, not its label
("cc 1234567" -> "cc [cedula]").

A bare 6–10 digit number counts as a cédula; a number written as an amount ("$38.000", "1.250.000") or inside a
code or a file name ("ventas_20261125T101500Z") does not. Names are not looked for: the heuristics that read them
in a customer's message would also take product and company words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agente_vendedor.language.contact_fields import (
    Span,
    blank_spans,
    find_address,
    find_colombian_id,
    find_email,
    find_phone,
)

Replacement = Callable[[str, str], str]  # (kind, original value) -> what goes in its place
Finder = Callable[[str], Span | None]

_MAX_VALUES = 64  # a bound on the search loop, far above what one text carries
# amounts and tokens mixing letters and digits: a bare number inside them is not a cédula
_NOT_A_BARE_ID = re.compile(r"\$\s?[\d.,]+|\d{1,3}(?:[.,]\d{3})+|\w*[^\W\d]\w*\d\w*|\w*\d\w*[^\W\d]\w*")
_VALUE_START = re.compile(r"[\d+(]")


def _bare_id(text: str) -> Span | None:
    shielded = _NOT_A_BARE_ID.sub(lambda m: " " * len(m.group(0)), text)
    return find_colombian_id(shielded, allow_bare=True)[2]


# The order of `customer_data`: e-mails first (they hold digits), then addresses, labelled ids, phones, bare ids.
# One address per text, as `customer_data` reads it: once it is blanked, its label ("despachar a") would take
# whatever follows for another one.
FINDERS: tuple[tuple[str, Finder, bool], ...] = (  # kind, finder, only once
    ("email", lambda text: find_email(text)[1], False),
    ("direccion", lambda text: find_address(text)[2], True),
    ("cedula", lambda text: find_colombian_id(text)[2], False),
    ("telefono", lambda text: find_phone(text)[2], False),
    ("cedula", _bare_id, False),
)
_LABELLED = frozenset({"cedula", "telefono"})  # their spans start with the label ("cc", "tel.")


def _value_span(kind: str, text: str, span: Span) -> Span:
    """The span without its label: an id or a phone starts at its first digit (or "+57", "(602)")."""
    start, end = span
    if kind in _LABELLED:
        value = _VALUE_START.search(text, start, end)
        start = value.start() if value else start
    return start, end


def personal_data_spans(text: str) -> list[tuple[str, Span]]:
    """(kind, span) of every personal datum in `text`, in order, spans not overlapping."""
    found: list[tuple[str, Span]] = []
    finders = list(FINDERS)
    view = text
    for _ in range(_MAX_VALUES):
        hit = next(
            ((entry, span) for entry in finders if (span := entry[1](view)) and view[slice(*span)].strip()), None
        )
        if hit is None:
            break
        (kind, _, once), span = hit
        if once:
            finders.remove(hit[0])
        found.append((kind, _value_span(kind, view, span)))
        view = blank_spans(view, [span])
    merged: list[tuple[str, Span]] = []
    for kind, (start, end) in sorted(found, key=lambda item: item[1]):
        if merged and start < merged[-1][1][1]:
            previous_kind, (previous_start, previous_end) = merged[-1]
            merged[-1] = (previous_kind, (previous_start, max(previous_end, end)))
        else:
            merged.append((kind, (start, end)))
    return merged


def redact(text: str, replacement: Replacement) -> str:
    """`text` with every personal datum replaced by `replacement(kind, value)`."""
    if not text:
        return text
    pieces: list[str] = []
    last = 0
    for kind, (start, end) in personal_data_spans(text):
        pieces += [text[last:start], replacement(kind, text[start:end])]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)

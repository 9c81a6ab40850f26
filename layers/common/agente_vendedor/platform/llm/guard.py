"""Output guard: nothing the model writes can change a price, a total, stock or the state of the sale.

A model reply is accepted only if
- every amount of money in it (`$38.000`, `38000 COP`, `38 mil`, `1,5 millones`, `10%`) is one the pipeline
  allowed (`numeros_permitidos`) or one found in the draft or the facts — never one that only the customer wrote;
- every other number (quantities, also in words: "tres", "una docena"; documents, phones, hours) comes from those
  sources or from the customer's message, and product codes (`N95`, `DV-ALT-001`) from the draft or the facts;
- every amount of money in the draft (prices, the total) is still there, and so is its data-processing notice
  (Ley 1581 de 2012: giving data after it is the customer's consent, so it cannot be dropped);
- it does not claim a sale is closed or confirmed when the draft does not, nor offer discounts, gifts or free
  shipping that the draft and the facts do not mention.
Otherwise the caller uses the draft, which is always correct.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from agente_vendedor.language.normalization import strip_accents
from agente_vendedor.language.quantities import find_quantities
from agente_vendedor.platform.llm.base import PhraseRequest

# A token with letters and digits is a code (N95, DV-ALT-001, Z89.1, 3M), checked as a whole.
_CODE = re.compile(r"(?<![\w$])(?=[\w./-]*[^\W\d_])(?=[\w./-]*\d)[^\W_]+(?:[./-][^\W_]+)*")
_AMOUNT = re.compile(
    r"(?P<currency>\$\s?|\b(?:cop|usd)\s?)?"
    r"(?<![\w.,])(?P<number>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)(?!\w)"
    r"(?P<multiplier>\s?(?:millones|millon|mil)\b)?"
    r"(?P<unit>\s?(?:pesos?|cop)\b|\s?%)?"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_LIST_MARKER = re.compile(r"(?m)^\s*\d{1,2}[.)]\s+")
_DATA_NOTICE = "Ley 1581 de 2012"  # the data-processing notice of the sale's first request for personal data
_MULTIPLIERS = {"mil": 1000, "millon": 1_000_000, "millones": 1_000_000}
_CLOSURE = re.compile(
    r"\b(?:venta|compra|pedido|orden)\s+(?:ya\s+)?(?:esta\s+|quedo\s+|queda\s+|fue\s+|ha\s+sido\s+|ha\s+quedado\s+)?"
    r"(?:confirmad|cerrad|registrad|finalizad|completad|procesad|realizad)[oa]s?\b"
    r"|(?<!no\s)\b(?:he|hemos|ya)\s+(?:confirmado|cerrado|registrado|finalizado|procesado)\s+"
    r"(?:su|tu|la|el|esta)\s+(?:venta|compra|pedido|orden)"
    r"|\bgracias\s+por\s+(?:su|tu)\s+compra\b|\b(?:compra|venta|pedido)\s+exitos[oa]\b"
)
_PROMISE = re.compile(r"\b(?:descuentos?|gratis|gratuit[oa]s?|obsequios?|regalos?|promocion(?:es)?|2\s?x\s?1|bonos?)\b")


@dataclass(frozen=True)
class NumberMention:
    value: Decimal
    money: bool
    text: str


@dataclass(frozen=True)
class GuardVerdict:
    ok: bool
    motivo: str | None = None  # why the reply was rejected (a short code)
    detalle: str = ""

    @classmethod
    def accepted(cls) -> GuardVerdict:
        return cls(ok=True)


def fold(text: str) -> str:
    return strip_accents(text).lower()


def extract_codes(text: str) -> list[str]:
    return [match.group(0) for match in _CODE.finditer(fold(text))]


def extract_numbers(text: str) -> list[NumberMention]:
    """Every number in the text, normalised: '$38.000', '38000', '38 mil', '38.000 COP' are all 38000 (money)."""
    folded = _LIST_MARKER.sub(" ", fold(text))
    folded = _CODE.sub(" ", folded)
    mentions: list[NumberMention] = []
    for match in _AMOUNT.finditer(folded):
        value = _number_value(match.group("number"))
        multiplier = (match.group("multiplier") or "").strip()
        if multiplier:
            value *= _MULTIPLIERS[multiplier]
        money = bool(match.group("currency") or multiplier or match.group("unit"))
        mentions.append(NumberMention(value=value.normalize(), money=money, text=match.group(0).strip()))
    for quantity in find_quantities(text):
        span = text[quantity.start : quantity.end]
        if quantity.explicit and not any(ch.isdigit() for ch in span):
            mentions.append(NumberMention(value=Decimal(quantity.value), money=False, text=span))
    return mentions


def _number_value(raw: str) -> Decimal:
    """'38.000' and '1.250.000' group thousands (Colombian style); '1,5' and '89.1' are decimals."""
    if _THOUSANDS.fullmatch(raw):
        return Decimal(re.sub(r"[.,]", "", raw))
    return Decimal(raw.replace(",", "."))


def check_reply(request: PhraseRequest, reply: str) -> GuardVerdict:
    text = reply.strip()
    if not text:
        return GuardVerdict(ok=False, motivo="respuesta_vacia")
    if len(text) > max(3 * len(request.borrador), len(request.borrador) + 600):
        return GuardVerdict(ok=False, motivo="respuesta_larga", detalle=f"{len(text)} caracteres")

    facts_text = json.dumps(request.hechos, ensure_ascii=False, default=str)
    draft_numbers = extract_numbers(request.borrador)
    draft_values = {m.value for m in draft_numbers}
    trusted = {Decimal(n) for n in request.numeros_permitidos} | draft_values
    trusted |= {m.value for m in extract_numbers(facts_text)}
    trusted |= set(_numeric_values(request.hechos))
    from_customer = {m.value for m in extract_numbers(request.mensaje)}

    reply_numbers = extract_numbers(text)
    for mention in reply_numbers:
        if mention.value in trusted:
            continue
        if mention.money:
            return GuardVerdict(ok=False, motivo="monto_no_permitido", detalle=mention.text)
        if mention.value not in from_customer:
            return GuardVerdict(ok=False, motivo="numero_no_permitido", detalle=mention.text)

    reply_values = {m.value for m in reply_numbers}
    required = {m.value: m.text for m in draft_numbers if m.money}
    required |= {total: f"{total:f}" for total in _declared_totals(request.hechos) if total in draft_values}
    for value, shown in required.items():
        if value not in reply_values:
            return GuardVerdict(ok=False, motivo="monto_omitido", detalle=shown)

    if _DATA_NOTICE in request.borrador and _DATA_NOTICE not in text:
        return GuardVerdict(ok=False, motivo="aviso_omitido", detalle=_DATA_NOTICE)

    known_codes = _compact(" ".join([request.borrador, facts_text, request.mensaje]))
    for code in extract_codes(text):
        if _compact(code) not in known_codes:
            return GuardVerdict(ok=False, motivo="codigo_no_permitido", detalle=code)

    folded_reply = fold(text)
    closure = _CLOSURE.search(folded_reply)
    if closure and not _CLOSURE.search(fold(request.borrador)):
        return GuardVerdict(ok=False, motivo="cierre_no_confirmado", detalle=closure.group(0))
    promise = _PROMISE.search(folded_reply)
    if promise and not _PROMISE.search(fold(f"{request.borrador} {facts_text}")):
        return GuardVerdict(ok=False, motivo="promesa_no_respaldada", detalle=promise.group(0))
    return GuardVerdict.accepted()


def _numeric_values(value: Any) -> Iterable[Decimal]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield Decimal(str(value)).normalize()
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numeric_values(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _numeric_values(item)


def _declared_totals(value: Any) -> Iterable[Decimal]:
    """Values under a `total` key anywhere in the facts (the order total)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "total" and isinstance(item, int | float) and not isinstance(item, bool):
                yield Decimal(str(item)).normalize()
            else:
                yield from _declared_totals(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _declared_totals(item)


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))

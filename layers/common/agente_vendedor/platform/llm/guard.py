"""Output guard: nothing the model writes can change a price, a total, stock or the state of the sale.

A model reply is accepted only if
- every amount of money in it (`$38.000`, `38000 COP`, `38 mil`, `1,5 millones`, `10%`) is one the pipeline
  allowed (`numeros_permitidos`) or one found in the draft or the facts — never one that only the customer wrote;
- every other number (quantities, also in words: "tres", "una docena"; documents, phones, hours) comes from those
  sources or from the customer's message, and product codes (`N95`, `DV-ALT-001`) from the draft or the facts;
- every amount of money in the draft (prices, the total) is still there, and so is its data-processing notice
  (Ley 1581 de 2012: giving data after it is the customer's consent, so it cannot be dropped);
- each amount belongs to the product it is said of: one listed product's price given for another is refused, and so
  is "agotado" said of a product in stock (`product_claims.py`);
- every web or e-mail address and every phone number is one of the company's data (the draft, the facts — the
  company sections on a company question) or the customer's own;
- it does not claim a sale is closed or confirmed when the draft does not, nor offer discounts, gifts or free
  shipping that the draft and the facts do not mention.
The checks run sentence by sentence (`ReplyGuard.check`) so that a streamed reply can be shown as it is written;
the draft amounts and the notice are checked on the whole (`ReplyGuard.finish`). Whatever is refused, the caller
answers from the draft, which is always correct.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from agente_vendedor.language.normalization import strip_accents
from agente_vendedor.language.phones import looks_like_phone
from agente_vendedor.language.quantities import find_quantities
from agente_vendedor.language.sentences import split_sentences
from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.product_claims import OUT_OF_STOCK, ProductClaims

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
DATA_NOTICE = "Ley 1581 de 2012"  # the data-processing notice of the sale's first request for personal data
_MONEY_KEYS = frozenset({"precio", "precio_unitario", "subtotal", "total", "total_pedido"})
MIN_AMOUNT = 100  # an allowed number this small is a quantity, never an amount of money (COP)
_MULTIPLIERS = {"mil": 1000, "millon": 1_000_000, "millones": 1_000_000}
_CLOSURE = re.compile(
    r"\b(?:venta|compra|pedido|orden)\s+(?:ya\s+)?(?:esta\s+|quedo\s+|queda\s+|fue\s+|ha\s+sido\s+|ha\s+quedado\s+)?"
    r"(?:confirmad|cerrad|registrad|finalizad|completad|procesad|realizad)[oa]s?\b"
    r"|(?<!no\s)\b(?:he|hemos|ya)\s+(?:confirmado|cerrado|registrado|finalizado|procesado)\s+"
    r"(?:su|tu|la|el|esta)\s+(?:venta|compra|pedido|orden)"
    r"|\bgracias\s+por\s+(?:su|tu)\s+compra\b|\b(?:compra|venta|pedido)\s+exitos[oa]\b"
)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|co|net|org|info|store|shop|tienda|online)(?:\.[a-z]{2})?\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# digits joined by spaces, dashes or brackets only (never dots: "$1.250.000" is money), 7 digits or more
_PHONE = re.compile(r"(?<![\w$.,])\+?\(?\d[\d \t()-]{5,}\d(?![\w.,]\d)")
_PROMISE = re.compile(r"\b(?:descuentos?|gratis|gratuit[oa]s?|obsequios?|regalos?|promocion(?:es)?|2\s?x\s?1|bonos?)\b")


@dataclass(frozen=True)
class NumberMention:
    value: Decimal
    money: bool
    text: str
    start: int = -1  # where it starts in the text (-1: a number in words)


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
    folded = _LIST_MARKER.sub(_blank, fold(text))  # blanked, not removed: positions stay those of the text
    folded = _CODE.sub(_blank, folded)
    mentions: list[NumberMention] = []
    for match in _AMOUNT.finditer(folded):
        value = _number_value(match.group("number"))
        multiplier = (match.group("multiplier") or "").strip()
        if multiplier:
            value *= _MULTIPLIERS[multiplier]
        money = bool(match.group("currency") or multiplier or match.group("unit"))
        mentions.append(NumberMention(value.normalize(), money, match.group(0).strip(), match.start("number")))
    for quantity in find_quantities(text):
        span = text[quantity.start : quantity.end]
        if quantity.explicit and not any(ch.isdigit() for ch in span):
            mentions.append(NumberMention(value=Decimal(quantity.value), money=False, text=span))
    return mentions


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _number_value(raw: str) -> Decimal:
    """'38.000' and '1.250.000' group thousands (Colombian style); '1,5' and '89.1' are decimals."""
    if _THOUSANDS.fullmatch(raw):
        return Decimal(re.sub(r"[.,]", "", raw))
    return Decimal(raw.replace(",", "."))


class ReplyGuard:
    """One reply checked sentence by sentence as the model writes it (`check`), then as a whole (`finish`): what
    `check` accepted may be shown at once, since no later sentence can make it wrong."""

    def __init__(self, request: PhraseRequest) -> None:
        self.request = request
        facts_text = json.dumps(request.hechos, ensure_ascii=False, default=str)
        self._draft_numbers = extract_numbers(request.borrador)
        self._draft_values = {m.value for m in self._draft_numbers}
        trusted = {Decimal(n) for n in request.numeros_permitidos} | self._draft_values
        trusted |= {m.value for m in extract_numbers(facts_text)}
        self._trusted = trusted | set(_numeric_values(request.hechos))
        # an amount of money must be one: a quantity ("1") the pipeline allowed is not a price ("$1")
        self._money = {m.value for m in self._draft_numbers if m.money}
        self._money |= {m.value for m in extract_numbers(facts_text) if m.money}
        self._money |= set(_values_under(request.hechos, _MONEY_KEYS))
        self._money |= {Decimal(n) for n in request.numeros_permitidos if n >= MIN_AMOUNT}
        self._from_customer = {m.value for m in extract_numbers(request.mensaje)}
        known = " ".join([request.borrador, facts_text, request.mensaje])
        self._known_codes = _compact(known)
        self._known_links = {_link_key(link) for link in find_links(known)}
        self._known_phones = set(find_phones(known))
        self._draft_closes = bool(_CLOSURE.search(fold(request.borrador)))
        self._promise_backed = bool(_PROMISE.search(fold(f"{request.borrador} {facts_text}")))
        self._draft_out_of_stock = bool(OUT_OF_STOCK.search(fold(request.borrador)))
        self._max_chars = max(3 * len(request.borrador), len(request.borrador) + 600)
        self.claims = ProductClaims(request.hechos)
        self.text = ""  # the sentences accepted so far
        self._context: str | None = None  # the product the accepted text spoke of last

    def check(self, sentence: str) -> GuardVerdict:
        """One more sentence of the reply; accepted ones are added to `text`."""
        folded = fold(sentence)
        verdict = self._first_problem(sentence, folded)
        if verdict.ok:
            self.text += sentence
            # a line of a list is about its own product: what it names is not carried to the next line
            self._context = None if sentence.endswith("\n") else self.claims.last_mentioned(folded, self._context)
        return verdict

    def finish(self) -> GuardVerdict:
        """What only the whole reply shows: something was said, and every amount of the draft (its prices, the total)
        and its data-processing notice are there."""
        if not self.text.strip():
            return GuardVerdict(ok=False, motivo="respuesta_vacia")
        reply_values = {m.value for m in extract_numbers(self.text)}
        required = {m.value: m.text for m in self._draft_numbers if m.money}
        totals = _values_under(self.request.hechos, {"total"})
        required |= {total: f"{total:f}" for total in totals if total in self._draft_values}
        for value, shown in required.items():
            if value not in reply_values:
                return GuardVerdict(ok=False, motivo="monto_omitido", detalle=shown)
        if DATA_NOTICE in self.request.borrador and DATA_NOTICE not in self.text:
            return GuardVerdict(ok=False, motivo="aviso_omitido", detalle=DATA_NOTICE)
        return GuardVerdict.accepted()

    def _first_problem(self, sentence: str, folded: str) -> GuardVerdict:
        if len(self.text) + len(sentence.strip()) > self._max_chars:
            return GuardVerdict(
                ok=False, motivo="respuesta_larga", detalle=f"{len(self.text) + len(sentence)} caracteres"
            )
        for link in find_links(sentence):
            if _link_key(link) not in self._known_links:
                return GuardVerdict(ok=False, motivo="enlace_no_permitido", detalle=link)
        for phone in find_phones(sentence):
            if phone not in self._known_phones:
                return GuardVerdict(ok=False, motivo="telefono_no_permitido", detalle=phone)
        sentence = _without_phones_and_links(sentence)
        numbers = extract_numbers(sentence)
        for mention in numbers:
            if mention.money and mention.value not in self._money:
                return GuardVerdict(ok=False, motivo="monto_no_permitido", detalle=mention.text)
            if mention.money or mention.value in self._trusted:
                continue
            if mention.value not in self._from_customer:
                return GuardVerdict(ok=False, motivo="numero_no_permitido", detalle=mention.text)
        for code in extract_codes(sentence):
            if _compact(code) not in self._known_codes:
                return GuardVerdict(ok=False, motivo="codigo_no_permitido", detalle=code)
        amounts = [(m.start, m.value, m.text) for m in numbers if m.money and m.start >= 0]
        problem = self.claims.problem(folded, amounts, self._context, self._draft_out_of_stock)
        if problem is not None:
            return GuardVerdict(ok=False, motivo=problem.motivo, detalle=problem.detalle)
        closure = _CLOSURE.search(folded)
        if closure and not self._draft_closes:
            return GuardVerdict(ok=False, motivo="cierre_no_confirmado", detalle=closure.group(0))
        promise = _PROMISE.search(folded)
        if promise and not self._promise_backed:
            return GuardVerdict(ok=False, motivo="promesa_no_respaldada", detalle=promise.group(0))
        return GuardVerdict.accepted()


def check_reply(request: PhraseRequest, reply: str) -> GuardVerdict:
    """A whole reply: each of its sentences, then the whole."""
    guard = ReplyGuard(request)
    for sentence in split_sentences(reply.strip()):
        verdict = guard.check(sentence)
        if not verdict.ok:
            return verdict
    return guard.finish()


def find_links(text: str) -> list[str]:
    """Web addresses and e-mail addresses in the text ("www.dotaciones.co", "https://x.com/y", "ventas@x.co")."""
    return [match.group(0).rstrip(".,;:!?)") for match in _LINK.finditer(text)]


def find_phones(text: str) -> list[str]:
    """Colombian phone numbers in the text, as digits without the country code ("3001234567", "6015551234")."""
    return [digits for _, digits in _phone_matches(text)]


def _phone_matches(text: str) -> list[tuple[re.Match[str], str]]:
    found = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        digits = digits[2:] if len(digits) == 12 and digits.startswith("57") else digits
        if looks_like_phone(digits) or (len(digits) == 7 and " " in match.group(0).strip()):
            found.append((match, digits))
    return found


def _without_phones_and_links(text: str) -> str:
    """The text with its phones and links blanked (their digits are checked as a whole, not as numbers)."""
    text = _LINK.sub(_blank, text)
    for match, _ in reversed(_phone_matches(text)):
        text = text[: match.start()] + " " * len(match.group(0)) + text[match.end() :]
    return text


def _link_key(link: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", fold(link)).rstrip("/")


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


def _values_under(value: Any, keys: Collection[str]) -> Iterable[Decimal]:
    """Numbers under any of `keys` anywhere in the facts (e.g. the order `total`, the products' `precio`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, int | float) and not isinstance(item, bool):
                yield Decimal(str(item)).normalize()
            else:
                yield from _values_under(item, keys)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _values_under(item, keys)


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))

"""What a reply says about each listed product: every amount is bound to the product it belongs to, and every
"agotado" to the product it is said of, so that swapped prices and false out-of-stock claims are caught.

A product is mentioned by its SKU, by a word of its name that no other listed product shares ("blanco" when the
other helmet is "amarillo"), or by every word of its name, numbers included ("cono … 70 cm" is not "cono … 45 cm").
An amount belongs to the product named before it in the same sentence ("el blanco a
$38.000"; before the sentence: the product the reply spoke of last) or to the one named after it ("$38.000 el
blanco"): a sentence is refused when neither reading fits. A claim belongs to the product named before it, else after
it, else the one spoken of last. A list line's product is not carried to the next line (the guard's `check`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import is_content_word, stem

_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
OUT_OF_STOCK = re.compile(
    r"\b(?:agotad[oa]s?|sin (?:stock|existencias|inventario|unidades)|fuera de stock|"
    r"no (?:nos )?(?:queda|quedan|hay|tenemos) (?:stock|existencias|unidades|disponibles?)\b)"
)
_BEFORE, _AFTER = "antes", "despues"  # where the product an amount belongs to is named
_NEGATED = re.compile(r"\bno (?:esta|estan|se ha|se han|se encuentra|se encuentran)\s*$")


@dataclass(frozen=True)
class ListedProduct:
    sku: str
    nombre: str
    precio: Decimal | None
    stock: int | None
    own_amounts: frozenset[Decimal]  # its price and its order lines' subtotals


@dataclass(frozen=True)
class ClaimProblem:
    motivo: str
    detalle: str


class ProductClaims:
    """The listed products of one reply's facts (`productos`, and the order's `pedido.items`)."""

    def __init__(self, hechos: dict[str, Any]) -> None:
        self.products = _listed_products(hechos)
        self._order_total = _decimal((hechos.get("pedido") or {}).get("total"))
        shared = Counter(key for product in self.products.values() for key in set(_name_keys(product.nombre)))
        self._names = {sku: frozenset(_name_keys(p.nombre, numbers=True)) for sku, p in self.products.items()}
        self._keys: dict[str, str] = {}
        for product in self.products.values():
            self._keys[_compact(product.sku.lower())] = product.sku
            for key in _name_keys(product.nombre):
                if shared[key] == 1:
                    self._keys[key] = product.sku

    def mentions(self, folded: str) -> list[tuple[int, str]]:
        """(position, sku) of each product mention in folded text, in order: its SKU, a word of its name no other
        listed product has, or its whole name (every word of it: "respirador n95 sin valvula 3m 8210")."""
        found = []
        first_at: dict[str, int] = {}
        for match in _WORD.finditer(folded):
            word = match.group(0)
            first_at.setdefault(stem(word), match.start())
            sku = self._keys.get(_compact(word)) or self._keys.get(stem(word))
            if sku is not None:
                found.append((match.start(), sku))
        whole = {sku: words for sku, words in self._names.items() if words and words <= first_at.keys()}
        for sku, words in whole.items():  # a name inside a longer one named there ("caja de respiradores …") is not,
            if not any(words < other or (words == other and sku != it) for it, other in whole.items()):  # nor twins
                found.append((min(first_at[word] for word in words), sku))
        return sorted(found)

    def last_mentioned(self, folded: str, default: str | None) -> str | None:
        mentions = self.mentions(folded)
        return mentions[-1][1] if mentions else default

    def problem(
        self, folded: str, amounts: list[tuple[int, Decimal, str]], context: str | None, draft_out_of_stock: bool
    ) -> ClaimProblem | None:
        """A swapped price or a false "agotado" in one sentence (`folded`), given its money `amounts`
        (position, value, text) and the product the reply spoke of before it (`context`)."""
        if len(self.products) < 2 and not OUT_OF_STOCK.search(folded):
            return None
        mentions = self.mentions(folded)
        swapped = [self._swapped_amount(amounts, mentions, context, reading) for reading in (_BEFORE, _AFTER)]
        if all(swapped):
            return swapped[0]
        for claim in OUT_OF_STOCK.finditer(folded):
            if _NEGATED.search(folded[: claim.start()]):
                continue
            owner = self._owner(mentions, claim.start(), context) or self._only_product()
            stock = self.products[owner].stock if owner is not None else None
            in_stock = stock > 0 if stock is not None else self._all_in_stock() and not draft_out_of_stock
            if in_stock:
                return ClaimProblem("agotado_falso", f"{claim.group(0)} ({owner or 'todos con existencias'})")
        return None

    def _swapped_amount(
        self,
        amounts: list[tuple[int, Decimal, str]],
        mentions: list[tuple[int, str]],
        context: str | None,
        reading: str,
    ) -> ClaimProblem | None:
        """The first amount given for a product whose price it is not (but another's), reading each amount as said
        of the product named before it ("el blanco a $38.000") or after it ("$38.000 el blanco")."""
        for position, value, shown in amounts:
            owner = self._owner(mentions, position, context, reading)
            if owner is not None and self._swapped(owner, value):
                return ClaimProblem("precio_cruzado", f"{shown} no es el precio de {owner}")
        return None

    def _owner(
        self, mentions: list[tuple[int, str]], position: int, context: str | None, reading: str = _BEFORE
    ) -> str | None:
        before = next((sku for at, sku in reversed(mentions) if at < position), None)
        after = next((sku for at, sku in mentions if at > position), None)
        if reading == _AFTER:
            return after or before or context
        return before or context or after

    def _swapped(self, owner: str, value: Decimal) -> bool:
        own = self.products[owner].own_amounts | ({self._order_total} if self._order_total is not None else set())
        others = {p.precio for sku, p in self.products.items() if sku != owner and p.precio is not None}
        return value not in own and value in others

    def _only_product(self) -> str | None:
        return next(iter(self.products)) if len(self.products) == 1 else None

    def _all_in_stock(self) -> bool:
        stocks = [p.stock for p in self.products.values()]
        return bool(stocks) and all(stock is not None and stock > 0 for stock in stocks)


def _listed_products(hechos: dict[str, Any]) -> dict[str, ListedProduct]:
    rows: dict[str, dict[str, Any]] = {}
    for item in hechos.get("productos") or []:
        if isinstance(item, dict) and item.get("sku"):
            rows[str(item["sku"])] = {**item, "subtotales": []}
    for item in (hechos.get("pedido") or {}).get("items") or []:
        if isinstance(item, dict) and item.get("sku"):
            row = rows.setdefault(str(item["sku"]), {"nombre": item.get("nombre", ""), "subtotales": []})
            row.setdefault("precio", item.get("precio_unitario"))
            row["subtotales"].append(item.get("subtotal"))
    products = {}
    for sku, row in rows.items():
        price = _decimal(row.get("precio"))
        own = {amount for amount in [price, *map(_decimal, row["subtotales"])] if amount is not None}
        stock = row.get("stock")
        products[sku] = ListedProduct(
            sku, str(row.get("nombre") or ""), price, stock if isinstance(stock, int) else None, frozenset(own)
        )
    return products


def _name_keys(name: str, *, numbers: bool = False) -> list[str]:
    words = normalize(name).split()
    return [stem(w) for w in words if (is_content_word(w) and len(w) > 2) or (numbers and w.isdigit())]


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value)).normalize()

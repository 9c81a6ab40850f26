"""The lines the customer took out of the order (`Order.retirados`): put back, a line comes back with its units
("póngame otra vez los arneses" after "saque los arneses" is 6 harnesses, not 1), and "no, mejor déjelos" right after
a removal undoes it.

`retirados` maps each SKU taken out to {"cantidad": units, "vez": the removal's number}: the lines one turn took
out share their number, so the last removal is the lines with the highest one.
"""

from __future__ import annotations

import re

from agente_vendedor.db.models import Order, OrderLine
from agente_vendedor.language.normalization import normalize
from agente_vendedor.schemas.turn_plan import OrderOperation


def record_removal(order: Order, line: OrderLine, removal: int) -> None:
    """Remember the line's units under the removal's number (`next_removal`)."""
    order.retirados = {**(order.retirados or {}), line.producto.sku: {"cantidad": line.cantidad, "vez": removal}}


def _last_removal(order: Order) -> int:
    return max((int(entry["vez"]) for entry in (order.retirados or {}).values()), default=0)


def next_removal(order: Order) -> int:
    """The number a new removal takes: one more than the last one's."""
    return _last_removal(order) + 1


def removed_units(order: Order, sku: str) -> int | None:
    """The units of the product's line when it was last taken out of the order, if it was."""
    entry = (order.retirados or {}).get(sku)
    return int(entry["cantidad"]) if entry else None


# "no, mejor déjelos", "sí, déjela", "déjenlos, los 2", "dejémoslas": keep what was just taken out — the verb with
# its object pronoun, said alone (not "déjelos en portería", a delivery, nor "déjelo así", the order as it is)
_KEEP_THEM = re.compile(
    r"\bdej(?:e|a|en|emos)(?:lo|la|los|las)\b(?!\s+(?:en|con|a|al|donde|por|asi|como|para|pa|hasta)\b)"
)


def undo_last_removal(order: Order, message: str) -> list[OrderOperation]:
    """The lines of the last removal put back with their units when the message says to keep them ("no, mejor
    déjelos"); nothing otherwise."""
    if not _KEEP_THEM.search(normalize(message)) or not order.retirados:
        return []
    in_order = {line.producto.sku for line in order.lineas}
    last = _last_removal(order)
    return [
        OrderOperation(accion="fijar_cantidad", sku=sku, cantidad=int(entry["cantidad"]))
        for sku, entry in order.retirados.items()
        if int(entry["vez"]) == last and sku not in in_order
    ]

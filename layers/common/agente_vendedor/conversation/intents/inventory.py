"""`inventario`: products, prices, stock and recommendations, from the database only."""

from __future__ import annotations

import re

from agente_vendedor.commerce import catalog, orders
from agente_vendedor.conversation import replies
from agente_vendedor.conversation.intents.turn import HandlerResult, Turn, product_facts
from agente_vendedor.conversation.sale_flow import Offer
from agente_vendedor.db.models import Product
from agente_vendedor.language.normalization import normalize

_PRICE = re.compile(r"\b(?:precio|precios|vale|valen|cuesta|cuestan|valor|cobran|sale|salen|cotiz\w*)\b")
_STOCK = re.compile(r"\b(?:stock|disponible\w*|disponibilidad|quedan|queda|hay|tienen|existencia\w*|inventario)\b")
# Words of a follow-up question that names no product ("¿y cuánto vale?", "¿de qué marca es?", "¿cuántos quedan?").
_FOLLOW_UP_WORDS = frozenset(
    """
    y e o pero entonces bueno listo ok vale valen cuesta cuestan cuanto cuantos cuantas precio precios valor sale salen
    el la los las lo le les un una uno unos unas ese esa eso esos esas este esta esto estos estas aquel de del que cual
    cuales marca es son hay quedan queda tiene tienen tienes stock disponible disponibles disponibilidad en por cada
    unidad unidades me nos porfa favor plis pls sr senor senora mas menos ahi alli garantia referencia
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def refers_to_previous_products(message: str) -> bool:
    words = normalize(message).split()
    return 0 < len(words) <= 8 and all(word in _FOLLOW_UP_WORDS for word in words)


def previous_products(turn: Turn) -> list[Product]:
    """The products the previous answer was about, when this message is a follow-up that names none."""
    if not turn.last_products or not refers_to_previous_products(turn.message):
        return []
    by_sku = {p.sku: p for p in catalog.products_by_sku(turn.session, turn.last_products[:3])}
    return [by_sku[sku] for sku in turn.last_products[:3] if sku in by_sku]


def order_note(turn: Turn) -> str:
    order = turn.open_order
    if order is None or not order.lineas:
        return ""
    total = replies.cop(orders.order_total(order))
    count = sum(line.cantidad for line in order.lineas)
    return turn.voice.t(
        f"(Tu pedido sigue abierto: {count} unidades por {total}.)",
        f"(Su pedido sigue abierto: {count} unidades por {total}.)",
        f"(Pedido abierto: {count} unidades, {total}.)",
    )


def handle(turn: Turn) -> HandlerResult:
    result = turn.retrieval()
    products = list(result.products)[:5] or previous_products(turn)
    voice = turn.voice
    note = order_note(turn)
    if not products:
        categories = catalog.categories(turn.session)
        return HandlerResult(
            tipo="inventario",
            borrador=replies.inventory_not_found(voice, categories, order_note=note),
            hechos={"productos": [], "categorias": categories},
            ayudo=False,
        )
    text = normalize(turn.message)
    asked_price = bool(_PRICE.search(text))
    asked_stock = bool(_STOCK.search(text))
    interpretation = getattr(result, "interpretation", {}) or {}
    by_need = bool(interpretation.get("necesidades") or interpretation.get("needs"))
    top = products[0]
    alternatives = []
    if top.stock <= 0:
        alternatives = [p for p in (result.in_stock_alternatives or {}).get(top.sku, []) if p not in products][:3]
    shown = (products + alternatives)[:5]
    focused = len(products) == 1 or ((asked_price or asked_stock) and len(products) <= 2 and not by_need)
    offer = Offer("agregar", {top.sku: 1}) if focused and top.stock > 0 else None
    return HandlerResult(
        tipo="inventario",
        borrador=replies.inventory_found(
            products,
            voice,
            asked_price=asked_price,
            asked_stock=asked_stock,
            by_need=by_need,
            alternatives=alternatives,
            order_note=note,
        ),
        productos=shown,
        hechos={"productos": product_facts(shown)},
        numeros={p.precio for p in shown} | {p.stock for p in shown},
        offer=offer,
    )

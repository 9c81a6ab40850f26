"""`inventario`: products, prices, stock and recommendations, from the database only."""

from __future__ import annotations

import re

from agente_vendedor import catalog, orders, replies
from agente_vendedor.handlers.turn import HandlerResult, Turn, product_facts
from agente_vendedor.sale_flow import Offer
from agente_vendedor.text_normalization import normalize

_PRICE = re.compile(r"\b(?:precio|precios|vale|valen|cuesta|cuestan|valor|cobran|sale|salen|cotiz\w*)\b")
_STOCK = re.compile(r"\b(?:stock|disponible\w*|disponibilidad|quedan|queda|hay|tienen|existencia\w*|inventario)\b")


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
    products = list(result.products)[:5]
    voice = turn.voice
    note = order_note(turn)
    if not products:
        categories = catalog.categories(turn.session)
        return HandlerResult(
            tipo="inventario",
            borrador=replies.inventory_not_found(voice, categories, order_note=note),
            hechos={"productos": [], "categorias": categories},
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

"""`venta`: runs the message through the sale state machine and words what happened."""

from __future__ import annotations

from agente_vendedor import orders, replies
from agente_vendedor.db.models import Order, Product
from agente_vendedor.entities import ProductRequest
from agente_vendedor.handlers.turn import HandlerResult, Turn, product_facts
from agente_vendedor.quantities import first_quantity
from agente_vendedor.retrieval_interim import find_product_mentions
from agente_vendedor.sale_flow import SaleOutcome, customer_data, handle_sale_turn


def _requests(turn: Turn) -> list[ProductRequest]:
    """Products named with their quantities; a purchase phrased as a need ("me regala 3 de algo pa apagar candela")
    takes the best retrieved product when nothing is named outright and the cart is empty."""
    requests = turn.requests()
    if requests or (turn.open_order is not None and turn.open_order.lineas) or turn.offer is not None:
        return requests
    products = list(turn.retrieval().products)
    if not products:
        return requests
    quantity = first_quantity(turn.message, explicit_only=True)
    if quantity is None and not find_product_mentions(turn.session, turn.message):
        quantity = first_quantity(turn.message)
    if quantity is None:
        return requests
    return [ProductRequest(products[0], quantity.value, turn.message)]


def _cart_lines(order: Order) -> list[replies.CartLine]:
    return [
        replies.CartLine(
            nombre=line.producto.nombre,
            cantidad=line.cantidad,
            precio_unitario=line.producto.precio,
            subtotal=line.producto.precio * line.cantidad,
            stock=line.producto.stock,
        )
        for line in order.lineas
    ]


def _compose(turn: Turn, outcome: SaleOutcome) -> str:
    voice = turn.voice
    order = outcome.order
    if outcome.nothing_to_cancel:
        return replies.nothing_to_cancel(voice)
    if outcome.cancelled:
        return replies.cancelled(voice)
    assert order is not None
    if outcome.sale is not None:
        return replies.closed(outcome.sale.id, outcome.sale.total, customer_data(order).get("nombre", ""), voice)
    parts: list[str] = []
    if outcome.recognised is not None:
        parts.append(replies.known_customer(outcome.recognised.nombre, voice))
    elif outcome.new_data.get("nombre") and not outcome.touched_items:
        parts.append(replies.thanks_for_data(outcome.new_data["nombre"], voice))
    if outcome.added:
        added = replies.join_es([f"{qty} x {product.nombre}" for product, qty in outcome.added])
        parts.append(voice.pick(
            {
                "amigable": [f"¡Listo! Te agregué {added}.", f"¡De una! Agregué {added} a tu pedido."],
                "formal": [f"Con gusto agregué {added} a su pedido."],
                "tecnico": [f"Agregado al pedido: {added}."],
            },
            "agregado",
        ))
    if outcome.changed:
        changed = replies.join_es([f"{product.nombre} a {qty}" for product, qty in outcome.changed])
        parts.append(voice.t(f"Perfecto, cambié {changed}.", f"Listo, actualicé {changed}.", f"Cantidad actualizada: {changed}."))
    if outcome.removed:
        removed = replies.join_es([product.nombre for product in outcome.removed])
        parts.append(voice.t(f"Quité {removed} del pedido.", f"Retiré {removed} de su pedido.", f"Retirado: {removed}."))
    for product in outcome.unavailable:
        alternatives = [p for p in (getattr(turn.retrieval(), "in_stock_alternatives", {}) or {}).get(product.sku, [])][:3]
        parts.append(replies.out_of_stock(product.nombre, alternatives, voice))
    for product, requested, available in outcome.short:
        parts.append(replies.stock_short(product.nombre, requested, available, voice))
    if outcome.close_failed:
        parts.append(replies.close_failed_stock(outcome.close_failed, voice))
    for error in outcome.field_errors:
        parts.append(replies.field_problem(error.mensaje, voice))

    if not order.lineas:
        suggestions = [] if outcome.unavailable else list(turn.retrieval().products)[:3]
        parts.append(replies.ask_product(voice, suggestions))
        return "\n".join(parts)
    if outcome.show_summary:
        parts.append(voice.t("Este es tu pedido:", "Este es el resumen de su pedido:", "Resumen del pedido:"))
        parts.append(replies.cart_summary(_cart_lines(order), orders.order_total(order), voice))
        parts.append(replies.customer_block(customer_data(order) if outcome.recognised is None else {
            "nombre": order.cliente.nombre.split()[0] if order.cliente else "",
            "cedula": customer_data(order).get("cedula"),
        }, voice))
        if outcome.ask_notice:
            parts.append(voice.notice())
        if not outcome.close_failed:
            parts.append(replies.ask_confirmation(voice))
        return "\n".join(parts)
    if outcome.touched_items or outcome.estado == "pendiente":
        parts.append(replies.cart_summary(_cart_lines(order), orders.order_total(order), voice))
    if outcome.estado == "pendiente":
        parts.append(replies.next_step_after_cart(voice))
    parts.append(replies.ask_fields(outcome.missing, voice, first_request=outcome.ask_notice))
    return "\n".join(parts)


def _shown_products(outcome: SaleOutcome, requests: list[ProductRequest], turn: Turn) -> list[Product]:
    shown: list[Product] = []
    for product in [r.product for r in requests] + [p for p, _ in outcome.added] + [p for p, _ in outcome.changed]:
        if product not in shown:
            shown.append(product)
    if outcome.order is not None:
        for line in outcome.order.lineas:
            if line.producto not in shown:
                shown.append(line.producto)
    if not shown and outcome.order is not None and not outcome.order.lineas and not outcome.cancelled:
        shown = list(turn.retrieval().products)[:3]
    return shown[:5]


def handle(turn: Turn) -> HandlerResult:
    requests = _requests(turn)
    outcome = handle_sale_turn(turn.session, turn.chat_id, turn.message, offer=turn.offer, requests=requests)
    productos = _shown_products(outcome, requests, turn)
    order = outcome.order
    numbers: set[int] = set()
    facts: dict[str, object] = {"productos": product_facts(productos), "estado_venta": outcome.estado}
    if order is not None:
        summary = orders.order_out(order)
        facts["pedido"] = {
            "items": [item.model_dump() for item in summary.items],
            "total": summary.total,
            "faltantes": summary.faltantes,
        }
        numbers |= {summary.total} | {i.cantidad for i in summary.items} | {i.subtotal for i in summary.items}
    numbers |= {p.precio for p in productos} | {p.stock for p in productos}
    return HandlerResult(
        tipo="venta",
        borrador=_compose(turn, outcome),
        productos=productos,
        order=order,
        hechos=facts,
        numeros=numbers,
        offer=outcome.offer,
        metadatos={"faltantes": outcome.missing} if outcome.missing and outcome.estado != "cerrada" else {},
    )

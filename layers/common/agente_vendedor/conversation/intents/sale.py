"""`venta`: runs the message through the sale state machine and words what happened."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from agente_vendedor.commerce import orders
from agente_vendedor.conversation import replies
from agente_vendedor.conversation.classifier import Classification
from agente_vendedor.conversation.intents.turn import HandlerResult, Turn, product_facts
from agente_vendedor.conversation.order_operations import explicit_quantity, only_a_quantity
from agente_vendedor.conversation.product_requests import ProductRequest
from agente_vendedor.conversation.sale_flow import SaleOutcome, customer_view, handle_sale_turn, keep_customer_data
from agente_vendedor.conversation.sale_offer import Offer
from agente_vendedor.conversation.understanding import build_plan
from agente_vendedor.db.models import Order, Product
from agente_vendedor.schemas.turn_plan import CLOSEST_VARIANT, PHOTO_LIST, PLAN_FAILED, TurnPlan


def _addressee(data: Mapping[str, str | None]) -> str:
    """How to greet the customer: a person by first name, a company (NIT) by its full name."""
    name = data.get("nombre") or ""
    return name if "-" in (data.get("cedula") or "") else (name.split() or [""])[0]


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


def _did_nothing(outcome: SaleOutcome) -> bool:
    """The message changed nothing and gave nothing: the product it named is not in the catalogue."""
    return not (
        outcome.touched_items
        or outcome.new_data
        or outcome.field_errors
        or outcome.unavailable
        or outcome.close_failed
        or outcome.recognised
        or outcome.confirmed_without_data
        or outcome.show_summary
        or outcome.ask_notice
        or outcome.declined
        or outcome.remove_missed
        or outcome.cancelled
        or outcome.nothing_to_cancel
        or outcome.sale is not None
    )


def _attention(outcome: SaleOutcome) -> str | None:
    """What in this turn waits on a staff decision: stock short at closing, or a sale whose data differ."""
    if outcome.close_failed:
        return "stock_insuficiente"
    if outcome.sale is not None and outcome.sale.cliente_difiere:
        return "cliente_difiere"
    return None


def _compose(turn: Turn, outcome: SaleOutcome, question: str | None = None) -> str:
    """The reply; `question` (what the agent still needs to know about a product) replaces the next-step prompt."""
    voice = turn.voice
    order = outcome.order
    if outcome.nothing_to_cancel:
        return replies.nothing_to_cancel(voice)
    if outcome.cancelled:
        return replies.cancelled(voice)
    assert order is not None
    if outcome.sale is not None:
        return replies.closed(
            outcome.sale.id, outcome.sale.total, _addressee(customer_view(order, staff=turn.staff)), voice
        )
    parts: list[str] = []
    if outcome.recognised is not None:
        parts.append(replies.known_customer(voice))
    elif outcome.new_data.get("nombre") and not outcome.touched_items:
        parts.append(replies.thanks_for_data(outcome.new_data["nombre"], voice))
    if outcome.added:
        added = replies.join_es([f"{qty} x {product.nombre}" for product, qty in outcome.added])
        parts.append(
            voice.pick(
                {
                    "amigable": [f"¡Listo! Te agregué {added}.", f"¡De una! Agregué {added} a tu pedido."],
                    "formal": [f"Con gusto agregué {added} a su pedido."],
                    "tecnico": [f"Agregado al pedido: {added}."],
                },
                "agregado",
            )
        )
    if outcome.changed:
        changed = replies.join_es([f"{product.nombre} a {qty}" for product, qty in outcome.changed])
        parts.append(
            voice.t(f"Perfecto, cambié {changed}.", f"Listo, actualicé {changed}.", f"Cantidad actualizada: {changed}.")
        )
    if outcome.removed:
        removed = replies.join_es([product.nombre for product in outcome.removed])
        parts.append(
            voice.t(f"Quité {removed} del pedido.", f"Retiré {removed} de su pedido.", f"Retirado: {removed}.")
        )
    for product in outcome.unavailable:
        in_order = {line.producto_id for line in order.lineas}
        alternatives = [p for p in turn.retrieval().in_stock_alternatives.get(product.sku, []) if p.id not in in_order][
            :2
        ]
        parts.append(replies.out_of_stock(product.nombre, alternatives, voice))
    for product, requested, available in outcome.short:
        parts.append(replies.stock_short(product.nombre, requested, available, voice))
    if outcome.close_failed:
        parts.append(replies.close_failed_stock(outcome.close_failed, voice))
    if outcome.price_changes:
        parts.append(replies.prices_changed(outcome.price_changes, voice))
    for error in outcome.field_errors:
        parts.append(replies.field_problem(error.mensaje, voice))
    if outcome.remove_missed:
        parts.append(
            voice.t("Eso no está en tu pedido.", "Ese producto no está en su pedido.", "No figura en el pedido.")
        )
    elif _did_nothing(outcome):
        parts.append(
            voice.t(
                "No encontré ese producto en nuestro catálogo. Dime el nombre o la referencia como aparece, "
                "o cuéntame para qué lo necesitas y te recomiendo algo.",
                "No encontré ese producto en nuestro catálogo. Indíqueme el nombre o la referencia, "
                "o cuénteme para qué lo necesita y con gusto le recomiendo una opción.",
                "Producto no encontrado en el catálogo. Indique la referencia o la aplicación.",
            )
        )

    if not order.lineas:
        suggestions = [] if outcome.unavailable else list(turn.retrieval().products)[:3]
        parts.append(replies.ask_product(voice, suggestions))
        return "\n".join(parts)
    if outcome.declined:
        parts.append(
            voice.t(
                "Listo, no la cierro todavía. ¿Qué quieres cambiar? Puedes agregar, quitar o cambiar cantidades.",
                "Entendido, no la cierro todavía. ¿Qué desea cambiar? Puede agregar, quitar o cambiar cantidades.",
                "Venta no confirmada. Indique los cambios (agregar, quitar o cambiar cantidades).",
            )
        )
        parts.append(replies.cart_summary(_cart_lines(order), orders.order_total(order), voice))
        return "\n".join(parts)
    if outcome.show_summary:
        parts.append(voice.t("Este es tu pedido:", "Este es el resumen de su pedido:", "Resumen del pedido:"))
        parts.append(replies.cart_summary(_cart_lines(order), orders.order_total(order), voice))
        parts.append(
            replies.customer_block(
                customer_view(order, staff=turn.staff),
                voice,
            )
        )
        if outcome.ask_notice:
            parts.append(voice.notice())
        if not outcome.close_failed:
            parts.append(replies.ask_confirmation(voice))
        return "\n".join(parts)
    if outcome.touched_items or outcome.estado == "pendiente":
        parts.append(replies.cart_summary(_cart_lines(order), orders.order_total(order), voice))
    if question:
        parts.append(question)
        if outcome.ask_notice:  # the order is open: the notice goes with this reply, before any data is given
            parts.append(voice.notice())
        return "\n".join(parts)
    if outcome.estado == "pendiente":
        parts.append(replies.next_step_after_cart(voice))
    parts.append(replies.ask_fields(outcome.missing, voice, first_request=outcome.ask_notice))
    return "\n".join(parts)


def _shown_products(outcome: SaleOutcome, requests: list[ProductRequest], turn: Turn) -> list[Product]:
    """The products this answer is about: what the message named (or what changed), then the rest of the order."""
    requests = outcome.requests or requests
    named = list(outcome.removed) if outcome.removed or outcome.remove_missed else [r.product for r in requests]
    touched = [p for p, _ in outcome.added] + [p for p, _ in outcome.changed] + outcome.unavailable
    shown: list[Product] = []
    for product in named + touched + [line.producto for line in (outcome.order.lineas if outcome.order else [])]:
        if product not in shown:
            shown.append(product)
    if not shown and outcome.order is not None and not outcome.cancelled:
        shown = list(turn.retrieval().products)[:3]
    return shown[:5]


def _plan(turn: Turn) -> TurnPlan:
    if turn.plan is not None:
        return turn.plan
    classification = turn.classification or Classification("venta", 1.0, "directo")
    return build_plan(turn.plan_inputs(), classification)


# How the agent proposes held-back lines, by where they came from (default: inferred from a need).
_ASK_TO_ADD = {PHOTO_LIST: replies.ask_to_add_from_list, CLOSEST_VARIANT: replies.ask_to_add_closest}


@dataclass
class _Question:
    """What the agent asks instead of touching the order: its text, the products it shows, the offer a reply takes."""

    text: str
    products: list[Product]
    offer: Offer


def _question(turn: Turn, plan: TurnPlan) -> _Question | None:
    """When the plan is unsure, ask before touching the order: which of the near-tied products (the customer then
    names one or says its position), or whether to add the one inferred from a need (a "sí" accepts)."""
    if plan.pregunta is None:
        return _which_again(turn, plan)
    ambiguous = [m for m in plan.menciones if m.ambigua and m.candidatos]
    if plan.pregunta == "ambigua" and ambiguous:
        products = _products(turn, [c.sku for c in ambiguous[0].candidatos])
        options = {c.sku for c in ambiguous[0].candidatos}
        quantity = next((op.cantidad for op in plan.pendientes if op.sku in options and op.cantidad), 1)
        offer = Offer("elegir", {p.sku: quantity for p in products})
        return _Question(replies.ask_which(products, turn.voice), products, offer)
    pending = {op.sku: op.cantidad or 1 for op in plan.pendientes if op.sku}
    products = _products(turn, list(pending))
    if not products:
        return None
    offer = Offer("agregar", {p.sku: pending[p.sku] for p in products})
    ask = _ASK_TO_ADD.get(plan.motivo, replies.ask_to_add)
    return _Question(ask([(p, pending[p.sku]) for p in products], turn.voice), products, offer)


def _which_again(turn: Turn, plan: TurnPlan) -> _Question | None:
    """ "mejor 6" while the agent asks which of several products: the same question, now for those units."""
    offer, quantity = turn.offer, explicit_quantity(turn.message)
    if offer is None or offer.accion != "elegir" or plan.operaciones or not quantity:
        return None
    if not only_a_quantity(turn.message):
        return None
    products = _products(turn, list(offer.items))
    if not products:
        return None
    return _Question(
        replies.ask_which(products, turn.voice), products, Offer("elegir", {p.sku: quantity for p in products})
    )


def _asked(turn: Turn, question: _Question) -> HandlerResult:
    """Only a question this turn; the purchase intent still opens the order (`iniciada`), so it can be cancelled."""
    products = question.products
    order = turn.open_order if turn.open_order is not None else orders.open_order(turn.session, turn.chat_id)
    keep_customer_data(turn.session, order, turn.message, staff=turn.staff)
    numbers = {p.precio for p in products} | {p.stock for p in products} | set(question.offer.items.values())
    return HandlerResult(
        "venta",
        question.text,
        productos=products,
        order=order,
        hechos={"productos": product_facts(products)},
        numeros=numbers,
        offer=question.offer,
    )


def _products(turn: Turn, skus: list[str]) -> list[Product]:
    rows = {p.sku: p for p in turn.session.scalars(select(Product).where(Product.sku.in_(skus)))}
    return [rows[s] for s in dict.fromkeys(skus) if s in rows]


def handle(turn: Turn) -> HandlerResult:
    plan = _plan(turn)
    question = _question(turn, plan)
    if question is not None and not plan.operaciones:
        return _asked(turn, question)
    requests = [] if plan.motivo == PLAN_FAILED else turn.plan_inputs().sale_requests
    outcome = handle_sale_turn(
        turn.session,
        turn.chat_id,
        turn.message,
        order=turn.open_order,
        offer=turn.offer,
        requests=requests,
        operations=list(plan.operaciones),
        staff=turn.staff,
    )
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
    draft = _compose(turn, outcome, question.text if question is not None else None)
    if question is not None:  # applied what was sure, asks about the rest
        productos = [*productos, *(p for p in question.products if p not in productos)][:5]
        numbers |= {p.precio for p in question.products} | set(question.offer.items.values())
    return HandlerResult(
        tipo="venta",
        borrador=draft,
        productos=productos,
        order=order,
        hechos=facts,
        numeros=numbers,
        offer=question.offer if question is not None else outcome.offer,
        metadatos={"faltantes": outcome.missing} if outcome.missing and outcome.estado != "cerrada" else {},
        ayudo=question is not None or not _did_nothing(outcome),
        atencion=_attention(outcome),
    )

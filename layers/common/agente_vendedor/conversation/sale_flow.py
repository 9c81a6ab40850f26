"""The sale, a deterministic state machine over the chat's `Order` (contract §6).

iniciada (purchase intent, empty cart) → pendiente (items) → recolectando_datos (customer data coming in) →
listo_para_finalizar (summary with the total shown, waiting for an explicit yes) → cerrada (a `Venta` exists, stock
taken atomically) | cancelada.

Any turn may add, change or remove items, give data or ask something else; the order survives. The first request
for personal data carries the Ley 1581 notice (`Order.aviso_privacidad_en`); data given after it, or the explicit
yes that follows it, is recorded as consent (`Order.consentimiento_en`, copied to the sale).

A chat never reads or changes a stored customer: the data it gives stay on the order and become the sale's
`cliente`; the cédula's record is created by its first sale, and when one exists and differs the sale says so
(`cliente_difiere`). Only a staff member's turn may link the stored record to fill what is missing.

Each time the summary is shown its unit prices are recorded on the lines; the yes closes at those prices or not at
all: if one changed, the new summary is shown and waits for a new yes. Closing is `customers.record_for_sale` +
`sales.create_sale` + the order `cerrada` in one savepoint of the turn's transaction: if stock is short (or a price
changed) the savepoint rolls back and the order stays open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from agente_vendedor.commerce import audit, customers, orders, sales
from agente_vendedor.conversation.order_operations import lines_named, may_change_order_or_cancel, plan_operations
from agente_vendedor.conversation.product_requests import ProductRequest, product_requests
from agente_vendedor.conversation.removed_lines import next_removal, record_removal
from agente_vendedor.conversation.replies import MASK, PRIVACY_NOTICE
from agente_vendedor.conversation.sale_offer import Offer
from agente_vendedor.core.errors import InsufficientStockError, PriceChangedError
from agente_vendedor.core.validation_messages import describe_validation_error
from agente_vendedor.db.models import Customer, Order, Product, Sale
from agente_vendedor.language.colombian_ids import parse_colombian_id
from agente_vendedor.language.customer_data import FieldError, bare_name, extract_customer_data
from agente_vendedor.language.dialogue_acts import Act, acts, is_explicit_yes
from agente_vendedor.language.normalization import normalize
from agente_vendedor.schemas.customers import CustomerIn
from agente_vendedor.schemas.sales import OrderOut
from agente_vendedor.schemas.turn_plan import OrderOperation
from agente_vendedor.search.vocabulary import catalog_vocabulary


@dataclass
class SaleOutcome:
    """What one turn did to the order; the reply is written from it (`handlers.sale`)."""

    order: Order | None
    estado: str | None
    added: list[tuple[Product, int]] = field(default_factory=list)
    changed: list[tuple[Product, int]] = field(default_factory=list)
    removed: list[Product] = field(default_factory=list)
    short: list[tuple[Product, int, int]] = field(default_factory=list)  # product, requested, available
    unavailable: list[Product] = field(default_factory=list)
    candidates: list[Product] = field(default_factory=list)  # the product named is ambiguous among these
    field_errors: list[FieldError] = field(default_factory=list)
    new_data: dict[str, str] = field(default_factory=dict)
    recognised: Customer | None = None
    missing: list[str] = field(default_factory=list)
    ask_notice: bool = False  # this reply is the first request for personal data
    show_summary: bool = False
    sale: Sale | None = None
    close_failed: list[tuple[str, int, int]] = field(default_factory=list)
    price_changes: list[tuple[str, int | None, int]] = field(default_factory=list)  # name, confirmed, now
    cancelled: bool = False
    nothing_to_cancel: bool = False
    remove_missed: bool = False  # asked to remove something that is not in the order
    confirmed_without_data: bool = False
    declined: bool = False  # "no" to the summary: the order stays open, waiting for changes
    requests: list[ProductRequest] = field(default_factory=list)  # the products named, resolved against the order
    offer: Offer | None = None
    removal: int | None = None  # this turn's removal number, once it took a line out (`removed_lines`)

    @property
    def touched_items(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _now() -> datetime:
    return datetime.now(UTC)


def _put(outcome: SaleOutcome, order: Order, product: Product, quantity: int, *, add: bool) -> None:
    """Add `quantity` units (or set the line to it); products without stock are not added."""
    line = orders.find_line(order, product)
    current = line.cantidad if line else 0
    target = current + quantity if add else quantity
    if target <= 0:
        if line is not None:
            _take_out(outcome, order, product)
        return
    if product.stock <= 0 and current == 0:
        outcome.unavailable.append(product)
        return
    orders.set_quantity(order, product, target)
    if line is None:
        outcome.added.append((product, target))
    else:
        outcome.changed.append((product, target))
    if target > product.stock:
        outcome.short.append((product, target, max(product.stock, 0)))
        outcome.offer = (
            Offer("ajustar", {**(outcome.offer.items if outcome.offer else {}), product.sku: product.stock})
            if product.stock > 0
            else outcome.offer
        )


def _apply_offer(session: Session, outcome: SaleOutcome, order: Order, offer: Offer) -> None:
    products = {line.producto.sku: line.producto for line in order.lineas if line.producto.sku in offer.items}
    missing = [sku for sku in offer.items if sku not in products]
    if missing:
        query = select(Product).where(Product.sku.in_(missing), Product.activo.is_(True))
        products.update({p.sku: p for p in session.scalars(query)})
    for sku, quantity in offer.items.items():
        product = products.get(sku)
        if product is not None:
            _put(
                outcome,
                order,
                product,
                quantity,
                add=offer.accion == "agregar" and orders.find_line(order, product) is None,
            )


def _products_for(session: Session, order: Order, skus: set[str], known: list[Product]) -> dict[str, Product]:
    products = {p.sku: p for p in known} | {line.producto.sku: line.producto for line in order.lineas}
    missing = [sku for sku in skus if sku not in products]
    if missing:
        query = select(Product).where(Product.sku.in_(missing), Product.activo.is_(True))
        products.update({p.sku: p for p in session.scalars(query)})
    return products


def _take_out(outcome: SaleOutcome, order: Order, product: Product) -> None:
    """Remove the product's line, remembering its units (`removed_lines`): put back, it comes back whole."""
    line = orders.find_line(order, product)
    if line is not None:
        if outcome.removal is None:
            outcome.removal = next_removal(order)
        record_removal(order, line, outcome.removal)
    orders.set_quantity(order, product, 0)
    outcome.removed.append(product)


def _remove(outcome: SaleOutcome, order: Order, product: Product, units: int | None) -> None:
    line = orders.find_line(order, product)
    if line is None:
        outcome.remove_missed = True
        return
    if units is not None and line.cantidad > units:
        _put(outcome, order, product, line.cantidad - units, add=False)  # "quítele una eslinga"
        return
    _take_out(outcome, order, product)


def apply_operations(
    session: Session,
    outcome: SaleOutcome,
    order: Order,
    operations: list[OrderOperation],
    offer: Offer | None,
    known: list[Product] | None = None,
) -> None:
    """Apply validated operations (`plan_validation`) to the order, in order; "dejar_solo" ones keep exactly their
    lines. `known`: products already loaded (the requests'), so only others are read."""
    products = _products_for(session, order, {op.sku for op in operations if op.sku}, known or [])
    for op in operations:
        product = products.get(op.sku or "")
        if op.accion == "aceptar_oferta" and offer is not None and offer.acceptable:
            accepted = Offer(offer.accion, dict.fromkeys(offer.items, op.cantidad)) if op.cantidad else offer
            _apply_offer(session, outcome, order, accepted)
        elif product is None:
            continue
        elif op.accion == "quitar":
            _remove(outcome, order, product, op.cantidad)
        elif op.accion in {"agregar", "fijar_cantidad"} and op.cantidad:
            _put(outcome, order, product, op.cantidad, add=op.accion == "agregar")
    kept = {op.sku for op in operations if op.accion == "dejar_solo"}
    for line in list(order.lineas) if kept else []:
        if line.producto.sku not in kept:
            _take_out(outcome, order, line.producto)
    if any(op.accion == "quitar" for op in operations) and not outcome.removed and not outcome.changed:
        outcome.remove_missed = True


def _names_catalogue_words(session: Session, text: str) -> bool:
    """Whether a word of `text` is a catalogue or lexicon word ("casco blanco" is not a person)."""
    vocabulary = catalog_vocabulary(session)
    return any(w in vocabulary.name_df or w in vocabulary.lexicon_words for w in normalize(text).split() if len(w) > 3)


def _record_data(
    session: Session, outcome: SaleOutcome, order: Order, message: str, expecting: tuple[str, ...], *, staff: bool
) -> None:
    data = extract_customer_data(message, expecting=expecting)
    if "nombre" in expecting and not data.datos and not data.errores and not outcome.touched_items:
        name = bare_name(message)  # "pedro pablo salazar" in answer to the request for the data
        if name and not _names_catalogue_words(session, name):
            data.datos["nombre"] = name
    outcome.field_errors = list(data.errores)
    if not data.datos:
        return
    new = dict(data.datos)
    if "cedula" in new:
        if order.cliente is not None and order.cliente.cedula != new["cedula"]:
            order.cliente = None
            order.cliente_id = None
        if staff:
            _link_record(session, outcome, order, new["cedula"])
    order.datos_cliente = {**(order.datos_cliente or {}), **new}
    outcome.new_data = new
    if order.aviso_privacidad_en is not None and order.consentimiento_en is None:
        order.consentimiento_en = _now()


def keep_customer_data(session: Session, order: Order, message: str, *, staff: bool) -> None:
    """The customer's data given in a message the agent answers with a question ("¿cuál de los dos?"): kept on the
    order, so the answer to the question does not have to repeat them."""
    _record_data(session, SaleOutcome(order=order, estado=order.estado), order, message, (), staff=staff)
    session.flush()


def _link_record(session: Session, outcome: SaleOutcome, order: Order, cedula: str) -> None:
    """A staff member's turn: the stored record of the cédula fills what the chat has not given (staff may see it)."""
    known = customers.find_customer(session, cedula)
    if known is not None and order.cliente_id != known.id:
        order.cliente = known
        order.cliente_id = known.id
        outcome.recognised = known


def _customer_in(order: Order) -> CustomerIn:
    data = orders.customer_data(order)
    tipo = parse_colombian_id(data["cedula"]).tipo_cliente
    return CustomerIn(
        cedula=data["cedula"],
        tipo=tipo,
        nombre=data["nombre"],
        telefono=data["telefono"],
        email=data.get("email") or None,
        direccion=data.get("direccion") or None,
        ciudad=data.get("ciudad") or None,
    )


def close_order(session: Session, order: Order, outcome: SaleOutcome) -> None:
    """The customer's record (created if new, never changed) + sale at the confirmed prices + order `cerrada`, all or
    nothing (a savepoint inside the turn's transaction)."""
    if order.consentimiento_en is None:
        order.consentimiento_en = _now()
    try:
        given = _customer_in(order)
    except (ValidationError, KeyError) as exc:
        message = describe_validation_error(exc) if isinstance(exc, ValidationError) else "faltan datos del cliente"
        outcome.field_errors.append(FieldError("cliente", message))
        return
    try:
        with session.begin_nested():
            customer, differs = customers.record_for_sale(
                session, given, consent_at=order.consentimiento_en, consent_text=PRIVACY_NOTICE
            )
            terms = sales.SaleTerms(
                cliente=given.model_dump(mode="json"),
                cliente_difiere=differs,
                consentimiento_en=order.consentimiento_en,
                precios=orders.confirmed_prices(order),
            )
            items = [(line.producto.sku, line.cantidad) for line in order.lineas]
            sale = sales.create_sale(session, customer, items, canal="chat", chat_id=order.chat_id, terms=terms)
            order.venta_id = sale.id
            order.estado = "cerrada"
            session.flush()
    except InsufficientStockError as exc:
        session.expire_all()
        _stock_failed(outcome, order, exc)
        return
    except PriceChangedError:
        session.expire_all()  # the products' prices as they are now
        outcome.price_changes = orders.price_changes(order)
        return
    audit.record_event(
        session, "venta_cerrada", f"chat:{order.chat_id}", venta_id=sale.id, total=sale.total, pedido_id=order.id,
        cliente_difiere=differs,
    )  # fmt: skip
    outcome.sale = sale


def _stock_failed(outcome: SaleOutcome, order: Order, exc: InsufficientStockError) -> None:
    """Say how many units there are of every line that is short, and offer to adjust to them."""
    outcome.close_failed.append((exc.nombre, exc.requested, exc.available))
    for line in order.lineas:
        shortage = (line.producto.nombre, line.cantidad, line.producto.stock)
        if line.cantidad > line.producto.stock and shortage not in outcome.close_failed:
            outcome.close_failed.append(shortage)
    outcome.offer = Offer(
        "ajustar",
        {line.producto.sku: line.producto.stock for line in order.lineas if line.cantidad > line.producto.stock > 0},
    )


def _next_state(order: Order, outcome: SaleOutcome, message: str) -> str:
    if order.estado in {"cerrada", "cancelada"}:
        return order.estado
    if not order.lineas:
        return "iniciada"
    missing = orders.missing_fields(order)
    if not missing:
        return "listo_para_finalizar"
    has_data = bool(order.datos_cliente) or order.cliente_id is not None
    wants_to_finish = bool(acts(message) & {Act.CONFIRM, Act.DONE_ADDING})
    if has_data or order.estado == "recolectando_datos" or (wants_to_finish and not outcome.touched_items):
        return "recolectando_datos"
    return "pendiente"


def cancels_order(message: str, order: Order | None, operations: list[OrderOperation]) -> bool:
    """Giving up the whole order: a cancel act that names no line of the order ("ya no quiero los guantes" removes a
    line, "ya no quiero nada" cancels) and asks for no other change."""
    if Act.CANCEL not in acts(message) or operations:
        return False
    return order is None or not lines_named(order, message)


def handle_sale_turn(
    session: Session,
    chat_id: str,
    message: str,
    *,
    order: Order | None,
    offer: Offer | None = None,
    requests: list[ProductRequest] | None = None,
    operations: list[OrderOperation] | None = None,
    staff: bool = False,
) -> SaleOutcome:
    """Run one customer message through the chat's open order `order` (loaded FOR UPDATE by the caller; None when
    there is none: purchase intent creates it). `operations` are the turn plan's validated order operations; without
    them (tests, direct calls) they are planned here from the message. `staff`: a staff member's turn (may read
    the stored customer record)."""
    found = acts(message)
    if operations is None and order is not None:
        requests = product_requests(session, message) if requests is None else requests
        operations = plan_operations(order, message, requests, offer)
    if cancels_order(message, order, operations or []) and may_change_order_or_cancel(message):
        if order is None:
            return SaleOutcome(order=None, estado=None, nothing_to_cancel=True)
        order.estado = "cancelada"
        session.flush()
        audit.record_event(session, "pedido_cancelado", f"chat:{chat_id}", pedido_id=order.id)
        return SaleOutcome(order=order, estado="cancelada", cancelled=True)

    if order is None:
        order = orders.open_order(session, chat_id)
        if operations is None:
            requests = product_requests(session, message) if requests is None else requests
            operations = plan_operations(order, message, requests, offer)
    outcome = SaleOutcome(order=order, estado=order.estado)
    outcome.requests = list(requests or [])
    was_ready = order.estado == "listo_para_finalizar"
    expecting = tuple(orders.missing_fields(order)) if order.lineas else ()

    apply_operations(session, outcome, order, operations or [], offer, [r.product for r in requests or []])
    _record_data(session, outcome, order, message, expecting, staff=staff)
    session.flush()

    missing = orders.missing_fields(order)
    outcome.missing = list(missing)
    if (
        was_ready
        and order.lineas
        and not missing
        and not outcome.touched_items
        and not outcome.new_data
        and is_explicit_yes(message)
    ):
        close_order(session, order, outcome)
    elif is_explicit_yes(message) and order.lineas and missing and not outcome.new_data:
        outcome.confirmed_without_data = True
    elif was_ready and Act.DENY in found and not (outcome.touched_items or outcome.new_data):
        outcome.declined = True

    order.estado = _next_state(order, outcome, message)
    if (
        order.estado in {"pendiente", "recolectando_datos", "listo_para_finalizar"}
        and order.aviso_privacidad_en is None
    ):
        order.aviso_privacidad_en = _now()
        outcome.ask_notice = True
    outcome.show_summary = order.estado == "listo_para_finalizar"
    if outcome.show_summary:
        orders.record_prices(order)
    outcome.estado = order.estado
    session.flush()
    return outcome


_MASKED_FIELDS = ("telefono", "email", "direccion", "ciudad")


def _masked_record(record: dict[str, str | None], given: set[str]) -> dict[str, str | None]:
    """Stored values the chat did not type itself are masked."""
    view = dict(record)
    for name in (*_MASKED_FIELDS, "nombre"):
        if name not in given and view.get(name):
            view[name] = MASK
    return view


def customer_view(order: Order, *, staff: bool) -> dict[str, str | None]:
    """The order's customer data as a chat may see it: all of it for staff; for an anonymous chat, what it gave itself
    and, from a stored record a staff member's turn linked, only masked values."""
    data: dict[str, str | None] = dict(orders.customer_data(order))
    if staff:
        return data
    return _masked_record(data, {k for k, v in (order.datos_cliente or {}).items() if v})


def chat_order_view(order: Order, *, staff: bool) -> OrderOut:
    """The `pedido` of a chat answer, with the customer masked as in `customer_view`."""
    out = orders.order_out(order)
    if staff or out.cliente is None:
        return out
    given = {k for k, v in (order.datos_cliente or {}).items() if v}
    masked = _masked_record(out.cliente.model_dump(), given)
    return out.model_copy(update={"cliente": out.cliente.model_copy(update=masked)})

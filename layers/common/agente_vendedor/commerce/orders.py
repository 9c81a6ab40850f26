"""Orders (`Pedido`): the cart a conversation builds. The sale state machine (`sale_flow.py`) drives them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from agente_vendedor.commerce.customers import same_name
from agente_vendedor.core.errors import InvalidInputError, NotFoundError
from agente_vendedor.db.models import OPEN_ORDER_STATES, Customer, Order, OrderLine, Product
from agente_vendedor.db.pages import fetch_page
from agente_vendedor.language.colombian_ids import parse_colombian_id
from agente_vendedor.schemas.customers import REQUIRED_CUSTOMER_FIELDS, CustomerOut
from agente_vendedor.schemas.sales import LineOut, OrderOut

ORDER_STATES = (*OPEN_ORDER_STATES, "cerrada", "cancelada")


def get_open_order(session: Session, chat_id: str, *, for_update: bool = False) -> Order | None:
    """The chat's open order (at most one: a unique partial index), with its lines and their products loaded in the
    same statement (the mapping's selectin load would be a second round trip on every turn of a sale)."""
    query = (
        select(Order)
        .where(Order.chat_id == chat_id, Order.estado.in_(OPEN_ORDER_STATES))
        .options(joinedload(Order.lineas))
    )
    if for_update:
        query = query.with_for_update(of=Order)
    found = session.scalars(query).unique().all()
    return found[0] if found else None


def open_order(session: Session, chat_id: str) -> Order:
    """The chat's open order, created (`iniciada`) if there is none; safe against two turns racing to create it."""
    existing = get_open_order(session, chat_id, for_update=True)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            order = Order(chat_id=chat_id, estado="iniciada", datos_cliente={})
            session.add(order)
            session.flush()
            return order
    except IntegrityError:
        order_after_race = get_open_order(session, chat_id, for_update=True)
        assert order_after_race is not None
        return order_after_race


def find_line(order: Order, product: Product) -> OrderLine | None:
    return next((line for line in order.lineas if line.producto_id == product.id), None)


def set_quantity(order: Order, product: Product, quantity: int) -> None:
    """Put exactly `quantity` units of the product in the order (0 removes it)."""
    if quantity < 0:
        raise InvalidInputError("La cantidad no puede ser negativa.")
    line = find_line(order, product)
    if quantity == 0:
        if line is not None:
            order.lineas.remove(line)
        return
    if line is None:
        order.lineas.append(OrderLine(producto_id=product.id, producto=product, cantidad=quantity))
    else:
        line.cantidad = quantity


def order_total(order: Order) -> int:
    return sum(line.producto.precio * line.cantidad for line in order.lineas)


def _record_fields(customer: Customer) -> dict[str, str]:
    fields = {
        "nombre": customer.nombre, "cedula": customer.cedula, "telefono": customer.telefono,
        "email": customer.email, "direccion": customer.direccion, "ciudad": customer.ciudad,
    }  # fmt: skip
    return {k: v for k, v in fields.items() if v}


def customer_data(order: Order) -> dict[str, str]:
    """The order's customer fields: what the chat gave, over the stored record a staff member's turn linked (only
    staff turns link one). A shorter form of the stored name ("soy Rosa") keeps the full one."""
    given = {k: v for k, v in (order.datos_cliente or {}).items() if v}
    if order.cliente is None:
        return given
    stored = _record_fields(order.cliente)
    if "nombre" in given and same_name(stored.get("nombre", ""), given["nombre"]):
        given["nombre"] = stored["nombre"]
    return {**stored, **given}


def missing_fields(order: Order) -> list[str]:
    data = customer_data(order)
    return [name for name in REQUIRED_CUSTOMER_FIELDS if not data.get(name)]


def order_customer(order: Order) -> CustomerOut | None:
    """The order's customer as a `Cliente` once its document, name and phone are known (else None)."""
    data = customer_data(order)
    if not all(data.get(name) for name in ("cedula", "nombre", "telefono")):
        return None
    return CustomerOut(
        cedula=data["cedula"],
        tipo=parse_colombian_id(data["cedula"]).tipo_cliente,
        nombre=data["nombre"],
        telefono=data["telefono"],
        email=data.get("email"),
        direccion=data.get("direccion"),
        ciudad=data.get("ciudad"),
    )


def record_prices(order: Order) -> None:
    """The summary is being shown: its unit prices are the ones the customer confirms (and the sale charges)."""
    for line in order.lineas:
        line.precio_unitario = line.producto.precio


def confirmed_prices(order: Order) -> dict[str, int | None]:
    return {line.producto.sku: line.precio_unitario for line in order.lineas}


def price_changes(order: Order) -> list[tuple[str, int | None, int]]:
    """Lines whose catalogue price is no longer the one of the last summary: (name, shown, now)."""
    return [
        (line.producto.nombre, line.precio_unitario, line.producto.precio)
        for line in order.lineas
        if line.precio_unitario != line.producto.precio
    ]


def order_out(order: Order) -> OrderOut:
    lines = [
        LineOut(
            sku=line.producto.sku,
            nombre=line.producto.nombre,
            cantidad=line.cantidad,
            precio_unitario=line.producto.precio,
            subtotal=line.producto.precio * line.cantidad,
        )
        for line in order.lineas
    ]
    faltantes = missing_fields(order) if order.estado in OPEN_ORDER_STATES else []
    return OrderOut(
        id=order.id,
        chat_id=order.chat_id,
        estado=order.estado,  # type: ignore[arg-type]
        items=lines,
        total=sum(line.subtotal for line in lines),
        cliente=order_customer(order),
        faltantes=faltantes,
        venta_id=order.venta_id,
    )


def get_order(session: Session, order_id: str) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFoundError(f"No existe el pedido {order_id}.")
    return order


def list_orders(
    session: Session, *, estado: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Order], int]:
    query = select(Order)
    if estado:
        if estado not in ORDER_STATES:
            raise InvalidInputError(f"Estado desconocido: {estado}. Use uno de: {', '.join(ORDER_STATES)}.")
        query = query.where(Order.estado == estado)
    return fetch_page(session, query, Order.actualizado.desc(), limit=limit, offset=offset)

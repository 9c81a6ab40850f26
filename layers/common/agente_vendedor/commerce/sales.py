"""Sales: created in one transaction that decrements stock atomically, so concurrent buyers never oversell."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agente_vendedor.core.errors import InsufficientStockError, InvalidInputError, NotFoundError, PriceChangedError
from agente_vendedor.db.models import Customer, Product, Sale, SaleLine
from agente_vendedor.db.pages import fetch_page
from agente_vendedor.schemas.customers import CustomerOut
from agente_vendedor.schemas.sales import LineOut, SaleOut


@dataclass(frozen=True)
class SaleTerms:
    """What a chat's customer agreed to: the data given (`Venta.cliente`; None: the stored record as it is), whether
    they differ from the stored record, when the customer consented, and the unit prices of the confirmed summary
    (None: the catalogue's prices now, as for a manual sale)."""

    cliente: Mapping[str, Any] | None = None
    cliente_difiere: bool = False
    consentimiento_en: datetime | None = None
    precios: Mapping[str, int | None] | None = None


def merge_items(items: Iterable[tuple[str, int]]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for sku, quantity in items:
        if quantity <= 0:
            raise InvalidInputError(f"La cantidad de {sku} debe ser mayor que cero.")
        merged[sku] = merged.get(sku, 0) + quantity
    return merged


def customer_snapshot(customer: Customer) -> dict[str, Any]:
    """A stored record as `Venta.cliente`."""
    return CustomerOut.model_validate(customer).model_dump()


def _take(session: Session, product: Product, quantity: int, confirmed: Mapping[str, int | None] | None) -> SaleLine:
    """Take `quantity` units from stock with a conditional UPDATE (`stock >= quantity`) that returns the price at
    that moment; raise when stock is short or the price is not the one confirmed."""
    taken = session.execute(
        update(Product)
        .where(Product.id == product.id, Product.stock >= quantity)
        .values(stock=Product.stock - quantity)
        .returning(Product.precio)
        .execution_options(synchronize_session=False)
    ).first()
    if taken is None:
        available = session.scalar(select(Product.stock).where(Product.id == product.id)) or 0
        raise InsufficientStockError(product.sku, product.nombre, quantity, available)
    price = int(taken.precio)
    if confirmed is not None and confirmed.get(product.sku) != price:
        raise PriceChangedError(product.sku, product.nombre, confirmed.get(product.sku), price)
    return SaleLine(
        producto_id=product.id,
        sku=product.sku,
        nombre=product.nombre,
        categoria=product.categoria,
        cantidad=quantity,
        precio_unitario=price,
        subtotal=price * quantity,
    )


def create_sale(
    session: Session,
    customer: Customer,
    items: Iterable[tuple[str, int]],
    *,
    canal: str,
    chat_id: str | None = None,
    terms: SaleTerms | None = None,
) -> Sale:
    """Create the sale and take its units from stock; raise (and leave the transaction to roll back) if any is short
    or, with `terms.precios`, if a price is not the confirmed one.

    Each decrement is a conditional UPDATE, taken in product-id order so that concurrent sales of the same products
    never deadlock.
    """
    terms = terms or SaleTerms()
    wanted = merge_items(items)
    if not wanted:
        raise InvalidInputError("La venta debe tener al menos un producto.")
    products = {
        p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(wanted), Product.activo.is_(True)))
    }
    for sku in wanted:
        if sku not in products:
            raise NotFoundError(f"No existe un producto activo con sku {sku}.")
    sale = Sale(
        cliente_id=customer.id,
        cliente_datos=dict(terms.cliente) if terms.cliente is not None else customer_snapshot(customer),
        cliente_difiere=terms.cliente_difiere,
        consentimiento_en=terms.consentimiento_en,
        canal=canal,
        chat_id=chat_id,
        total=0,
    )
    for product in sorted(products.values(), key=lambda p: p.id):
        sale.lineas.append(_take(session, product, wanted[product.sku], terms.precios))
    sale.total = sum(line.subtotal for line in sale.lineas)
    session.add(sale)
    session.flush()
    for product in products.values():
        session.expire(product, ["stock"])
    return sale


def get_sale(session: Session, sale_id: str) -> Sale:
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFoundError(f"No existe la venta {sale_id}.")
    return sale


def list_sales(
    session: Session,
    *,
    desde: datetime | None = None,
    hasta: datetime | None = None,
    cedula: str | None = None,
    cliente_difiere: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Sale], int]:
    query = select(Sale)
    if cliente_difiere is not None:  # the sales whose chat data differ from the stored customer (staff review)
        query = query.where(Sale.cliente_difiere.is_(cliente_difiere))
    if desde is not None:
        query = query.where(Sale.fecha >= desde)
    if hasta is not None:
        query = query.where(Sale.fecha <= hasta)
    if cedula:
        query = query.join(Customer, Customer.id == Sale.cliente_id).where(Customer.cedula == cedula)
    return fetch_page(session, query, Sale.fecha.desc(), Sale.id, limit=limit, offset=offset)


def sale_out(sale: Sale) -> SaleOut:
    return SaleOut(
        id=sale.id,
        cliente=CustomerOut.model_validate(sale.cliente_datos),
        items=[LineOut.model_validate(line) for line in sale.lineas],
        total=sale.total,
        fecha=sale.fecha,
        canal=sale.canal,  # type: ignore[arg-type]
        chat_id=sale.chat_id,
        cliente_difiere=sale.cliente_difiere,
    )

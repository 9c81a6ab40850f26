"""Customers: identified by cédula or NIT; histories and statistics for staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agente_vendedor.commerce.customer_mentions import forget_customer_index
from agente_vendedor.core.errors import AlreadyExistsError, NotFoundError
from agente_vendedor.db.models import Customer, Sale, SaleLine, utcnow
from agente_vendedor.db.pages import fetch_page
from agente_vendedor.language.colombian_ids import parse_colombian_id
from agente_vendedor.language.normalization import normalize
from agente_vendedor.schemas.customers import CustomerIn, CustomerPatch, CustomerStats, FrequentProduct


def find_customer(session: Session, cedula: str) -> Customer | None:
    return session.scalar(select(Customer).where(Customer.cedula == cedula))


def get_customer(session: Session, cedula: str) -> Customer:
    customer = find_customer(session, parse_colombian_id(cedula).number)
    if customer is None:
        raise NotFoundError(f"No hay un cliente registrado con cédula o NIT {cedula}.")
    return customer


def list_customers(
    session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Customer], int]:
    query = select(Customer)
    if q and q.strip():
        needle = normalize(q)
        digits = "".join(ch for ch in q if ch.isdigit())
        conditions = [Customer.nombre_normalizado.contains(needle)]
        if digits:
            conditions.append(Customer.cedula.startswith(digits))
        query = query.where(or_(*conditions))
    return fetch_page(session, query, Customer.nombre, limit=limit, offset=offset)


def _keeps_stored_name(stored: str, given: str) -> bool:
    """'Diego' given for 'Diego Alejandro Bermúdez': a shorter form of the stored name does not replace it."""
    stored_words, given_words = set(normalize(stored).split()), set(normalize(given).split())
    return bool(stored) and given_words <= stored_words


def _apply(customer: Customer, data: CustomerIn) -> None:
    customer.cedula = data.cedula
    customer.tipo = data.tipo or parse_colombian_id(data.cedula).tipo_cliente
    if not (customer.nombre and _keeps_stored_name(customer.nombre, data.nombre)):
        customer.nombre = data.nombre
        customer.nombre_normalizado = normalize(data.nombre)
    customer.telefono = data.telefono
    customer.email = str(data.email) if data.email else customer.email
    customer.direccion = data.direccion or customer.direccion
    customer.ciudad = data.ciudad or customer.ciudad


def create_customer(session: Session, data: CustomerIn) -> Customer:
    if find_customer(session, data.cedula) is not None:
        raise AlreadyExistsError(f"Ya existe un cliente con cédula o NIT {data.cedula}.")
    customer = Customer(nombre="")
    _apply(customer, data)
    session.add(customer)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # created by a concurrent request in the meantime
        raise AlreadyExistsError(f"Ya existe un cliente con cédula o NIT {data.cedula}.") from exc
    return customer


def _locked(session: Session, cedula: str) -> Customer | None:
    return session.scalar(
        select(Customer).where(Customer.cedula == cedula).with_for_update().execution_options(populate_existing=True)
    )


def upsert_customer(
    session: Session, data: CustomerIn, *, consent_at: datetime | None = None, consent_text: str | None = None
) -> Customer:
    """Create or update by cédula/NIT; concurrent callers for the same new customer all succeed (one inserts)."""
    customer = _locked(session, data.cedula)
    if customer is None:
        session.execute(
            pg_insert(Customer)
            .values(
                cedula=data.cedula,
                nombre=data.nombre,
                nombre_normalizado=normalize(data.nombre),
                tipo=data.tipo or parse_colombian_id(data.cedula).tipo_cliente,
                telefono=data.telefono,
                creado=utcnow(),
                actualizado=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=[Customer.cedula])
        )
        customer = _locked(session, data.cedula)
        assert customer is not None
    _apply(customer, data)
    if consent_at is not None:
        customer.consentimiento_en = consent_at
        customer.consentimiento_texto = consent_text
    session.flush()
    return customer


def patch_customer(session: Session, cedula: str, patch: CustomerPatch) -> tuple[Customer, list[str]]:
    """Staff change some fields of a record (never the cédula/NIT); returns it and the names of the fields changed."""
    customer = _locked(session, parse_colombian_id(cedula).number)
    if customer is None:
        raise NotFoundError(f"No hay un cliente registrado con cédula o NIT {cedula}.")
    changed: list[str] = []
    for name, value in patch.model_dump(exclude_unset=True).items():
        new = str(value) if value is not None else None
        if getattr(customer, name) != new:
            setattr(customer, name, new)
            changed.append(name)
    if "nombre" in changed:
        customer.nombre_normalizado = normalize(customer.nombre)
        forget_customer_index(session)
    session.flush()
    return customer, changed


def customer_sales(session: Session, customer: Customer, limit: int = 100) -> list[Sale]:
    query = select(Sale).where(Sale.cliente_id == customer.id).order_by(Sale.fecha.desc()).limit(limit)
    return list(session.scalars(query))


def customer_stats(session: Session, customer: Customer) -> CustomerStats:
    count, total, last = session.execute(
        select(func.count(Sale.id), func.coalesce(func.sum(Sale.total), 0), func.max(Sale.fecha)).where(
            Sale.cliente_id == customer.id
        )
    ).one()
    frequent_rows = session.execute(
        select(SaleLine.sku, SaleLine.nombre, func.sum(SaleLine.cantidad).label("cantidad"))
        .join(Sale, Sale.id == SaleLine.venta_id)
        .where(Sale.cliente_id == customer.id)
        .group_by(SaleLine.sku, SaleLine.nombre)
        .order_by(func.sum(SaleLine.cantidad).desc(), SaleLine.sku)
        .limit(5)
    ).all()
    return CustomerStats(
        numero_compras=int(count),
        total_compras=int(total),
        ticket_promedio=round(int(total) / count) if count else 0,
        ultima_compra=last,
        productos_frecuentes=[FrequentProduct(sku=s, nombre=n, cantidad=int(c)) for s, n, c in frequent_rows],
    )

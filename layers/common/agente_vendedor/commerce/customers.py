"""Customers: identified by cédula or NIT; histories and statistics for staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

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


def same_name(stored: str, given: str) -> bool:
    """'Diego Bermúdez' for 'Diego Alejandro Bermúdez': a shorter form of the stored name is the same name (and does
    not replace it)."""
    given_words = set(normalize(given).split())
    return bool(given_words) and given_words <= set(normalize(stored).split())


def _apply(customer: Customer, data: CustomerIn) -> None:
    customer.cedula = data.cedula
    customer.tipo = data.tipo or parse_colombian_id(data.cedula).tipo_cliente
    if not same_name(customer.nombre, data.nombre):
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


def _insert_if_absent(session: Session, data: CustomerIn, **extra: Any) -> bool:
    """Insert the customer unless its cédula/NIT exists (also when a concurrent request inserts it first); True when
    this call inserted it."""
    inserted = session.execute(
        pg_insert(Customer)
        .values(
            cedula=data.cedula,
            nombre=data.nombre,
            nombre_normalizado=normalize(data.nombre),
            tipo=data.tipo or parse_colombian_id(data.cedula).tipo_cliente,
            telefono=data.telefono,
            email=str(data.email) if data.email else None,
            direccion=data.direccion,
            ciudad=data.ciudad,
            creado=utcnow(),
            actualizado=utcnow(),
            **extra,
        )
        .on_conflict_do_nothing(index_elements=[Customer.cedula])
        .returning(Customer.id)
    ).first()
    return inserted is not None


def upsert_customer(session: Session, data: CustomerIn) -> Customer:
    """Create or update by cédula/NIT (staff: a manual sale with a full `Cliente`); concurrent callers for the same
    new customer all succeed (one inserts)."""
    customer = _locked(session, data.cedula)
    if customer is None:
        _insert_if_absent(session, data)
        customer = _locked(session, data.cedula)
        assert customer is not None
    _apply(customer, data)
    session.flush()
    return customer


def record_for_sale(
    session: Session, given: CustomerIn, *, consent_at: datetime | None, consent_text: str
) -> tuple[Customer, bool]:
    """The stored record a chat's sale belongs to, and whether the chat's data differ from it.

    A chat never changes a stored record: when the cédula/NIT has none, this sale creates it from the data given
    (with the consent); when it has one, the record stays as it was and a difference is only reported."""
    if _insert_if_absent(
        session, given, consentimiento_en=consent_at, consentimiento_texto=consent_text if consent_at else None
    ):
        forget_customer_index(session)
        return _found(session, given.cedula), False
    customer = _found(session, given.cedula)
    return customer, differs(customer, given)


def _found(session: Session, cedula: str) -> Customer:
    customer = session.scalar(
        select(Customer).where(Customer.cedula == cedula).execution_options(populate_existing=True)
    )
    assert customer is not None
    return customer


def _letters_and_digits(text: str | None) -> str:
    """'Calle 72 # 28D-15' and 'calle 72 #28d15' are the same address."""
    return "".join(ch for ch in normalize(text or "") if ch.isalnum())


def _same_text(stored: str | None, given: str) -> bool:
    return _letters_and_digits(stored) == _letters_and_digits(given)


# How a given field is compared with the stored one (case, accents, spaces and punctuation aside).
_SAME: dict[str, Callable[[Any, str], bool]] = {
    "nombre": same_name,
    "telefono": _same_text,
    "email": _same_text,
    "direccion": _same_text,
    "ciudad": _same_text,
}


def differs(customer: Customer, given: CustomerIn) -> bool:
    """Whether any field the data give (name, phone, address, e-mail, city) differs from the stored record."""
    values = given.model_dump(include=set(_SAME), exclude_none=True)
    return any(not _SAME[name](getattr(customer, name), str(value)) for name, value in values.items())


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

"""Stock never oversells: many buyers close sales for the last units at the same moment, against real PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from agente_vendedor.commerce.catalog import create_product
from agente_vendedor.commerce.customers import upsert_customer
from agente_vendedor.commerce.sales import create_sale
from agente_vendedor.core.errors import InsufficientStockError
from agente_vendedor.db.engine import get_engine, session_scope
from agente_vendedor.db.models import Product, Sale, SaleLine
from agente_vendedor.schemas.catalog import ProductIn
from agente_vendedor.schemas.customers import CustomerIn

pytestmark = pytest.mark.integration

BUYERS = 40
LAST_UNITS = 10


def _seed() -> None:
    with session_scope() as session:
        create_product(
            session,
            ProductIn(
                sku="T-EXT-010",
                nombre="Extintor ABC 10 lb",
                categoria="Protección contra incendios",
                precio=95000,
                stock=LAST_UNITS,
            ),
        )
        create_product(
            session,
            ProductIn(
                sku="T-SEN-001",
                nombre="Señal salida de emergencia",
                categoria="Señalización",
                precio=15000,
                stock=1000,
            ),
        )
        for number in range(BUYERS):
            upsert_customer(
                session,
                CustomerIn(cedula=f"{10_000_000 + number}", nombre=f"Cliente {number}", telefono="3001234567"),
            )


def test_concurrent_buyers_never_oversell(db: None) -> None:
    get_engine().pool.dispose()
    _seed()
    start = threading.Barrier(BUYERS)
    # Each buyer takes 1 or 2 of the last units, plus a product with plenty of stock (order of lines varies).
    wanted = [1 + (n % 2) for n in range(BUYERS)]

    def buy(number: int) -> str:
        start.wait()
        items = [("T-EXT-010", wanted[number]), ("T-SEN-001", 1)]
        if number % 3 == 0:
            items.reverse()
        try:
            with session_scope() as session:
                customer = upsert_customer(
                    session,
                    CustomerIn(cedula=f"{10_000_000 + number}", nombre=f"Cliente {number}", telefono="3001234567"),
                )
                create_sale(session, customer, items, canal="chat", chat_id=f"c{number}")
        except InsufficientStockError as error:
            return "sin_stock" if error.available < wanted[number] else "rechazo_indebido"
        return "vendida"

    from agente_vendedor.core.settings import get_settings

    settings = get_settings()
    original_pool = settings.db_pool_size
    settings.db_pool_size = BUYERS  # one connection per buyer so all really run at once
    try:
        from agente_vendedor.db.engine import reset_engine

        reset_engine()
        with ThreadPoolExecutor(max_workers=BUYERS) as pool:
            outcomes = list(pool.map(buy, range(BUYERS)))
    finally:
        settings.db_pool_size = original_pool

    with session_scope() as session:
        stock = session.scalar(select(Product.stock).where(Product.sku == "T-EXT-010"))
        sold = session.scalar(select(func.coalesce(func.sum(SaleLine.cantidad), 0)).where(SaleLine.sku == "T-EXT-010"))
        sales = session.scalar(select(func.count()).select_from(Sale))
        signs = session.scalar(select(Product.stock).where(Product.sku == "T-SEN-001"))
    assert stock is not None and stock >= 0
    assert sold + stock == LAST_UNITS, "every unit sold was taken from stock exactly once"
    assert sold >= LAST_UNITS - 1, "the last units were sold, not refused by a lock error"
    assert outcomes.count("vendida") == sales
    assert "sin_stock" in outcomes
    # a refused sale wrote nothing: the other product's stock went down once per completed sale only
    assert signs == 1000 - sales

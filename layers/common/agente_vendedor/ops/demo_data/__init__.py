"""The Sextinvalle demo catalogue and company knowledge, loaded into an empty database (`make dev`, or the command
`python -m agente_vendedor.ops.demo_data`)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from agente_vendedor.commerce.catalog import import_products
from agente_vendedor.commerce.company import replace_company
from agente_vendedor.db.models import CompanySection, Product
from agente_vendedor.schemas.company import CompanyIO


def _read(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def load_demo_data(session: Session) -> dict[str, int]:
    result = import_products(session, _read("catalogo.json"))
    if result.errores:
        raise ValueError(f"El catálogo de demostración tiene filas inválidas: {result.errores[:3]}")
    company = replace_company(session, CompanyIO.model_validate(_read("empresa.json")))
    return {"productos": result.creados + result.actualizados, "secciones": len(company.secciones)}


def is_empty(session: Session) -> bool:
    products = session.scalar(select(func.count()).select_from(Product)) or 0
    sections = session.scalar(select(func.count()).select_from(CompanySection)) or 0
    return products == 0 and sections == 0


def load_demo_data_if_empty(database_url: str | None = None) -> dict[str, int] | None:
    """Load the demo data when the database has no products and no company sections; None when it was not empty."""
    from agente_vendedor.db.engine import build_engine, session_scope

    if database_url is None:
        with session_scope() as session:
            return load_demo_data(session) if is_empty(session) else None
    engine = build_engine(database_url)
    try:
        with sessionmaker(engine).begin() as session:
            return load_demo_data(session) if is_empty(session) else None
    finally:
        engine.dispose()

"""The product catalogue: create, change, deactivate and import products (stock and prices live here only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agente_vendedor.core.errors import AlreadyExistsError, InvalidInputError, NotFoundError
from agente_vendedor.core.validation_messages import describe_validation_error
from agente_vendedor.db.models import Product
from agente_vendedor.db.pages import fetch_page
from agente_vendedor.schemas.catalog import ImportResult, ImportRowError, ProductIn, ProductPatch
from agente_vendedor.search.document import product_search_document
from agente_vendedor.search.retrieval import search_products


def get_product(session: Session, sku: str, *, include_inactive: bool = False) -> Product:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None or (not product.activo and not include_inactive):
        raise NotFoundError(f"No existe un producto con sku {sku}.")
    return product


def products_by_sku(session: Session, skus: Sequence[str]) -> list[Product]:
    """The active products with these SKUs (any order; unknown SKUs are left out)."""
    if not skus:
        return []
    return list(session.scalars(select(Product).where(Product.sku.in_(skus), Product.activo.is_(True))))


def list_products(
    session: Session,
    *,
    q: str | None = None,
    categoria: str | None = None,
    en_stock: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    include_inactive: bool = False,
) -> tuple[list[Product], int]:
    if q and q.strip():
        return search_products(
            session,
            q,
            categoria=categoria,
            en_stock=en_stock,
            limit=limit,
            offset=offset,
            include_inactive=include_inactive,
        )
    query = select(Product)
    if not include_inactive:
        query = query.where(Product.activo.is_(True))
    if categoria:
        query = query.where(func.lower(Product.categoria) == categoria.strip().lower())
    if en_stock is not None:
        query = query.where(Product.stock > 0 if en_stock else Product.stock == 0)
    return fetch_page(session, query, Product.categoria, Product.sku, limit=limit, offset=offset)


def categories(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Product.categoria).where(Product.activo.is_(True)).distinct().order_by(Product.categoria)
        )
    )


def _apply(product: Product, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(product, name, value)
    product.search_document = product_search_document(
        product.sku, product.nombre, product.descripcion, product.categoria, product.marca, product.sinonimos
    )


def create_product(session: Session, data: ProductIn) -> Product:
    if session.scalar(select(Product.id).where(Product.sku == data.sku)) is not None:
        raise AlreadyExistsError(f"Ya existe un producto con sku {data.sku}.")
    product = Product()
    _apply(product, data.model_dump())
    session.add(product)
    session.flush()
    return product


def replace_product(session: Session, sku: str, data: ProductIn) -> Product:
    product = get_product(session, sku, include_inactive=True)
    if data.sku != sku:
        raise InvalidInputError("El sku del cuerpo no coincide con el de la ruta.")
    _apply(product, data.model_dump())
    session.flush()
    return product


def patch_product(session: Session, sku: str, patch: ProductPatch) -> Product:
    product = get_product(session, sku, include_inactive=True)
    _apply(product, patch.model_dump(exclude_unset=True, exclude_none=False))
    session.flush()
    return product


def deactivate_product(session: Session, sku: str) -> Product:
    product = get_product(session, sku, include_inactive=True)
    product.activo = False
    session.flush()
    return product


def upsert_product(session: Session, data: ProductIn) -> bool:
    """Create or update by sku; True when created."""
    product = session.scalar(select(Product).where(Product.sku == data.sku).with_for_update())
    created = product is None
    if product is None:
        product = Product()
        session.add(product)
    _apply(product, data.model_dump())
    session.flush()
    return created


def import_products(session: Session, rows: Sequence[Any]) -> ImportResult:
    """Upsert every valid row (each in its own savepoint: all or nothing per row); report the others by row number."""
    created = updated = 0
    errors: list[ImportRowError] = []
    for number, row in enumerate(rows, start=1):
        try:
            data = ProductIn.model_validate(row)
        except ValidationError as exc:
            errors.append(ImportRowError(fila=number, error=describe_validation_error(exc)))
            continue
        try:
            with session.begin_nested():
                if upsert_product(session, data):
                    created += 1
                else:
                    updated += 1
        except Exception as exc:  # a row that the database refuses does not stop the others
            errors.append(ImportRowError(fila=number, error=f"No se pudo guardar la fila: {type(exc).__name__}."))
    return ImportResult(creados=created, actualizados=updated, errores=errors)


_CSV_COLUMNS = (
    "sku",
    "nombre",
    "descripcion",
    "categoria",
    "precio",
    "stock",
    "marca",
    "sinonimos",
    "activo",
)
_TRUE = {"1", "true", "si", "sí", "verdadero", "yes", "x"}
_FALSE = {"0", "false", "no", "falso"}


def parse_products_csv(text: str) -> list[dict[str, Any]]:
    """CSV with the Producto columns (`sinonimos` separated by `|`) → row dicts for `import_products`."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # RFC 4180 quoting; only the separator varies (Excel in Spanish: ';')
    # newline=None: a bare "\r" ends a line, as in files saved by old spreadsheets.
    reader = csv.DictReader(io.StringIO(text, newline=None), dialect=csv.excel, delimiter=delimiter)
    try:
        if not reader.fieldnames or "sku" not in [name.strip().lower() for name in reader.fieldnames]:
            raise InvalidInputError(f"El CSV debe tener encabezado con las columnas: {', '.join(_CSV_COLUMNS)}.")
        return [_csv_row(raw) for raw in reader]
    except csv.Error as exc:
        raise InvalidInputError(f"El CSV está mal formado (línea {reader.line_num}).") from exc


def _csv_row(raw: dict[str | Any, str | Any]) -> dict[str, Any]:
    row: dict[str, Any] = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
    row["sinonimos"] = [s.strip() for s in row.get("sinonimos", "").split("|") if s.strip()]
    row["marca"] = row.get("marca") or None
    activo = str(row.get("activo", "")).lower()
    row["activo"] = activo not in _FALSE if activo else True
    if activo and activo not in _TRUE | _FALSE:
        row["activo"] = activo  # let validation report it
    return row

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import TypeAdapter, ValidationError

from agente_vendedor.api.deps import Actor, DbSession, Limit, Offset, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS, error_responses
from agente_vendedor.api.pagination import to_page
from agente_vendedor.api.request_limits import unsupported_media_type
from agente_vendedor.commerce import catalog
from agente_vendedor.commerce.audit import record_event
from agente_vendedor.core.errors import InvalidInputError, UnsupportedMediaTypeError
from agente_vendedor.schemas.catalog import ImportResult, ProductIn, ProductOut, ProductPatch
from agente_vendedor.schemas.common import Page
from agente_vendedor.staff.roles import Area

router = APIRouter(prefix="/productos", tags=["productos"], responses=DATABASE_ERRORS)

_MAX_IMPORT_ROWS = 5000
_CSV_TYPES = ("text/csv", "application/csv", "text/plain")
_JSON_TYPES = ("", "application/json")
# The import reads its body itself (JSON or CSV), so its OpenAPI request body is declared by hand.
_IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ProductIn"}}},
            "text/csv": {
                "schema": {"type": "string"},
                "example": "sku,nombre,descripcion,categoria,precio,stock,marca,sinonimos,activo\n"
                "CAS-001,Casco clase E,Casco dieléctrico,Protección para la cabeza,38000,12,Steelpro,pava|casco,true\n",
            },
        },
    }
}
_STAFF_WRITE_ERRORS = STAFF_ERRORS | BODY_ERRORS | error_responses(409)
_CATALOG_STAFF = staff_only(Area.CATALOG)


@router.get("/", response_model=Page[ProductOut], responses=error_responses(422), summary="Listar o buscar productos")
def list_products(
    db: DbSession,
    q: str | None = Query(default=None, max_length=200, description="Búsqueda (la misma del chat)"),
    categoria: str | None = Query(default=None, max_length=120),
    en_stock: bool | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ProductOut]:
    found = catalog.list_products(db, q=q, categoria=categoria, en_stock=en_stock, limit=limit, offset=offset)
    return to_page(found, ProductOut.model_validate, limit, offset)


@router.post(
    "/importar",
    response_model=ImportResult,
    dependencies=[_CATALOG_STAFF],
    responses=_STAFF_WRITE_ERRORS,
    openapi_extra=_IMPORT_BODY,
    summary="Importar productos (JSON o CSV)",
)
async def import_products(request: Request, db: DbSession, actor: Actor) -> ImportResult:
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError("El archivo debe estar codificado en UTF-8.") from exc
    rows: list[Any]
    if content_type in _CSV_TYPES:
        rows = catalog.parse_products_csv(text)
    elif content_type in _JSON_TYPES or content_type.endswith("+json"):
        try:
            rows = TypeAdapter(list[Any]).validate_python(json.loads(text))
        except (json.JSONDecodeError, RecursionError, ValidationError) as exc:
            raise InvalidInputError(
                "El cuerpo debe ser una lista JSON de productos o un CSV (Content-Type: text/csv)."
            ) from exc
    else:
        raise UnsupportedMediaTypeError(unsupported_media_type(content_type, "application/json o text/csv"))
    if len(rows) > _MAX_IMPORT_ROWS:
        raise InvalidInputError(f"Se pueden importar como máximo {_MAX_IMPORT_ROWS} filas por solicitud.")
    result = catalog.import_products(db, rows)
    record_event(
        db,
        "productos_importados",
        actor.usuario,
        creados=result.creados,
        actualizados=result.actualizados,
        errores=len(result.errores),
    )
    return result


@router.get("/{sku}", response_model=ProductOut, responses=error_responses(404, 422), summary="Obtener un producto")
def get_product(sku: str, db: DbSession) -> ProductOut:
    return ProductOut.model_validate(catalog.get_product(db, sku))


@router.post(
    "/",
    response_model=ProductOut,
    status_code=201,
    dependencies=[_CATALOG_STAFF],
    responses=_STAFF_WRITE_ERRORS,
    summary="Crear un producto",
)
def create_product(data: ProductIn, db: DbSession, actor: Actor) -> ProductOut:
    product = catalog.create_product(db, data)
    record_event(db, "producto_creado", actor.usuario, sku=product.sku)
    return ProductOut.model_validate(product)


@router.put(
    "/{sku}",
    response_model=ProductOut,
    dependencies=[_CATALOG_STAFF],
    responses=_STAFF_WRITE_ERRORS | error_responses(404),
    summary="Reemplazar un producto",
)
def replace_product(sku: str, data: ProductIn, db: DbSession, actor: Actor) -> ProductOut:
    product = catalog.replace_product(db, sku, data)
    record_event(db, "producto_reemplazado", actor.usuario, sku=product.sku)
    return ProductOut.model_validate(product)


@router.patch(
    "/{sku}",
    response_model=ProductOut,
    dependencies=[_CATALOG_STAFF],
    responses=_STAFF_WRITE_ERRORS | error_responses(404),
    summary="Modificar campos de un producto",
)
def patch_product(sku: str, patch: ProductPatch, db: DbSession, actor: Actor) -> ProductOut:
    product = catalog.patch_product(db, sku, patch)
    record_event(db, "producto_modificado", actor.usuario, sku=product.sku, campos=sorted(patch.model_fields_set))
    return ProductOut.model_validate(product)


@router.delete(
    "/{sku}",
    response_model=ProductOut,
    dependencies=[_CATALOG_STAFF],
    responses=STAFF_ERRORS | error_responses(404, 422),
    summary="Desactivar un producto",
)
def delete_product(sku: str, db: DbSession, actor: Actor) -> ProductOut:
    product = catalog.deactivate_product(db, sku)
    record_event(db, "producto_desactivado", actor.usuario, sku=product.sku)
    return ProductOut.model_validate(product)

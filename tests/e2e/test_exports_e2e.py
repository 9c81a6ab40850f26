"""Exports on the local stack (S3 on moto_server): GET /exportar/ventas returns a URL that downloads a correct CSV."""

from __future__ import annotations

import csv
import io
import zipfile

import httpx

from local_stack.subprocess_stack import RunningStack

TRICKY_NAME = 'Gómez, Ana "la Jefa"'


def _manual_sale(stack: RunningStack) -> dict[str, object]:
    products = httpx.get(f"{stack.base_url}/productos/", params={"en_stock": "true", "limit": 2}, timeout=10).json()
    items = [{"sku": p["sku"], "cantidad": 1} for p in products["items"]]
    customer = {
        "cedula": "52123456",
        "tipo": "persona",
        "nombre": TRICKY_NAME,
        "telefono": "3157654321",
        "direccion": "Calle 5 # 6-7,\nBarrio Centro",
        "ciudad": "Cali",
    }
    response = httpx.post(
        f"{stack.base_url}/ventas/", json={"cliente": customer, "items": items}, headers=stack.staff_headers, timeout=10
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_ventas_export_downloads_a_correct_csv(local_stack: RunningStack) -> None:
    sale = _manual_sale(local_stack)
    response = httpx.get(f"{local_stack.base_url}/exportar/ventas", headers=local_stack.staff_headers, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["formato"] == "csv" and body["filas"] >= 2
    download = httpx.get(body["url"], timeout=30)  # a plain GET, no token
    assert download.status_code == 200
    assert download.content.startswith(b"\xef\xbb\xbf") and len(download.content) == body["bytes"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == body["filas"]
    mine = [row for row in rows if row["venta_id"] == sale["id"]]
    assert [(r["sku"], r["cantidad"], r["subtotal"]) for r in mine] == [
        (item["sku"], str(item["cantidad"]), str(item["subtotal"]))
        for item in sale["items"]  # type: ignore[attr-defined]
    ]
    assert {r["cliente_nombre"] for r in mine} == {TRICKY_NAME}
    assert {r["cliente_direccion"] for r in mine} == {"Calle 5 # 6-7,\nBarrio Centro"}
    assert {r["total_venta"] for r in mine} == {str(sale["total"])}

    redirect = httpx.get(
        f"{local_stack.base_url}/files/exports/{body['archivo']}", headers=local_stack.staff_headers, timeout=10
    )
    assert redirect.status_code == 307
    assert httpx.get(redirect.headers["location"], timeout=30).content == download.content
    info = httpx.get(f"{local_stack.base_url}/files/storage/info", headers=local_stack.staff_headers, timeout=10)
    assert info.json()["backend"] == "s3" and info.json()["objetos"] >= 1


def test_full_report_and_errors(local_stack: RunningStack) -> None:
    staff = local_stack.staff_headers
    body = httpx.get(f"{local_stack.base_url}/exportar/reporte-completo", headers=staff, timeout=120).json()
    with zipfile.ZipFile(io.BytesIO(httpx.get(body["url"], timeout=60).content)) as archive:
        assert {"inventario.csv", "ventas.csv", "resumen/conversion.csv", "LEEME.txt"} <= set(archive.namelist())
    assert httpx.get(f"{local_stack.base_url}/exportar/ventas", timeout=10).status_code == 401
    unknown = httpx.get(f"{local_stack.base_url}/exportar/facturas", headers=staff, timeout=10)
    assert unknown.status_code == 404 and "Tipo de exportación" in unknown.json()["detail"]
    bad = httpx.get(f"{local_stack.base_url}/exportar/ventas", params={"hasta": "mañana"}, headers=staff, timeout=10)
    assert bad.status_code == 422

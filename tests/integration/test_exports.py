"""Exports against real PostgreSQL and S3 on moto_server: files checked row by row against the database."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from local_stack.aws_resources import create_resources
from local_stack.lambda_context import LambdaContext
from local_stack.moto_server import MotoServer
from tests.conftest import STAFF, reset_caches
from tests.lambda_functions import load_handler

pytestmark = pytest.mark.integration

EVENTS = Path(__file__).resolve().parents[2] / "events"
CASCO = 'Casco "dieléctrico", clase E\nANSI Z89.1'


def _at(day: int, month: int = 11, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _text(value: object) -> str:
    return "" if value is None else str(value)


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    with MotoServer() as server:
        yield server


@pytest.fixture
def s3_exports(db: None, moto: MotoServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, str]]:
    """S3 backend on moto_server with a bucket of its own (made from template.yaml); yields (client, bucket)."""
    from agente_vendedor.core.settings import get_settings

    bucket = f"it-exportes-{uuid.uuid4().hex[:8]}"
    for name, value in {**moto.client_env, "STORAGE_BACKEND": "s3", "EXPORTS_BUCKET": bucket}.items():
        monkeypatch.setenv(name, value)
    reset_caches()
    create_resources(moto.client("dynamodb"), moto.client("s3"), get_settings())
    yield moto.client("s3"), bucket
    monkeypatch.undo()
    reset_caches()


@pytest.fixture
def client() -> TestClient:
    from agente_vendedor.api.app import create_app

    return TestClient(create_app())


@pytest.fixture
def seeded() -> None:
    """Names with commas, quotes, line breaks and accents; sales in October and November 2026; three chats."""
    from agente_vendedor.commerce.sales import customer_snapshot
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import ConversationMessage, Customer, Product, Sale, SaleLine

    with session_scope() as session:
        casco = Product(
            sku="T-CAB-001",
            nombre=CASCO,
            descripcion="Suspensión, 4 puntos",
            categoria="Cabeza",
            precio=38000,
            stock=12,
            marca="Steelpro",
            sinonimos=["pava", "casco de seguridad"],
        )
        guante = Product(
            sku="T-GUA-002",
            nombre="Guantes de nitrilo",
            categoria="Manos",
            precio=9000,
            stock=100,
            sinonimos=[],
            activo=False,
        )
        juan = Customer(
            cedula="1234567",
            nombre='Pérez, Juan "el Mono"',
            telefono="3001234567",
            email="juan@example.com",
            direccion="Cra 1 # 2-3,\nApto 4",
            ciudad="Cali",
            creado=_at(1),
        )
        acme = Customer(
            cedula="900123456-8", tipo="empresa", nombre="ACME S.A.S.", telefono="6021234567", creado=_at(5, month=10)
        )
        session.add_all([casco, guante, juan, acme])
        session.flush()

        def sale(
            sale_id: str,
            customer: Customer,
            when: datetime,
            canal: str,
            chat: str | None,
            items: list[tuple[Product, int]],
            **given: str,
        ) -> Sale:
            lines = [
                SaleLine(
                    producto_id=p.id,
                    sku=p.sku,
                    nombre=p.nombre,
                    categoria=p.categoria,
                    cantidad=q,
                    precio_unitario=p.precio,
                    subtotal=q * p.precio,
                )
                for p, q in items
            ]
            return Sale(
                id=sale_id,
                cliente_id=customer.id,
                cliente_datos={**customer_snapshot(customer), **given},
                total=sum(line.subtotal for line in lines),
                fecha=when,
                canal=canal,
                chat_id=chat,
                lineas=lines,
            )

        session.add_all(
            [
                sale("v-nov-10", juan, _at(10), "chat", "chat-1", [(casco, 2), (guante, 3)]),
                sale("v-oct-05", acme, _at(5, month=10), "manual", None, [(guante, 1)]),
                # a chat gave another phone: the sale keeps it, the record keeps its own
                sale("v-nov-20", acme, _at(20), "chat", "chat-2", [(casco, 1)], telefono="3109998877"),
            ]
        )
        session.add_all(
            [
                ConversationMessage(
                    chat_id="chat-1",
                    rol="cliente",
                    contenido='Hola, quiero "cascos"\ny guantes',
                    tipo_mensaje="venta",
                    estado_venta="iniciada",
                    productos=[],
                    fecha=_at(10, hour=9),
                ),
                ConversationMessage(
                    chat_id="chat-1",
                    rol="agente",
                    contenido="Claro: casco, $38.000",
                    tipo_mensaje="venta",
                    estado_venta="pendiente",
                    productos=["T-CAB-001"],
                    fecha=_at(10, hour=9),
                ),
                ConversationMessage(
                    chat_id="chat-2",
                    rol="cliente",
                    contenido="Un casco",
                    tipo_mensaje="venta",
                    estado_venta="pendiente",
                    productos=["T-CAB-001"],
                    fecha=_at(20, hour=9),
                ),
                ConversationMessage(
                    chat_id="chat-3",
                    rol="cliente",
                    contenido="¿Horario?",
                    tipo_mensaje="contexto",
                    estado_venta=None,
                    productos=[],
                    fecha=_at(21),
                ),
            ]
        )


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM first"
    assert b"\r\n" in data and data.endswith(b"\r\n"), "CRLF record endings"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _export(client: TestClient, tipo: str, **params: str) -> dict[str, Any]:
    response = client.get(f"/exportar/{tipo}", params=params, headers=STAFF)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _download(url: str) -> bytes:
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return response.content


def expected_ventas(desde: datetime | None = None, hasta: datetime | None = None) -> list[dict[str, str]]:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import Sale

    rows = []
    with session_scope() as session:
        for sale in session.scalars(select(Sale).order_by(Sale.fecha, Sale.id)):
            if (desde and sale.fecha < desde) or (hasta and sale.fecha > hasta):
                continue
            customer = sale.cliente_datos  # the customer as given for the sale
            for line in sale.lineas:
                rows.append(
                    {
                        "venta_id": sale.id,
                        "fecha": _iso(sale.fecha),
                        "canal": sale.canal,
                        "chat_id": _text(sale.chat_id),
                        "cliente_cedula": customer["cedula"],
                        "cliente_tipo": customer["tipo"],
                        "cliente_nombre": customer["nombre"],
                        "cliente_telefono": customer["telefono"],
                        "cliente_email": _text(customer["email"]),
                        "cliente_direccion": _text(customer["direccion"]),
                        "cliente_ciudad": _text(customer["ciudad"]),
                        "sku": line.sku,
                        "producto": line.nombre,
                        "categoria": line.categoria,
                        "cantidad": str(line.cantidad),
                        "precio_unitario": str(line.precio_unitario),
                        "subtotal": str(line.subtotal),
                        "total_venta": str(sale.total),
                    }
                )
    return rows


def expected_inventario() -> list[dict[str, str]]:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import Product

    with session_scope() as session:
        return [
            {
                "sku": p.sku,
                "nombre": p.nombre,
                "descripcion": p.descripcion,
                "categoria": p.categoria,
                "precio": str(p.precio),
                "stock": str(p.stock),
                "marca": _text(p.marca),
                "sinonimos": "|".join(p.sinonimos),
                "activo": "true" if p.activo else "false",
                "creado": _iso(p.creado),
                "actualizado": _iso(p.actualizado),
            }
            for p in session.scalars(select(Product).order_by(Product.sku))
        ]


def expected_clientes() -> list[dict[str, str]]:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import Customer, Sale

    with session_scope() as session:
        rows = []
        for c in session.scalars(select(Customer).order_by(Customer.nombre, Customer.cedula)):
            sales = list(session.scalars(select(Sale).where(Sale.cliente_id == c.id)))
            rows.append(
                {
                    "cedula": c.cedula,
                    "tipo": c.tipo,
                    "nombre": c.nombre,
                    "telefono": c.telefono,
                    "email": _text(c.email),
                    "direccion": _text(c.direccion),
                    "ciudad": _text(c.ciudad),
                    "consentimiento_en": _iso(c.consentimiento_en),
                    "numero_compras": str(len(sales)),
                    "total_compras": str(sum(s.total for s in sales)),
                    "ultima_compra": _iso(max((s.fecha for s in sales), default=None)),
                    "registrado": _iso(c.creado),
                }
            )
        return rows


def expected_conversaciones() -> list[dict[str, str]]:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import ConversationMessage as M

    with session_scope() as session:
        return [
            {
                "chat_id": m.chat_id,
                "mensaje_id": str(m.id),
                "fecha": _iso(m.fecha),
                "rol": m.rol,
                "tipo_mensaje": _text(m.tipo_mensaje),
                "estado_venta": _text(m.estado_venta),
                "productos": "|".join(m.productos),
                "contenido": m.contenido,
            }
            for m in session.scalars(select(M).order_by(M.chat_id, M.fecha, M.id))
        ]


def test_ventas_csv_downloads_from_the_presigned_url_row_by_row(
    s3_exports: tuple[Any, str], seeded: None, client: TestClient
) -> None:
    body = _export(client, "ventas")
    assert body["formato"] == "csv" and body["filas"] == 4
    assert body["archivo"].startswith("ventas_") and body["archivo"].endswith(".csv")
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in body["url"] and "X-Amz-Expires=3600" in body["url"]
    expires = datetime.fromisoformat(body["expira_en"])
    assert 3590 <= (expires - datetime.now(UTC)).total_seconds() <= 3600
    data = _download(body["url"])
    assert len(data) == body["bytes"]
    rows = _rows(data)
    assert rows == expected_ventas()
    tricky = next(r for r in rows if r["venta_id"] == "v-nov-10" and r["sku"] == "T-CAB-001")
    assert tricky["producto"] == CASCO and tricky["cliente_nombre"] == 'Pérez, Juan "el Mono"'
    assert tricky["cliente_direccion"] == "Cra 1 # 2-3,\nApto 4"
    given = next(r for r in rows if r["venta_id"] == "v-nov-20")
    assert given["cliente_telefono"] == "3109998877", "the customer as given for the sale, not the record now"
    s3, bucket = s3_exports
    head = s3.head_object(Bucket=bucket, Key=body["archivo"])
    assert head["ContentType"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("tipo", "expected"),
    [
        ("inventario", expected_inventario),
        ("clientes", expected_clientes),
        ("conversaciones-rag", expected_conversaciones),
    ],
)
def test_other_reports_match_the_database(
    s3_exports: tuple[Any, str], seeded: None, client: TestClient, tipo: str, expected: Any
) -> None:
    body = _export(client, tipo)
    rows = _rows(_download(body["url"]))
    assert rows == expected()
    assert body["filas"] == len(rows) > 0


def test_date_filters(s3_exports: tuple[Any, str], seeded: None, client: TestClient) -> None:
    november = _rows(_download(_export(client, "ventas", desde="2026-11-01", hasta="2026-11-30")["url"]))
    assert november == expected_ventas(_at(1, hour=0), datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC))
    assert {r["venta_id"] for r in november} == {"v-nov-10", "v-nov-20"}
    one_day = _export(client, "ventas", desde="2026-11-20", hasta="2026-11-20")
    assert one_day["filas"] == 1
    iso = _export(client, "ventas", desde="2026-11-10T10:00:00Z", hasta="2026-11-10T10:00:00+00:00")
    assert iso["filas"] == 2
    chats = _rows(_download(_export(client, "conversaciones-rag", desde="2026-11-21")["url"]))
    assert [r["chat_id"] for r in chats] == ["chat-3"]
    customers = _rows(_download(_export(client, "clientes", hasta="2026-10-31")["url"]))
    assert [r["cedula"] for r in customers] == ["900123456-8"]


def test_full_report_zip(s3_exports: tuple[Any, str], seeded: None, client: TestClient) -> None:
    body = _export(client, "reporte-completo", desde="2026-11-01")
    assert body["formato"] == "zip" and body["archivo"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(_download(body["url"]))) as archive:
        assert archive.testzip() is None
        ventas = _rows(archive.read("ventas.csv"))
        assert ventas == expected_ventas(_at(1, hour=0))
        assert _rows(archive.read("inventario.csv")) == expected_inventario()
        assert body["filas"] == len(ventas) + 2 + 1 + 4  # + products, November customers, November messages
        by_day = _rows(archive.read("resumen/ventas_por_dia.csv"))
        assert by_day == [
            {"dia": "2026-11-10", "ventas": "1", "unidades": "5", "total": "103000", "ticket_promedio": "103000"},
            {"dia": "2026-11-20", "ventas": "1", "unidades": "1", "total": "38000", "ticket_promedio": "38000"},
        ]
        by_category = _rows(archive.read("resumen/ventas_por_categoria.csv"))
        assert [(r["categoria"], r["total"], r["participacion_pct"]) for r in by_category] == [
            ("Cabeza", "114000", "80.85"),
            ("Manos", "27000", "19.15"),
        ]
        top = _rows(archive.read("resumen/productos_top.csv"))
        assert [(r["posicion"], r["sku"], r["unidades"]) for r in top] == [
            ("1", "T-CAB-001", "3"),
            ("2", "T-GUA-002", "3"),
        ]
        conversion = _rows(archive.read("resumen/conversion.csv"))
        assert conversion == [
            {
                "conversaciones": "3",
                "conversaciones_con_intencion_de_compra": "2",
                "conversaciones_con_venta": "2",
                "tasa_conversion_pct": "66.67",
                "ventas_chat": "2",
                "total_ventas_chat": "141000",
                "ventas_manuales": "0",
                "total_ventas_manuales": "0",
            }
        ]
        assert "LEEME.txt" in archive.namelist()


def test_bad_requests_are_spanish_4xx(s3_exports: tuple[Any, str], client: TestClient) -> None:
    assert client.get("/exportar/ventas").status_code == 401
    assert client.get("/files/storage/info").status_code == 401
    assert client.get("/files/exports/x.csv").status_code == 401
    unknown = client.get("/exportar/pedidos", headers=STAFF)
    assert unknown.status_code == 404 and "reporte-completo" in unknown.json()["detail"]
    bad_date = client.get("/exportar/ventas", params={"desde": "25/11/2026"}, headers=STAFF)
    assert bad_date.status_code == 422 and "Fecha" in json.dumps(bad_date.json(), ensure_ascii=False)
    reversed_range = client.get(
        "/exportar/ventas", params={"desde": "2026-11-02", "hasta": "2026-11-01"}, headers=STAFF
    )
    assert reversed_range.status_code == 422 and "desde" in reversed_range.json()["detail"]
    escape = client.get("/files/exports/..%2F..%2Fetc%2Fpasswd", headers=STAFF)
    assert escape.status_code in (404, 422)
    missing = client.get("/files/exports/ventas_no_existe.csv", headers=STAFF)
    assert missing.status_code == 404 and "expiró" in missing.json()["detail"]


def test_files_redirect_info_and_audit(s3_exports: tuple[Any, str], seeded: None, client: TestClient) -> None:
    body = _export(client, "inventario")
    redirect = client.get(f"/files/exports/{body['archivo']}", headers=STAFF, follow_redirects=False)
    assert redirect.status_code == 307
    assert _download(redirect.headers["location"]) == _download(body["url"])
    info = client.get("/files/storage/info", headers=STAFF).json()
    assert info == {"backend": "s3", "bucket": s3_exports[1], "objetos": 1, "bytes": body["bytes"], "retencion_dias": 7}
    events = client.get("/logs/", params={"tipo": "exportacion"}, headers=STAFF).json()["items"]
    assert events[0]["actor"] == "token:admin"  # the break-glass token (tests.conftest.STAFF)
    assert (
        events[0]["detalle"].items()
        >= {
            "reporte": "inventario",
            "archivo": body["archivo"],
            "filas": 2,
            "bytes": body["bytes"],
        }.items()
    )


def test_local_backend_serves_signed_urls_and_refuses_altered_or_expired_ones(
    local_exports: Path, seeded: None, client: TestClient
) -> None:
    from agente_vendedor.platform.storage import get_storage
    from agente_vendedor.platform.storage.local import LocalStorage

    body = _export(client, "ventas")
    url = urlsplit(body["url"])
    assert url.netloc == "testserver" and url.path == f"/files/local/{body['archivo']}"
    download = client.get(f"{url.path}?{url.query}")  # public: no token needed
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    assert _rows(download.content) == expected_ventas()
    assert (local_exports / body["archivo"]).read_bytes() == download.content

    tampered = client.get(f"{url.path}?{url.query[:-1]}{'0' if url.query[-1] != '0' else '1'}")
    assert tampered.status_code == 403 and "firma" in tampered.json()["detail"]
    assert client.get(url.path).status_code == 403
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    past = int(datetime.now(UTC).timestamp()) - 1
    expired = client.get(url.path, params={"expira": past, "firma": storage.signature(body["archivo"], past)})
    assert expired.status_code == 403 and "expirado" in expired.json()["detail"]

    redirect = client.get(f"/files/exports/{body['archivo']}", headers=STAFF, follow_redirects=False)
    assert redirect.status_code == 307 and client.get(redirect.headers["location"]).content == download.content
    assert client.get("/files/storage/info", headers=STAFF).json()["backend"] == "local"


def test_scheduled_handler_writes_the_nightly_report(s3_exports: tuple[Any, str], seeded: None) -> None:
    handler = load_handler("exports")
    event = json.loads((EVENTS / "eventbridge_scheduled_export.json").read_text("utf-8"))
    result = handler(event, LambdaContext("ExportsFunction", timeout_s=300))
    assert result["archivo"].startswith("programados/2026/11/25/reporte-completo_20261125T060000Z_")
    assert result["filas"] == 4 + 2 + 2 + 4
    assert result["productos_con_embedding"] == 0  # no Gemini key in tests: semantic upkeep is skipped
    s3, bucket = s3_exports
    stored = s3.get_object(Bucket=bucket, Key=result["archivo"])
    with zipfile.ZipFile(io.BytesIO(stored["Body"].read())) as archive:
        assert _rows(archive.read("ventas.csv")) == expected_ventas()

    # The template's Schedule event sends its constant input instead of the envelope.
    again = handler({"accion": "reporte_programado"}, LambdaContext("ExportsFunction", timeout_s=300))
    assert again["archivo"].startswith(f"programados/{datetime.now(UTC):%Y/%m/%d}/reporte-completo_")
    with pytest.raises(ValueError, match="accion"):
        handler({"accion": "otra"}, LambdaContext("ExportsFunction"))
    with pytest.raises(ValueError, match="detail-type"):  # another EventBridge event is not the schedule
        handler({**event, "detail-type": "Object Created"}, LambdaContext("ExportsFunction"))


def test_http_handler_exports_through_mangum(s3_exports: tuple[Any, str], seeded: None) -> None:
    handler = load_handler("exports")
    event = json.loads((EVENTS / "http_api_exportar_ventas.json").read_text("utf-8"))
    response = handler(event, LambdaContext("ExportsFunction", timeout_s=300))
    assert response["statusCode"] == 200, response
    body = json.loads(response["body"])
    assert body["filas"] == 3
    assert _rows(_download(body["url"])) == expected_ventas(_at(1, hour=0))
    event["headers"].pop("authorization")
    assert handler(event, LambdaContext("ExportsFunction"))["statusCode"] == 401


class _CloudFormation(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_PUT(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            {"content_type": self.headers.get("Content-Type"), "body": json.loads(self.rfile.read(length))}
        )
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def cloudformation() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    _CloudFormation.received = []
    server = HTTPServer(("127.0.0.1", 0), _CloudFormation)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/respuesta?X-Amz-Signature=abc", _CloudFormation.received
    server.shutdown()
    server.server_close()


def test_custom_resource_runs_migrations_and_answers_cloudformation(
    db: None, cloudformation: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, received = cloudformation
    handler = load_handler("exports")
    event = json.loads((EVENTS / "cloudformation_migraciones_create.json").read_text("utf-8"))
    event["ResponseURL"] = url
    assert handler(event, LambdaContext("ExportsFunction", timeout_s=300))["estado"] == "SUCCESS"
    answer = received[-1]
    assert answer["content_type"] == ""
    assert answer["body"]["Status"] == "SUCCESS" and answer["body"]["Data"]["Revision"]
    assert answer["body"]["PhysicalResourceId"] == "agente-vendedor-migraciones"
    assert answer["body"]["RequestId"] == event["RequestId"]
    assert answer["body"]["LogicalResourceId"] == "DatabaseMigrations"

    handler(
        {**event, "RequestType": "Delete", "PhysicalResourceId": "agente-vendedor-migraciones"},
        LambdaContext("ExportsFunction"),
    )
    assert received[-1]["body"]["Status"] == "SUCCESS"

    database_url = os.environ["DATABASE_URL"]
    monkeypatch.setenv("DATABASE_URL", database_url.rsplit("/", 1)[0] + "/no_existe_" + uuid.uuid4().hex[:6])
    reset_caches()
    try:
        update = {**event, "RequestType": "Update", "PhysicalResourceId": "agente-vendedor-migraciones"}
        assert handler(update, LambdaContext("ExportsFunction"))["estado"] == "FAILED"
        assert received[-1]["body"]["Status"] == "FAILED" and "Migraciones fallidas" in received[-1]["body"]["Reason"]
    finally:
        monkeypatch.undo()
        reset_caches()


def test_storage_failure_is_a_spanish_503_and_audited(
    s3_exports: tuple[Any, str], seeded: None, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPORTS_BUCKET", "bucket-que-no-existe")
    reset_caches()
    response = client.get("/exportar/ventas", headers=STAFF)
    assert response.status_code == 503 and "exportación" in response.json()["detail"]
    events = client.get("/logs/", params={"tipo": "exportacion_fallida"}, headers=STAFF).json()["items"]
    assert events[0]["detalle"]["reporte"] == "ventas" and events[0]["detalle"]["error"] in {
        "ClientError",
        "NoSuchBucket",
    }

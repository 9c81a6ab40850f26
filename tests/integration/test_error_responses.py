"""Error responses (contract §3): every 4xx declared in /openapi.json with the shared error schemas, malformed bodies
answered with a declared Spanish 4xx on every route that takes a body, and failures mapped in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError, ProgrammingError

from agente_vendedor.api.app import create_app
from agente_vendedor.schemas.errors import ErrorResponse, ValidationErrorResponse
from tests.conftest import STAFF, aws_from_template
from tests.e2e.contract_helpers import assert_spanish_error

pytestmark = pytest.mark.integration

APP = create_app()
OPENAPI = APP.openapi()
ERROR_SCHEMAS = {"ErrorResponse": ErrorResponse, "ValidationErrorResponse": ValidationErrorResponse}
CHAT_ROUTES = {"/chat/texto", "/chat/imagen", "/chat/audio", "/chat/subida", "/chat/historial/{chat_id}"}
# Contract §2: what an anonymous caller may use (plus the signed local download link); everything else is staff.
PUBLIC = {
    ("POST", "/chat/texto"), ("POST", "/chat/imagen"), ("POST", "/chat/audio"), ("POST", "/chat/subida"),
    ("GET", "/chat/historial/{chat_id}"),
    ("GET", "/productos/"), ("GET", "/productos/{sku}"), ("GET", "/empresa"), ("POST", "/classify"),
    ("GET", "/health"), ("GET", "/"), ("GET", "/info"), ("GET", "/chat/health"), ("POST", "/auth/"),
    ("GET", "/files/local/{archivo}"),
}  # fmt: skip
MB = 1024 * 1024


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in OPENAPI["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def _declared(method: str, path: str) -> dict[str, Any]:
    responses: dict[str, Any] = OPENAPI["paths"][path][method.lower()]["responses"]
    return responses


def _body_operations() -> list[tuple[str, str]]:
    return sorted((m, p) for m, p, op in _operations() if "requestBody" in op)


# --- what the document declares ----------------------------------------------------------------------------------


def test_every_error_status_names_one_of_the_shared_error_schemas() -> None:
    for method, path, operation in _operations():
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            schema = response["content"]["application/json"]["schema"]
            expected = "ValidationErrorResponse" if status == "422" else "ErrorResponse"
            assert schema == {"$ref": f"#/components/schemas/{expected}"}, (method, path, status, response)
    assert "HTTPValidationError" not in OPENAPI["components"]["schemas"]


def test_the_422_detail_is_the_validation_list_or_a_spanish_sentence() -> None:
    detail = OPENAPI["components"]["schemas"]["ValidationErrorResponse"]["properties"]["detail"]
    assert detail["anyOf"] == [
        {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
        {"type": "string"},
    ]
    assert OPENAPI["components"]["schemas"]["ErrorResponse"]["properties"]["detail"]["type"] == "string"


@pytest.mark.parametrize(("method", "path"), sorted((m, p) for m, p, _ in _operations()), ids=lambda value: value)
def test_each_operation_declares_the_errors_it_can_return(method: str, path: str) -> None:
    operation = OPENAPI["paths"][path][method.lower()]
    declared = set(operation["responses"])
    if (method, path) not in PUBLIC:
        assert {"401", "403"} <= declared
    if path in CHAT_ROUTES:
        assert "403" in declared  # the conversation's X-Chat-Token
    if "requestBody" in operation:
        assert {"400", "413", "415", "422"} <= declared
    if operation.get("parameters") or "requestBody" in operation:
        assert "422" in declared


def test_the_import_declares_its_json_and_csv_bodies() -> None:
    body = OPENAPI["paths"]["/productos/importar"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/ProductIn"}
    assert "ProductIn" in OPENAPI["components"]["schemas"]
    assert body["text/csv"]["schema"] == {"type": "string"}


# --- malformed bodies on every route that takes one --------------------------------------------------------------


@pytest.fixture(scope="module")
def client(database_url: str) -> Iterator[TestClient]:
    with aws_from_template():
        yield TestClient(APP)


def _concrete(path: str) -> str:
    return path.replace("{chat_id}", "qa_errores").replace("{sku}", "QA-ERR-1")


MALFORMED: dict[str, tuple[dict[str, str], bytes]] = {
    "multipart-sin-boundary": (
        {"Content-Type": "multipart/form-data"},
        b'--x\r\nContent-Disposition: form-data; name="a"',
    ),
    "multipart-boundary-vacio": ({"Content-Type": "multipart/form-data; boundary="}, b"--\r\n"),
    "multipart-roto": ({"Content-Type": "multipart/form-data; boundary=x"}, b"--x\r\nsin cabeceras\r\n--x"),
    "texto-plano": ({"Content-Type": "text/plain"}, b'{"mensaje": "hola"}'),
    "xml": ({"Content-Type": "application/xml"}, b"<a/>"),
    "formulario-urlencoded": ({"Content-Type": "application/x-www-form-urlencoded"}, b"chat_id=a&mensaje=b"),
    "json-mal-formado": ({"Content-Type": "application/json"}, b'{"chat_id": "a", '),
    "json-no-utf8": ({"Content-Type": "application/json"}, b'{"mensaje": "\xff\xfe"}'),
    "json-anidado": ({"Content-Type": "application/json"}, b"[" * 100_000),
    "json-enorme": ({"Content-Type": "application/json"}, b'"' + b"a" * (11 * MB) + b'"'),
    "multipart-enorme": ({"Content-Type": "multipart/form-data; boundary=x"}, b"a" * (11 * MB)),
    "sin-content-type": ({}, b'{"mensaje": "hola"}'),
    "vacio": ({"Content-Type": "application/json"}, b""),
}


def _assert_declared_error(response: Any, method: str, path: str) -> None:
    declared = _declared(method, path)
    assert str(response.status_code) in declared, (method, path, response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/json", response.headers
    reference = declared[str(response.status_code)]["content"]["application/json"]["schema"]["$ref"]
    ERROR_SCHEMAS[reference.rsplit("/", 1)[1]].model_validate(response.json())
    assert_spanish_error(response)


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize(("method", "path"), _body_operations(), ids=lambda value: value)
def test_a_malformed_body_gets_a_declared_spanish_4xx(client: TestClient, method: str, path: str, kind: str) -> None:
    headers, content = MALFORMED[kind]
    response = client.request(method, _concrete(path), content=content, headers={**STAFF, **headers})
    _assert_declared_error(response, method, path)


@pytest.mark.parametrize(("method", "path"), _body_operations(), ids=lambda value: value)
def test_a_body_of_a_type_the_route_does_not_read_is_a_415(client: TestClient, method: str, path: str) -> None:
    for content_type in ("application/xml", "multipart/form-data", "image/png"):
        response = client.request(
            method, _concrete(path), content=b"{}", headers={**STAFF, "Content-Type": content_type}
        )
        reads = OPENAPI["paths"][path][method.lower()]["requestBody"]["content"]
        if content_type not in reads:
            assert response.status_code == 415, (content_type, response.text)
            assert content_type in response.json()["detail"]


STAFF_BODY_OPERATIONS = [(m, p) for m, p in _body_operations() if (m, p) not in PUBLIC]


@pytest.mark.parametrize("kind", ["multipart-sin-boundary", "texto-plano", "json-mal-formado", "vacio"])
@pytest.mark.parametrize(("method", "path"), STAFF_BODY_OPERATIONS, ids=lambda value: value)
def test_a_staff_route_says_401_before_anything_about_the_body(
    client: TestClient, method: str, path: str, kind: str
) -> None:
    headers, content = MALFORMED[kind]
    response = client.request(method, _concrete(path), content=content, headers=headers)
    assert response.status_code == 401, response.text
    _assert_declared_error(response, method, path)


# --- what it found, fixed ----------------------------------------------------------------------------------------


def test_the_company_of_an_empty_database_is_answered(client: TestClient, db: None) -> None:
    response = client.get("/empresa")
    assert response.status_code == 200, response.text
    assert response.json() == {"nombre": "Sextinvalle", "secciones": []}


PRODUCT = {"sku": "QA-ERR-1", "nombre": "Casco", "categoria": "Cabeza", "precio": 1000, "stock": 3, "marca": "X"}


@pytest.mark.parametrize("field", ["nombre", "descripcion", "categoria", "precio", "stock", "sinonimos", "activo"])
def test_patching_a_required_product_field_to_null_is_a_422(client: TestClient, db: None, field: str) -> None:
    assert client.post("/productos/", json=PRODUCT, headers=STAFF).status_code == 201
    response = client.patch("/productos/QA-ERR-1", json={field: None}, headers=STAFF)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert client.patch("/productos/QA-ERR-1", json={"marca": None}, headers=STAFF).json()["marca"] is None


def test_a_value_postgresql_cannot_store_is_a_422(client: TestClient, db: None) -> None:
    response = client.put("/empresa", json={"nombre": "Nul\u0000", "secciones": []}, headers=STAFF)
    _assert_declared_error(response, "PUT", "/empresa")
    assert response.status_code == 422 and "NUL" in response.json()["detail"]


CSV_HEADER = "sku,nombre,descripcion,categoria,precio,stock,marca,sinonimos,activo"


def test_a_csv_with_old_mac_line_ends_is_imported(client: TestClient, db: None) -> None:
    csv_body = f"{CSV_HEADER}\rQA-CSV-1,Guantes,desc,Manos,9000,10,,guante|nitrilo,1\r"
    response = client.post("/productos/importar", content=csv_body, headers={**STAFF, "Content-Type": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.json() == {"creados": 1, "actualizados": 0, "errores": []}


def test_a_csv_the_parser_rejects_is_a_422(client: TestClient, db: None) -> None:
    csv_body = f"{CSV_HEADER}\nQA-CSV-2,{'x' * 200_000},desc,Manos,9000,10,,,1\n"
    response = client.post("/productos/importar", content=csv_body, headers={**STAFF, "Content-Type": "text/csv"})
    _assert_declared_error(response, "POST", "/productos/importar")
    assert response.status_code == 422 and "CSV" in response.json()["detail"]


# --- failures mapped in one place --------------------------------------------------------------------------------


def _failing_app(error: Callable[[], Exception]) -> TestClient:
    router = APIRouter()

    @router.get("/falla")
    def fail() -> None:
        raise error()

    return TestClient(create_app([router]), raise_server_exceptions=False)


def _database_error(sqlstate: str) -> Exception:
    return ProgrammingError("SELECT 1", {}, Exception({"S": "ERROR", "C": sqlstate, "M": "fila (1061789234, ...)"}))


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (lambda: _database_error("22021"), 422),  # data exception: NUL, out of range
        (lambda: _database_error("23505"), 409),  # unique violation
        (lambda: _database_error("23502"), 409),  # not-null violation
        (lambda: _database_error("40001"), 503),  # serialization failure: retry
        (lambda: _database_error(""), 503),
        (lambda: OperationalError("SELECT 1", {}, Exception("connection refused")), 503),
        (lambda: ClientError({"Error": {"Code": "ThrottlingException", "Message": "x"}}, "PutItem"), 503),
        (lambda: EndpointConnectionError(endpoint_url="http://dynamodb"), 503),
        (lambda: RuntimeError("bug"), 500),
    ],
    ids=[
        "sqlstate-22",
        "sqlstate-23505",
        "sqlstate-23502",
        "sqlstate-40",
        "sin-sqlstate",
        "operational",
        "aws-client",
        "aws-endpoint",
        "inesperado",
    ],
)
def test_failures_become_a_json_spanish_answer(
    error: Callable[[], Exception], status: int, caplog: pytest.LogCaptureFixture
) -> None:
    response = _failing_app(error).get("/falla")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    ErrorResponse.model_validate(response.json())
    if status != 500:
        assert_spanish_error(response, status)
    assert "Traceback" not in response.text and "bug" not in response.text
    assert "1061789234" not in caplog.text  # the driver's message may quote a row: never logged


def test_an_html_route_declares_its_errors_as_json() -> None:
    responses = _declared("GET", "/admin/")
    assert set(responses["200"]["content"]) == {"text/html"}
    for status in ("403", "422"):
        assert set(responses[status]["content"]) == {"application/json"}
    assert set(responses["401"]["content"]) == {"application/json", "text/html"}  # a browser gets the sign-in page


@pytest.mark.parametrize(
    "path", ["/clientes/%0A", "/productos/%0A", "/productos/a%09b", "/chat/historial/%00", "/x%0D"]
)
def test_a_path_with_a_control_character_is_a_422(client: TestClient, path: str) -> None:
    response = client.get(path, headers=STAFF)
    assert response.status_code == 422, response.text
    assert_spanish_error(response, 422)

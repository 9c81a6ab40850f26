"""functions/classify: `POST /classify` through the real handler, and bad input answered as the FastAPI app does."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from agente_vendedor.api.app import create_app
from local_stack.lambda_context import LambdaContext
from tests.lambda_functions import load_handler

EVENTS = Path(__file__).resolve().parents[2] / "events"


def _event(body: str | None = None, **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / "http_api_classify.json").read_text("utf-8"))
    if body is not None:
        event["body"] = body
    event.update(changes)
    return event


def _classify(event: dict[str, Any]) -> tuple[int, Any]:
    result = load_handler("classify")(event, LambdaContext("ClassifyFunction"))
    if "body" in result:
        assert result["headers"] == {"Content-Type": "application/json"}
    return result["statusCode"], json.loads(result["body"])


def test_sample_event_is_classified() -> None:
    status, body = _classify(_event())
    assert status == 200
    assert body["tipo_mensaje"] == "venta" and 0 <= body["confianza"] <= 1
    assert body["entidades"] == {
        "productos": [],  # no catalogue in unit tests: the rules decide alone
        "cantidades": [50],
        "cedula": "16498321",
        "telefono": None,
        "email": None,
    }


def test_base64_body_is_decoded() -> None:
    body = base64.b64encode(b'{"mensaje": "quiero 3 cascos"}').decode()
    status, answer = _classify(_event(body, isBase64Encoded=True))
    assert status == 200 and answer["entidades"]["cantidades"] == [3]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("{}", [{"loc": ["body", "mensaje"], "msg": "Campo obligatorio", "type": "missing"}]),
        (
            '{"mensaje": ""}',
            [{"loc": ["body", "mensaje"], "msg": "Texto demasiado corto (límite 1)", "type": "string_too_short"}],
        ),
        (
            '{"mensaje": "   "}',
            [{"loc": ["body", "mensaje"], "msg": "Texto demasiado corto (límite 1)", "type": "string_too_short"}],
        ),
        ('{"mensaje": 5}', [{"loc": ["body", "mensaje"], "msg": "Debe ser texto", "type": "string_type"}]),
        (
            json.dumps({"mensaje": "x" * 2001}),
            [{"loc": ["body", "mensaje"], "msg": "Texto demasiado largo (límite 2000)", "type": "string_too_long"}],
        ),
        ("esto no es json", [{"loc": ["body", "0"], "msg": "El cuerpo no es un JSON válido", "type": "json_invalid"}]),
        ("[1, 2]", [{"loc": ["body"], "msg": "Debe ser un objeto JSON", "type": "model_attributes_type"}]),
        ("", [{"loc": ["body"], "msg": "Campo obligatorio", "type": "missing"}]),
    ],
)
def test_bad_body_is_a_422_with_spanish_detail(body: str, detail: list[dict[str, Any]]) -> None:
    assert _classify(_event(body)) == (422, {"detail": detail})


def test_missing_body_is_a_422() -> None:
    event = _event()
    del event["body"]
    assert _classify(event) == (422, {"detail": [{"loc": ["body"], "msg": "Campo obligatorio", "type": "missing"}]})


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_by_its_content_type_is_a_415(content_type: str) -> None:
    event = _event('{"mensaje": "hola"}')
    event["headers"]["content-type"] = content_type
    assert _classify(event) == (
        415,
        {"detail": f"Tipo de contenido no soportado ({content_type}): esta ruta recibe application/json."},
    )
    event["headers"]["content-type"] = "application/json; charset=utf-8"
    assert _classify(event)[0] == 200


def test_json_nested_too_deep_is_a_400() -> None:
    status, body = _classify(_event("[" * 100_000))
    assert status == 400 and "no se pudo leer" in body["detail"]


def test_body_over_1_mb_is_a_413() -> None:
    status, body = _classify(_event(json.dumps({"mensaje": "x" * (1024 * 1024)})))
    assert (status, body) == (413, {"detail": "El cuerpo de la solicitud supera el límite de 1 MB."})


def test_body_that_is_not_utf8_is_a_400() -> None:
    body = base64.b64encode(b'{"mensaje": "\xff"}').decode()
    assert _classify(_event(body, isBase64Encoded=True)) == (
        400,
        {"detail": "El cuerpo debe ser JSON codificado en UTF-8."},
    )


def test_an_event_that_is_not_an_http_api_event_gets_400() -> None:
    assert _classify({"body": '{"mensaje": "hola"}'}) == (400, {"detail": "Evento HTTP inválido."})


def test_bad_input_gets_the_same_answer_as_from_the_fastapi_app() -> None:
    client = TestClient(create_app())
    for body in ("{}", '{"mensaje": ""}', '{"mensaje": 5}', "no json", "[1]", "null", "", "[" * 100_000):
        expected = client.post("/classify", content=body, headers={"content-type": "application/json"})
        assert _classify(_event(body)) == (expected.status_code, expected.json()), body
    for content_type in ("text/plain", "multipart/form-data", "multipart/form-data; boundary=x"):
        expected = client.post("/classify", content='{"mensaje": "hola"}', headers={"content-type": content_type})
        event = _event('{"mensaje": "hola"}')
        event["headers"]["content-type"] = content_type
        assert _classify(event) == (expected.status_code, expected.json()), content_type

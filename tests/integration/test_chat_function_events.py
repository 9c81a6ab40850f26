"""The chat Lambda handler (Mangum included) answers the sample HTTP API v2 events in events/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from local_stack.lambda_context import LambdaContext
from tests.lambda_functions import load_handler

pytestmark = pytest.mark.integration

EVENTS = Path(__file__).resolve().parents[2] / "events"


def _event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text("utf-8"))


@pytest.fixture
def chat_handler(db: None) -> Any:
    return load_handler("chat")


def test_post_then_search_through_the_handler(chat_handler: Any) -> None:
    created = chat_handler(_event("http_api_post_producto.json"), LambdaContext("ChatFunction"))
    assert created["statusCode"] == 201, created
    assert json.loads(created["body"])["sku"] == "EVT-CAB-001"

    found = chat_handler(_event("http_api_get_productos.json"), LambdaContext("ChatFunction"))
    assert found["statusCode"] == 200
    body = json.loads(found["body"])
    assert [item["sku"] for item in body["items"]] == ["EVT-CAB-001"]
    assert body["limit"] == 5


def test_anonymous_post_is_refused(chat_handler: Any) -> None:
    event = _event("http_api_post_producto.json")
    del event["headers"]["authorization"]
    response = chat_handler(event, LambdaContext("ChatFunction"))
    assert response["statusCode"] == 401
    assert "token" in json.loads(response["body"])["detail"]

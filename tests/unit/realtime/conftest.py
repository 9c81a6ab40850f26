"""WebSocket handler tests: moto in-process DynamoDB, a botocore Stubber for @connections, a stand-in pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from agente_vendedor.conversation import turn_pipeline
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.schemas.catalog import ProductBrief
from agente_vendedor.schemas.chat import ChatResponse
from agente_vendedor.schemas.inbox import ChatSummary
from local_stack.aws_resources import TABLE_NAME_SETTINGS, table_definitions
from tests.conftest import reset_caches

EVENTS = Path(__file__).resolve().parents[3] / "events"
EVENT_DOMAIN = "k2x7q9w4ab.execute-api.us-east-1.amazonaws.com"
EVENT_CONNECTION = "Lp0rYeXYIAMCJYw="


def load_event(name: str, **body: Any) -> dict[str, Any]:
    """A sample event from events/; keyword arguments replace the JSON body (for message events)."""
    event: dict[str, Any] = json.loads((EVENTS / name).read_text("utf-8"))
    if body:
        event["body"] = json.dumps(body, ensure_ascii=False)
    return event


@pytest.fixture(scope="session")
def table_kwargs() -> dict[str, dict[str, Any]]:
    """`create_table` arguments of the template's DynamoDB tables, by settings field (read once: YAML is slow)."""
    definitions = table_definitions()
    return {setting: definitions[logical_id] for logical_id, setting in TABLE_NAME_SETTINGS.items()}


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, table_kwargs: dict[str, dict[str, Any]]) -> Iterator[None]:
    """DynamoDB tables as template.yaml defines them, in moto (in-process)."""
    monkeypatch.delenv("WS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    reset_caches()
    with mock_aws():
        settings = get_settings()
        dynamodb = boto3.client("dynamodb", region_name=settings.aws_region)
        for setting, kwargs in table_kwargs.items():
            dynamodb.create_table(TableName=getattr(settings, setting), **kwargs)
        yield
    reset_caches()


@dataclass
class ManagementApi:
    """What the handler posted to @connections: (connection id, event) in order; GoneException on demand."""

    stubber: Stubber
    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)
    closed: list[str] = field(default_factory=list)  # connections the code disconnected (DELETE @connections)

    def events(self, connection_id: str = EVENT_CONNECTION) -> list[dict[str, Any]]:
        return [event for target, event in self.posts if target == connection_id]

    def types(self, connection_id: str = EVENT_CONNECTION) -> list[str]:
        return [event["type"] for event in self.events(connection_id)]


@pytest.fixture
def management(aws: None) -> Iterator[Callable[[str], ManagementApi]]:
    """`management(endpoint)` stubs the @connections client the code gets for that endpoint."""
    active: list[Stubber] = []

    def stub(endpoint: str) -> ManagementApi:
        api_client = client("apigatewaymanagementapi", endpoint)
        api = ManagementApi(Stubber(api_client))

        def record(params: dict[str, Any], **_: Any) -> None:
            connection_id = params["ConnectionId"]
            api.posts.append((connection_id, json.loads(params["Data"])))
            if connection_id in api.gone:
                api.stubber.add_client_error(
                    "post_to_connection",
                    service_error_code="GoneException",
                    service_message=f"Connection {connection_id} is gone",
                    http_status_code=410,
                )
            else:
                api.stubber.add_response("post_to_connection", {})

        def close(params: dict[str, Any], **_: Any) -> None:
            api.closed.append(params["ConnectionId"])
            api.stubber.add_response("delete_connection", {})

        api_client.meta.events.register("provide-client-params.apigatewaymanagementapi.PostToConnection", record)
        api_client.meta.events.register("provide-client-params.apigatewaymanagementapi.DeleteConnection", close)
        api.stubber.activate()
        active.append(api.stubber)
        return api

    yield stub
    for stubber in active:
        stubber.deactivate()


@dataclass
class FakePipeline:
    """Stands in for turn_pipeline.process_message: streams fixed phrases, counts calls."""

    phrases: tuple[str, ...] = ("Hola, ", "tenemos cascos de seguridad ", "desde $38.000. ", "¿Cuántos necesitas?")
    calls: list[dict[str, Any]] = field(default_factory=list)
    error: Exception | None = None
    summary: ChatSummary | None = None  # given to `on_committed` when set (a committed customer turn)

    @property
    def answer(self) -> str:
        return "".join(self.phrases)

    def __call__(
        self,
        chat_id: str,
        mensaje: str,
        tono: str = "amigable",
        *,
        staff: bool = False,
        on_chunk: Callable[[str], None] | None = None,
        on_committed: Callable[[ChatSummary], object] | None = None,
    ) -> ChatResponse:
        self.calls.append({"chat_id": chat_id, "mensaje": mensaje, "tono": tono, "staff": staff})
        if self.error is not None:
            raise self.error
        for phrase in self.phrases:
            if on_chunk is not None:
                on_chunk(phrase)
        if on_committed is not None and self.summary is not None:
            on_committed(self.summary)
        return ChatResponse(
            chat_id=chat_id,
            respuesta=self.answer,
            tipo_mensaje="inventario",
            productos=[ProductBrief(sku="CAS-001", nombre="Casco de seguridad", precio=38000, stock=40)],
            metadatos={"proveedor_llm": "offline", "latencia_ms": 3},
        )


@pytest.fixture
def pipeline(monkeypatch: pytest.MonkeyPatch) -> FakePipeline:
    fake = FakePipeline()
    monkeypatch.setattr(turn_pipeline, "process_message", fake)
    return fake

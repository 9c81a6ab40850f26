"""X-Ray subsegments sent to a daemon over UDP (a local UDP socket plays the Lambda X-Ray daemon): Gemini, PostgreSQL
and AWS API calls become subsegments of the invocation's trace when it is sampled; nothing is sent otherwise."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from agente_vendedor.platform import tracing

pytestmark = pytest.mark.integration

ROOT = "1-67891233-abcdef012345678912345678"
PARENT = "53995c3f42cd8ad8"


@pytest.fixture
def daemon(monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    listener.settimeout(2)
    host, port = listener.getsockname()
    monkeypatch.setenv(tracing.DAEMON_ADDRESS_ENV, f"{host}:{port}")
    monkeypatch.setenv(tracing.TRACE_HEADER_ENV, f"Root={ROOT};Parent={PARENT};Sampled=1")
    yield listener
    listener.close()


def received(listener: socket.socket) -> dict[str, Any]:
    data = listener.recv(65536)
    header, body = data.split(b"\n", 1)
    assert json.loads(header) == {"format": "json", "version": 1}
    document: dict[str, Any] = json.loads(body)
    return document


def test_a_block_becomes_a_subsegment_of_the_invocation(daemon: socket.socket) -> None:
    with tracing.subsegment("Gemini", annotations={"operation": "generateContent"}):
        pass
    document = received(daemon)
    assert (document["type"], document["name"], document["namespace"]) == ("subsegment", "Gemini", "remote")
    assert (document["trace_id"], document["parent_id"]) == (ROOT, PARENT)
    assert document["end_time"] >= document["start_time"] and len(document["id"]) == 16
    assert document["annotations"] == {"operation": "generateContent"} and "fault" not in document


def test_a_failure_is_marked_and_still_raised(daemon: socket.socket) -> None:
    with pytest.raises(TimeoutError), tracing.subsegment("Gemini"):
        raise TimeoutError
    document = received(daemon)
    assert document["fault"] is True and document["cause"]["exceptions"][0]["type"] == "TimeoutError"


@pytest.mark.parametrize("header", ["", f"Root={ROOT};Parent={PARENT};Sampled=0", f"Root={ROOT};Sampled=1"])
def test_nothing_is_sent_without_a_sampled_trace(
    daemon: socket.socket, monkeypatch: pytest.MonkeyPatch, header: str
) -> None:
    monkeypatch.setenv(tracing.TRACE_HEADER_ENV, header)
    with tracing.subsegment("Gemini"):
        pass
    daemon.settimeout(0.2)
    with pytest.raises(TimeoutError):
        daemon.recv(65536)


def test_postgresql_statements_are_subsegments_without_their_values(daemon: socket.socket, database_url: str) -> None:
    from sqlalchemy import text

    from agente_vendedor.db.engine import build_engine

    engine = build_engine(database_url)
    with engine.connect() as connection:
        connection.execute(text("SELECT :cedula AS x"), {"cedula": "1032456789"})
    statements = []
    while True:  # the connection's own first statements come too (server version, isolation level)
        document = received(daemon)
        statements.append(document)
        if "AS x" in document["sql"]["sanitized_query"]:
            break
    document = statements[-1]
    assert document["name"] == "PostgreSQL" and document["sql"]["database_type"] == "PostgreSQL"
    assert "1032456789" not in json.dumps(statements)
    engine.dispose()


def test_aws_calls_are_subsegments(daemon: socket.socket, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        dynamodb = boto3.client("dynamodb")
        tracing.trace_aws_calls(dynamodb)
        dynamodb.list_tables()
    document = received(daemon)
    assert document["name"] == "DynamoDB" and document["aws"]["operation"] == "ListTables"
    assert document["http"]["response"]["status"] == 200

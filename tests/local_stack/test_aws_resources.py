"""create_resources over HTTP against a real moto_server subprocess, as `make dev` uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agente_vendedor.core.settings import Settings
from local_stack.aws_resources import create_resources, load_template
from local_stack.moto_server import MotoServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    with MotoServer() as server:
        yield server


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(
        sessions_table="it-sesiones",
        connections_table="it-conexiones",
        idempotency_table="it-idempotencia",
        exports_bucket="it-exportes",
        export_retention_days=7,
    )


@pytest.fixture(scope="module")
def created(moto: MotoServer, settings: Settings) -> MotoServer:
    create_resources(moto.client("dynamodb"), moto.client("s3"), settings)
    return moto


def test_tables_have_the_template_keys_and_ttl(created: MotoServer, settings: Settings) -> None:
    dynamodb = created.client("dynamodb")
    template = load_template()["Resources"]
    expected = {
        settings.sessions_table: ("SessionsTable", "expira"),
        settings.connections_table: ("ConnectionsTable", "expira"),
        settings.idempotency_table: ("IdempotencyTable", "expiration"),
    }
    assert set(expected) <= set(dynamodb.list_tables()["TableNames"])
    for name, (logical_id, ttl_attribute) in expected.items():
        table = dynamodb.describe_table(TableName=name)["Table"]
        assert table["KeySchema"] == template[logical_id]["Properties"]["KeySchema"]
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert ttl["TimeToLiveStatus"] == "ENABLED"
        assert ttl["AttributeName"] == ttl_attribute


def test_connections_index_answers_queries(created: MotoServer, settings: Settings) -> None:
    dynamodb = created.client("dynamodb")
    for connection_id in ("c1", "c2"):
        dynamodb.put_item(
            TableName=settings.connections_table,
            Item={"connection_id": {"S": connection_id}, "chat_id": {"S": "demo_001"}, "expira": {"N": "4102444800"}},
        )
    found = dynamodb.query(
        TableName=settings.connections_table,
        IndexName="por_chat",
        KeyConditionExpression="chat_id = :chat",
        ExpressionAttributeValues={":chat": {"S": "demo_001"}},
    )["Items"]
    assert sorted(item["connection_id"]["S"] for item in found) == ["c1", "c2"]


def test_exports_bucket_lifecycle_and_privacy(created: MotoServer, settings: Settings) -> None:
    s3 = created.client("s3")
    rules = {
        rule["ID"]: rule for rule in s3.get_bucket_lifecycle_configuration(Bucket=settings.exports_bucket)["Rules"]
    }
    assert rules["expirar-exportes"]["Status"] == "Enabled"
    assert rules["expirar-exportes"]["Expiration"] == {"Days": settings.export_retention_days}
    assert rules["expirar-exportes"]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 1
    assert rules["limpiar-marcadores-de-borrado"]["Expiration"] == {"ExpiredObjectDeleteMarker": True}
    block = s3.get_public_access_block(Bucket=settings.exports_bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    assert s3.get_bucket_versioning(Bucket=settings.exports_bucket)["Status"] == "Enabled"


def test_creating_again_changes_nothing(created: MotoServer, settings: Settings) -> None:
    dynamodb, s3 = created.client("dynamodb"), created.client("s3")
    s3.put_object(Bucket=settings.exports_bucket, Key="exports/x.csv", Body=b"a,b\n")
    create_resources(dynamodb, s3, settings)
    assert s3.get_object(Bucket=settings.exports_bucket, Key="exports/x.csv")["Body"].read() == b"a,b\n"
    assert dynamodb.describe_table(TableName=settings.sessions_table)["Table"]["TableStatus"] == "ACTIVE"

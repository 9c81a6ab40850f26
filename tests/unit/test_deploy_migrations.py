"""The DatabaseMigrations custom resource: what CloudFormation is told, without a database or network."""

from __future__ import annotations

import pytest

from agente_vendedor.ops.deploy_migrations import PHYSICAL_RESOURCE_ID, migrate
from agente_vendedor.platform.cloudformation import (
    CustomResourceOutcome,
    CustomResourceRequest,
    response_body,
    send_response,
)

REQUEST = CustomResourceRequest(
    request_type="Delete",
    response_url="https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=abc",
    stack_id="arn:aws:cloudformation:us-east-1:123456789012:stack/agente-vendedor/1",
    request_id="req-1",
    logical_resource_id="DatabaseMigrations",
    physical_resource_id="agente-vendedor-migraciones",
)


def test_delete_never_touches_the_schema() -> None:
    outcome = migrate(REQUEST)
    assert outcome.status == "SUCCESS" and outcome.physical_resource_id == PHYSICAL_RESOURCE_ID


def test_response_body_has_what_cloudformation_expects() -> None:
    body = response_body(REQUEST, CustomResourceOutcome("FAILED", "x" * 5000, "id-1", {"Revision": "0001"}))
    assert body["Status"] == "FAILED" and len(body["Reason"]) == 1000
    assert (body["StackId"], body["RequestId"], body["LogicalResourceId"]) == (
        REQUEST.stack_id,
        "req-1",
        "DatabaseMigrations",
    )
    assert body["PhysicalResourceId"] == "id-1" and body["Data"] == {"Revision": "0001"}


def test_only_http_response_urls() -> None:
    request = CustomResourceRequest("Create", "file:///etc/passwd", "s", "r", "L")
    with pytest.raises(ValueError, match="http"):
        send_response(request, CustomResourceOutcome("SUCCESS", "", "id"))

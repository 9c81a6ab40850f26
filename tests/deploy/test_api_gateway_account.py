"""The `ApiGatewayAccountSetup` custom resource's inline code (from template.yaml), run against moto's API Gateway and
IAM: a new account gets this stack's CloudWatch Logs role; an account that has a working role keeps it."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local_stack.aws_resources import load_template

STACK_ROLE = "agente-apigw-logs"


class FakeCfnResponse(types.ModuleType):
    """The `cfnresponse` module Lambda provides to inline code, keeping what would be sent to CloudFormation."""

    SUCCESS = "SUCCESS"
    FAILED = "FAILED"

    def __init__(self) -> None:
        super().__init__("cfnresponse")
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def send(self, event: Any, context: Any, status: str, data: dict[str, Any], physical_id: str) -> None:
        self.sent.append((status, data))


@pytest.fixture
def setup_code(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[types.ModuleType, FakeCfnResponse]]:
    code = load_template()["Resources"]["ApiGatewayAccountSetupFunction"]["Properties"]["Code"]["ZipFile"]
    responses = FakeCfnResponse()
    monkeypatch.setitem(sys.modules, "cfnresponse", responses)
    module = types.ModuleType("apigateway_account_setup")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        exec(compile(code, "ApiGatewayAccountSetupFunction", "exec"), module.__dict__)  # noqa: S102 - the template's own code
        yield module, responses


def make_role(name: str) -> str:
    trust = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]
    }
    return str(
        boto3.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    )


def account_role() -> str | None:
    return boto3.client("apigateway").get_account().get("cloudwatchRoleArn")


def create_event(role_arn: str) -> dict[str, Any]:
    return {"RequestType": "Create", "ResourceProperties": {"RoleArn": role_arn}}


def test_a_new_account_gets_the_stacks_role(setup_code: tuple[types.ModuleType, FakeCfnResponse]) -> None:
    module, responses = setup_code
    ours = make_role(STACK_ROLE)
    assert not account_role()
    module.handler(create_event(ours), None)
    assert account_role() == ours
    assert responses.sent == [("SUCCESS", {"RoleArn": ours, "Set": "true"})]


def test_an_account_with_a_working_role_keeps_it(setup_code: tuple[types.ModuleType, FakeCfnResponse]) -> None:
    module, responses = setup_code
    theirs = make_role("their-apigw-logs")
    boto3.client("apigateway").update_account(
        patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": theirs}]
    )
    module.handler(create_event(make_role(STACK_ROLE)), None)
    assert account_role() == theirs
    assert responses.sent == [("SUCCESS", {"RoleArn": theirs, "Set": "false"})]


def test_a_role_that_no_longer_exists_is_replaced(setup_code: tuple[types.ModuleType, FakeCfnResponse]) -> None:
    module, responses = setup_code
    gone = "arn:aws:iam::123456789012:role/deleted-with-its-stack"
    boto3.client("apigateway").update_account(
        patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": gone}]
    )
    ours = make_role(STACK_ROLE)
    module.handler(create_event(ours), None)
    assert account_role() == ours
    assert responses.sent[0][0] == "SUCCESS"


def test_delete_leaves_the_account_as_it_is_and_failures_are_answered(
    setup_code: tuple[types.ModuleType, FakeCfnResponse],
) -> None:
    module, responses = setup_code
    ours = make_role(STACK_ROLE)
    module.handler(create_event(ours), None)
    module.handler({"RequestType": "Delete", "ResourceProperties": {"RoleArn": ours}}, None)
    assert account_role() == ours, "other stacks' APIs may log with it; the role itself is retained"
    module.handler({"RequestType": "Create", "ResourceProperties": {}}, None)  # no RoleArn: answered FAILED
    assert [status for status, _ in responses.sent] == ["SUCCESS", "SUCCESS", "FAILED"]

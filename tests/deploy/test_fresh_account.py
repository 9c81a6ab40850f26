"""`sam deploy --guided` answered with Enter everywhere works on a new AWS account: every parameter has a default, and
each default that a fresh account needs is asserted here on the synthesised template (what CloudFormation receives).

New accounts: Lambda concurrency limit 10 (and 10 must stay unreserved), no API Gateway CloudWatch Logs role, only a
default VPC with public subnets (a function there gets no internet). Idle cost: Aurora pauses, no NAT gateway.
"""

from __future__ import annotations

from typing import Any

import pytest

from agente_vendedor.platform import turn_metrics
from tests.deploy.effective import Stack

NEW_ACCOUNT_CONCURRENCY_LIMIT = 10
UNRESERVED_MINIMUM = 10
PRIVATE_SUBNETS = [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}]


@pytest.fixture(scope="module")
def defaults(synthesised: dict[str, Any]) -> Stack:
    return Stack(synthesised)


def functions(stack: Stack) -> dict[str, dict[str, Any]]:
    found = stack.resources("AWS::Lambda::Function")
    assert len(found) >= 5
    return found


def test_every_parameter_has_a_default_and_the_defaults_pass_the_rules(defaults: Stack) -> None:
    missing = [name for name, spec in defaults.template["Parameters"].items() if "Default" not in spec]
    assert missing == []
    assert defaults.failed_rules() == []


def test_no_function_reserves_concurrency_unless_a_parameter_asks(synthesised: dict[str, Any], defaults: Stack) -> None:
    reserved = {
        name: function["Properties"]["ReservedConcurrentExecutions"]
        for name, function in functions(defaults).items()
        if "ReservedConcurrentExecutions" in function["Properties"]
    }
    assert reserved == {}
    assert sum(reserved.values()) <= NEW_ACCOUNT_CONCURRENCY_LIMIT - UNRESERVED_MINIMUM
    asked = Stack(synthesised, {"ChatReservedConcurrency": 40}).resources("AWS::Lambda::Function")
    assert asked["ChatFunction"]["Properties"]["ReservedConcurrentExecutions"] == 40
    assert "ReservedConcurrentExecutions" not in asked["ClassifyFunction"]["Properties"]


def test_the_default_network_is_a_new_vpc_with_private_subnets_a_nat_instance_and_gateway_endpoints(
    defaults: Stack,
) -> None:
    resources = defaults.resources()
    assert resources["Vpc"]["Properties"]["CidrBlock"] == "10.40.0.0/16"
    zones = {
        resources[name]["Properties"]["AvailabilityZone"]["Fn::Select"][0]
        for name in ("PrivateSubnetA", "PrivateSubnetB")
    }
    assert zones == {0, 1}, "Aurora's subnet group needs two AZs"
    assert resources["PublicSubnet"]["Properties"]["MapPublicIpOnLaunch"] is False
    route = resources["PrivateDefaultRoute"]["Properties"]
    assert route["DestinationCidrBlock"] == "0.0.0.0/0"
    assert route == {**route, "NetworkInterfaceId": {"Ref": "NatInstanceInterface"}} and "NatGatewayId" not in route
    assert "NatGateway" not in resources
    assert resources["NatInstance"]["Properties"]["InstanceType"] == "t4g.nano"
    assert resources["NatInstanceInterface"]["Properties"]["SourceDestCheck"] is False
    endpoints = {
        props["ServiceName"]["Fn::Sub"].rsplit(".", 1)[-1]: props
        for props in (r["Properties"] for r in defaults.resources("AWS::EC2::VPCEndpoint").values())
    }
    assert set(endpoints) == {"dynamodb", "s3"}, "only the free gateway endpoints by default"
    for endpoint in endpoints.values():
        assert endpoint["VpcEndpointType"] == "Gateway"
        assert endpoint["RouteTableIds"] == [{"Ref": "PrivateRouteTable"}]
    for name, function in functions(defaults).items():
        if "VpcConfig" in function["Properties"]:
            assert function["Properties"]["VpcConfig"]["SubnetIds"] == PRIVATE_SUBNETS, name
    assert resources["DatabaseSubnetGroup"]["Properties"]["SubnetIds"] == PRIVATE_SUBNETS
    migrations = resources["DatabaseMigrations"]["Properties"]
    assert migrations["NetworkReady"] == {"Ref": "PrivateDefaultRoute"}, "migrations wait for the NAT route"


def test_the_nat_gateway_option_routes_through_a_managed_gateway(synthesised: dict[str, Any]) -> None:
    resources = Stack(synthesised, {"NetworkMode": "NewVpcNatGateway"}).resources()
    assert resources["PrivateDefaultRoute"]["Properties"]["NatGatewayId"] == {"Ref": "NatGateway"}
    assert "NatInstance" not in resources and "NatInstanceInterface" not in resources


def test_existing_subnets_create_no_network_and_need_their_ids(synthesised: dict[str, Any]) -> None:
    without_ids = Stack(synthesised, {"NetworkMode": "ExistingSubnets"})
    assert without_ids.failed_rules() == [
        "NetworkMode ExistingSubnets needs VpcId.",
        "NetworkMode ExistingSubnets needs SubnetIds (private, in two AZs).",
    ]
    stack = Stack(
        synthesised,
        {"NetworkMode": "ExistingSubnets", "VpcId": "vpc-0123456789abcdef0", "SubnetIds": "subnet-a1,subnet-b2"},
    )
    assert stack.failed_rules() == []
    resources = stack.resources()
    assert not {"Vpc", "NatInstance", "NatGateway", "PrivateDefaultRoute", "DynamoDbEndpoint"} & set(resources)
    assert resources["ChatFunction"]["Properties"]["VpcConfig"]["SubnetIds"] == ["subnet-a1", "subnet-b2"]
    assert resources["LambdaSecurityGroup"]["Properties"]["VpcId"] == "vpc-0123456789abcdef0"
    assert resources["DatabaseMigrations"]["Properties"]["NetworkReady"] == "existing-subnets"


def test_the_api_gateway_logs_role_is_set_only_when_the_account_has_none(
    synthesised: dict[str, Any], defaults: Stack
) -> None:
    resources = defaults.resources()
    assert "ApiGatewayAccountSetup" in resources
    assert not defaults.resources("AWS::ApiGateway::Account"), "AWS::ApiGateway::Account overwrites the account's role"
    assert resources["ApiGatewayCloudWatchRole"]["DeletionPolicy"] == "Retain"
    tags = resources["WebSocketStage"]["Properties"]["Tags"]
    assert tags["ApiGatewayAccount"] == {"Fn::GetAtt": ["ApiGatewayAccountSetup", "Set"]}, "the stage waits for it"
    untouched = Stack(synthesised, {"CreateApiGatewayAccountRole": "false"}).resources()
    assert "ApiGatewayAccountSetup" not in untouched


def test_demo_data_is_off(defaults: Stack) -> None:
    for name, function in functions(defaults).items():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        if "AGENTE_DEMO_DATA" in variables:
            assert variables["AGENTE_DEMO_DATA"] == "0", name


def test_aurora_pauses_when_idle(synthesised: dict[str, Any], defaults: Stack) -> None:
    scaling = defaults.resources()["DatabaseCluster"]["Properties"]["ServerlessV2ScalingConfiguration"]
    assert scaling == {"MinCapacity": 0, "MaxCapacity": 4, "SecondsUntilAutoPause": 900}
    always_on = Stack(synthesised, {"MinACU": 0.5}).resources()["DatabaseCluster"]["Properties"]
    assert "SecondsUntilAutoPause" not in always_on["ServerlessV2ScalingConfiguration"]


def test_no_paid_interface_endpoint_or_nat_gateway_by_default(defaults: Stack) -> None:
    assert not defaults.resources("AWS::EC2::NatGateway")
    interface = [
        r
        for r in defaults.resources("AWS::EC2::VPCEndpoint").values()
        if r["Properties"]["VpcEndpointType"] == "Interface"
    ]
    assert interface == []


def test_new_versions_go_out_as_canaries_rolled_back_by_their_alarms(defaults: Stack) -> None:
    groups = defaults.resources("AWS::CodeDeploy::DeploymentGroup")
    assert set(groups) == {"ChatFunctionDeploymentGroup", "ClassifyFunctionDeploymentGroup"}
    alarms = defaults.resources("AWS::CloudWatch::Alarm")
    for name, group in groups.items():
        properties = group["Properties"]
        assert properties["DeploymentConfigName"]["Fn::Sub"][1] == {"ConfigName": "Canary10Percent5Minutes"}
        assert "DEPLOYMENT_STOP_ON_ALARM" in properties["AutoRollbackConfiguration"]["Events"]
        (alarm,) = properties["AlarmConfiguration"]["Alarms"]
        dimensions = {d["Name"]: d["Value"] for d in alarms[alarm["Name"]["Ref"]]["Properties"]["Dimensions"]}
        function = name.removesuffix("DeploymentGroup")
        assert dimensions == {"FunctionName": {"Ref": function}, "Resource": {"Fn::Sub": f"${{{function}}}:live"}}


def test_every_alarm_notifies_the_topic_and_e_mail_is_optional(synthesised: dict[str, Any], defaults: Stack) -> None:
    alarms = defaults.resources("AWS::CloudWatch::Alarm")
    assert {
        "DeadLetterQueueAlarm",
        "LambdaErrorsAlarm",
        "LambdaThrottlesAlarm",
        "HttpApi5xxAlarm",
        "WebSocketIntegrationErrorsAlarm",
        "DatabaseCapacityAlarm",
        "DatabaseConnectionsAlarm",
        "LlmFallbackRateAlarm",
        "GeminiConfigurationAlarm",
    } <= set(alarms)
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
    assert not defaults.resources("AWS::SNS::Subscription")
    subscribed = Stack(synthesised, {"AlarmEmail": "ops@example.com"}).resources("AWS::SNS::Subscription")
    assert [s["Properties"]["Endpoint"] for s in subscribed.values()] == ["ops@example.com"]
    (budget,) = defaults.resources("AWS::Budgets::Budget").values()
    assert budget["Properties"]["Budget"]["BudgetLimit"] == {"Amount": 30, "Unit": "USD"}
    assert len(defaults.resources("AWS::CloudWatch::Dashboard")) == 1


def test_the_model_alarms_read_the_metrics_the_code_writes(defaults: Stack) -> None:
    alarms = defaults.resources("AWS::CloudWatch::Alarm")
    fallback = {
        query["MetricStat"]["Metric"]["MetricName"]
        for query in alarms["LlmFallbackRateAlarm"]["Properties"]["Metrics"]
        if "MetricStat" in query
    }
    assert fallback == {turn_metrics.MODEL_TURNS, turn_metrics.OFFLINE_FALLBACKS}
    assert alarms["GeminiConfigurationAlarm"]["Properties"]["MetricName"] == turn_metrics.MODEL_CONFIGURATION_ERRORS
    for name in ("LlmFallbackRateAlarm", "GeminiConfigurationAlarm"):
        text = str(alarms[name]["Properties"])
        assert "'Namespace': 'AgenteVendedor'" in text and "'Value': 'agente-vendedor'" in text


def test_classify_may_read_the_gemini_key(defaults: Stack) -> None:
    role = defaults.resources()["ClassifyFunctionRole"]["Properties"]
    statements = [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]
    readable = [s["Resource"] for s in statements if "secretsmanager:GetSecretValue" in str(s["Action"])]
    assert any("GeminiApiKeySecret" in str(resource) for resource in readable)


def test_the_dashboard_is_valid_json_and_shows_every_alarm(defaults: Stack) -> None:
    import json
    import re

    (dashboard,) = defaults.resources("AWS::CloudWatch::Dashboard").values()
    body, variables = dashboard["Properties"]["DashboardBody"]["Fn::Sub"]
    names = set(re.findall(r"\$\{([^}]+)\}", body))
    resources = set(defaults.template["Resources"]) | set(defaults.parameters) | set(variables)
    assert {name.split(".")[0] for name in names} - {"AWS::Region"} <= resources, "every ${...} names something"
    widgets = json.loads(re.sub(r"\$\{([^}]+)\}", "x", body))["widgets"]
    [alarm_widget] = [w for w in widgets if w["type"] == "alarm"]
    shown = set(re.findall(r"\$\{(\w+)\.Arn\}", body))
    alarms = {name for name in defaults.resources("AWS::CloudWatch::Alarm") if "Canary" not in name}
    assert shown == alarms and len(alarm_widget["properties"]["alarms"]) == len(alarms)

"""template.yaml keeps its production shape and security properties; the local resources mirror it."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from agente_vendedor.core.settings import Settings
from local_stack.aws_resources import TEMPLATE_PATH, create_resources, load_template, table_definitions

REPO_ROOT = TEMPLATE_PATH.parent

FUNCTIONS = {
    "ChatFunction": ("functions/chat", "app.handler"),
    "ChatWsFunction": ("functions/chat_ws", "app.handler"),
    "WsConnectFunction": ("functions/ws_connect", "app.handler"),
    "ExportsFunction": ("functions/exports", "app.handler"),
    "ClassifyFunction": ("functions/classify", "app.handler"),
}
TABLES = {
    "SessionsTable": ([("chat_id", "HASH"), ("sk", "RANGE")], "expira"),
    "ConnectionsTable": ([("connection_id", "HASH")], "expira"),
    "IdempotencyTable": ([("id", "HASH")], "expiration"),
}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


def resources(template: dict[str, Any], resource_type: str | None = None) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource_type is None or resource["Type"] == resource_type
    }


def props(template: dict[str, Any], logical_id: str) -> dict[str, Any]:
    properties: dict[str, Any] = template["Resources"][logical_id]["Properties"]
    return properties


def parameter_default(template: dict[str, Any], value: Any) -> Any:
    assert isinstance(value, dict) and set(value) == {"Ref"}, f"expected a Ref to a parameter, got {value!r}"
    return template["Parameters"][value["Ref"]]["Default"]


def http_events(function: dict[str, Any]) -> set[tuple[str, str]]:
    events = function["Properties"].get("Events") or {}
    return {
        (event["Properties"]["Method"].upper(), event["Properties"]["Path"])
        for event in events.values()
        if event["Type"] == "HttpApi"
    }


def policy_statements(function: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for policy in function["Properties"].get("Policies") or []:
        if isinstance(policy, dict):
            yield from policy.get("Statement") or []


class TestLoader:
    def test_short_tags_become_long_form(self, tmp_path: Path) -> None:
        text = "a: !Ref X\nb: !GetAtt R.Endpoint.Address\nc: !Sub '${X}-y'\nd: !If [C, 1, 2]\ne: !Condition C\n"
        (tmp_path / "template.yaml").write_text(text, encoding="utf-8")
        loaded = load_template(tmp_path / "template.yaml")
        assert loaded == {
            "a": {"Ref": "X"},
            "b": {"Fn::GetAtt": ["R", "Endpoint.Address"]},
            "c": {"Fn::Sub": "${X}-y"},
            "d": {"Fn::If": ["C", 1, 2]},
            "e": {"Condition": "C"},
        }


class TestFunctions:
    def test_globals(self, template: dict[str, Any]) -> None:
        assert template["Transform"] == "AWS::Serverless-2016-10-31"
        function_globals = template["Globals"]["Function"]
        assert function_globals["Runtime"] == "python3.12"
        assert function_globals["Architectures"] == ["arm64"]
        assert function_globals["Tracing"] == "Active"
        assert function_globals["Layers"] == [{"Ref": "CommonLayer"}]
        assert function_globals["VpcConfig"]["SubnetIds"] == {
            "Fn::If": ["CreatesVpc", [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}], {"Ref": "SubnetIds"}]
        }
        assert "DeadLetterQueue" in function_globals
        assert "KmsKeyArn" in function_globals
        variables = function_globals["Environment"]["Variables"]
        assert variables["POWERTOOLS_SERVICE_NAME"] == "agente-vendedor"
        assert variables["STORAGE_BACKEND"] == "s3"
        assert variables["SESSIONS_TABLE"] == {"Ref": "SessionsTable"}
        assert variables["CONNECTIONS_TABLE"] == {"Ref": "ConnectionsTable"}
        assert variables["IDEMPOTENCY_TABLE"] == {"Ref": "IdempotencyTable"}
        assert variables["EXPORTS_BUCKET"] == {"Ref": "ExportsBucket"}
        expected = {
            "POWERTOOLS_METRICS_NAMESPACE",
            "POWERTOOLS_LOG_LEVEL",
            "POWERTOOLS_LOGGER_SAMPLE_RATE",
            "DB_SECRET_ARN",
            "ADMIN_TOKEN_SECRET_ARN",
            "JWT_SECRET_ARN",
            "GEMINI_SECRET_ARN",
            "LLM_PROVIDER",
            "GEMINI_MODEL",
            "EXPORT_RETENTION_DAYS",
            "EXPORT_URL_EXPIRY_S",
            "CORS_ORIGINS",
        }
        assert expected <= set(variables)

    def test_functions_are_the_agreed_ones(self, template: dict[str, Any]) -> None:
        functions = resources(template, "AWS::Serverless::Function")
        assert {
            logical_id: (function["Properties"]["CodeUri"], function["Properties"]["Handler"])
            for logical_id, function in functions.items()
        } == FUNCTIONS

    @pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
    def test_reserved_concurrency_and_own_log_group(self, template: dict[str, Any], logical_id: str) -> None:
        properties = props(template, logical_id)
        condition, reserved, otherwise = properties["ReservedConcurrentExecutions"]["Fn::If"]
        assert parameter_default(template, reserved) == 0, "a new account's limit of 10 leaves nothing to reserve"
        assert otherwise == {"Ref": "AWS::NoValue"}
        assert template["Conditions"][condition] == {"Fn::Not": [{"Fn::Equals": [reserved, 0]}]}
        log_group = properties["LoggingConfig"]["LogGroup"]["Ref"]
        assert props(template, log_group)["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        assert "KmsKeyId" in props(template, log_group)

    def test_events(self, template: dict[str, Any]) -> None:
        functions = resources(template, "AWS::Serverless::Function")
        assert http_events(functions["ChatFunction"]) == {("ANY", "/{proxy+}"), ("ANY", "/")}
        assert http_events(functions["ExportsFunction"]) == {
            ("GET", "/exportar/{tipo}"),
            ("GET", "/files/exports/{archivo+}"),
            ("GET", "/files/storage/info"),
        }
        assert http_events(functions["ClassifyFunction"]) == {("POST", "/classify")}
        assert not http_events(functions["ChatWsFunction"])
        assert not http_events(functions["WsConnectFunction"])
        for function in functions.values():
            for event in (function["Properties"].get("Events") or {}).values():
                if event["Type"] == "HttpApi":
                    assert event["Properties"]["ApiId"] == {"Ref": "HttpApi"}

    def test_nightly_report_schedule(self, template: dict[str, Any]) -> None:
        events = props(template, "ExportsFunction")["Events"]
        schedules = [event["Properties"] for event in events.values() if event["Type"] == "Schedule"]
        assert len(schedules) == 1
        schedule = schedules[0]
        assert json.loads(schedule["Input"]) == {"accion": "reporte_programado"}
        assert parameter_default(template, schedule["Schedule"]) == "cron(0 5 * * ? *)"

    @pytest.mark.parametrize("logical_id", ["ChatFunction", "ChatWsFunction", "ClassifyFunction"])
    def test_snapstart_on_published_alias(self, template: dict[str, Any], logical_id: str) -> None:
        properties = props(template, logical_id)
        assert properties["AutoPublishAlias"] == "live"
        assert properties["SnapStart"] == {"ApplyOn": {"Fn::If": ["HasSnapStart", "PublishedVersions", "None"]}}
        assert template["Parameters"]["SnapStart"]["Default"] == "true"
        # the init and the priming hook run while the version is published: the schema must be migrated by then
        assert template["Resources"][logical_id]["DependsOn"] == "DatabaseMigrations"

    def test_websocket_messages_invoke_the_snapstart_alias(self, template: dict[str, Any]) -> None:
        """SnapStart applies to published versions only: API Gateway must call the alias, not $LATEST."""
        uri = props(template, "ChatWsIntegration")["IntegrationUri"]["Fn::Sub"]
        assert "/functions/${ChatWsFunctionAliaslive}/invocations" in uri  # SAM's alias of AutoPublishAlias "live"
        assert props(template, "ChatWsFunction")["AutoPublishAlias"] == "live"
        assert props(template, "ChatWsInvokePermission")["FunctionName"] == {"Ref": "ChatWsFunction.Alias"}

    def test_only_the_chat_functions_manage_websocket_connections(self, template: dict[str, Any]) -> None:
        granted = {
            logical_id
            for logical_id, resource in resources(template).items()
            if "execute-api:ManageConnections" in json.dumps(resource)
        }
        assert granted == {"ChatFunction", "ChatWsFunction"}
        for logical_id in granted:
            [statement] = [
                s
                for s in policy_statements(template["Resources"][logical_id])
                if s["Action"] == "execute-api:ManageConnections"
            ]
            resource = statement["Resource"]["Fn::Sub"]
            assert resource.endswith(":${WebSocketApi}/*")
            assert resource.startswith("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:")

    def test_each_function_reads_only_its_secrets(self, template: dict[str, Any]) -> None:
        names = {
            json.dumps({"Ref": "DatabaseSecret"}): "db",
            json.dumps({"Ref": "AdminTokenSecret"}): "admin",
            json.dumps({"Ref": "JwtSigningSecret"}): "jwt",
            json.dumps({"Ref": "GeminiApiKeySecret"}): "gemini",
        }
        readable = {
            logical_id: {
                names[json.dumps(policy["AWSSecretsManagerGetSecretValuePolicy"]["SecretArn"])]
                for policy in function["Properties"]["Policies"]
                if isinstance(policy, dict) and "AWSSecretsManagerGetSecretValuePolicy" in policy
            }
            for logical_id, function in resources(template, "AWS::Serverless::Function").items()
        }
        assert readable == {
            "ChatFunction": {"db", "admin", "jwt", "gemini"},
            "ChatWsFunction": {"db", "gemini"},  # staff connections are re-checked against the account (db)
            "WsConnectFunction": {"admin", "jwt", "db"},  # db: a signed token's account (active, same version)
            "ExportsFunction": {"db", "admin", "jwt", "gemini"},  # gemini: nightly product embeddings
            "ClassifyFunction": {"db", "gemini"},  # the model, when the rules are unsure
        }
        assert "secretsmanager:" not in json.dumps(
            [list(policy_statements(function)) for function in resources(template).values()]
        ), "secrets are granted only through the per-ARN policy template"

    def test_layer(self, template: dict[str, Any]) -> None:
        layer = template["Resources"]["CommonLayer"]
        assert layer["Type"] == "AWS::Serverless::LayerVersion"
        assert layer["Metadata"] == {"BuildMethod": "makefile", "BuildArchitecture": "arm64"}
        assert layer["Properties"]["ContentUri"] == "layers/common"
        assert layer["Properties"]["CompatibleRuntimes"] == ["python3.12"]
        assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]
        requirements = (REPO_ROOT / "layers/common/requirements.in").read_text("utf-8")
        assert "python-dateutil<3" in requirements

    @pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
    def test_handler_exists(self, logical_id: str) -> None:
        code_uri, handler = FUNCTIONS[logical_id]
        module, _, attribute = handler.partition(".")
        source = REPO_ROOT / code_uri / f"{module}.py"
        if not source.exists():
            pytest.skip(f"{source.relative_to(REPO_ROOT)} not written yet")
        tree = ast.parse(source.read_text("utf-8"))
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
        defined |= {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        assert attribute in defined, f"{source.relative_to(REPO_ROOT)} has no top-level {attribute!r}"


class TestData:
    @pytest.mark.parametrize("logical_id", sorted(TABLES))
    def test_tables(self, template: dict[str, Any], logical_id: str) -> None:
        table = props(template, logical_id)
        keys, ttl_attribute = TABLES[logical_id]
        assert [(key["AttributeName"], key["KeyType"]) for key in table["KeySchema"]] == keys
        assert table["BillingMode"] == "PAY_PER_REQUEST"
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert table["SSESpecification"]["SSEEnabled"] is True
        assert table["TimeToLiveSpecification"] == {"AttributeName": ttl_attribute, "Enabled": True}

    def test_connections_index_by_chat(self, template: dict[str, Any]) -> None:
        [index] = props(template, "ConnectionsTable")["GlobalSecondaryIndexes"]
        assert index["IndexName"] == "por_chat"
        assert index["KeySchema"] == [{"AttributeName": "chat_id", "KeyType": "HASH"}]
        assert index["Projection"] == {"ProjectionType": "ALL"}

    def test_sessions_are_protected(self, template: dict[str, Any]) -> None:
        assert template["Resources"]["SessionsTable"]["DeletionPolicy"] == "Retain"
        assert props(template, "SessionsTable")["DeletionProtectionEnabled"] == {
            "Fn::If": ["IsDeletionProtected", True, False]
        }

    @pytest.mark.parametrize("logical_id", ["ExportsBucket", "AccessLogsBucket"])
    def test_buckets_are_private_and_encrypted(self, template: dict[str, Any], logical_id: str) -> None:
        bucket = props(template, logical_id)
        assert bucket["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
        assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
        [policy] = [
            p["PolicyDocument"]
            for p in (r["Properties"] for r in resources(template, "AWS::S3::BucketPolicy").values())
            if p["Bucket"] == {"Ref": logical_id}
        ]
        [deny] = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
        assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}

    def test_exports_bucket_lifecycle_and_logging(self, template: dict[str, Any]) -> None:
        bucket = props(template, "ExportsBucket")
        rules = {rule["Id"]: rule for rule in bucket["LifecycleConfiguration"]["Rules"]}
        expiry = rules["expirar-exportes"]
        assert expiry["ExpirationInDays"] == {"Ref": "ExportRetentionDays"}
        assert parameter_default(template, expiry["ExpirationInDays"]) == 7
        assert expiry["NoncurrentVersionExpiration"]["NoncurrentDays"] >= 1
        assert (
            bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"][
                "SSEAlgorithm"
            ]
            == "aws:kms"
        )
        assert bucket["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": "AccessLogsBucket"}

    def test_aurora(self, template: dict[str, Any]) -> None:
        cluster = props(template, "DatabaseCluster")
        assert cluster["Engine"] == "aurora-postgresql"
        assert str(cluster["EngineVersion"]).startswith("16.")
        assert cluster["EnableIAMDatabaseAuthentication"] is True
        assert cluster["StorageEncrypted"] is True
        assert cluster["MasterUserPassword"] == {
            "Fn::Sub": "{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}"
        }
        attachment = props(template, "DatabaseSecretAttachment")
        assert attachment["SecretId"] == {"Ref": "DatabaseSecret"}
        assert attachment["TargetId"] == {"Ref": "DatabaseCluster"}
        secret_template = json.loads(props(template, "DatabaseSecret")["GenerateSecretString"]["SecretStringTemplate"])
        assert secret_template["dbname"] == "agente"
        assert cluster["EnableCloudwatchLogsExports"] == ["postgresql"]
        assert cluster["CopyTagsToSnapshot"] is True
        scaling = cluster["ServerlessV2ScalingConfiguration"]
        assert parameter_default(template, scaling["MinCapacity"]) == 0  # pauses when idle
        assert scaling["SecondsUntilAutoPause"]["Fn::If"][0] == "AutoPauses"
        assert parameter_default(template, scaling["MaxCapacity"]) >= 1
        assert template["Resources"]["DatabaseCluster"]["DeletionPolicy"] == "Snapshot"
        instance = props(template, "DatabaseWriterInstance")
        assert instance["DBInstanceClass"] == "db.serverless"
        assert instance["MonitoringInterval"] > 0
        assert instance["MonitoringRoleArn"] == {"Fn::GetAtt": ["DatabaseMonitoringRole", "Arn"]}
        assert instance["EnablePerformanceInsights"] is True
        assert instance["PubliclyAccessible"] is False
        assert instance["AutoMinorVersionUpgrade"] is True

    def test_migrations_run_on_deploy_before_snapstart_versions(self, template: dict[str, Any]) -> None:
        migrations = template["Resources"]["DatabaseMigrations"]
        assert migrations["Type"] == "Custom::DatabaseMigrations"
        assert migrations["Properties"]["ServiceToken"] == {"Fn::GetAtt": ["ExportsFunction", "Arn"]}
        assert migrations["Properties"]["SchemaSource"] == {"Ref": "CommonLayer"}  # new layer, new migrations
        assert {"DatabaseWriterInstance", "DatabaseSecretAttachment"} <= set(migrations["DependsOn"])
        for logical_id in ("ChatFunction", "ClassifyFunction"):
            assert template["Resources"][logical_id]["DependsOn"] == "DatabaseMigrations"

    def test_database_reachable_only_from_the_functions(self, template: dict[str, Any]) -> None:
        database_group = {"Fn::GetAtt": ["DatabaseSecurityGroup", "GroupId"]}
        lambda_group = {"Fn::GetAtt": ["LambdaSecurityGroup", "GroupId"]}
        ingress = [
            r["Properties"]
            for r in resources(template, "AWS::EC2::SecurityGroupIngress").values()
            if r["Properties"]["GroupId"] == database_group
        ]
        assert ingress == [
            {
                "Description": "PostgreSQL from the Lambda functions",
                "GroupId": database_group,
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "SourceSecurityGroupId": lambda_group,
            }
        ]
        assert "SecurityGroupIngress" not in props(template, "DatabaseSecurityGroup")
        assert props(template, "DatabaseCluster")["VpcSecurityGroupIds"] == [database_group]


class TestWebSocket:
    def test_api_and_routes(self, template: dict[str, Any]) -> None:
        api = props(template, "WebSocketApi")
        assert api["ProtocolType"] == "WEBSOCKET"
        assert api["RouteSelectionExpression"] == "$request.body.type"
        integrations = {
            logical_id: r["Properties"]["IntegrationUri"]["Fn::Sub"]
            for logical_id, r in resources(template, "AWS::ApiGatewayV2::Integration").items()
        }
        routes = {
            r["Properties"]["RouteKey"]: r["Properties"]["Target"]["Fn::Sub"].removeprefix("integrations/${")[:-1]
            for r in resources(template, "AWS::ApiGatewayV2::Route").values()
        }
        function_of = {
            key: re.search(r"\$\{(\w+?)(?:\.Arn|Aliaslive)\}", integrations[integration]).group(1)  # type: ignore[union-attr]
            for key, integration in routes.items()
        }
        assert function_of == {
            "$connect": "WsConnectFunction",
            "$disconnect": "WsConnectFunction",
            "message": "ChatWsFunction",
            "$default": "ChatWsFunction",
        }
        for integration in resources(template, "AWS::ApiGatewayV2::Integration").values():
            assert integration["Properties"]["IntegrationType"] == "AWS_PROXY"

    def test_deployment_stage_and_permissions(self, template: dict[str, Any]) -> None:
        route_ids = set(resources(template, "AWS::ApiGatewayV2::Route"))
        assert set(template["Resources"]["WebSocketDeployment"]["DependsOn"]) == route_ids
        stage = props(template, "WebSocketStage")
        assert stage["DeploymentId"] == {"Ref": "WebSocketDeployment"}
        assert "DestinationArn" in stage["AccessLogSettings"]
        assert {"ThrottlingRateLimit", "ThrottlingBurstLimit"} <= set(stage["DefaultRouteSettings"])
        permissions = {
            r["Properties"]["FunctionName"]["Ref"].removesuffix(".Alias"): r["Properties"]
            for r in resources(template, "AWS::Lambda::Permission").values()
        }
        assert set(permissions) == {"WsConnectFunction", "ChatWsFunction"}
        for permission in permissions.values():
            assert permission["Principal"] == "apigateway.amazonaws.com"
            assert "${WebSocketApi}" in permission["SourceArn"]["Fn::Sub"]

    def test_http_api_cors_logs_and_outputs(self, template: dict[str, Any]) -> None:
        http_api = props(template, "HttpApi")
        assert http_api["CorsConfiguration"]["AllowOrigins"] == {"Ref": "CorsAllowOrigins"}
        assert http_api["AccessLogSettings"]["DestinationArn"] == {"Fn::GetAtt": ["HttpApiAccessLogGroup", "Arn"]}
        outputs = template["Outputs"]
        assert outputs["WebSocketUrl"]["Value"]["Fn::Sub"].startswith("wss://${WebSocketApi}.execute-api.")
        assert outputs["WebSocketConnectionsUrl"]["Value"]["Fn::Sub"].startswith("https://${WebSocketApi}.")
        assert {"HttpApiUrl", "ExportsBucketName", "SessionsTableName", "DatabaseEndpoint"} <= set(outputs)


class TestLocalResources:
    def test_table_definitions_follow_the_template(self, template: dict[str, Any]) -> None:
        definitions = table_definitions(template)
        assert set(definitions) == set(TABLES)
        for logical_id, definition in definitions.items():
            assert "TableName" not in definition
            assert definition["KeySchema"] == props(template, logical_id)["KeySchema"]
            assert definition["BillingMode"] == "PAY_PER_REQUEST"

    def test_create_resources_in_process(self, template: dict[str, Any]) -> None:
        settings = Settings(
            sessions_table="t-sesiones",
            connections_table="t-conexiones",
            idempotency_table="t-idempotencia",
            exports_bucket="t-exportes",
            export_retention_days=3,
        )
        with mock_aws():
            dynamodb = boto3.client("dynamodb", region_name="us-east-1")
            s3 = boto3.client("s3", region_name="us-east-1")
            create_resources(dynamodb, s3, settings)
            create_resources(dynamodb, s3, settings)  # idempotent
            names = {
                "SessionsTable": settings.sessions_table,
                "ConnectionsTable": settings.connections_table,
                "IdempotencyTable": settings.idempotency_table,
            }
            for logical_id, name in names.items():
                table = dynamodb.describe_table(TableName=name)["Table"]
                assert table["KeySchema"] == props(template, logical_id)["KeySchema"]
                ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
                assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": TABLES[logical_id][1]}
            connections = dynamodb.describe_table(TableName=settings.connections_table)["Table"]
            assert [index["IndexName"] for index in connections["GlobalSecondaryIndexes"]] == ["por_chat"]
            rules = s3.get_bucket_lifecycle_configuration(Bucket=settings.exports_bucket)["Rules"]
            expiry = next(rule for rule in rules if rule["ID"] == "expirar-exportes")
            assert expiry["Expiration"] == {"Days": 3}
            assert s3.get_bucket_versioning(Bucket=settings.exports_bucket)["Status"] == "Enabled"


def test_template_is_not_shipped_in_lambda_code() -> None:
    for code_uri in {code_uri for code_uri, _ in FUNCTIONS.values()} | {"layers/common"}:
        assert not (REPO_ROOT / code_uri / "template.yaml").exists()
    assert Path(TEMPLATE_PATH).is_file()

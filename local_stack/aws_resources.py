"""The template's DynamoDB tables and S3 exports bucket, created against any AWS endpoint (moto, moto_server).

Everything is read from ``template.yaml`` so local runs and tests mirror production: key schemas, GSIs, billing
mode, TTL, bucket versioning, public access block and lifecycle rules. Physical names come from ``Settings``.
Encryption with the stack's KMS key, point-in-time recovery and deletion protection exist only in AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_s3.client import S3Client

    from agente_vendedor.core.settings import Settings

TEMPLATE_PATH = Path(__file__).resolve().parents[1] / "template.yaml"

# Logical id in template.yaml -> Settings field holding the physical name.
TABLE_NAME_SETTINGS = {
    "SessionsTable": "sessions_table",
    "ConnectionsTable": "connections_table",
    "IdempotencyTable": "idempotency_table",
}
BUCKET_NAME_SETTINGS = {"ExportsBucket": "exports_bucket"}

_TABLE_KEYS = ("AttributeDefinitions", "KeySchema", "BillingMode")
_INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")
_EXISTING_BUCKET_ERRORS = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}


def load_template(path: Path | None = None) -> dict[str, Any]:
    """``template.yaml`` (repo root by default) with short-form intrinsics in their long (JSON) form.

    cfn-lint's decoder: ``!Ref X`` → ``{"Ref": "X"}``, ``!GetAtt A.B`` → ``{"Fn::GetAtt": ["A", "B"]}``,
    ``!Sub s`` → ``{"Fn::Sub": s}``...; mappings, lists and strings are dict, list and str subclasses.
    """
    import cfnlint.decode.cfn_yaml  # heavy (≈0.5 s): only where a template is really read

    path = path or TEMPLATE_PATH
    document = cfnlint.decode.cfn_yaml.load(str(path))
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not a CloudFormation template (top level is not a mapping)")
    return document


def table_definitions(template: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Logical id -> ``create_table`` kwargs (without ``TableName``) for every DynamoDB table in the template."""
    template = template if template is not None else load_template()
    resolve = _Resolver(template)
    definitions: dict[str, dict[str, Any]] = {}
    for logical_id, props in _resources_of_type(template, "AWS::DynamoDB::Table"):
        kwargs = {key: resolve(props[key]) for key in _TABLE_KEYS if key in props}
        kwargs.setdefault("BillingMode", "PROVISIONED")
        if kwargs["BillingMode"] == "PROVISIONED":
            kwargs["ProvisionedThroughput"] = resolve(props["ProvisionedThroughput"])
        for index_kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            if indexes := props.get(index_kind):
                kwargs[index_kind] = [
                    {key: resolve(index[key]) for key in _INDEX_KEYS if key in index} for index in indexes
                ]
        definitions[logical_id] = kwargs
    return definitions


def create_resources(dynamodb_client: DynamoDBClient, s3_client: S3Client, settings: Settings) -> None:
    """Create (or leave as they are) the tables and the exports bucket; safe to call on every start."""
    template = load_template()
    resolve = _Resolver(template, {"ExportRetentionDays": settings.export_retention_days})
    definitions = table_definitions(template)
    tables = dict(_resources_of_type(template, "AWS::DynamoDB::Table"))
    for logical_id, setting in TABLE_NAME_SETTINGS.items():
        name = str(getattr(settings, setting))
        _create_table(dynamodb_client, name, definitions[logical_id])
        ttl = resolve(tables[logical_id].get("TimeToLiveSpecification") or {})
        if ttl.get("Enabled"):
            _enable_ttl(dynamodb_client, name, ttl["AttributeName"])
    buckets = dict(_resources_of_type(template, "AWS::S3::Bucket"))
    for logical_id, setting in BUCKET_NAME_SETTINGS.items():
        _create_bucket(s3_client, str(getattr(settings, setting)), buckets[logical_id], resolve)


def _lifecycle_rules(bucket_properties: Mapping[str, Any], resolve: _Resolver) -> list[dict[str, Any]]:
    """A bucket's CloudFormation ``LifecycleConfiguration.Rules`` in the S3 API's shape."""
    rules: list[dict[str, Any]] = []
    for rule in resolve((bucket_properties.get("LifecycleConfiguration") or {}).get("Rules") or []):
        api_rule: dict[str, Any] = {"Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
        if "Id" in rule:
            api_rule["ID"] = rule["Id"]
        if "ExpirationInDays" in rule:
            api_rule["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
        elif rule.get("ExpiredObjectDeleteMarker"):
            api_rule["Expiration"] = {"ExpiredObjectDeleteMarker": True}
        if noncurrent := rule.get("NoncurrentVersionExpiration"):
            api_rule["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(noncurrent["NoncurrentDays"])}
        if abort := rule.get("AbortIncompleteMultipartUpload"):
            api_rule["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": int(abort["DaysAfterInitiation"])}
        rules.append(api_rule)
    return rules


def _cors_rules(bucket_properties: Mapping[str, Any], resolve: _Resolver) -> list[dict[str, Any]]:
    """A bucket's CloudFormation ``CorsConfiguration.CorsRules`` in the S3 API's shape (a CommaDelimitedList
    parameter's default is one string: split here as CloudFormation does)."""
    rules: list[dict[str, Any]] = []
    for rule in resolve((bucket_properties.get("CorsConfiguration") or {}).get("CorsRules") or []):
        origins = rule["AllowedOrigins"]
        api_rule: dict[str, Any] = {
            "AllowedMethods": list(rule["AllowedMethods"]),
            "AllowedOrigins": origins.split(",") if isinstance(origins, str) else list(origins),
        }
        for name in ("AllowedHeaders", "ExposedHeaders"):
            if name in rule:
                api_rule[name] = list(rule[name])
        if "MaxAge" in rule:
            api_rule["MaxAgeSeconds"] = int(rule["MaxAge"])
        rules.append(api_rule)
    return rules


class _Resolver:
    """Resolves ``Ref``s to parameters (override, else the parameter's default); other intrinsics need AWS."""

    def __init__(self, template: Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> None:
        parameters: Mapping[str, Any] = template.get("Parameters") or {}
        self._values = {name: spec.get("Default") for name, spec in parameters.items() if "Default" in spec}
        self._values.update(overrides or {})

    def __call__(self, value: Any) -> Any:
        if isinstance(value, Mapping):
            if set(value) == {"Ref"} and value["Ref"] in self._values:
                return self._values[value["Ref"]]
            if any(key == "Ref" or key.startswith("Fn::") for key in value):
                raise ValueError(f"cannot resolve {value!r} outside AWS")
            return {key: self(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [self(item) for item in value]
        return value


def _resources_of_type(template: Mapping[str, Any], resource_type: str) -> list[tuple[str, dict[str, Any]]]:
    resources: Mapping[str, Any] = template.get("Resources") or {}
    return [
        (logical_id, resource.get("Properties") or {})
        for logical_id, resource in resources.items()
        if resource.get("Type") == resource_type
    ]


def _create_table(client: DynamoDBClient, name: str, definition: dict[str, Any]) -> None:
    try:
        client.create_table(TableName=name, **definition)
    except client.exceptions.ResourceInUseException:
        return
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def _enable_ttl(client: DynamoDBClient, table: str, attribute: str) -> None:
    current = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    if current.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"}:
        return
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute})


def _create_bucket(client: S3Client, name: str, props: Mapping[str, Any], resolve: _Resolver) -> None:
    region = client.meta.region_name
    try:
        if region in (None, "us-east-1"):
            client.create_bucket(Bucket=name)
        else:
            client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})  # type: ignore[typeddict-item]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in _EXISTING_BUCKET_ERRORS:
            raise
    if block := props.get("PublicAccessBlockConfiguration"):
        client.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=resolve(block))
    if (props.get("VersioningConfiguration") or {}).get("Status") == "Enabled":
        client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    if cors := _cors_rules(props, resolve):
        client.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": cors})  # type: ignore[typeddict-item]
    if rules := _lifecycle_rules(props, resolve):
        client.put_bucket_lifecycle_configuration(
            Bucket=name,
            LifecycleConfiguration={"Rules": rules},  # type: ignore[typeddict-item]
        )

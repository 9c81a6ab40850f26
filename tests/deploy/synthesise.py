"""`template.yaml` translated by SAM (samtranslator, offline) into the plain CloudFormation CloudFormation deploys,
printed as JSON. Run with `.venv-iac/bin/python` (samtranslator lives there, beside sam-cli): the deploy tests read it.

The translation is what `sam deploy` uploads: Globals merged into each function, AutoPublishAlias made into versions
and aliases, DeploymentPreference into CodeDeploy groups, policy templates into IAM statements.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template names managed policies by ARN only, so no IAM lookup is needed (and none is possible offline)."""

    def load(self) -> dict[str, str]:
        return {}


PACKAGED = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}


def as_packaged(template: dict[str, Any]) -> dict[str, Any]:
    """What `sam package` does to local code paths: each becomes an S3 object (here a made-up bucket)."""
    for resource in template["Resources"].values():
        key = PACKAGED.get(resource["Type"])
        if key and isinstance(resource["Properties"].get(key), str):
            resource["Properties"][key] = f"s3://deploy-check/{resource['Properties'][key]}.zip"
    return template


def synthesise(path: Path) -> dict[str, Any]:
    template = as_packaged(yaml_parse(path.read_text(encoding="utf-8")))
    translated: dict[str, Any] = transform(
        template,
        {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"},
        NoManagedPolicies(),
    )
    return translated


if __name__ == "__main__":
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # samtranslator asks boto3 for a region; no call is made
    json.dump(synthesise(Path(sys.argv[1] if len(sys.argv) > 1 else "template.yaml")), sys.stdout, indent=1)

"""A YAML loader for CloudFormation/SAM templates: short-form intrinsics become their long (JSON) form.

``!Ref X`` → ``{"Ref": "X"}``, ``!Condition X`` → ``{"Condition": "X"}``,
``!GetAtt A.B`` → ``{"Fn::GetAtt": ["A", "B"]}``, and every other ``!Tag value`` → ``{"Fn::Tag": value}``
(``!Sub``, ``!Join``, ``!If``, ``!Select``, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_UNPREFIXED = {"Ref", "Condition"}


class CloudFormationLoader(yaml.SafeLoader):
    """SafeLoader that also understands CloudFormation's ``!`` short-form functions."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if tag_suffix in _UNPREFIXED:
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        resource, _, attribute = value.partition(".")
        value = [resource, attribute]
    return {f"Fn::{tag_suffix}": value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_cloudformation_yaml(path: Path) -> dict[str, Any]:
    """Parse a CloudFormation/SAM YAML file."""
    with path.open(encoding="utf-8") as stream:
        document = yaml.load(stream, Loader=CloudFormationLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not a CloudFormation template (top level is not a mapping)")
    return document

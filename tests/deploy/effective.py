"""The resources CloudFormation would create from the synthesised template for a set of parameter values: the
parameters' defaults (what `sam deploy --guided` offers, Enter after Enter) plus any override, with the conditions
evaluated, `Fn::If` branches chosen, parameter `Ref`s replaced and `AWS::NoValue` properties dropped.

Only what the template uses is evaluated (Ref to parameters, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition,
Fn::Join over resolved strings); every other intrinsic (GetAtt, Sub, Ref to a resource) is left as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_VALUE = object()


@dataclass
class Stack:
    template: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.overrides) - set(self.template["Parameters"])
        assert not unknown, f"unknown parameters {unknown}"
        self.parameters = {
            name: self._typed(spec, self.overrides.get(name, spec.get("Default")))
            for name, spec in self.template["Parameters"].items()
        }
        self._conditions: dict[str, bool] = {}

    @staticmethod
    def _typed(spec: dict[str, Any], value: Any) -> Any:
        if spec["Type"] == "CommaDelimitedList" and isinstance(value, str):
            return [] if value == "" else [item.strip() for item in value.split(",")]
        return value

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            self._conditions[name] = bool(self.evaluate(self.template["Conditions"][name]))
        return self._conditions[name]

    def evaluate(self, node: Any) -> Any:
        if isinstance(node, list):
            return [value for value in (self.evaluate(item) for item in node) if value is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, argument),) = node.items()
            handler = self._intrinsics().get(key)
            if handler is not None:
                return handler(argument)
        resolved = {key: self.evaluate(value) for key, value in node.items()}
        return {key: value for key, value in resolved.items() if value is not NO_VALUE}

    def _intrinsics(self) -> dict[str, Any]:
        return {
            "Ref": self._ref,
            "Fn::If": lambda a: self.evaluate(a[1] if self.condition(a[0]) else a[2]),
            "Fn::Equals": lambda a: _text(self.evaluate(a[0])) == _text(self.evaluate(a[1])),
            "Fn::Not": lambda a: not self.evaluate(a[0]),
            "Fn::And": lambda a: all(self.evaluate(item) for item in a),
            "Fn::Or": lambda a: any(self.evaluate(item) for item in a),
            "Condition": self.condition,
            "Fn::Join": self._join,
        }

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        return self.parameters.get(name, {"Ref": name})

    def _join(self, argument: list[Any]) -> Any:
        separator, values = argument[0], self.evaluate(argument[1])
        if isinstance(values, list) and all(isinstance(value, str) for value in values):
            return separator.join(values)
        return {"Fn::Join": [separator, values]}

    def resources(self, resource_type: str | None = None) -> dict[str, dict[str, Any]]:
        """The resources created with these parameters (a resource whose condition is false is not)."""
        return {
            logical_id: self.evaluate(resource)
            for logical_id, resource in self.template["Resources"].items()
            if ("Condition" not in resource or self.condition(resource["Condition"]))
            and (resource_type is None or resource["Type"] == resource_type)
        }

    def failed_rules(self) -> list[str]:
        """The AssertDescription of every Rules assertion these parameters break (CloudFormation refuses them)."""
        failed = []
        for rule in (self.template.get("Rules") or {}).values():
            if "RuleCondition" in rule and not self.evaluate(rule["RuleCondition"]):
                continue
            failed += [check["AssertDescription"] for check in rule["Assertions"] if not self.evaluate(check["Assert"])]
        return failed


def _text(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)

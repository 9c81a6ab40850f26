"""What template.yaml routes where: HTTP API routes and WebSocket routes to Lambda functions.

Matching follows API Gateway HTTP APIs: a full match of path and method wins over a greedy ``{proxy+}``
route, which wins over ``$default``; a specific method wins over ``ANY``; literal segments win over
``{param}`` segments. WebSocket route selection evaluates ``$request.body.<field>`` on each frame.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

FUNCTION_TYPES = frozenset({"AWS::Serverless::Function", "AWS::Lambda::Function"})
DEFAULT_ROUTE = "$default"
_PARAM = re.compile(r"^\{([A-Za-z0-9_.-]+)(\+?)\}$")
_SUB_VARIABLE = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_dir: Path
    handler: str  # "module.function", e.g. "app.handler"
    timeout_s: float = 3.0
    memory_mb: int = 128


@dataclass(frozen=True)
class HttpRoute:
    method: str  # upper case, or "ANY"
    path: str  # "/productos/{sku}"; "" for $default
    function: FunctionSpec

    @property
    def route_key(self) -> str:
        return DEFAULT_ROUTE if self.is_default else f"{self.method} {self.path}"

    @property
    def is_default(self) -> bool:
        return self.path == ""

    @property
    def segments(self) -> list[str]:
        return self.path.strip("/").split("/") if self.path.strip("/") else []


@dataclass(frozen=True)
class HttpMatch:
    route: HttpRoute
    path_parameters: dict[str, str]


@dataclass(frozen=True)
class RouteTable:
    http: list[HttpRoute] = field(default_factory=list)
    websocket: dict[str, FunctionSpec] = field(default_factory=dict)  # route key -> function
    websocket_selection: str = "$request.body.type"

    def match_http(self, method: str, path: str) -> HttpMatch | None:
        return match_http_route(self.http, method, path)

    def select_websocket_route(self, body: str) -> str | None:
        """Route key for a frame's body, or None when neither a route nor ``$default`` takes it."""
        key = select_websocket_route_key(body, self.websocket_selection)
        if key is not None and key in self.websocket and not key.startswith("$"):
            return key
        return DEFAULT_ROUTE if DEFAULT_ROUTE in self.websocket else None


def match_http_route(routes: list[HttpRoute], method: str, path: str) -> HttpMatch | None:
    method = method.upper()
    request_segments = path.strip("/").split("/") if path.strip("/") else []
    candidates: list[tuple[tuple[Any, ...], HttpMatch]] = []
    default: HttpRoute | None = None
    for route in routes:
        if route.method not in (method, "ANY"):
            continue
        if route.is_default:
            default = route
            continue
        params = _match_segments(route.segments, request_segments, trailing_slash=path.endswith("/"))
        if params is not None:
            candidates.append((_specificity(route), HttpMatch(route, params)))
    if candidates:
        return min(candidates, key=lambda candidate: candidate[0])[1]
    return HttpMatch(default, {}) if default is not None else None


def _match_segments(pattern: list[str], request: list[str], *, trailing_slash: bool) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for index, segment in enumerate(pattern):
        param = _PARAM.match(segment)
        if param and param.group(2):  # greedy: the rest of the path, at least one segment
            rest = request[index:]
            if not rest or not rest[0]:
                return None
            params[param.group(1)] = unquote("/".join(rest) + ("/" if trailing_slash else ""))
            return params
        if index >= len(request) or not request[index]:
            return None
        if param:
            params[param.group(1)] = unquote(request[index])
        elif unquote(request[index]) != segment:
            return None
    return params if len(pattern) == len(request) else None


def _specificity(route: HttpRoute) -> tuple[Any, ...]:
    """Smaller is more specific."""
    kinds = [2 if (m := _PARAM.match(s)) and m.group(2) else 1 if m else 0 for s in route.segments]
    greedy = 2 in kinds
    literal_prefix = len(kinds) - 1 if greedy else len(kinds)
    return (greedy, -literal_prefix, kinds, route.method == "ANY")


def select_websocket_route_key(body: str, expression: str = "$request.body.type") -> str | None:
    """Evaluate a ``$request.body.<path>`` selection expression on a frame; None if it yields no string."""
    prefix = "$request.body."
    if not expression.startswith(prefix):
        return None
    try:
        value: Any = json.loads(body)
    except ValueError:
        return None
    for key in expression[len(prefix) :].split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, str) else None


def build_route_table(template: Mapping[str, Any], base_dir: Path) -> RouteTable:
    """Read the HTTP and WebSocket routing of a SAM template (short tags already turned into dicts)."""
    resources: Mapping[str, Any] = template.get("Resources") or {}
    globals_: Mapping[str, Any] = (template.get("Globals") or {}).get("Function") or {}
    parameters: Mapping[str, Any] = template.get("Parameters") or {}
    functions = {
        logical_id: _function_spec(logical_id, resource.get("Properties") or {}, globals_, base_dir, parameters)
        for logical_id, resource in resources.items()
        if resource.get("Type") in FUNCTION_TYPES
    }
    http = [
        HttpRoute(method=method, path=path, function=functions[logical_id])
        for logical_id, resource in resources.items()
        if logical_id in functions
        for method, path in _http_api_events(resource)
    ]
    websocket: dict[str, FunctionSpec] = {}
    selection = "$request.body.type"
    for resource in resources.values():
        props = resource.get("Properties") or {}
        if resource.get("Type") == "AWS::ApiGatewayV2::Api" and props.get("ProtocolType") == "WEBSOCKET":
            selection = props.get("RouteSelectionExpression", selection)
        if resource.get("Type") != "AWS::ApiGatewayV2::Route":
            continue
        target = _function_of_route(props, resources, functions)
        route_key = str(props.get("RouteKey", ""))
        if target is None or not route_key:
            continue
        if _is_http_route_key(route_key, props, resources):
            method, _, path = route_key.partition(" ")
            http.append(HttpRoute(method.upper(), path if route_key != DEFAULT_ROUTE else "", target))
        else:
            websocket[route_key] = target
    return RouteTable(http=http, websocket=websocket, websocket_selection=selection)


def _function_spec(
    logical_id: str,
    props: Mapping[str, Any],
    globals_: Mapping[str, Any],
    base_dir: Path,
    parameters: Mapping[str, Any],
) -> FunctionSpec:
    def number(name: str, default: float) -> float:
        for source in (props, globals_):
            if name in source and (value := _number(source[name], parameters)) is not None:
                return value
        return default

    code_uri = props.get("CodeUri", globals_.get("CodeUri", "."))
    return FunctionSpec(
        logical_id=logical_id,
        code_dir=(base_dir / code_uri).resolve() if isinstance(code_uri, str) else base_dir,
        handler=str(props.get("Handler", globals_.get("Handler", "app.handler"))),
        timeout_s=number("Timeout", 3.0),
        memory_mb=int(number("MemorySize", 128)),
    )


def _number(value: Any, parameters: Mapping[str, Any]) -> float | None:
    """A number, or a Ref to a parameter with a numeric default; None otherwise."""
    if isinstance(value, Mapping) and isinstance(value.get("Ref"), str):
        value = (parameters.get(value["Ref"]) or {}).get("Default")
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _http_api_events(resource: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    events: Mapping[str, Any] = (resource.get("Properties") or {}).get("Events") or {}
    for event in events.values():
        if event.get("Type") != "HttpApi":
            continue
        props = event.get("Properties") or {}
        path, method = props.get("Path"), props.get("Method")
        if path is None and method is None:
            yield "ANY", ""  # SAM: an HttpApi event without path and method is the $default route
        else:
            yield str(method or "ANY").upper(), str(path or "/")


def _function_of_route(
    props: Mapping[str, Any], resources: Mapping[str, Any], functions: Mapping[str, FunctionSpec]
) -> FunctionSpec | None:
    for integration_id in referenced_ids(props.get("Target")):
        integration = resources.get(integration_id) or {}
        if integration.get("Type") != "AWS::ApiGatewayV2::Integration":
            continue
        uri = (integration.get("Properties") or {}).get("IntegrationUri")
        aliases = _published_aliases(resources)
        for referenced in referenced_ids(uri):
            function_id = aliases.get(referenced, referenced)
            if function_id in functions:
                return functions[function_id]
    return None


def _published_aliases(resources: Mapping[str, Any]) -> dict[str, str]:
    """The alias resources SAM makes for `AutoPublishAlias: live` (`<Function>Aliaslive`) -> their function."""
    return {
        f"{logical_id}Alias{alias}": logical_id
        for logical_id, resource in resources.items()
        if isinstance(alias := (resource.get("Properties") or {}).get("AutoPublishAlias"), str)
    }


def _is_http_route_key(route_key: str, props: Mapping[str, Any], resources: Mapping[str, Any]) -> bool:
    for api_id in referenced_ids(props.get("ApiId")):
        protocol = ((resources.get(api_id) or {}).get("Properties") or {}).get("ProtocolType")
        if protocol is not None:
            return str(protocol).upper() == "HTTP"
    return " " in route_key


def referenced_ids(value: Any) -> Iterator[str]:
    """Logical ids a CloudFormation value refers to: Ref, Fn::GetAtt, ${Id} / ${Id.Attr} in Fn::Sub."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                yield inner
            elif key == "Fn::GetAtt":
                target = inner.split(".")[0] if isinstance(inner, str) else inner[0] if inner else None
                if isinstance(target, str):
                    yield target
            else:
                yield from referenced_ids(inner)
    elif isinstance(value, list):
        for item in value:
            yield from referenced_ids(item)
    elif isinstance(value, str):
        yield from _SUB_VARIABLE.findall(value)

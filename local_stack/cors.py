"""CORS as an HTTP API with a CorsConfiguration does it: the gateway answers preflights itself and sets the
``access-control-*`` headers of every response, ignoring the ones the integration returned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from local_stack.http_events import HttpResponseData


@dataclass(frozen=True)
class CorsConfig:
    allow_origins: tuple[str, ...] = ("*",)
    allow_methods: tuple[str, ...] = ("*",)
    allow_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age: int | None = None
    allow_credentials: bool = False

    def allowed_origin(self, origin: str) -> str | None:
        """The value of access-control-allow-origin for a request from ``origin``, or None."""
        if "*" in self.allow_origins and not self.allow_credentials:
            return "*"
        return origin if origin in self.allow_origins or "*" in self.allow_origins else None

    def preflight(self, origin: str, headers: Mapping[str, str]) -> HttpResponseData:
        allowed = self.allowed_origin(origin)
        if allowed is None:
            return HttpResponseData(204)
        requested_headers = headers.get("access-control-request-headers", "")
        response = [
            ("access-control-allow-origin", allowed),
            ("access-control-allow-methods", ",".join(self.allow_methods)),
        ]
        if self.allow_headers:
            allow = requested_headers if "*" in self.allow_headers else ",".join(self.allow_headers)
            response.append(("access-control-allow-headers", allow))
        if self.max_age is not None:
            response.append(("access-control-max-age", str(self.max_age)))
        response.extend(self._credentials())
        return HttpResponseData(204, response)

    def apply(self, origin: str, response: HttpResponseData) -> HttpResponseData:
        headers = [(n, v) for n, v in response.headers if not n.startswith("access-control-")]
        allowed = self.allowed_origin(origin)
        if allowed is not None:
            headers.append(("access-control-allow-origin", allowed))
            if self.expose_headers:
                headers.append(("access-control-expose-headers", ",".join(self.expose_headers)))
            headers.extend(self._credentials())
        return HttpResponseData(response.status, headers, response.body)

    def _credentials(self) -> list[tuple[str, str]]:
        return [("access-control-allow-credentials", "true")] if self.allow_credentials else []


def is_preflight(method: str, headers: Mapping[str, str]) -> bool:
    return method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def cors_from_template(template: Mapping[str, Any]) -> CorsConfig | None:
    """The CorsConfiguration of the template's (first) AWS::Serverless::HttpApi, parameters at their defaults."""
    parameters: Mapping[str, Any] = template.get("Parameters") or {}
    for resource in (template.get("Resources") or {}).values():
        if resource.get("Type") != "AWS::Serverless::HttpApi":
            continue
        cors = (resource.get("Properties") or {}).get("CorsConfiguration")
        if cors is True:
            return CorsConfig()
        if not isinstance(cors, Mapping):
            continue
        max_age = _resolve(cors.get("MaxAge"), parameters)
        return CorsConfig(
            allow_origins=_strings(cors.get("AllowOrigins"), parameters) or ("*",),
            allow_methods=tuple(m.upper() for m in _strings(cors.get("AllowMethods"), parameters)) or ("*",),
            allow_headers=tuple(h.lower() for h in _strings(cors.get("AllowHeaders"), parameters)),
            expose_headers=tuple(h.lower() for h in _strings(cors.get("ExposeHeaders"), parameters)),
            max_age=int(max_age) if isinstance(max_age, int | str) and str(max_age).isdigit() else None,
            allow_credentials=_resolve(cors.get("AllowCredentials"), parameters) in (True, "true"),
        )
    return None


def _resolve(value: Any, parameters: Mapping[str, Any]) -> Any:
    if isinstance(value, Mapping) and isinstance(value.get("Ref"), str):
        parameter = parameters.get(value["Ref"]) or {}
        default = parameter.get("Default")
        if parameter.get("Type") == "CommaDelimitedList" and isinstance(default, str):
            return [item.strip() for item in default.split(",")]
        return default
    return value


def _strings(value: Any, parameters: Mapping[str, Any]) -> tuple[str, ...]:
    resolved = _resolve(value, parameters)
    if isinstance(resolved, str):
        resolved = [resolved]
    if not isinstance(resolved, list):
        return ()
    return tuple(str(item) for item in resolved if isinstance(item, str | int))

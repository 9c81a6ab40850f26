"""Pydantic validation errors in Spanish: one table for the API's 422 `detail` and for one-line summaries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

# pydantic error type -> Spanish message (the API's `msg`; summaries use it in lower case).
_MESSAGES = {
    "missing": "Campo obligatorio",
    "json_invalid": "El cuerpo no es un JSON válido",
    "string_too_short": "Texto demasiado corto",
    "string_too_long": "Texto demasiado largo",
    "string_pattern_mismatch": "Formato no válido",
    "string_type": "Debe ser texto",
    "int_parsing": "Debe ser un número entero",
    "int_type": "Debe ser un número entero",
    "int_from_float": "Debe ser un número entero",
    "float_parsing": "Debe ser un número",
    "bool_parsing": "Debe ser verdadero o falso",
    "bool_type": "Debe ser verdadero o falso",
    "greater_than": "Valor demasiado pequeño",
    "greater_than_equal": "Valor demasiado pequeño",
    "less_than": "Valor demasiado grande",
    "less_than_equal": "Valor demasiado grande",
    "literal_error": "Valor no permitido",
    "enum": "Valor no permitido",
    "list_type": "Debe ser una lista",
    "too_short": "Lista demasiado corta",
    "too_long": "Lista demasiado larga",
    "model_type": "Debe ser un objeto JSON",
    "model_attributes_type": "Debe ser un objeto JSON",
    "dict_type": "Debe ser un objeto JSON",
    "datetime_from_date_parsing": "Fecha no válida (use AAAA-MM-DD)",
    "datetime_parsing": "Fecha no válida (use AAAA-MM-DD o ISO-8601)",
    "date_from_datetime_parsing": "Fecha no válida (use AAAA-MM-DD)",
    "value_error": "Valor no válido",
    "union_tag_invalid": "Valor no permitido",
    "extra_forbidden": "Campo no permitido",
}
_DEFAULT = "Valor no válido"


def _limit(kind: str, ctx: dict[str, Any]) -> Any:
    if kind.startswith(("string_too", "too_")):
        return ctx.get("max_length", ctx.get("min_length"))
    if kind.startswith(("greater", "less")):
        return next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), None)
    return None


def spanish_message(error: dict[str, Any]) -> str:
    """The Spanish message of one pydantic error (its `type`, with the limit or the validator's own text)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"]).removeprefix("Value error, ")
    message = _MESSAGES.get(kind, _DEFAULT)
    if kind == "literal_error" and ctx.get("expected"):
        return f"{message}: se espera {str(ctx['expected']).replace(' or ', ' o ')}"
    limit = _limit(kind, ctx)
    return message if limit is None else f"{message} (límite {limit})"


def spanish_validation_errors(errors: Iterable[Any]) -> list[dict[str, Any]]:
    """The API's 422 `detail`: one `{loc, msg, type}` per error, `msg` in Spanish."""
    return [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "msg": spanish_message(error),
            "type": str(error.get("type", "")),
        }
        for error in errors
    ]


def describe_validation_error(exc: ValidationError) -> str:
    """One short sentence for a row or a message: `campo: mensaje; otro: mensaje` (CSV imports, chat data)."""
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error.get("loc", ())) or "fila"
        message = spanish_message(dict(error))
        parts.append(f"{field}: {message[:1].lower()}{message[1:]}")
    return "; ".join(parts)

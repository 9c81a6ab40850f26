"""Pydantic validation errors turned into one short Spanish sentence (imports, chat extraction)."""

from __future__ import annotations

from pydantic import ValidationError

_MESSAGES = {
    "missing": "falta el campo",
    "string_too_short": "está vacío o es muy corto",
    "string_too_long": "es demasiado largo",
    "string_pattern_mismatch": "tiene caracteres no permitidos",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "int_type": "debe ser un número entero",
    "greater_than": "debe ser mayor que",
    "greater_than_equal": "debe ser mayor o igual que",
    "less_than_equal": "es demasiado grande",
    "bool_parsing": "debe ser verdadero o falso",
    "bool_type": "debe ser verdadero o falso",
    "list_type": "debe ser una lista",
    "string_type": "debe ser texto",
    "model_type": "debe ser un objeto",
    "dict_type": "debe ser un objeto",
    "value_error": "no es válido",
}


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error.get("loc", ())) or "fila"
        kind = error.get("type", "")
        message = _MESSAGES.get(kind, "no es válido")
        limit = (error.get("ctx") or {}).get("gt", (error.get("ctx") or {}).get("ge"))
        if kind.startswith("greater_than") and limit is not None:
            message = f"{message} {limit}"
        if kind == "value_error":
            message = str((error.get("ctx") or {}).get("error", message))
        parts.append(f"{field}: {message}")
    return "; ".join(parts)

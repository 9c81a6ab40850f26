"""The error bodies of the HTTP API (contract §3): a JSON object whose `detail` explains, in Spanish, what went wrong.

Every 4xx/5xx is `ErrorResponse` (`detail` is one sentence), except 422: FastAPI's validation list (one entry per field,
`msg` in Spanish) for a body or parameter that does not match its schema, or one Spanish sentence for a value the
domain refuses (an unknown order state, a cédula whose check digit fails...).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorResponse(BaseModel):
    detail: str = Field(description="Qué pasó, en español", examples=["No existe un producto con sku CAS-001."])


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Dónde está el error: `body`, `query`, `path` o `header`, y el campo")
    msg: str = Field(description="El error, en español")
    type: str = Field(description="El tipo de error de validación (pydantic)")


class ValidationErrorResponse(BaseModel):
    detail: list[FieldError] | str = Field(
        description="La lista de errores por campo, o una frase en español cuando el dominio rechaza un valor",
        examples=[[{"loc": ["body", "mensaje"], "msg": "Campo obligatorio", "type": "missing"}]],
    )

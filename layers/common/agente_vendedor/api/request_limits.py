"""The contract's request limits (§3) and the Spanish answers for a body over them, not UTF-8 or of the wrong type.

One place for the FastAPI middleware (`body_limits`), the upload routes and the light Lambda handlers
(`lambda_events`): no web framework is imported here.
"""

from __future__ import annotations

MB = 1024 * 1024
JSON_LIMIT = 1 * MB
IMAGE_LIMIT = 5 * MB
AUDIO_LIMIT = 10 * MB
CSV_IMPORT_LIMIT = 5 * MB

NOT_UTF8 = "El cuerpo debe ser JSON codificado en UTF-8."
UNREADABLE = "La solicitud no se pudo leer: revise el formato del cuerpo."


def too_large(limit: int, what: str = "cuerpo de la solicitud") -> str:
    return f"El {what} supera el límite de {max(1, limit // MB)} MB."


def unsupported_media_type(sent: str, expected: str) -> str:
    return f"Tipo de contenido no soportado ({sent}): esta ruta recibe {expected}."

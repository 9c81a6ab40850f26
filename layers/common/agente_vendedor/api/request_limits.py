"""The contract's request limits (§3) and the Spanish answers for a body over them, not UTF-8 or of the wrong type.

One place for the FastAPI middleware (`body_limits`), the upload routes and the light Lambda handlers
(`lambda_events`): no web framework is imported here.
"""

from __future__ import annotations

from agente_vendedor.core.size_limits import AUDIO_LIMIT, IMAGE_LIMIT, MB, too_large

__all__ = ["AUDIO_LIMIT", "CSV_IMPORT_LIMIT", "IMAGE_LIMIT", "JSON_LIMIT", "MB", "too_large"]

JSON_LIMIT = 1 * MB
CSV_IMPORT_LIMIT = 5 * MB

NOT_UTF8 = "El cuerpo debe ser JSON codificado en UTF-8."
UNREADABLE = "La solicitud no se pudo leer: revise el formato del cuerpo."


def unsupported_media_type(sent: str, expected: str) -> str:
    return f"Tipo de contenido no soportado ({sent}): esta ruta recibe {expected}."

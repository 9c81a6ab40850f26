"""The contract's size limits of a file (§3: a photo 5 MB, a voice note 10 MB) and the Spanish answer for anything over
its limit: one place for the file checks (`media_types`) and the request limits (`api.request_limits`), which the
light Lambda handlers read without loading the file checks."""

from __future__ import annotations

MB = 1024 * 1024
IMAGE_LIMIT = 5 * MB
AUDIO_LIMIT = 10 * MB


def too_large(limit: int, label: str = "cuerpo de la solicitud") -> str:
    return f"El {label} supera el límite de {max(1, limit // MB)} MB."

"""Photos and voice notes uploaded straight to storage, for files a Lambda request cannot carry (6 MB at most).

`POST /chat/subida` gives a presigned POST for one new key under `subidas/<chat_id>/`, bound to the content type and
to the kind's limit (5 MB image, 10 MB audio): S3 itself refuses anything else. `/chat/imagen` and `/chat/audio` then
take that key (`clave`) instead of the file: it must belong to the same conversation, and the object is read back
and checked again by its content and size. The bucket's lifecycle removes uploads after `UploadRetentionDays`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.core.media_types import SPECS, MediaFile, MediaKind, check_media
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.storage import get_storage
from agente_vendedor.platform.storage.base import UploadForm

UPLOADS_PREFIX = "subidas/"
# The content types a browser may declare for each kind (the real format is sniffed when the file is used).
DECLARED_TYPES: dict[MediaKind, tuple[str, ...]] = {"imagen": ("image/",), "audio": ("audio/", "video/")}
NOT_THIS_CHAT = "La clave del archivo no corresponde a esta conversación: pida una subida nueva en /chat/subida."
NOT_UPLOADED = "No hay ningún archivo subido con esa clave (o ya expiró): súbalo de nuevo."


@dataclass(frozen=True)
class NewUpload:
    key: str
    form: UploadForm
    content_type: str
    max_bytes: int
    expires_at: datetime


def new_upload(chat_id: str, kind: MediaKind, content_type: str) -> NewUpload:
    if not content_type.startswith(DECLARED_TYPES[kind]):
        raise InvalidInputError(f"El tipo de contenido {content_type} no corresponde a un archivo de tipo {kind}.")
    settings = get_settings()
    key = f"{UPLOADS_PREFIX}{chat_id}/{kind}-{uuid.uuid4().hex}"
    limit = SPECS[kind].limit
    form = get_storage().upload_form(key, content_type, limit, settings.upload_url_expiry_s)
    expires_at = datetime.now(UTC) + timedelta(seconds=settings.upload_url_expiry_s)
    return NewUpload(key, form, content_type, limit, expires_at)


def read_upload(chat_id: str, key: str, kind: MediaKind) -> MediaFile:
    """The uploaded file, if it is this conversation's, of this kind and within its limit (413/415/422 otherwise)."""
    if not key.startswith(f"{UPLOADS_PREFIX}{chat_id}/{kind}-"):
        raise InvalidInputError(NOT_THIS_CHAT)
    data = get_storage().read_bytes(key, SPECS[kind].limit)
    if data is None:
        raise InvalidInputError(NOT_UPLOADED)
    return check_media(data, kind)

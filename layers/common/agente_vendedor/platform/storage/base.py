"""The storage interface every backend implements, and the object keys it accepts."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from agente_vendedor.core.errors import InvalidInputError, ServiceUnavailableError

# Path segments of letters, digits, ".", "_" and "-", never starting with "." (so no "..", no hidden files).
_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
MAX_KEY_LENGTH = 512
# SigV4 presigned URLs are valid for at most 7 days.
MAX_URL_EXPIRY_S = 7 * 24 * 3600


def validate_key(key: str) -> str:
    """The key itself, or InvalidInputError for anything that could leave the exports area."""
    if not key or len(key) > MAX_KEY_LENGTH or not _KEY.match(key):
        raise InvalidInputError(
            "Nombre de archivo no válido: use solo letras, números, '.', '_', '-' y '/' entre carpetas (sin '..')."
        )
    return key


def clamp_expiry(expires_s: int) -> int:
    return max(1, min(int(expires_s), MAX_URL_EXPIRY_S))


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    modified: datetime


@dataclass(frozen=True)
class UploadForm:
    """A browser-side upload: POST `fields` (then the file as `file`) as multipart/form-data to `url`."""

    url: str
    fields: dict[str, str]


UPLOADS_UNAVAILABLE = (
    "Las subidas directas de archivos necesitan el almacenamiento S3; envíe el archivo en el formulario "
    "(hasta 5 MB la imagen y 10 MB el audio)."
)


class ObjectWriter(Protocol):
    """What `Storage.open_writer` yields: a binary sink that counts what it was given."""

    @property
    def bytes_written(self) -> int: ...

    def write(self, data: bytes) -> int: ...

    def flush(self) -> None: ...


class Storage(ABC):
    backend: str
    location: str  # the bucket, or the directory
    retention_days: int

    @abstractmethod
    def open_writer(self, key: str, content_type: str) -> AbstractContextManager[ObjectWriter]:
        """Write an object as a stream; it appears only if the block ends without an error."""

    @abstractmethod
    def presigned_url(self, key: str, expires_s: int) -> str:
        """A URL that downloads the object with a plain GET until it expires (then 403)."""

    @abstractmethod
    def stat(self, key: str) -> StoredObject | None:
        """The object, or None when it does not exist."""

    @abstractmethod
    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]: ...

    @abstractmethod
    def delete(self, keys: list[str]) -> None: ...

    @abstractmethod
    def check(self) -> None:
        """Raise if the storage cannot be used."""

    def upload_form(self, key: str, content_type: str, max_bytes: int, expires_s: int) -> UploadForm:
        """A presigned POST that accepts exactly this key and content type, 1 to `max_bytes` bytes, until it expires.
        Only object stores sign them (S3): a local directory answers 503 with a Spanish detail."""
        raise ServiceUnavailableError(UPLOADS_UNAVAILABLE)

    @abstractmethod
    def read_bytes(self, key: str, max_bytes: int) -> bytes | None:
        """The object's first `max_bytes` + 1 bytes at most (so a caller sees it is too large), None when absent."""

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def delete_expired(self, now: datetime | None = None) -> int:
        """Delete objects older than the retention period; returns how many."""
        limit = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        expired = [obj.key for obj in self.list_objects() if obj.modified < limit]
        if expired:
            self.delete(expired)
        return len(expired)

    def info(self) -> dict[str, Any]:
        count = total = 0
        for obj in self.list_objects():
            count += 1
            total += obj.size
        return {
            "backend": self.backend,
            "bucket": self.location,
            "objetos": count,
            "bytes": total,
            "retencion_dias": self.retention_days,
        }

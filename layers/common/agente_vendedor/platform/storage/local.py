"""Exports on local disk, downloaded through the API itself with HMAC-signed, expiring URLs."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlencode

from agente_vendedor.core.errors import DomainError
from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.storage.base import ObjectWriter, Storage, StoredObject, clamp_expiry, validate_key

LOCAL_FILES_ROUTE = "/files/local"
PARTIAL_SUFFIX = ".part"
# An unfinished file (its writer crashed) is removed after this long.
PARTIAL_MAX_AGE = timedelta(hours=6)
_EPOCH = re.compile(r"[0-9]{1,12}")


class SignatureRejectedError(DomainError):
    """A signed local URL that is expired or was tampered with (HTTP 403)."""


class LocalFileWriter:
    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._bytes = 0

    @property
    def bytes_written(self) -> int:
        return self._bytes

    def write(self, data: bytes) -> int:
        self._file.write(data)
        self._bytes += len(data)
        return len(data)

    def flush(self) -> None:
        self._file.flush()


class LocalStorage(Storage):
    backend = "local"

    def __init__(self, directory: Path, public_url: str, signing_key: str, retention_days: int) -> None:
        self.directory = directory
        self.location = str(directory)
        self.public_url = public_url.rstrip("/")
        self._signing_key = signing_key.encode("utf-8")
        self.retention_days = retention_days

    def path_of(self, key: str) -> Path:
        return self.directory / validate_key(key)

    @contextmanager
    def open_writer(self, key: str, content_type: str) -> Iterator[ObjectWriter]:
        """Writes a hidden partial file, renamed into place at the end. Expired exports go first (no lifecycle here)."""
        path = self.path_of(key)
        self.delete_expired()
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")
        try:
            with self._create(partial) as file:
                yield LocalFileWriter(file)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    @staticmethod
    def _create(path: Path) -> BinaryIO:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return path.open("xb")
        except FileNotFoundError:  # a concurrent clean-up removed the (empty) folder in between
            path.parent.mkdir(parents=True, exist_ok=True)
            return path.open("xb")

    def signature(self, key: str, expira: int) -> str:
        return hmac.new(self._signing_key, f"{key}\n{expira}".encode(), hashlib.sha256).hexdigest()

    def presigned_url(self, key: str, expires_s: int) -> str:
        expira = int(time.time()) + clamp_expiry(expires_s)
        query = urlencode({"expira": expira, "firma": self.signature(validate_key(key), expira)})
        return f"{self.public_url}{LOCAL_FILES_ROUTE}/{quote(key)}?{query}"

    def verified_path(self, key: str, expira: str, firma: str, now: float | None = None) -> Path:
        """The file a signed URL points to; SignatureRejectedError if the URL was altered or has expired."""
        path = self.path_of(key)
        expected = self.signature(key, int(expira)) if _EPOCH.fullmatch(expira) else ""
        if not expected or not hmac.compare_digest(expected, firma):
            raise SignatureRejectedError("La firma del enlace no es válida. Solicite un enlace nuevo.")
        if int(expira) < (time.time() if now is None else now):
            raise SignatureRejectedError("El enlace ha expirado. Solicite un enlace nuevo en /files/exports/.")
        return path

    def stat(self, key: str) -> StoredObject | None:
        path = self.path_of(key)
        if not path.is_file():
            return None
        return self._stored(path)

    def _stored(self, path: Path) -> StoredObject:
        status = path.stat()
        key = path.relative_to(self.directory).as_posix()
        return StoredObject(key=key, size=status.st_size, modified=datetime.fromtimestamp(status.st_mtime, UTC))

    def read_bytes(self, key: str, max_bytes: int) -> bytes | None:
        path = self.path_of(key)
        if not path.is_file():
            return None
        with path.open("rb") as file:
            return file.read(max_bytes + 1)

    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                stored = self._stored(path)
                if stored.key.startswith(prefix):
                    yield stored

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            self.path_of(key).unlink(missing_ok=True)

    def delete_expired(self, now: datetime | None = None) -> int:
        now = now or datetime.now(UTC)
        removed = super().delete_expired(now)
        if self.directory.is_dir():
            stale = (now - PARTIAL_MAX_AGE).timestamp()
            for partial in self.directory.rglob(f".*{PARTIAL_SUFFIX}"):
                with contextlib.suppress(FileNotFoundError):
                    if partial.stat().st_mtime < stale:
                        partial.unlink()
            for folder in sorted((p for p in self.directory.rglob("*") if p.is_dir()), reverse=True):
                with contextlib.suppress(OSError):  # not empty (any more), or already gone
                    if not any(folder.iterdir()):
                        folder.rmdir()
        return removed

    def check(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not os.access(self.directory, os.W_OK):
            raise PermissionError(f"{self.directory} is not writable")


def local_storage(settings: Settings) -> LocalStorage:
    return LocalStorage(
        Path(settings.local_exports_dir).resolve(),
        settings.local_public_url,
        settings.local_signing_key,
        settings.export_retention_days,
    )

"""Where exports are kept, behind one interface: S3 (or an S3-compatible endpoint) or a local directory.

`get_storage()` builds the backend STORAGE_BACKEND names once per container (again if the settings are reloaded).
"""

from __future__ import annotations

import threading

from agente_vendedor.core.settings import Settings, get_settings
from agente_vendedor.platform.storage.base import ObjectWriter, Storage, StoredObject, validate_key

__all__ = ["ObjectWriter", "Storage", "StoredObject", "build_storage", "get_storage", "validate_key"]

_lock = threading.Lock()
_current: tuple[Settings, Storage] | None = None


def build_storage(settings: Settings) -> Storage:
    if settings.storage_backend == "local":
        from agente_vendedor.platform.storage.local import local_storage

        return local_storage(settings)
    from agente_vendedor.platform.storage.s3 import s3_storage

    return s3_storage(settings)


def get_storage() -> Storage:
    global _current
    settings = get_settings()
    with _lock:
        if _current is None or _current[0] is not settings:
            _current = (settings, build_storage(settings))
        return _current[1]

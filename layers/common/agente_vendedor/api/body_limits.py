"""Request bodies are read once, up to their limit (contract §3: JSON ≤ 1 MB, image ≤ 5 MB, audio ≤ 10 MB), and refused
with a Spanish 413 beyond it — also when the client sends no Content-Length. JSON that is not UTF-8 gets a Spanish 400.
Under Lambda the whole body is in the event anyway, so buffering costs nothing extra."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agente_vendedor.api.request_limits import (
    AUDIO_LIMIT,
    CSV_IMPORT_LIMIT,
    IMAGE_LIMIT,
    JSON_LIMIT,
    NOT_UTF8,
    too_large,
)

MULTIPART_OVERHEAD = 64 * 1024
DEFAULT_LIMIT = JSON_LIMIT
# (path, content type prefix) -> limit; the first match wins, anything else gets DEFAULT_LIMIT.
_LIMITS: list[tuple[str, str, int]] = [
    ("/chat/imagen", "multipart/", IMAGE_LIMIT + MULTIPART_OVERHEAD),
    ("/chat/audio", "multipart/", AUDIO_LIMIT + MULTIPART_OVERHEAD),
    ("/productos/importar", "text/", CSV_IMPORT_LIMIT),
]


def body_limit(path: str, content_type: str) -> int:
    path = path.rstrip("/") or "/"
    for limit_path, type_prefix, limit in _LIMITS:
        if path == limit_path and content_type.startswith(type_prefix):
            return limit
    return DEFAULT_LIMIT


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        limit = body_limit(scope.get("path", ""), content_type)
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _reject(send, 413, too_large(limit))
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _reject(send, 413, too_large(limit))
                return
            chunks.append(chunk)
            more = bool(message.get("more_body"))
        body = b"".join(chunks)
        if "json" in content_type and not _is_utf8(body):
            await _reject(send, 400, NOT_UTF8)
            return
        await self.app(scope, _replay(body, receive), send)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # http.disconnect, when the client goes away

    return replay


async def _reject(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})

"""A request whose path holds a control character (an encoded newline, tab, NUL...) is refused before routing with a
Spanish 422: no path parameter of the API (sku, cédula, chat_id, ids, file names) accepts one, and Starlette's route
patterns end in `$`, which also matches before a final newline, so `/clientes/%0A` would otherwise be `/clientes/`."""

from __future__ import annotations

import re

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_PATH = "La ruta contiene caracteres de control (salto de línea, tabulador, NUL...): no es válida."


class ControlCharacterPathMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and CONTROL_CHARACTERS.search(scope.get("path", "")):
            await JSONResponse({"detail": CONTROL_IN_PATH}, status_code=422)(scope, receive, send)
            return
        await self.app(scope, receive, send)

"""The staff panel (`GET /admin/`) and its static files, with the headers that lock the page down.

The page and its scripts hold no data: every figure comes from a staff API route the page calls with the token the
person signs in with. So a browser without a token gets the page with status 401 (it shows the sign-in form); an API
client without one gets the usual JSON 401. `?token=` is not read: a credential never travels in a URL.
"""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from agente_vendedor.api.deps import current_staff, require_area
from agente_vendedor.api.error_handlers import json_error_responses
from agente_vendedor.core.errors import NotFoundError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.staff.roles import Area

router = APIRouter(tags=["operaciones"])

PAGE = "admin.html"
WEBSOCKET_PLACEHOLDER = "__WEBSOCKET_URL__"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}


def _static_root() -> Traversable:
    return resources.files("agente_vendedor.api").joinpath("static")


@lru_cache(maxsize=1)
def static_files() -> dict[str, tuple[bytes, str]]:
    """Every script and stylesheet of the panel by its path under /admin/ (`admin.js`, `vendor/chart.umd.min.js`)."""
    found: dict[str, tuple[bytes, str]] = {}
    pending: list[tuple[str, Traversable]] = [("", _static_root())]
    while pending:
        prefix, folder = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                pending.append((f"{prefix}{entry.name}/", entry))
            elif media_type := MEDIA_TYPES.get(entry.name[entry.name.rfind(".") :]):
                found[f"{prefix}{entry.name}"] = (entry.read_bytes(), media_type)
    return found


def websocket_url() -> str:
    """The WebSocket API's URL (`wss://{api}.execute-api.{region}.amazonaws.com/{stage}` in AWS, the local stage
    locally), from WS_ENDPOINT_URL; empty when unset (the page then uses its own host's `/ws`)."""
    configured = get_settings().ws_endpoint_url
    if not configured:
        return ""
    parts = urlsplit(configured)
    scheme = WEBSOCKET_SCHEMES.get(parts.scheme)
    return parts._replace(scheme=scheme).geturl() if scheme and parts.netloc else ""


def content_security_policy() -> str:
    """Scripts, styles and connections from the panel's own origin only, plus the WebSocket API's origin."""
    url = websocket_url()
    connect = ["'self'"] + ([f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"] if url else [])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"connect-src {' '.join(connect)}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(cache_control: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": cache_control,
    }


def panel_page() -> str:
    page = _static_root().joinpath(PAGE).read_text("utf-8")
    return page.replace(WEBSOCKET_PLACEHOLDER, html.escape(websocket_url(), quote=True))


def _browser_navigation(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


PAGE_RESPONSES = json_error_responses(403, 422) | {
    401: {
        "description": "Sin token de personal: a un navegador, la página con el formulario de entrada; a otro cliente, "
        "el error en JSON",
        "content": {
            **json_error_responses(401)[401]["content"],
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


@router.get("/admin/", response_class=HTMLResponse, responses=PAGE_RESPONSES, summary="Panel del personal")
def admin_panel(request: Request) -> HTMLResponse:
    headers = security_headers("no-store")
    refused = require_area(Area.PANEL).refusal(current_staff(request))
    if refused is None:
        return HTMLResponse(panel_page(), headers=headers)
    if _browser_navigation(request):
        return HTMLResponse(panel_page(), status_code=401, headers=headers)
    raise refused


@router.get(
    "/admin/{archivo:path}",
    response_class=Response,
    include_in_schema=False,  # the page's own files, like /demo/ and /widget/: not part of the API
)
def admin_static_file(archivo: str) -> Response:
    found = static_files().get(archivo)
    if found is None:
        raise NotFoundError("El panel no tiene ese archivo.")
    content, media_type = found
    return Response(content, media_type=media_type, headers=security_headers("no-cache"))

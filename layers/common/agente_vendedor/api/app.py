"""The FastAPI application behind the HTTP API (wrapped by Mangum in functions/chat)."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from agente_vendedor import __version__
from agente_vendedor.api.body_limits import BodySizeLimitMiddleware
from agente_vendedor.api.error_handlers import install_error_handlers
from agente_vendedor.api.path_check import ControlCharacterPathMiddleware
from agente_vendedor.api.routers import all_routers
from agente_vendedor.core.settings import get_settings

DESCRIPTION = (
    "API del agente vendedor de Sextinvalle: catálogo, empresa, clientes, ventas, pedidos, chat, exportes y operación. "
    "Las rutas de personal requieren `Authorization: Bearer <token>`."
)


def create_app(routers: Sequence[APIRouter] | None = None) -> FastAPI:
    """The whole API by default; a function serving only some routes (e.g. exports) passes its routers."""
    app = FastAPI(title="Agente Vendedor Sextinvalle", version=__version__, description=DESCRIPTION)
    for router in all_routers() if routers is None else routers:
        app.include_router(router)
    install_error_handlers(app)
    app.add_middleware(ControlCharacterPathMiddleware)
    origins = [o.strip() for o in get_settings().cors_origins.split(",") if o.strip()]
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["*"],
        allow_headers=["*"],
        allow_credentials=origins != ["*"],
    )
    app.add_middleware(BodySizeLimitMiddleware)
    return app

"""One router per resource; `all_routers()` is what the app mounts (and what /openapi.json documents).

Importing this package imports no router: a function that serves only some routes (exports) imports only those.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    from agente_vendedor.api.routers import (
        archivos,
        chat,
        chat_control,
        chats,
        clientes,
        empresa,
        exportes,
        metricas,
        operaciones,
        panel,
        pedidos,
        productos,
        sesion,
        usuarios,
        ventas,
    )

    return [
        operaciones.router,
        panel.router,
        sesion.router,
        usuarios.router,
        productos.router,
        empresa.router,
        clientes.router,
        ventas.router,
        pedidos.router,
        exportes.router,
        archivos.router,
        chat_control.router,
        chats.router,
        metricas.router,
        chat.router,
    ]

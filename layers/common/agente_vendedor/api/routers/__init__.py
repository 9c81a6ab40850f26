"""One router per resource; `ROUTERS` is what the app mounts (and what /openapi.json documents)."""

from __future__ import annotations

from fastapi import APIRouter

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

ROUTERS: list[APIRouter] = [
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

"""A stand-in staff API for the panel's browser tests: the real panel router (page, files, headers) next to canned
contract-shaped answers for sign-in, the inbox, a history and the metrics, and a panel WebSocket the test pushes
`chat_actualizado` frames through. It checks the front end alone, whatever state the real routes are in.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import uvicorn
from fastapi import FastAPI, Header, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse

from agente_vendedor.api.routers import panel
from local_stack.ports import free_port

PASSWORD = "clave-de-prueba-123"
TOKENS = {"tok-ventas": ("vera", "ventas"), "tok-inventario": ("ines", "inventario")}

METRICS: dict[str, Any] = {
    "conversaciones": 40,
    "mensajes_por_tipo": {"inventario": 55, "venta": 30, "cliente": 4, "contexto": 11},
    "latencia_ms": {"p50": 420, "p95": 1830},
    "exito_por_tipo": {"inventario": 0.95, "venta": 0.9, "cliente": 1.0, "contexto": 0.8},
    "conversion": {"conversaciones": 40, "con_pedido": 18, "ventas": 7, "tasa": 0.175},
    "ventas_por_dia": [
        {"fecha": "2026-12-01", "ventas": 3, "total": 410000},
        {"fecha": "2026-12-02", "ventas": 4, "total": 655000},
    ],
    "top_productos": [{"sku": "SX-CAS-001", "nombre": "Casco dieléctrico", "cantidad": 12, "total": 540000}],
    "llm": {"llamadas": 64, "fallos": 3, "tokens_entrada": 51000, "tokens_salida": 9000, "costo_estimado_usd": 0.0123},
    "almacenamiento": {"objetos": 5, "bytes": 20480},
}


def _now(offset_s: int = 0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=offset_s)).isoformat()


@dataclass
class PanelStub:
    base_url: str
    chats: dict[str, dict[str, Any]]
    loop: asyncio.AbstractEventLoop
    sockets: list[WebSocket] = field(default_factory=list)
    socket_urls: list[str] = field(default_factory=list)

    def push(self, item: dict[str, Any]) -> None:
        """What the server does when a conversation changes: store it and send its summary to every panel."""
        self.chats[item["chat_id"]] = item
        frame = {"type": "chat_actualizado", "timestamp": _now(), **item}
        for socket in list(self.sockets):
            asyncio.run_coroutine_threadsafe(socket.send_json(frame), self.loop).result(timeout=5)


def summary(chat_id: str, message: str, *, age_s: int = 0, **flags: Any) -> dict[str, Any]:
    return {
        "chat_id": chat_id,
        "ultimo_mensaje": message,
        "actualizado": _now(-age_s),
        "estado_venta": flags.get("estado_venta"),
        "total_pedido": flags.get("total_pedido"),
        "pausado": flags.get("pausado", False),
        "requiere_asesor": flags.get("requiere_asesor", False),
        "motivo": flags.get("motivo"),
    }


def _app(state: dict[str, Any]) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["loop"] = asyncio.get_running_loop()  # frames are sent on the server's loop
        yield

    app = FastAPI(lifespan=lifespan)
    app.include_router(panel.router)
    chats: dict[str, dict[str, Any]] = state["chats"]

    def who(authorization: str | None) -> tuple[str, str] | None:
        return TOKENS.get((authorization or "").removeprefix("Bearer "))

    def refused() -> JSONResponse:
        return JSONResponse({"detail": "Se requiere un token de personal válido."}, status_code=401)

    @app.post("/auth/")
    async def sign_in(request: Request) -> JSONResponse:
        body = await request.json()
        for token, (usuario, rol) in TOKENS.items():
            if body.get("usuario") == usuario and body.get("clave") == PASSWORD:
                return JSONResponse({"token": token, "expira_en": _now(3600), "usuario": usuario, "rol": rol})
        return JSONResponse({"detail": "Usuario o clave incorrectos."}, status_code=401)

    @app.get("/auth/yo")
    def me(authorization: str | None = Header(default=None)) -> JSONResponse:
        found = who(authorization)
        return JSONResponse({"usuario": found[0], "rol": found[1]}) if found else refused()

    @app.get("/chats/")
    def inbox(request: Request, authorization: str | None = Header(default=None)) -> JSONResponse:
        if not who(authorization):
            return refused()
        q = request.query_params.get("q", "").lower()
        items = sorted(chats.values(), key=lambda c: c["actualizado"], reverse=True)
        items = [c for c in items if q in c["chat_id"].lower() or q in c["ultimo_mensaje"].lower()]
        if request.query_params.get("requiere_asesor") == "true":
            items = [c for c in items if c["requiere_asesor"]]
        return JSONResponse({"items": items, "total": len(items), "limit": 50, "offset": 0})

    @app.get("/chat/historial/{chat_id}")
    def history(chat_id: str, authorization: str | None = Header(default=None)) -> JSONResponse:
        if not who(authorization):
            return refused()
        last = chats.get(chat_id, {}).get("ultimo_mensaje", "")
        message = {"rol": "cliente", "contenido": last, "tipo_mensaje": "venta", "timestamp": _now()}
        return JSONResponse({"chat_id": chat_id, "mensajes": [message]})

    @app.get("/metricas")
    def metrics(authorization: str | None = Header(default=None)) -> JSONResponse:
        return JSONResponse(METRICS) if who(authorization) else refused()

    @app.websocket("/ws")
    async def live(websocket: WebSocket) -> None:
        state["socket_urls"].append(str(websocket.url))
        if websocket.query_params.get("token") not in TOKENS or websocket.query_params.get("panel") != "1":
            await websocket.close(code=1008)
            return
        await websocket.accept()
        state["sockets"].append(websocket)
        try:
            while True:
                await websocket.receive_text()
        except WebSocketDisconnect:  # the browser went away
            state["sockets"].remove(websocket)

    return app


@contextmanager
def panel_stub() -> Iterator[PanelStub]:
    state: dict[str, Any] = {
        "chats": {
            "web_antiguo": summary("web_antiguo", "gracias, eso era todo", age_s=3600),
            "web_pedido": summary(
                "web_pedido", "¿me confirma el total?", age_s=60, estado_venta="pendiente", total_pedido=90000
            ),
        },
        "sockets": [],
        "socket_urls": [],
    }
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(_app(state), host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the panel stub did not start")
        time.sleep(0.05)
    try:
        yield PanelStub(
            f"http://127.0.0.1:{port}", state["chats"], state["loop"], state["sockets"], state["socket_urls"]
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)

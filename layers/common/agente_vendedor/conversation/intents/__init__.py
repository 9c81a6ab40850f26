"""One handler per message type, each a module with one entry point `handle(turn) -> HandlerResult`.

A new message type is one module here plus one line in `HANDLERS` (and its name in `schemas.chat.MessageType`).
"""

from __future__ import annotations

from collections.abc import Callable

from agente_vendedor.conversation.intents import company, customer, inventory, sale
from agente_vendedor.conversation.intents.turn import HandlerResult, Turn
from agente_vendedor.schemas.chat import MessageType

Handler = Callable[[Turn], HandlerResult]

HANDLERS: dict[MessageType, Handler] = {
    "inventario": inventory.handle,
    "venta": sale.handle,
    "cliente": customer.handle,
    "contexto": company.handle,
}


def dispatch(tipo: MessageType, turn: Turn) -> HandlerResult:
    return HANDLERS[tipo](turn)


__all__ = ["HANDLERS", "Handler", "HandlerResult", "Turn", "dispatch"]

"""The staff inbox's row of each customer conversation (`conversaciones`; contract §4 `GET /chats/`).

Every customer turn upserts its conversation's row in the turn's own transaction (`record_turn`, one statement), so
the row always agrees with the order, the sale and the messages of that turn: a turn that fails leaves it as it was.
Staff control (pause, resume, advisor reply) updates it too (`record_staff_action`). A staff member's own turns in a
chat are not customer activity and do not touch it.

`requiere_asesor` (a generated column) holds while any of three reasons does:

- `pidio_asesor`, the customer asked for a person (`language.advisor_request`): cleared only by staff, an advisor
  reply or resuming the agent.
- `espera_decision`, an order waits on a staff decision: `stock_insuficiente` (the order could not close for stock;
  also cleared by a later turn whose order no longer lacks stock: it closed, was cancelled or changed) or
  `cliente_difiere` (a sale closed with data that differ from the stored customer; cleared by staff).
- `sin_ayuda_seguidas >= 2`, the agent could not help twice in a row (answers that found nothing,
  `HandlerResult.ayudo`): cleared by the next answer that helps, or by staff.

Pausing alone clears nothing: staff took the chat but have not answered yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, literal
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from agente_vendedor.db.models import FAILED_TURNS_FOR_ADVISOR, OPEN_ORDER_STATES, Conversation, Order
from agente_vendedor.language.advisor_request import asks_for_person
from agente_vendedor.schemas.inbox import ChatSummary

PREVIEW_CHARS = 500  # of the customer's last message kept for the inbox

# The reasons, most pressing first: the first that holds is the summary's `motivo`.
_MOTIVOS: tuple[tuple[Callable[[Conversation], bool], str], ...] = (
    (lambda row: row.pidio_asesor, "El cliente pidió hablar con una persona."),
    (
        lambda row: row.espera_decision == "cliente_difiere",
        "Venta cerrada con datos del cliente distintos a los registrados: revisar.",
    ),
    (
        lambda row: row.espera_decision == "stock_insuficiente",
        "El pedido no se pudo cerrar por falta de stock: decidir con el cliente.",
    ),
    (
        lambda row: row.sin_ayuda_seguidas >= FAILED_TURNS_FOR_ADVISOR,
        "El agente no pudo ayudar dos veces seguidas.",
    ),
)


@dataclass(frozen=True)
class TurnSignals:
    """What one customer turn tells the inbox."""

    chat_id: str
    mensaje: str  # the customer's message as stored
    pausado: bool
    estado_venta: str | None  # the turn's order (None: it has none, the previous one stays shown)
    total_pedido: int | None
    pidio_asesor: bool
    ayudo: bool | None  # None: the agent did not answer (paused)
    atencion: str | None = None  # `HandlerResult.atencion`
    stock_resuelto: bool = False  # the order no longer lacks stock (closed, cancelled, or every line within stock)


def _order_total(order: Order) -> int:
    """At the prices of the confirmed summary where there is one, else today's."""
    return sum(line.cantidad * (line.precio_unitario or line.producto.precio) for line in order.lineas)


def _stock_resolved(order: Order | None) -> bool:
    if order is None or order.estado not in OPEN_ORDER_STATES:
        return True
    return all(line.cantidad <= line.producto.stock for line in order.lineas)


def turn_signals(
    chat_id: str,
    mensaje: str,
    order: Order | None,
    *,
    paused: bool,
    helped: bool | None = None,
    attention: str | None = None,
) -> TurnSignals:
    """The signals of a customer turn: its message, the order it leaves, and what the answer did."""
    return TurnSignals(
        chat_id=chat_id,
        mensaje=mensaje[:PREVIEW_CHARS],
        pausado=paused,
        estado_venta=order.estado if order is not None else None,
        total_pedido=_order_total(order) if order is not None else None,
        pidio_asesor=asks_for_person(mensaje),
        ayudo=helped,
        atencion=attention,
        stock_resuelto=_stock_resolved(order),
    )


def record_turn(session: Session, signals: TurnSignals) -> ChatSummary:
    """Upsert the conversation's row with one statement (atomic against concurrent turns of the chat)."""
    now = datetime.now(UTC)
    row = Conversation.__table__.c
    statement = insert(Conversation).values(
        chat_id=signals.chat_id,
        ultimo_mensaje=signals.mensaje,
        creado=now,
        actualizado=now,
        estado_venta=signals.estado_venta,
        total_pedido=signals.total_pedido,
        pausado=signals.pausado,
        pidio_asesor=signals.pidio_asesor,
        espera_decision=signals.atencion,
        sin_ayuda_seguidas=1 if signals.ayudo is False else 0,
    )
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[row.chat_id],
        set_={
            "ultimo_mensaje": new.ultimo_mensaje,
            "actualizado": new.actualizado,
            "estado_venta": func.coalesce(new.estado_venta, row.estado_venta),
            "total_pedido": case((new.estado_venta.is_(None), row.total_pedido), else_=new.total_pedido),
            "pausado": new.pausado,
            "pidio_asesor": row.pidio_asesor | new.pidio_asesor,
            "espera_decision": case(
                (new.espera_decision.is_not(None), new.espera_decision),
                (
                    (row.espera_decision == "stock_insuficiente") & literal(signals.stock_resuelto),
                    None,
                ),
                else_=row.espera_decision,
            ),
            # not answered (paused): unchanged; helped: back to 0; found nothing: one more
            "sin_ayuda_seguidas": {None: row.sin_ayuda_seguidas, True: 0, False: row.sin_ayuda_seguidas + 1}[
                signals.ayudo
            ],
        },
    )
    return summary(_returned(session, statement))


def record_staff_action(session: Session, chat_id: str, *, paused: bool, resolves: bool) -> ChatSummary:
    """Staff paused, resumed or answered the chat: the pause flag, and (resume, reply) every reason cleared."""
    now = datetime.now(UTC)
    cleared: dict[str, Any] = {"pidio_asesor": False, "espera_decision": None, "sin_ayuda_seguidas": 0}
    values: dict[str, Any] = {"pausado": paused, "actualizado": now, **(cleared if resolves else {})}
    statement = insert(Conversation).values(chat_id=chat_id, creado=now, **values)
    statement = statement.on_conflict_do_update(index_elements=[Conversation.__table__.c.chat_id], set_=values)
    return summary(_returned(session, statement))


def _returned(session: Session, statement: Any) -> Conversation:
    returning = statement.returning(Conversation).execution_options(populate_existing=True)
    row: Conversation = session.execute(returning).scalars().one()
    return row


def motivo(row: Conversation) -> str | None:
    """The most pressing reason a person should step in, in Spanish; None when none holds."""
    return next((text for holds, text in _MOTIVOS if holds(row)), None)


def summary(row: Conversation) -> ChatSummary:
    return ChatSummary(
        chat_id=row.chat_id,
        ultimo_mensaje=row.ultimo_mensaje,
        actualizado=row.actualizado,
        estado_venta=row.estado_venta,  # type: ignore[arg-type]
        total_pedido=row.total_pedido,
        pausado=row.pausado,
        requiere_asesor=row.requiere_asesor,
        motivo=motivo(row),
    )

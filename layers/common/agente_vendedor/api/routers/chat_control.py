"""Staff control of a conversation (contract §4 Chat): pause/resume the agent and reply as an advisor."""

from __future__ import annotations

from fastapi import APIRouter

from agente_vendedor.api.deps import Actor, DbSession, staff_only
from agente_vendedor.api.error_handlers import BODY_ERRORS, DATABASE_ERRORS, STAFF_ERRORS
from agente_vendedor.realtime import chat_control, panel
from agente_vendedor.schemas.chat import ChatControlRequest, StaffReplyRequest
from agente_vendedor.schemas.chat_control import ChatControlResponse, StaffReplyResponse
from agente_vendedor.schemas.common import ChatId
from agente_vendedor.staff.roles import Area

router = APIRouter(
    prefix="/chat",
    tags=["chat"],
    dependencies=[staff_only(Area.CHATS)],
    responses=STAFF_ERRORS | BODY_ERRORS | DATABASE_ERRORS,
)


@router.post("/{chat_id}/control", response_model=ChatControlResponse, summary="Pausar o reanudar el agente en un chat")
def control_chat(chat_id: ChatId, body: ChatControlRequest, db: DbSession, actor: Actor) -> ChatControlResponse:
    summary = chat_control.set_paused(db, chat_id, body.accion == "pausar", actor=actor.usuario)
    db.commit()  # the staff panel hears of it once it is stored
    panel.publish(summary)
    return ChatControlResponse(chat_id=chat_id, pausado=summary.pausado)


@router.post(
    "/{chat_id}/responder",
    response_model=StaffReplyResponse,
    summary="Responder como asesor (queda en el historial y llega a las conexiones WebSocket abiertas)",
)
def reply_as_staff(chat_id: ChatId, body: StaffReplyRequest, db: DbSession, actor: Actor) -> StaffReplyResponse:
    reply = chat_control.staff_reply(db, chat_id, body.mensaje, actor=actor.usuario)
    db.commit()
    panel.publish(reply.resumen)
    return StaffReplyResponse(
        chat_id=reply.chat_id, mensaje=reply.mensaje, pausado=reply.pausado, conexiones=reply.conexiones
    )

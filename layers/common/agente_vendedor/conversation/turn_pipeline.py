"""One chat turn, the single entry point of the HTTP route and the WebSocket: `process_message`.

clean → store the customer's message → (paused? stop) → classify → handler → phrase (offline draft or Gemini,
streamed through `on_chunk`) → store the agent's message → `ChatResponse`. The deterministic part decides everything
(type, products, prices, stock, order, state); the provider only words it, and any failure or timeout of the model
falls back to the draft with an `llm_fallo` audit event.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from agente_vendedor.commerce import audit, orders
from agente_vendedor.conversation import classifier, inbox, replies, session_memory, turn_outbox
from agente_vendedor.conversation.classifier import (
    DESCRIBES_NEED,
    NAMES_PRODUCT,
    NO_PRODUCT,
    WEAK_PRODUCT,
    Classification,
    DialogueState,
    classify,
)
from agente_vendedor.conversation.company_knowledge import topic_signals
from agente_vendedor.conversation.intents import HandlerResult, Turn, dispatch
from agente_vendedor.conversation.model_planning import refine_plan
from agente_vendedor.conversation.photo_turns import answer_photo
from agente_vendedor.conversation.product_requests import names_product
from agente_vendedor.conversation.sale_flow import Offer, chat_order_view
from agente_vendedor.conversation.understanding import build_plan
from agente_vendedor.core.deadline import TURN_TOO_SLOW, Deadline
from agente_vendedor.core.errors import ServiceUnavailableError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import OPEN_ORDER_STATES, ConversationMessage, Order
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.normalization import clean_user_text, normalize
from agente_vendedor.language.spanish_words import COMMON_WORDS, is_content_word
from agente_vendedor.platform import llm, turn_metrics
from agente_vendedor.platform.io_pool import io_pool
from agente_vendedor.platform.llm import provider_name, turn_provider
from agente_vendedor.platform.llm.base import HistoryTurn, LLMProvider, PhraseRequest
from agente_vendedor.schemas.catalog import ProductBrief
from agente_vendedor.schemas.chat import ChatResponse, MessageType, Tone
from agente_vendedor.schemas.inbox import ChatSummary
from agente_vendedor.schemas.photo_reading import PhotoReading
from agente_vendedor.schemas.turn_plan import PLAN_FAILED, TurnPlan
from agente_vendedor.search.retrieval import RetrievalResult, retrieve

logger = logging.getLogger(__name__)

LLM_MARGIN_S = 1.5  # what the turn keeps after the model's deadline to store and answer

SummaryHook = Callable[[ChatSummary], object]  # told the conversation's inbox row once the turn is committed


@dataclass
class _Failures:
    items: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, kind: str, detail: str) -> None:
        self.items.append((kind, detail))


def prime() -> None:
    """Load what a first turn would otherwise load — this module's imports, the lexicons and rules, the Gemini SDK
    when a key is configured — without any I/O: SnapStart's before-snapshot hook (`ops.bootstrap`) calls it."""
    classifier.warm_up()
    llm.warm_up()


def _product_strength(turn: Turn) -> Callable[[str], float]:
    cache: dict[str, float] = {}

    def probe(text: str) -> float:
        """The message's products (retrieved once): named by `text`, a need they answer, or weakly found; a part of
        the message ("¿abren el sábado?") names one of them or none."""
        if text not in cache:
            result = turn.retrieval()
            if not result.products:
                cache[text] = NO_PRODUCT
            elif any(names_product(product, text) for product in result.products[:3]):
                cache[text] = NAMES_PRODUCT
            elif text != turn.message:
                cache[text] = NO_PRODUCT
            else:
                cache[text] = DESCRIBES_NEED if result.interpretation.get("necesidades") else WEAK_PRODUCT
        return cache[text]

    return probe


def _likely_needs_products(text: str) -> bool:
    """Worth searching the catalogue before the turn is classified: a message with words that could name a product,
    not a company question ("¿a qué hora abren?") nor a bare sale step ("mejor que sean 4")."""
    if not text or topic_signals(text):
        return False
    return any(
        is_content_word(w) and w not in COMMON_WORDS and len(w) > 2 for w in normalize(mask_customer_data(text)).split()
    )


def _history_needed(window: int) -> int:
    """The offline engine only reads the previous answer (its offer and products); a model gets the whole window."""
    return window if provider_name() != "offline" else 2


def _dialogue_state(order: Order | None, offer: Offer | None) -> DialogueState:
    if order is None:
        return DialogueState(offered=offer is not None)
    expecting = tuple(orders.missing_fields(order)) if order.lineas else ()
    return DialogueState(estado_venta=order.estado, expecting=expecting, offered=offer is not None)


def _last_agent_turn(history: list[session_memory.StoredMessage]) -> tuple[Offer | None, list[str]]:
    """What the agent proposed last, and the products it showed (an advisor's reply clears both)."""
    for message in reversed(history):
        if message.rol == "agente":
            return Offer.from_json(message.oferta), list(message.productos)
        if message.rol == "asesor":
            break
    return None, []


def _safe_plan(turn: Turn, classification: Classification) -> TurnPlan:
    """The offline plan; should understanding itself fail, a plan that changes nothing (the customer still gets an
    answer, and the order stays as it was)."""
    try:
        return build_plan(turn.plan_inputs(), classification)
    except Exception:
        logger.exception("turn plan failed (chat %s); answering without touching the order", turn.chat_id)
        return TurnPlan(tipo=classification.tipo, confianza=classification.confianza, motivo=PLAN_FAILED)


def _answer_text(
    turn: Turn, provider: LLMProvider, history: tuple[HistoryTurn, ...], on_rejected: Callable[[str, str], None]
) -> tuple[Classification, HandlerResult]:
    """The text's answer: classify, plan (the model refines an unsure plan), the handler of the plan's type."""
    classification = classify(
        turn.message,
        turn.state,
        _product_strength(turn),
        lambda _: 1.0 if turn.company_answer().found else 0.0,
        turn.asks_company_policy,
        turn.names_known_customer,
    )
    turn.classification = classification
    offline_plan = _safe_plan(turn, classification)
    turn.plan = refine_plan(turn, offline_plan, provider, history, on_rejected)
    return classification, dispatch(turn.plan.tipo, turn)


def _attachment_note(attachment: str, photo: PhotoReading | None, voice: replies.Voice, *, with_text: bool) -> str:
    """What the answer says of a file it could not use: a photo the model read as nothing to sell from, or a file
    no model read (offline, or the model failed)."""
    if photo is not None:
        return replies.photo_other(voice, with_text=with_text)
    return replies.attachment_note(attachment, voice, with_text=with_text)


@dataclass
class _TurnOutput:
    tipo: MessageType
    result: HandlerResult
    estado_venta: str | None
    response: dict[str, Any]
    classification: Classification
    order: Order | None = None  # the order the answer reports (open, or closed/cancelled in this turn)


def _run(
    session: Session,
    chat_id: str,
    text: str,
    tono: Tone,
    staff: bool,
    open_order: Order | None,
    previous: tuple[Offer | None, list[str]],
    history: tuple[HistoryTurn, ...],
    provider: LLMProvider,
    attachment: str | None = None,
    prefetched: RetrievalResult | None = None,
    on_rejected: Callable[[str, str], None] = lambda kind, detail: None,
    photo: PhotoReading | None = None,
) -> _TurnOutput:
    offer, last_products = previous
    state = _dialogue_state(open_order, offer)
    turn = Turn(session=session, chat_id=chat_id, message=text or "…", tono=tono, staff=staff, state=state,
                open_order=open_order, offer=offer, last_products=last_products, _retrieval=prefetched)  # fmt: skip
    seen = answer_photo(turn, photo) if photo is not None else None
    if seen is not None:
        classification, result = Classification(seen.tipo, 1.0, "foto"), seen
    elif attachment and not text:
        classification = Classification("contexto", 1.0, "adjunto")
        result = HandlerResult("contexto", _attachment_note(attachment, photo, turn.voice, with_text=False))
    else:
        classification, result = _answer_text(turn, provider, history, on_rejected)
        if result.offer is None and offer is not None and offer.accion == "elegir" and result.tipo != "venta":
            result.offer = offer  # a question between the options ("¿cuál dura más?") leaves the choice open
        note = _attachment_note(attachment, photo, turn.voice, with_text=True) if attachment else ""
        if note:
            result.borrador = f"{note}\n{result.borrador}"

    order = result.order if result.order is not None else open_order
    if order is not None and order.estado not in OPEN_ORDER_STATES and result.order is None:
        order = None
    estado_venta = order.estado if order is not None else None
    productos = [ProductBrief(sku=p.sku, nombre=p.nombre, precio=p.precio, stock=p.stock) for p in result.productos[:5]]
    response = {
        "productos": productos,
        "pedido": chat_order_view(order, staff=staff) if order is not None else None,
        "fuentes": result.fuentes,
    }
    return _TurnOutput(result.tipo, result, estado_venta, response, classification, order)


def _phrase(provider: LLMProvider, request: PhraseRequest, on_chunk: Callable[[str], None] | None) -> str:
    if on_chunk is None:
        return provider.phrase(request)
    pieces: list[str] = []
    for piece in provider.stream_phrase(request):
        if piece:
            pieces.append(piece)
            on_chunk(piece)
    return "".join(pieces)


def _store_sql(
    session: Session,
    chat_id: str,
    customer_text: str,
    answer: str | None,
    tipo: str | None,
    estado: str | None,
    skus: list[str],
    staff: bool,
    figures: turn_metrics.TurnFigures | None = None,
) -> int | None:
    """The turn's messages for reports: one multi-row INSERT, without the unit of work; the agent's row id. The
    answer's row carries the turn's figures (latency, provider, success, LLM usage) for the metrics."""
    measured = figures.columns() if figures is not None else {}
    message = {"chat_id": chat_id, "tipo_mensaje": tipo, "estado_venta": estado, "solo_personal": staff}
    # every row of a multi-row INSERT names the same columns: the customer's message has no figures
    rows: list[dict[str, Any]] = [
        {**message, **dict.fromkeys(measured), "rol": "cliente", "contenido": customer_text, "productos": []}
    ]
    if answer is not None:
        rows.append({**message, **measured, "rol": "agente", "contenido": answer, "productos": skus})
    ids = session.execute(insert(ConversationMessage).values(rows).returning(ConversationMessage.id)).scalars().all()
    return int(max(ids)) if answer is not None else None


def _read_context(context_read: Future[session_memory.ChatContext], deadline: Deadline) -> session_memory.ChatContext:
    try:
        return context_read.result(timeout=deadline.remaining())
    except FutureTimeout:
        raise ServiceUnavailableError(TURN_TOO_SLOW) from None


@dataclass
class _Committed:
    """What the turn's transaction wrote: its messages staged for DynamoDB (and earlier turns' leftovers), and the
    report row of the answer."""

    staged: turn_outbox.StagedMessages
    earlier: turn_outbox.StagedMessages
    agent_row: int | None = None
    output: _TurnOutput | None = None
    request: PhraseRequest | None = None
    answer: str | None = None
    tipo: MessageType = "contexto"
    summary: ChatSummary | None = None  # the conversation's inbox row after the turn (customer turns only)


def _turn_transaction(
    chat_id: str,
    text: str,
    stored_text: str,
    tono: Tone,
    staff: bool,
    attachment: str | None,
    context_read: Future[session_memory.ChatContext],
    deadline: Deadline,
    provider: LLMProvider,
    failures: _Failures,
    on_chunk: Callable[[str], None] | None,
    started: float,
    photo: PhotoReading | None = None,
) -> _Committed:
    """Everything the turn changes, in one transaction: the order, the sale, the report copy of the messages and the
    messages staged for DynamoDB. DynamoDB is read before any row is locked."""
    with session_scope() as session:
        # DynamoDB first, within the turn's deadline and before any row is locked; not side by side with the SQL
        # below: on a small container the two compete for the interpreter and the turn was measured slower
        context = _read_context(context_read, deadline)
        prefetched = retrieve(session, text, limit=5) if _likely_needs_products(text) else None
        # the outbox rows of earlier turns: forgotten if the table above shows them, else copied again
        earlier = turn_outbox.pending_for_chat(session, chat_id, {m.sk for m in context.messages})
        deadline.check()
        open_order = orders.get_open_order(session, chat_id, for_update=True)  # one turn at a time per chat
        context = context.with_earlier(earlier.messages)
        if not staff:
            context = context.for_customer()  # staff's questions and their answers stay with staff
        if context.paused:
            tipo: MessageType = classify(text or "…").tipo
            _store_sql(session, chat_id, stored_text, None, tipo, None, [], staff)
            message = session_memory.NewMessage("cliente", stored_text, tipo, solo_personal=staff)
            summary = (
                None
                if staff
                else inbox.record_turn(session, inbox.turn_signals(chat_id, stored_text, open_order, paused=True))
            )
            return _Committed(turn_outbox.stage(session, chat_id, [message]), earlier, tipo=tipo, summary=summary)
        history = tuple(HistoryTurn(m.rol, m.contenido) for m in context.messages)
        output = _run(
            session, chat_id, text, tono, staff, open_order, _last_agent_turn(context.messages), history, provider,
            attachment, prefetched, failures, photo,
        )  # fmt: skip
        result = output.result
        request = PhraseRequest(
            tipo=output.tipo,
            tono=tono,
            mensaje=text or stored_text,
            borrador=result.borrador,
            hechos=result.hechos,
            historial=history,
            numeros_permitidos=frozenset(result.numeros),
        )
        skus = [p.sku for p in output.response["productos"]]
        answer = _phrase(provider, request, on_chunk) if provider.answered_by == "offline" else None
        stored_answer = answer if answer is not None else result.borrador  # the draft, until the model words it
        figures = turn_metrics.measure(provider, len(failures.items), started, helped=result.ayudo)
        agent_row = _store_sql(
            session, chat_id, stored_text, stored_answer, output.tipo, output.estado_venta, skus, staff, figures
        )
        summary = None  # a staff member's own turn leaves the inbox as it was
        if not staff:
            signals = inbox.turn_signals(
                chat_id, stored_text, output.order, paused=False, helped=result.ayudo, attention=result.atencion
            )
            summary = inbox.record_turn(session, signals)
        offer_json = result.offer.to_json() if result.offer else None
        messages = [
            session_memory.NewMessage("cliente", stored_text, output.tipo, output.estado_venta, solo_personal=staff),
            session_memory.NewMessage(
                "agente", stored_answer, output.tipo, output.estado_venta, skus, offer_json, solo_personal=staff
            ),
        ]
        staged = turn_outbox.stage(session, chat_id, messages)
        return _Committed(staged, earlier, agent_row, output, request, answer, output.tipo, summary)


def _keep_wording(
    chat_id: str, committed: _Committed, answer: str, failures: _Failures, figures: turn_metrics.TurnFigures
) -> None:
    """After the commit: the model's wording replaces the stored draft (with the turn's final figures), and its
    failures are audited. Should this fail, the draft (the same facts) stays stored; the customer already has the
    answer."""
    agent_sk = committed.staged.messages[-1].sk
    committed.staged.with_content(agent_sk, answer)
    try:
        with session_scope() as session:
            if committed.agent_row is not None:
                session.execute(
                    update(ConversationMessage)
                    .where(ConversationMessage.id == committed.agent_row)
                    .values(contenido=answer, **figures.columns())
                )
            turn_outbox.restage(session, committed.staged)
            for kind, detail in failures.items:
                audit.record_event(session, "llm_fallo", f"chat:{chat_id}", clase=kind, detalle=detail[:300])
    except Exception:
        logger.exception("could not store the model's wording (chat %s); the draft stays", chat_id)


def process_message(
    chat_id: str,
    mensaje: str,
    tono: Tone = "amigable",
    *,
    staff: bool = False,
    on_chunk: Callable[[str], None] | None = None,
    attachment: str | None = None,
    on_committed: SummaryHook | None = None,
    photo: PhotoReading | None = None,
    started: float | None = None,
) -> ChatResponse:
    """`attachment` ("imagen" | "audio") marks a turn that came with a file; `photo` is what the model read in it
    (None: no model could). `on_committed` gets the conversation's inbox row at the end of a committed customer turn
    (the staff panel's live push); whatever it raises is logged and never fails the turn. `started`: when the turn
    began, if earlier than this call (a file read first): the turn's deadline counts from then."""
    started = time.monotonic() if started is None else started
    settings = get_settings()
    deadline = Deadline.after(settings.turn_timeout_s, start=started)
    text = clean_user_text(mensaje)
    stored_text = f"[{attachment}] {text}".strip() if attachment else (text or "…")
    # The chat's memory (pause flag, last answer) from DynamoDB, waited for within the turn's deadline.
    context_read = io_pool().submit(session_memory.load_context, chat_id, _history_needed(settings.history_window))
    failures = _Failures()
    provider = turn_provider(deadline=deadline.ends_at - LLM_MARGIN_S, on_failure=failures)
    try:
        committed = _turn_transaction(
            chat_id, text, stored_text, tono, staff, attachment, context_read, deadline, provider, failures, on_chunk,
            started, photo,
        )  # fmt: skip
    except Exception:
        logger.exception("chat turn failed (chat %s)", chat_id)
        _store_customer_message_only(chat_id, stored_text, staff)
        raise
    # Committed: whatever fails from here on, the customer gets this answer (the outbox keeps the messages).
    if committed.output is None or committed.request is None:
        turn_outbox.deliver_turn(committed.earlier, committed.staged)
        _tell(on_committed, committed.summary)
        return ChatResponse(
            chat_id=chat_id,
            respuesta="",
            tipo_mensaje=committed.tipo,
            metadatos={
                "pausado": True,
                "proveedor_llm": provider.answered_by,
                "latencia_ms": int((time.monotonic() - started) * 1000),
            },
        )
    output, result = committed.output, committed.output.result
    answer = committed.answer
    if answer is None:
        answer = _phrase(provider, committed.request, on_chunk) or result.borrador
    figures = turn_metrics.measure(provider, len(failures.items), started, helped=result.ayudo)
    if committed.answer is None:
        _keep_wording(chat_id, committed, answer, failures, figures)
    turn_outbox.deliver_turn(committed.earlier, committed.staged)
    if committed.summary is not None:  # a customer's turn (a staff member's own questions are not measured)
        closed = output.estado_venta == "cerrada"
        turn_metrics.emit_turn(output.tipo, figures, sale_total=committed.summary.total_pedido if closed else None)
    _tell(on_committed, committed.summary)
    metadatos: dict[str, Any] = {
        "proveedor_llm": provider.answered_by,
        "latencia_ms": int((time.monotonic() - started) * 1000),
        "confianza": output.classification.confianza,
        **result.metadatos,
    }
    if failures.items:
        metadatos["llm_respaldo"] = True
    return ChatResponse(
        chat_id=chat_id,
        respuesta=answer,
        tipo_mensaje=output.tipo,
        estado_venta=output.estado_venta,  # type: ignore[arg-type]
        productos=output.response["productos"],
        pedido=output.response["pedido"],
        fuentes=output.response["fuentes"],
        metadatos=metadatos,
    )


def _tell(hook: SummaryHook | None, summary: ChatSummary | None) -> None:
    if hook is None or summary is None:
        return
    try:
        hook(summary)
    except Exception:
        logger.exception("could not tell the inbox about the turn")


def _store_customer_message_only(chat_id: str, text: str, staff: bool) -> None:
    """A failed turn still keeps the customer's message (contract: no message is lost)."""
    try:
        session_memory.append_messages(chat_id, [session_memory.NewMessage("cliente", text, solo_personal=staff)])
    except Exception:
        logger.exception("could not store the customer's message (chat %s)", chat_id)

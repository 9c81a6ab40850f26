"""Gemini as the second producer of the turn plan, asked only when the offline plan is unsure.

The model reads the masked message, the short history, the open order, the last offer and the top retrieved
candidates by SKU (`PlanRequest`); its plan goes through `plan_validation.check_plan` and is used only when valid.
Anything else — no key, a failure, a timeout, a plan that names an unknown SKU or an absurd quantity — leaves the
offline plan in place and is recorded as an `llm_fallo` (the provider's `on_failure`, or here for a rejected plan).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select

from agente_vendedor.conversation.intents.turn import Turn
from agente_vendedor.conversation.order_operations import may_change_order
from agente_vendedor.conversation.plan_validation import PlanScope, check_plan, merge
from agente_vendedor.db.models import Product
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.platform.llm.base import HistoryTurn, LLMProvider, PlanCandidate, PlanLine, PlanRequest
from agente_vendedor.schemas.turn_plan import TurnPlan

logger = logging.getLogger(__name__)

CONFIDENT_TYPE = 0.6  # below this the offline message type is a guess
MAX_CANDIDATES = 6


def offline_plan_is_sure(plan: TurnPlan) -> bool:
    return plan.confianza >= CONFIDENT_TYPE and plan.pregunta is None


def _candidates(turn: Turn, plan: TurnPlan) -> tuple[PlanCandidate, ...]:
    """The products the plan may choose from: the mentions' candidates first, then the message's search results."""
    skus = [c.sku for m in plan.menciones for c in m.candidatos]
    products = {p.sku: p for p in turn.retrieval().products}
    missing = [sku for sku in skus if sku not in products]
    if missing:
        products |= {p.sku: p for p in turn.session.scalars(select(Product).where(Product.sku.in_(missing)))}
    ordered = dict.fromkeys([*skus, *products])
    return tuple(
        PlanCandidate(sku, products[sku].nombre, products[sku].categoria) for sku in ordered if sku in products
    )[:MAX_CANDIDATES]


def plan_request(turn: Turn, plan: TurnPlan, history: tuple[HistoryTurn, ...]) -> PlanRequest:
    order = turn.open_order
    lines = tuple(PlanLine(li.producto.sku, li.producto.nombre, li.cantidad) for li in order.lineas) if order else ()
    return PlanRequest(
        mensaje=mask_customer_data(turn.message),
        historial=history[-4:],
        estado_venta=turn.state.estado_venta,
        pedido=lines,
        oferta=dict(turn.offer.items) if turn.offer else None,
        candidatos=_candidates(turn, plan),
    )


def _scope(turn: Turn, request: PlanRequest) -> PlanScope:
    order_skus = frozenset(line.sku for line in request.pedido)
    offered = frozenset(request.oferta or {})
    allowed = order_skus | offered | frozenset(c.sku for c in request.candidatos)
    return PlanScope(allowed, order_skus, bool(offered), may_change_order(turn.message))


def refine_plan(
    turn: Turn,
    plan: TurnPlan,
    provider: LLMProvider,
    history: tuple[HistoryTurn, ...],
    on_rejected: Callable[[str, str], None],
) -> TurnPlan:
    """The model's plan when the offline one is unsure and the model's is valid; else the offline plan."""
    if provider.name == "offline" or offline_plan_is_sure(plan):
        return plan
    request = plan_request(turn, plan, history)
    proposed = provider.plan(request)
    if proposed is None:
        return plan
    check = check_plan(proposed, _scope(turn, request))
    if not check.valid:
        on_rejected("plan_invalido", "; ".join(check.errors)[:300])
        return plan
    if check.plan.confianza <= plan.confianza and plan.pregunta is None:
        return plan  # the model is no surer than the rules
    return merge(plan, check.plan)

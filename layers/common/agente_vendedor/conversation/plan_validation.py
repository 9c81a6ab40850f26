"""The one validator of turn plans, whichever producer built them (the offline analyser or Gemini).

A plan may only touch products it was given (the open order's lines, the last offer, the retrieved candidates), with
whole positive quantities within a sane bound, and only when the message may change the order at all. It carries no
prices, totals or states: the schema has no such fields, and the provider refuses a reply with undeclared ones
(`platform.llm.gemini.parse_structured`). A model plan that breaks any rule is rejected whole and the offline plan is
used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agente_vendedor.schemas.turn_plan import ModelTurnPlan, OrderOperation, TurnPlan

MAX_UNITS = 5_000  # more units than this in one line is not a chat order (nor a plausible reading of a number)
_NEEDS_SKU = frozenset({"agregar", "fijar_cantidad", "quitar", "dejar_solo"})
_NEEDS_QUANTITY = frozenset({"agregar", "fijar_cantidad"})


@dataclass(frozen=True)
class PlanScope:
    """What the plan may refer to this turn."""

    allowed_skus: frozenset[str]  # order lines, last offer, retrieved candidates
    order_skus: frozenset[str]  # lines of the open order
    has_offer: bool
    may_change: bool  # False when the message only asks, compares, complains, returns or negates


@dataclass
class PlanCheck:
    plan: ModelTurnPlan
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def operation_errors(op: OrderOperation, scope: PlanScope) -> list[str]:
    errors: list[str] = []
    if op.accion in _NEEDS_SKU and not op.sku:
        errors.append(f"{op.accion} sin sku")
    if op.sku and op.sku not in scope.allowed_skus:
        errors.append(f"sku desconocido {op.sku}")
    if op.accion in {"quitar", "dejar_solo"} and op.sku and op.sku not in scope.order_skus:
        errors.append(f"{op.accion} de {op.sku}, que no está en el pedido")
    if op.accion in _NEEDS_QUANTITY and (op.cantidad is None or not 0 < op.cantidad <= MAX_UNITS):
        errors.append(f"cantidad inválida {op.cantidad} para {op.sku}")
    if op.accion == "quitar" and op.cantidad is not None and not 0 < op.cantidad <= MAX_UNITS:
        errors.append(f"unidades a quitar inválidas {op.cantidad}")
    if op.accion == "aceptar_oferta" and not scope.has_offer:
        errors.append("aceptar_oferta sin oferta")
    return errors


def check_plan(plan: ModelTurnPlan, scope: PlanScope) -> PlanCheck:
    """Check a plan against the turn's scope."""
    errors = [error for op in plan.operaciones for error in operation_errors(op, scope)]
    if plan.operaciones and not scope.may_change:
        errors.append("operaciones en un mensaje que solo pregunta, compara, se queja o niega")
    if plan.tipo != "venta" and plan.operaciones:
        errors.append(f"operaciones en un mensaje de tipo {plan.tipo}")
    return PlanCheck(plan, errors)


def merge(offline: TurnPlan, model: ModelTurnPlan) -> TurnPlan:
    """The offline plan with the model's decisions (type, acts, operations); what only rules fill stays."""
    return offline.model_copy(
        update={
            "tipo": model.tipo,
            "confianza": model.confianza,
            "actos": list(model.actos),
            "operaciones": list(model.operaciones),
            "pendientes": [],
            "pregunta": None,
            "origen": "modelo",
            "motivo": "modelo",
        }
    )

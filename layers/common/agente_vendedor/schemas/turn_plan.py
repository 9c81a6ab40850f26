"""The turn plan: what one customer message means, before anything is done with it (issue 9).

Two producers build it — the offline analyser (`conversation.understanding`) from general rules, and Gemini through
structured output (`response_schema` = `ModelTurnPlan`) — and one validator (`conversation.plan_validation`) checks
it against the catalogue, the open order and the sale machine before the order is touched. Field names are Spanish
because the model reads and writes them; Python names stay English.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agente_vendedor.schemas.chat import MessageType
from agente_vendedor.schemas.common import Schema

PLAN_FAILED = "plan_fallido"  # `motivo` of the plan used when understanding itself failed (it changes nothing)
CLOSEST_VARIANT = "variante_cercana"  # `motivo` of a plan proposing the nearest product to a variant the shop lacks
PHOTO_LIST = "foto_lista"  # `motivo` of a plan read from a photographed list (held until the customer says yes)

SpeechAct = Literal[
    "pregunta",  # asks something (with or without "?")
    "comparacion",  # compares products or options
    "pedido",  # asks for units ("quiero 3", "me manda 2")
    "cambio",  # edits the order (add, set, remove, keep only)
    "confirmacion",  # yes / go ahead
    "negacion",  # no / not that
    "cancelacion",  # gives up the whole order
    "queja",  # complains or describes a problem ("me dan alergia", "se rompió")
    "devolucion",  # wants to return or exchange something bought
    "saludo",  # greeting, thanks
    "datos_personales",  # gives their own data
]
NumberRole = Literal["cantidad", "referencia", "talla", "peso", "clase", "capacidad", "medida", "dinero", "dato"]
OperationKind = Literal["agregar", "fijar_cantidad", "quitar", "dejar_solo", "aceptar_oferta"]


class PlanNumber(Schema):
    """A number of the message and what it measures: only `cantidad` is ever a count of units."""

    texto: str = Field(max_length=40)
    valor: int | None = None
    rol: NumberRole


class Candidate(Schema):
    sku: str = Field(max_length=40)
    puntaje: float = Field(ge=0, le=1)


class ProductMention(Schema):
    """A stretch of the message that names a product, with the catalogue products it may be (best first)."""

    texto: str = Field(max_length=200)
    candidatos: list[Candidate] = Field(default_factory=list, max_length=5)
    ambigua: bool = False  # the top candidates differ on a key attribute within the score margin


class OrderOperation(Schema):
    """One change of the order the customer asked for. `cantidad` is None for `quitar` of a whole line, `dejar_solo`
    and `aceptar_oferta`; for `quitar` it is the number of units taken away."""

    accion: OperationKind
    sku: str | None = Field(default=None, max_length=40)
    cantidad: int | None = None
    confianza: float = Field(default=1.0, ge=0, le=1)


class ModelTurnPlan(Schema):
    """What the model may decide (its `response_schema`): no prices, no totals, no customer data, no state."""

    actos: list[SpeechAct] = Field(default_factory=list, max_length=6)
    tipo: MessageType
    confianza: float = Field(ge=0, le=1)
    operaciones: list[OrderOperation] = Field(default_factory=list, max_length=10)
    numeros: list[PlanNumber] = Field(default_factory=list, max_length=10)


class TurnPlan(ModelTurnPlan):
    """The whole plan the turn runs on: the model's part plus what only the rules fill (mentions, data, topics)."""

    menciones: list[ProductMention] = Field(default_factory=list)
    datos_cliente: dict[str, str] = Field(default_factory=dict)
    temas_empresa: list[str] = Field(default_factory=list)
    necesidades: list[str] = Field(default_factory=list)
    pregunta: Literal["ambigua", "confirmar"] | None = None  # when unsure: ask which product, or whether to apply
    pendientes: list[OrderOperation] = Field(default_factory=list)  # operations held back until the customer says yes
    origen: Literal["reglas", "modelo"] = "reglas"
    motivo: str = ""

    @property
    def changes_order(self) -> bool:
        return bool(self.operaciones)

"""A photo the model has read, answered with our own data (contract §4: photos with Gemini).

- A product: the model's attributes ("casco", "blanco", "dieléctrico") are searched in OUR catalogue (`retrieve`), and
  the inventory handler answers, so `productos` are catalogue products with database prices.
- A list or purchase order: each line is searched the same way; the products found become a turn plan whose
  operations are checked by the one plan validator and then held back (`pendientes`, `pregunta="confirmar"`): the
  sale handler asks "¿te agrego …?" and the order changes only when the customer says yes.
- Anything else: a polite answer (and the customer's text, if any, answered as usual by the caller).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from agente_vendedor.conversation import replies
from agente_vendedor.conversation.intents import HandlerResult, Turn, dispatch
from agente_vendedor.conversation.plan_validation import PlanScope, check_plan
from agente_vendedor.db.models import Product
from agente_vendedor.schemas.photo_reading import PhotoLine, PhotoReading
from agente_vendedor.schemas.turn_plan import PHOTO_LIST, ModelTurnPlan, OrderOperation, TurnPlan
from agente_vendedor.search.retrieval import retrieve

MAX_QUERY_CHARS = 300


@dataclass(frozen=True)
class ListMatch:
    line: PhotoLine
    product: Product | None


def search_text(reading: PhotoReading) -> str:
    """The model's attributes as one catalogue query."""
    return " ".join(" ".join(a.split()) for a in reading.atributos if a.strip())[:MAX_QUERY_CHARS]


def _product_photo(turn: Turn, reading: PhotoReading) -> HandlerResult | None:
    query = search_text(reading)
    if not query:
        return None
    looking = replace(turn, message=query, _retrieval=None, _requests=None, _plan_inputs=None, plan=None)
    if not looking.retrieval().products:
        return HandlerResult("inventario", replies.photo_not_in_catalogue(turn.voice), ayudo=False)
    result = dispatch("inventario", looking)
    result.borrador = f"{replies.photo_product_intro(turn.voice)}\n{result.borrador}"
    return result


def _match_lines(turn: Turn, lines: list[PhotoLine]) -> list[ListMatch]:
    matches: list[ListMatch] = []
    for line in lines:
        found = retrieve(turn.session, line.texto, limit=1).products if line.texto.strip() else []
        matches.append(ListMatch(line, found[0] if found else None))
    return matches


def list_plan(matches: list[ListMatch], order_skus: frozenset[str]) -> TurnPlan | None:
    """The found lines as a plan held for confirmation, or None when the validator refuses it (or nothing was
    found). Several lines naming the same product add up."""
    units: dict[str, int] = {}
    for match in matches:
        if match.product is not None:
            written = 1 if match.line.cantidad is None else match.line.cantidad  # no number written: one
            units[match.product.sku] = units.get(match.product.sku, 0) + written
    operations = [OrderOperation(accion="agregar", sku=sku, cantidad=n) for sku, n in units.items()]
    if not operations:
        return None
    proposed = ModelTurnPlan(actos=["pedido"], tipo="venta", confianza=0.9, operaciones=operations)
    scope = PlanScope(frozenset(units) | order_skus, order_skus, has_offer=False, may_change=True)
    if not check_plan(proposed, scope).valid:
        return None
    return TurnPlan(
        actos=["pedido"], tipo="venta", confianza=0.9, pendientes=operations, pregunta="confirmar",
        origen="modelo", motivo=PHOTO_LIST,
    )  # fmt: skip


def _list_photo(turn: Turn, reading: PhotoReading) -> HandlerResult | None:
    if not reading.lineas:
        return None
    matches = _match_lines(turn, reading.lineas)
    order_skus = frozenset(line.producto.sku for line in turn.open_order.lineas) if turn.open_order else frozenset()
    plan = list_plan(matches, order_skus)
    missing = [m.line.texto for m in matches if m.product is None]
    if plan is None:
        return HandlerResult("venta", replies.photo_list_not_found(missing, turn.voice), ayudo=False)
    turn.plan = plan
    result = dispatch("venta", turn)
    if missing:
        result.borrador = f"{result.borrador}\n{replies.photo_list_missing(missing, turn.voice)}"
    return result


_BY_KIND: dict[str, Callable[[Turn, PhotoReading], HandlerResult | None]] = {
    "producto": _product_photo,
    "lista": _list_photo,
}


def answer_photo(turn: Turn, reading: PhotoReading) -> HandlerResult | None:
    """The answer to what the photo shows; None when it shows nothing to sell from (the caller answers the text,
    with `replies.photo_other`)."""
    answer = _BY_KIND.get(reading.tipo)
    return answer(turn, reading) if answer is not None else None

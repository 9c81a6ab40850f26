"""The offline producer of the turn plan (`schemas.turn_plan.TurnPlan`) from general rules.

It reads the message once: speech acts and stances (`language.dialogue_acts`, `language.speech_acts`), the message
type (`classifier`), the products named with their candidates, the numbers and what they measure, the customer's
data, and — for a sale — the order operations (`order_operations`). An operation it is not sure of (a product
inferred from a need, near-tied candidates that differ on a key attribute) is not applied: the plan carries a
question instead, and the order stays as it was.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from agente_vendedor.conversation.classifier import TOTAL_ASKED, Classification
from agente_vendedor.conversation.order_operations import (
    elliptic_numbers,
    is_variant,
    may_change_order,
    measure_numbers,
    name_numbers,
    plan_operations,
    states_other_variant,
)
from agente_vendedor.conversation.plan_validation import PlanScope, operation_errors
from agente_vendedor.conversation.product_requests import ProductRequest, names_kind, names_product
from agente_vendedor.conversation.sale_offer import Offer
from agente_vendedor.db.models import Order, Product
from agente_vendedor.language.attributes import Attribute, compare_attributes, extract_attributes
from agente_vendedor.language.contact_fields import blank_spans
from agente_vendedor.language.customer_data import extract_customer_data, mask_customer_data
from agente_vendedor.language.dialogue_acts import Act, acts
from agente_vendedor.language.normalization import fold, normalize
from agente_vendedor.language.purchase_verbs import asks_for_units
from agente_vendedor.language.quantities import COUNTING_WORDS, find_quantities, first_quantity, read_numbers
from agente_vendedor.language.spanish_words import head_stem, is_content_word, stem
from agente_vendedor.language.speech_acts import Stance, corrects_itself, replacing_clause, stances
from agente_vendedor.schemas.turn_plan import (
    CLOSEST_VARIANT,
    Candidate,
    OrderOperation,
    PlanNumber,
    ProductMention,
    SpeechAct,
    TurnPlan,
)
from agente_vendedor.search.retrieval import RetrievalResult, find_product_mentions, mention_candidates

CONFIDENT = 0.6  # an operation below this becomes a question
# the closest product when the customer stated a size, measure, class or colour it does not have: proposed, not added
OTHER_VARIANT = 0.5
TIE_MARGIN = 0.94  # a second candidate scoring at least this fraction of the first is a near tie

_ACT_NAMES: dict[Act, SpeechAct] = {
    Act.CONFIRM: "confirmacion",
    Act.DENY: "negacion",
    Act.CANCEL: "cancelacion",
    Act.ADD: "cambio",
    Act.ADD_MORE: "cambio",
    Act.CHANGE_QUANTITY: "cambio",
    Act.REMOVE: "cambio",
    Act.GREETING: "saludo",
    Act.THANKS: "saludo",
}
_STANCE_NAMES: dict[Stance, SpeechAct] = {
    Stance.QUESTION: "pregunta",
    Stance.COMPARISON: "comparacion",
    Stance.COMPLAINT: "queja",
    Stance.RETURN: "devolucion",
    Stance.ONLY_ASKING: "negacion",
}


@dataclass
class PlanInputs:
    """What the analyser reads besides the message (all of it already loaded by the turn)."""

    session: Session
    message: str
    order: Order | None
    offer: Offer | None
    last_products: list[str]
    named_requests: Callable[[], list[ProductRequest]]  # products named with their quantities (computed on demand)
    search: Callable[[], RetrievalResult]  # the message's catalogue search (computed on demand)

    @cached_property
    def customer_data(self) -> dict[str, str]:
        return {k: v for k, v in extract_customer_data(self.message).datos.items() if v}

    @cached_property
    def choice(self) -> ProductRequest | None:
        """The answer to "¿cuál de estas?" (`chosen_from_offer`), read once per turn."""
        return chosen_from_offer(self)

    @cached_property
    def resolved(self) -> list[tuple[ProductRequest, ProductMention]]:
        """`resolve_requests(self)`, computed once per turn."""
        return resolve_requests(self)

    @property
    def sale_requests(self) -> list[ProductRequest]:
        return [request for request, _ in self.resolved]


def speech_acts(message: str, *, gives_data: bool) -> list[SpeechAct]:
    found: list[SpeechAct] = [_ACT_NAMES[a] for a in sorted(acts(message)) if a in _ACT_NAMES]
    found += [_STANCE_NAMES[s] for s in sorted(stances(message))]
    if gives_data:
        found.append("datos_personales")
    return list(dict.fromkeys(found))


# --- product requests of a sale message -----------------------------------------------------------------------------

_ORDINALS = {
    "primer": 0, "primero": 0, "primera": 0, "segundo": 1, "segunda": 1, "tercer": 2, "tercero": 2, "tercera": 2,
    "cuarto": 3, "cuarta": 3, "quinto": 4, "quinta": 4, "ultimo": -1, "ultima": -1,
}  # fmt: skip
_REFERENCE = re.compile(r"\b(?:es[eoa]s?|est[eoa]s?|aquel(?:los|las|la)?|(?:el|la|los|las) (?:mism[oa]s?))\b")
_CONSTRAINT_HINT = re.compile(
    r"\b(?:barat\w*|economic\w*|menos de|maximo|presupuesto|mil|no mas|alcanza|mas (?:grande|liviano|resistente)"
    r"|que no sea|sin)\b"
)


_LOCATIVE = frozenset({"en", "al", "del", "pal", "hasta", "desde"})


def _a_place(words: list[str], i: int) -> bool:
    """ "en el cuarto de servidores", "al cuarto frío": the noun, a room, not the fourth of a list."""
    before = [w for w in words[max(0, i - 2) : i] if w not in {"el", "la"}]
    return (bool(before) and before[-1] in _LOCATIVE) or (words[i] == "cuarto" and words[i + 1 : i + 2] == ["de"])


def pointed_sku(message: str, skus: Sequence[str]) -> str | None:
    """The SKU of a list the customer points at: "el segundo", "la primera opción", "de esos" (the first)."""
    if not skus:
        return None
    words = normalize(message).split()
    index = next((_ORDINALS[w] for i, w in enumerate(words) if w in _ORDINALS and not _a_place(words, i)), None)
    if index is None and not _REFERENCE.search(" ".join(words)):
        return None
    return skus[index] if index is not None and -len(skus) <= index < len(skus) else skus[0]


def _referred(inputs: PlanInputs) -> Product | None:
    """The product of the previous answer the customer points at — not one the message gives another colour, size
    or class than ("no quiero los naranja, esos no" right after green ones: those are other ones)."""
    sku = pointed_sku(inputs.message, inputs.last_products)
    if sku is None:
        return None
    product = inputs.session.scalar(select(Product).where(Product.sku == sku, Product.activo.is_(True)))
    return None if product is None or states_other_variant(inputs.message, product) else product


def chosen_from_offer(inputs: PlanInputs) -> ProductRequest | None:
    """After "¿cuál de estas?": the option the customer picks (by position, or the only offered product the message
    names more than the others), with the units asked for before unless the message says others."""
    offer = inputs.offer
    if offer is None or offer.accion != "elegir" or not may_change_order(inputs.message):
        return None  # "¿y el de 20 rinde más que el de 10?" compares, it chooses nothing
    rows = {p.sku: p for p in inputs.session.scalars(select(Product).where(Product.sku.in_(list(offer.items))))}
    options = [rows[sku] for sku in offer.items if sku in rows]
    pointed = pointed_sku(inputs.message, [p.sku for p in options])
    said = _said(inputs.message)  # stems, as `_words_apart` gives: "los amarillos" picks the "amarillo" one
    named = [p for p in options if _words_apart(p.nombre, [o.nombre for o in options if o is not p]) & said]
    picked = rows.get(pointed or "") or (named[0] if len(named) == 1 else None)
    if picked is None:
        picked = _sibling_stated(inputs, options)
    if picked is None:
        return None
    quantity = first_quantity(mask_customer_data(inputs.message), explicit_only=True)
    units = quantity.value if quantity else offer.items.get(picked.sku) or max(offer.items.values())
    return ProductRequest(picked, units, inputs.message, 1.0)


def _sibling_stated(inputs: PlanInputs, options: list[Product]) -> Product | None:
    """ "el de 12 kilos" after options of 2, 4 and 6 kg: the one variant of the same family that has every
    size, measure or class the answer states (the options shown were only the first few)."""
    stated = extract_attributes(mask_customer_data(inputs.message))
    if not stated or not options:
        return None
    fitting = [
        p
        for p in _variant_family(inputs.session, options)
        if compare_attributes(stated, extract_attributes(p.nombre)).matched == len(stated)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _variant_family(session: Session, products: Sequence[Product]) -> list[Product]:
    """The products, then every active product of their categories that is a variant of one of them."""
    others = _same_categories(session, products)
    return [*products, *(p for p in others if p not in products and any(is_variant(p, o) for o in products))]


def _constrained(inputs: PlanInputs, requests: list[ProductRequest]) -> list[ProductRequest]:
    """Constraints ("lo más económico", "con 50 mil") are applied by retrieval, not by naming."""
    if len(requests) != 1 or not _CONSTRAINT_HINT.search(normalize(inputs.message)):
        return requests
    result = inputs.search()
    constrained = any(result.interpretation.get(k) for k in ("orden", "presupuesto_max", "restricciones"))
    if constrained and result.products and result.products[0] is not requests[0].product:
        return [ProductRequest(result.products[0], requests[0].quantity, requests[0].segment, 0.9)]
    return requests


def sale_requests(inputs: PlanInputs) -> list[ProductRequest]:
    """Products named with their quantities; a pointer to the last answer ("el segundo"); or, for a purchase phrased
    as a need with an empty cart, the best retrieved product — with a lower confidence."""
    if inputs.choice is not None:
        return [inputs.choice]
    switched = _switched_variant(inputs)  # "mejor blancos", "que sean sin válvula" with a line of that family
    if switched:
        return switched
    another = _another_of_a_line(inputs)  # "y cuatro en talla S" after the M overalls
    requests = another or inputs.named_requests()
    if inputs.customer_data and not _orders_with_data(inputs.message):
        # the customer's data orders nothing: not a town that shares a brand's name, not the "Este" of "Prados del
        # Este" pointing at the last answer, not the digits of a phone as its units
        return []
    accepting = inputs.offer is not None and inputs.offer.acceptable and Act.CONFIRM in acts(inputs.message)
    if not requests:
        requests = _variant_by_measure(inputs)  # "mejor los de 9" with the 6 kg line in the order
    if not requests and not accepting:  # "sí, ese" accepts the proposal; "ese" alone points at the last answer
        referred = _referred(inputs)
        if referred is not None:
            quantity = first_quantity(inputs.message, explicit_only=True)
            return [ProductRequest(referred, quantity.value if quantity else None, inputs.message, 0.95)]
    requests = _constrained(inputs, requests)
    busy = (inputs.order is not None and inputs.order.lineas) or inputs.offer is not None
    if requests or busy or not inputs.search().products:
        return requests
    quantity = first_quantity(inputs.message, explicit_only=True)
    if quantity is None and not find_product_mentions(inputs.session, inputs.message):
        quantity = first_quantity(inputs.message)
    if quantity is None:
        return requests
    return [ProductRequest(inputs.search().products[0], quantity.value, inputs.message, 0.75)]


# Words that may go with a count and a size and still name no product: "y otros 2 en talla L", "y una más talla S"
_ELLIPSIS_WORDS = frozenset(
    "y e otro otra otros otras mas tambien de del la el las los en talla tallas numero uno una un par pares".split()  # noqa: SIM905
)


def _another_of_a_line(inputs: PlanInputs) -> list[ProductRequest]:
    """ "y cuatro en talla S", "y otros 2 de la L" with M overalls in the order: a count and a size (or class,
    measure) that name no product are more of an order line's kind, in the one variant of its family that has them
    (added, the line stays); nothing when no line or several variants fit."""
    if inputs.order is None or not inputs.order.lineas:
        return []
    message = mask_customer_data(inputs.message)
    stated = extract_attributes(message)
    quantity = first_quantity(message)
    words = [w for w in normalize(message).split() if not w.isdigit()]
    if not stated or quantity is None or any(w not in _ELLIPSIS_WORDS and not _is_stated(w, stated) for w in words):
        return []
    lines = [line.producto for line in inputs.order.lineas]
    fitting = [
        variant
        for variant in _variant_family(inputs.session, lines)[len(lines) :]
        if compare_attributes(stated, extract_attributes(variant.nombre)).matched == len(stated)
    ]
    return [ProductRequest(fitting[0], quantity.value, inputs.message, 0.95)] if len(fitting) == 1 else []


def _is_stated(word: str, stated: Sequence[Attribute]) -> bool:
    return any(word == str(a.value) for a in stated)


def _variant_by_measure(inputs: PlanInputs) -> list[ProductRequest]:
    """ "mejor los de 9", "cámbiemelos por los de 9 kilos": the one variant of an order line's family that has the
    measure said (alone or with its unit) where the line has another; nothing when no line or several fit."""
    if inputs.order is None or not corrects_itself(inputs.message):
        return []
    message = mask_customer_data(inputs.message)
    said, stated = elliptic_numbers(message), extract_attributes(message)
    lines = [line.producto for line in inputs.order.lineas if not said & name_numbers(line.producto)]
    if not (said or stated) or not lines:
        return []
    fitting = [
        variant
        for variant in _variant_family(inputs.session, lines)[len(lines) :]  # one query for every line's family
        if (said and said <= name_numbers(variant))
        or (stated and compare_attributes(stated, extract_attributes(variant.nombre)).matched == len(stated))
    ]
    return [ProductRequest(fitting[0], None, inputs.message, 0.95)] if len(fitting) == 1 else []


def _switched_variant(inputs: PlanInputs) -> list[ProductRequest]:
    """ "mejor amarillos", "que sean sin válvula", "cámbialas a talla 42", "no, la de 30": with an order line whose
    sibling (a variant, or a product of its category that is the same kind of thing) is set apart from it by words of
    the correction's clause — a colour, a size, a measure, a model number, in its name or the shop's synonyms for
    it ("las oscuras" for the grey lens the shop calls "gafas oscuras") — and none of the line's own, that sibling
    takes the line's place, with its units or a count the correction says besides the sibling's numbers. Nothing when
    no line or several siblings fit as well."""
    if inputs.order is None or not inputs.order.lineas or Act.ADD_MORE in acts(inputs.message):
        return []  # "mejor agrégueme también los de vaqueta" adds
    clause = replacing_clause(inputs.message)
    if clause is None:
        return []
    # ("mejor que sean 8 pares": "pares" counts, it sets no "paquete x 12 pares" apart)
    said = {s for s in _stems(clause) if not s[0].isdigit() and s not in _COUNTING} | measure_numbers(clause)
    lines = [line.producto for line in inputs.order.lineas]
    fits: list[tuple[float, Product, Product]] = []
    # (a sibling already ordered takes no other line's place: "los de talla 10 déjelos en 4" edits that line)
    for sibling in [p for p in _same_categories(inputs.session, lines) if p not in lines]:
        for line in lines:
            apart = _words_apart(_known_as(sibling), [_known_as(line)])
            own = _words_apart(_known_as(line), [_known_as(sibling)])
            near = is_variant(sibling, line) or (
                sibling.categoria == line.categoria and head_stem(sibling.nombre) == head_stem(line.nombre)
            )
            if sibling.id != line.id and near and apart & said and not own & said:
                fits.append((len(apart & said) / len(apart), sibling, line))
    fits.sort(key=lambda fit: -fit[0])
    if not fits or (len(fits) > 1 and fits[1][0] == fits[0][0]):
        return []
    _, sibling, line = fits[0]
    numbers = name_numbers(sibling)
    # the count the correction says besides the sibling's numbers, in its clause or after it ("…, uno solo")
    after = fold(inputs.message).partition(fold(clause))[2] if fold(clause) in fold(inputs.message) else ""
    counts = [q.value for text in (clause, after) for q in find_quantities(text) if q.explicit]
    counts = [c for c in counts if str(c) not in numbers]
    return [ProductRequest(sibling, counts[0] if counts else None, inputs.message, 0.95, replaces=line.sku)]


_COUNTING = frozenset(stem(w) for w in COUNTING_WORDS)


def _known_as(product: Product) -> str:
    """A product's name with the shop's own synonyms for it ("Gafas … lente gris": "gafas oscuras")."""
    return " ".join([product.nombre, *(product.sinonimos or [])])


def _same_categories(session: Session, products: Sequence[Product]) -> list[Product]:
    categories = {p.categoria for p in products}
    return list(session.scalars(select(Product).where(Product.categoria.in_(categories), Product.activo.is_(True))))


def _orders_with_data(message: str) -> bool:
    """A message that gives customer data also orders only with a purchase verb or a count of units."""
    return asks_for_units(message) or first_quantity(mask_customer_data(message), explicit_only=True) is not None


# --- ambiguity ------------------------------------------------------------------------------------------------------


def _words_apart(name: str, others: Sequence[str]) -> set[str]:
    """The stems of a product name's words that none of the other names has (what sets it apart: "co2", "20",
    "amarill", "y" in "eslinga en Y")."""
    theirs = _stems(" ".join(others))
    return _stems(name) - theirs


# words that join a name's parts and tell no product apart ("Medidor de 3 gases" vs "Medidor monogas CO": "de" is no
# choice); a single letter stays ("eslinga en Y")
_JOINING_WORDS = frozenset({"de", "del", "la", "el", "los", "las", "con", "para", "pa", "por", "en", "al", "un", "una"})


def _stems(text: str) -> set[str]:
    return {stem(w) if w.isalpha() else w for w in normalize(text).split() if w not in _JOINING_WORDS}


def _said(segment: str) -> set[str]:
    """The stems of what the customer said of the product, without the count of units ("2 extintores": the "2" of
    "de 2 kilos" is not said) and with parts counted in words ("de un gancho" says "1")."""
    described = _without_unit_counts(segment)
    parts = {str(a.value) for a in extract_attributes(described) if a.key.startswith("cantidad_de_")}
    return _stems(described) | parts


def _without_unit_counts(segment: str) -> str:
    return blank_spans(segment, _counts_of_units(segment))


def _measures(text: str) -> bool:
    """A size, weight, length or class ("10 libras", "talla 9"), not a count of parts ("2 extintores")."""
    return any(not a.key.startswith("cantidad_de_") for a in extract_attributes(text))


_COUNT_BEFORE_NOUN = re.compile(r"\s+(?:(?:pares|cajas|paquetes|docenas?|unidades)\s+)?(?:de\s+)?([a-z]{3,})")


def _counts_of_units(segment: str) -> list[tuple[int, int]]:
    """The spans of the numbers that count units: those right before the product's noun ("5 orejeras"), not a model
    after it ("visión 260") nor a measure ("10 libras")."""
    folded = fold(segment)
    spans: list[tuple[int, int]] = []
    for quantity in find_quantities(segment):
        noun = _COUNT_BEFORE_NOUN.match(folded, quantity.end)
        if quantity.explicit and noun is not None and not _measures(folded[quantity.start : noun.end()]):
            spans.append((quantity.start, quantity.end))
    return spans


def _said_by_its_own_name(product: Product, said: set[str]) -> bool:
    """The customer used, word for word (plurals aside), one of the names the shop itself gives the product (its
    catalogue synonyms: "casco blanco", "arnés 4 argollas"): the shop files that product under what was said."""
    for synonym in product.sinonimos:
        words = {stem(w) if w.isalpha() else w for w in normalize(synonym).split() if is_content_word(w) or w.isdigit()}
        if len(words) >= 2 and words <= said:
            return True
    return False


_SHOWN_KEPT = 3  # the products of the last answer that a definite article may point back to
_DEFINITE = re.compile(r"\b(?:el|la|los|las|esos|esas|ese|esa)\b")


def of_the_kind_said(tied: list[Product], segment: str) -> list[Product]:
    """The near-tied products whose head noun the segment says, when some do and some do not: "3 extintores de 30"
    are extinguishers, not a cabinet "para extintor de 30" that shares their words."""
    kinds = [p for p in tied if names_kind(p, segment)]
    return kinds if 0 < len(kinds) < len(tied) else tied


def _resolve(
    session: Session, request: ProductRequest, context: Sequence[Product], in_order: bool, shown: Sequence[str] = ()
) -> tuple[ProductRequest, ProductMention]:
    """The product a request means among near-tied candidates: the one whose distinguishing word the customer said
    ("amarillos", "h2s", "en Y"), else the one the last answer showed when the customer says it with a definite
    article ("póngame otra vez las eslingas": the ones just talked about), else the one of the family already in play
    (the order's, the message's other product: "… talla 8 y 6 pares talla 10"); still several that differ on an
    unsaid word → ambiguous (ask)."""
    candidates = mention_candidates(session, mask_customer_data(request.segment), limit=3)
    scored = [Candidate(sku=p.sku, puntaje=round(min(score, 1.0), 3)) for p, score in candidates]
    tied = of_the_kind_said(
        [p for p, score in candidates if score >= TIE_MARGIN and names_product(p, request.segment)], request.segment
    )
    if len(tied) < 2 or in_order or request.confidence < 1.0 or request.product not in tied:
        return request, ProductMention(texto=request.segment[:200], candidatos=scored)
    said = _said(request.segment)
    named = [p for p in tied if _words_apart(p.nombre, [o.nombre for o in tied if o is not p]) & said]
    family = [p for p in tied if any(is_variant(p, c) for c in context)]
    called = [p for p in tied if _said_by_its_own_name(p, said)]
    # (only when nothing said tells them apart: "el paquete de cubrezapatos por otro de cofias" names both)
    definite = _DEFINITE.search(fold(request.segment)) and not named
    talked_about = [p for p in tied if p.sku in shown] if definite else []
    chosen = next((c for c in (named, called, talked_about) if len(c) == 1), family)
    if len(chosen) == 1:
        resolved = ProductRequest(chosen[0], request.quantity, request.segment, request.confidence)
        return resolved, ProductMention(texto=request.segment[:200], candidatos=scored)
    nearest = _nearest_measure(session, request.segment, tied)
    if nearest is not None:  # "de 20 kilos" in a family of 2 to 12 kg: the 12 kg one, proposed (never added)
        proposal = ProductRequest(nearest, request.quantity, request.segment, OTHER_VARIANT)
        return proposal, ProductMention(texto=request.segment[:200], candidatos=scored)
    options = [Candidate(sku=p.sku, puntaje=c.puntaje) for p, c in zip(tied, scored, strict=False)]
    return request, ProductMention(texto=request.segment[:200], candidatos=options, ambigua=True)


def _nearest_measure(session: Session, segment: str, tied: list[Product]) -> Product | None:
    """The product of the tied family whose weight, length or capacity is nearest the one stated, when no product
    has it; None when nothing measurable was stated, a product has it, or two are equally near."""
    described = _without_unit_counts(segment)
    stated = [a for a in extract_attributes(described) if isinstance(a.value, float) and a.value > 0]
    if not stated:
        return None
    wanted = stated[0]
    family = _variant_family(session, tied[:1])
    distances: list[tuple[float, Product]] = []
    for product in family + [p for p in tied[1:] if p not in family]:
        attributes = extract_attributes(product.nombre)
        if any(wanted.matches(a) for a in attributes):
            return None  # the family has what was said: the words decide, not nearness
        values = [a.value for a in attributes if a.key == wanted.key and isinstance(a.value, float)]
        if values and values[0] > 0:
            distances.append((abs(math.log(values[0] / float(wanted.value))), product))
    in_stock = [d for d in distances if d[1].stock > 0]
    distances = sorted(in_stock or distances, key=lambda d: d[0])  # what can be sold now, nearest first
    if not distances or (len(distances) > 1 and math.isclose(distances[0][0], distances[1][0])):
        return None
    return distances[0][1]


def resolve_requests(inputs: PlanInputs) -> list[tuple[ProductRequest, ProductMention]]:
    """Each sale request with its candidates, near ties settled by the words said or the family in play."""
    lines = inputs.order.lineas if inputs.order is not None else []
    context: list[Product] = [line.producto for line in lines]
    resolved: list[tuple[ProductRequest, ProductMention]] = []
    for request in sale_requests(inputs):
        in_order = any(line.producto_id == request.product.id for line in lines)
        if request is inputs.choice:  # the customer just chose it among the options
            item = (request, ProductMention(texto=request.segment[:200]))
        else:
            resolution = _resolve(inputs.session, request, context, in_order, inputs.last_products[:_SHOWN_KEPT])
            item = _closest_is_proposed(inputs.session, resolution, in_order)
        resolved.append(item)
        context.append(item[0].product)
    return resolved


def _closest_is_proposed(
    session: Session, item: tuple[ProductRequest, ProductMention], in_order: bool
) -> tuple[ProductRequest, ProductMention]:
    """ "2 extintores de 8 kilos" where the best product weighs 6 kg: the shop lacks what was said, so the nearest
    product is a proposal the customer accepts or not, never a silent substitute."""
    request, mention = item
    if in_order or mention.ambigua or not states_other_variant(request.segment, request.product):
        return item
    confidence = min(request.confidence, OTHER_VARIANT)
    nearest = _nearest_measure(session, request.segment, [request.product]) or request.product  # one in stock
    return ProductRequest(nearest, request.quantity, request.segment, confidence), mention


# --- the plan -------------------------------------------------------------------------------------------------------


def _type_after_gating(classification: Classification, inputs: PlanInputs, changes_allowed: bool) -> str:
    """A purchase-looking message that only asks, compares, complains or returns is about products (or, a return,
    about the company's policy), not a sale step."""
    if classification.tipo != "venta" or changes_allowed or classification.motivo == TOTAL_ASKED:
        return classification.tipo  # (the total asked changes nothing: the order's summary answers it)
    message = inputs.message
    found = stances(message)
    if Stance.RETURN in found:
        return "contexto"
    if Stance.ONLY_ASKING in found:
        return "inventario" if any(len(w) > 3 for w in _content_after_negation(message)) else "contexto"
    return "venta" if inputs.customer_data or acts(message) & {Act.CONFIRM, Act.CANCEL} else "inventario"


_ONLY_ASKING_WORDS = frozenset(
    """
    no quiero queremos voy vamos comprar pedir llevar solo estoy estamos pregunto preguntando cotizando mirando
    averiguando consultando por ahora todavia era una pregunta consulta para saber nada mas gracias
    """.split()  # noqa: SIM905
)


def _content_after_negation(message: str) -> list[str]:
    """The words of an "only asking" message beyond the negated purchase itself (what it asks about, if anything)."""
    return [w for w in normalize(message).split() if w not in _ONLY_ASKING_WORDS]


def _valid(
    operations: list[OrderOperation], inputs: PlanInputs, requests: list[ProductRequest]
) -> list[OrderOperation]:
    """The rules' operations through the same validator as the model's: one that breaks a rule (an absurd quantity,
    a product nobody named) is dropped."""
    order_skus = (
        frozenset(line.producto.sku for line in inputs.order.lineas) if inputs.order is not None else frozenset()
    )
    offered = frozenset(inputs.offer.items) if inputs.offer is not None else frozenset()
    named = frozenset(r.product.sku for r in requests)
    # lines taken out of this order may come back ("no, mejor déjelos")
    removed = frozenset(inputs.order.retirados or {}) if inputs.order is not None else frozenset()
    scope = PlanScope(order_skus | offered | named | removed, order_skus, inputs.offer is not None, may_change=True)
    return [op for op in operations if not operation_errors(op, scope) or _removes_nothing(op, order_skus)]


def _removes_nothing(op: OrderOperation, order_skus: frozenset[str]) -> bool:
    """Asking to remove what is not in the order is kept: the reply says it is not there."""
    return op.accion == "quitar" and op.sku not in order_skus


def _numbers(message: str) -> list[PlanNumber]:
    """Every number of the message with what it measures (personal data masked first: a phone is not a datum here)."""
    return [
        PlanNumber(texto=n.text[:40], valor=n.value, rol=n.role)  # type: ignore[arg-type]
        for n in read_numbers(mask_customer_data(message))
    ][:10]


_TAKING_OUT = frozenset({"quitar", "dejar_solo"})


def build_plan(inputs: PlanInputs, classification: Classification) -> TurnPlan:
    """The offline plan. Order operations are planned only for a sale message."""
    allowed = may_change_order(inputs.message)
    tipo = _type_after_gating(classification, inputs, allowed)
    if allowed and inputs.choice is not None:
        tipo = "venta"  # the answer to "¿cuál de estas?"
    plan = TurnPlan(
        actos=speech_acts(inputs.message, gives_data=bool(inputs.customer_data)),
        tipo=tipo,  # type: ignore[arg-type]
        confianza=classification.confianza,
        motivo=classification.motivo,
        numeros=_numbers(inputs.message),
        datos_cliente=inputs.customer_data,
    )
    if tipo != "venta" or not allowed:
        return plan
    requests = inputs.sale_requests
    plan.menciones = [mention for _, mention in inputs.resolved]
    order = inputs.order if inputs.order is not None else Order(lineas=[])
    operations = _valid(plan_operations(order, inputs.message, requests, inputs.offer), inputs, requests)
    # which of several products to add is asked only when something is added ("excluya los guantes" takes the
    # order's gloves out, whatever other gloves the catalogue has)
    adds = any(op.accion not in _TAKING_OUT for op in operations)
    ambiguous = {r.product.sku for r, m in inputs.resolved if m.ambigua} if adds or not operations else set()
    plan.operaciones = [op for op in operations if op.confianza >= CONFIDENT and op.sku not in ambiguous]
    plan.pendientes = [op for op in operations if op not in plan.operaciones]
    plan.pregunta = "ambigua" if ambiguous else ("confirmar" if plan.pendientes else None)
    if any(r.confidence == OTHER_VARIANT and r.product.sku in _skus(plan.pendientes) for r in requests):
        plan.motivo = CLOSEST_VARIANT
    return plan


def _skus(operations: list[OrderOperation]) -> set[str]:
    return {op.sku for op in operations if op.sku}

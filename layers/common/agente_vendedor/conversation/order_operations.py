"""From a sale message to the order operations it asks for (`OrderOperation`s of the turn plan), without touching
the order: the sale machine applies them only after validation (`sale_flow.apply_operations`).

Semantics (contract §6): "N <producto>" sets or adds; "mejor N" / "que sean N" sets the line it refers to; "quítele
X" removes X (or N units of it); "solo X" keeps exactly X; "ya no quiero X, solo Y" removes X and keeps Y; a plain
"sí" or a quantity accepts the agent's last offer. A message that only asks, compares, complains, returns or says it
is only asking yields nothing (`may_change_order`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agente_vendedor.commerce import orders
from agente_vendedor.conversation.product_requests import ProductRequest, matched_stems
from agente_vendedor.conversation.removed_lines import removed_units, undo_last_removal
from agente_vendedor.conversation.sale_offer import Offer
from agente_vendedor.db.models import Order, OrderLine, Product
from agente_vendedor.language.attributes import COLOURS, compare_attributes, extract_attributes, variant_key
from agente_vendedor.language.customer_data import extract_customer_data, mask_customer_data
from agente_vendedor.language.dialogue_acts import Act, acts
from agente_vendedor.language.normalization import fold, normalize
from agente_vendedor.language.purchase_verbs import asks_for_units
from agente_vendedor.language.quantities import (
    counts_people,
    counts_possessions,
    find_quantities,
    first_quantity,
    parse_spanish_number,
)
from agente_vendedor.language.spanish_words import COMMON_WORDS, head_stem, stem
from agente_vendedor.language.speech_acts import Stance, replaces_variant, stances
from agente_vendedor.language.timing import Timing, timings
from agente_vendedor.schemas.turn_plan import OrderOperation

# Stances that never change the order, and the order commands that still may ("…, cámbielos por los de nitrilo").
_NON_CHANGING = frozenset({Stance.QUESTION, Stance.COMPARISON, Stance.COMPLAINT, Stance.RETURN, Stance.ONLY_ASKING})
_COMMANDS = frozenset({Act.REMOVE, Act.CHANGE_QUANTITY, Act.CANCEL, Act.KEEP_ONLY})
# An add verb in the imperative or the first person ("agrégueme", "añada", "súmele"); "otros" in "¿qué otros tienen?"
# is not one.
_ADD_VERB = re.compile(r"\b(?:agreg|anad|sum[ae]l|adicion|inclu[iy])\w*")
# In a complaint or a comparison only an edit verb is an order ("…, quíteme las botas"); "sin las bolsas" describes.
# Imperative or infinitive, with clitics ("quíteme", "sáquenlos", "cámbielos"): "me sacan ampollas" is not one.
_EDIT_STEMS = r"\b(?:quit|sac|saqu|elimin|borr|descart|retir|cambi|agreg|agregu|anad|sum|adicion|dej)"
_CLITICS = r"(?:me|nos|le|les|lo|la|los|las|melo|mela|melos|melas|selo|sela|selos|selas)"
_EDIT_VERB = re.compile(rf"{_EDIT_STEMS}(?:a|e|en|ar){_CLITICS}?\b")
# An edit verb in the imperative ("cámbieme", "quítele", "déjenlo"), not its infinitive ("las quiero cambiar"); "-a"
# only with its clitic ("cámbiamelo"), alone it is also the 3rd person ("el casco cambia de color")
_COMMANDED_EDIT = re.compile(rf"{_EDIT_STEMS}(?:en?{_CLITICS}?|a{_CLITICS})\b")
# "¿…o cambia algo?", "¿en qué cambia?": a change asked about, not ordered
_QUESTIONED_CHANGE = re.compile(
    r"\b(?:(?:o|y) (?:cambia|cambian) algo|(?:en )?que (?:cambia|cambian)|cambia en algo)\b"
)
# A request verb inside a question still asks for units ("¿me puede mandar 3 cascos?", "¿me cotiza 10 botas?").
_POLITE_REQUEST = re.compile(
    r"\b(?:me|nos) (?:puede|podria|pueden|podrian|puedes|podrias|regala|regalan|vende|venden|manda|mandan|envia|"
    r"envian|despacha|despachan|separa|separan|cotiza|cotizan|agrega|agregan|pone|ponen)\b"
    r"|\b(?:cotiz|cotic)\w*\b|\bquiero comprar\b|\bcompro\b"
)
# A want negated ("no los necesito", "no quiero el filtro", "tampoco") — not a correction ("no, mejor talla L").
_NEGATION = re.compile(
    r"\b(?:no|nunca|jamas)\b(?: \w+){0,2} (?:quiero|queremos|necesito|necesitamos|ocupo|requiero|pido|llevo|"
    r"compro|me sirven?|nos sirven?|me interesan?|nos interesan?|me gustan?|nos gustan?)\b"
    # "no lo voy a pedir", "no las vamos a comprar este mes"
    r"|\b(?:no|nunca)\b(?: \w+){0,2} (?:voy|vamos) a (?:pedir|comprar|llevar|encargar|ordenar)\b"
    r"|\b(?:ni|tampoco)\b|\bno$"
    # a negated command to add: "no me agregue los filtros", "no le ponga la funda"
    r"|\bno (?:me |le |les |nos )?(?:sum|agreg|anad|pong|mand|incluy|adicion|separ|apart)\w*"
)
# "déjelo como está", "así está bien", "no toque nada": the order stays as it is
_AS_IT_IS = re.compile(
    r"\b(?:dej\w*|qued\w*) (?:asi|como (?:esta|estaba|estan|estaban|iba|iban))\b|\basi (?:esta|estamos) bien\b"
    r"|\bno (?:le )?(?:cambie|toque|mueva|modifique)\w* nada\b"
)
# "¿si sale grande podemos reemplazarla?": in the first person the customer asks what they may do, orders nothing
_ASKS_PERMISSION = re.compile(
    r"\b(?:puedo|podemos|podriamos|se puede|se pueden)(?: \w+){0,2} (?:cambi|devolv|reclam|reemplaz)\w*"
)
# An object pronoun: attached to a verb ("quítalo", "sáquelas") or before it ("no lo necesito", "ya no la quiero").
_PRONOUN_OBJECT = re.compile(
    r"\b(?:quit|sac|saqu|borr|elimin|retir)\w*(?:lo|la|los|las)\b"
    r"|\b(?:lo|la|los|las) (?:quiero|queremos|necesito|necesitamos|ocupo|pido|llevo)\b"
)
_REMOVAL_VERB = re.compile(r"(?:quit|sac|saqu|borr|elimin|retir|descart)\w*$")


def _points_at_the_only_line(text: str) -> bool:
    """A pronoun or a bare count for the order's only line; a message that names something else does not."""
    normalized = normalize(text)
    if _PRONOUN_OBJECT.search(normalized):
        return True
    words = [w for w in normalized.split() if len(w) > 2 and w not in COMMON_WORDS and not _REMOVAL_VERB.match(w)]
    return all(parse_spanish_number(w) is not None for w in words)


def _units_said(text: str) -> int | None:
    """How many units a removal takes away: a count ("quita 2 cascos", "quítale una eslinga") or a lone number word
    ("quítale uno")."""
    said = first_quantity(mask_customer_data(text))
    if said is not None:
        return said.value
    return next((n for w in normalize(text).split() if (n := parse_spanish_number(w)) is not None), None)


_CLAUSE_END = re.compile(r"[,;.!?]")
_KEEP_ONLY = re.compile(r"\b(?:solo|solamente|unicamente|nada mas que|sino)\b")


def may_change_order(message: str) -> bool:
    """False when the message only asks, compares, complains, returns something or says it is only asking — unless
    it also gives an explicit order command (a return or "solo pregunto" never does) — and when its purchase is not
    for now (`timing`)."""
    if not _for_now(message) or _AS_IT_IS.search(normalize(message)):
        return False
    found = stances(message)
    if not found & _NON_CHANGING:
        return True
    if found & {Stance.RETURN, Stance.ONLY_ASKING}:
        return False
    normalized = normalize(message)
    if Stance.QUESTION in found and _ASKS_PERMISSION.search(normalized):
        return False
    if found & {Stance.COMPARISON, Stance.COMPLAINT}:
        return bool(_EDIT_VERB.search(_QUESTIONED_CHANGE.sub(" ", normalized)))
    return bool(acts(message) & _COMMANDS or _ADD_VERB.search(normalized) or _POLITE_REQUEST.search(normalized))


def _for_now(message: str) -> bool:
    """Whether a purchase in the message is asked for now: not put off, imagined or somebody else's wish (unless
    the customer also gives the order: "mi jefe dice que sean 5, agrégueme 2 más"), and not the story of an earlier
    purchase (unless the message asks for units: "quiero 10 como los de la vez pasada")."""
    found = timings(message)
    if found & {Timing.LATER, Timing.IMAGINED}:
        return False
    normalized = normalize(message)
    if Timing.REPORTED in found and not (_ADD_VERB.search(normalized) or _EDIT_VERB.search(normalized)):
        return False
    # goods of a story wanted back or exchanged ("de los overoles del pedido anterior, 3 los queremos devolver")
    # ask for no units; an edit commanded with its reason ("cámbielo a 9, que entraron 3 aprendices") is for now
    if Timing.PAST not in found:
        return True
    if _WANTS_EXCHANGE.search(normalized):
        return False
    return bool(_COMMANDED_EDIT.search(normalized) and acts(message) & _COMMANDS) or asks_for_units(message)


_WANTS_EXCHANGE = re.compile(
    r"\b(?:quiero|queremos|necesito|necesitamos|quisiera|quisieramos) (?:cambiar|devolver|cambiarl|devolverl)\w*"
)


def may_change_order_or_cancel(message: str) -> bool:
    """A cancellation counts unless the message only asks or returns something ("no quiero comprar, solo pregunto")."""
    return not stances(message) & {Stance.ONLY_ASKING, Stance.RETURN}


def explicit_quantity(message: str) -> int | None:
    masked = mask_customer_data(message)
    for quantity in find_quantities(masked):
        if quantity.explicit and not counts_people(masked, quantity) and not counts_possessions(masked, quantity):
            return quantity.value
    return None


_CLAUSE_SPLIT = re.compile(r"[,;.!?\n]+")
# words before a final "no" that make it no refusal of a thing: "¿o no?", "creo que no", "por ahora no", "uy no"
_NOT_A_REFUSAL = frozenset({"o", "que", "ahora", "todavia", "aun", "si", "creo", "momento"})


def refused_clauses(message: str) -> list[str]:
    """Clauses that name something and then refuse it with a final "no" (Spanish postposes the negation to the
    thing refused): "500 cascos no, …", "el de 15 kilos no, con los de 10 basta"."""
    refused: list[str] = []
    for clause in _CLAUSE_SPLIT.split(message):
        words = normalize(clause).split()
        if len(words) >= 3 and words[-1] == "no" and words[-2] not in _NOT_A_REFUSAL:
            refused.append(" ".join(words[:-1]))
    return refused


def _refused(request: ProductRequest, refused: list[str]) -> bool:
    """The request's product is what a refusing clause names (and no other variant of it)."""
    return any(
        matched_stems(request.product, clause) and not states_other_variant(clause, request.product)
        for clause in refused
    )


def _stems(text: str) -> set[str]:
    """Stems of the text's longer words, so "detectores" meets "detector" and "arneses" meets "arnés"."""
    return {stem(w) for w in normalize(text).split() if len(w) > 3 and not w.isdigit() and w not in COMMON_WORDS}


def _line_words(line: OrderLine) -> set[str]:
    return _stems(f"{line.producto.nombre} {' '.join(line.producto.sinonimos or [])}")


def lines_named(order: Order, text: str, requests: Sequence[ProductRequest] = ()) -> list[OrderLine]:
    """The order lines the text names: by the products resolved from it, else (nothing resolved) by shared words."""
    if requests:  # products resolved from the text: exactly their lines ("la bomba" is not the detector it goes on)
        requested_ids = {r.product.id for r in requests}
        return [line for line in order.lineas if line.producto_id in requested_ids]
    words = _stems(text)
    return [line for line in order.lineas if _line_words(line) & words]


def _lines_by_kind(order: Order, text: str) -> list[OrderLine]:
    """The lines whose kind the text says ("solo los cascos": the helmets, not the chin straps made for them)."""
    words = {stem(w) for w in normalize(text).split()}
    return [line for line in order.lineas if head_stem(line.producto.nombre) in words]


def last_line(order: Order) -> OrderLine | None:
    return max(order.lineas, key=lambda line: line.id or 0) if order.lineas else None


def states_other_variant(segment: str, line_product: Product) -> bool:
    """The text gives a size, class, measure or colour the line's product does not have ("talla 9" for a talla-8
    glove, "rojos" for the white helmets)."""
    match = compare_attributes(extract_attributes(segment), extract_attributes(line_product.nombre))
    said, has = _colours(segment), _colours(line_product.nombre)
    return bool(match.conflicting_keyed or match.conflicting_measures or (said and has and not said & has))


def _colours(text: str) -> set[str]:
    return {COLOURS[w] for w in normalize(text).split() if w in COLOURS}


def is_variant(product: Product, other: Product) -> bool:
    """Two products of one family that differ only in a size, class, measure or colour ("… talla 42" / "… talla
    43", "casco … blanco" / "casco … rojo")."""
    return (
        product.id != other.id
        and product.categoria == other.categoria
        and variant_key(product.nombre) == variant_key(other.nombre)
    )


def prefer_order_lines(order: Order, requests: list[ProductRequest]) -> list[ProductRequest]:
    """A request that names nothing more than a product already in the order means that line ("cambia los guantes a
    5" with carnaza gloves in the cart is not a new pair of latex gloves; "2 guantes de látex" is) — unless it states
    another variant ("10 pares talla 9" next to the talla-8 line) or a number of its own product's name the line's
    lacks ("3 pares de filtros 8812" next to a mask "para dos filtros")."""
    resolved: list[ProductRequest] = []
    for request in requests:
        # (a variant chosen to replace a line — "cámbieme el color a rojo" — is that variant, not the line again)
        if request.replaces is None and orders.find_line(order, request.product) is None:
            said = matched_stems(request.product, request.segment)
            # a model number or measure of the product asked for ("filtros 8812") that a line lacks: another product
            own = measure_numbers(request.segment) & name_numbers(request.product)
            codes = _codes(request.segment) & _codes(request.product.nombre)  # "lámparas L4": the lamp's model
            for line in order.lineas:
                if states_other_variant(request.segment, line.producto) or own - name_numbers(line.producto):
                    continue
                if codes - _codes(line.producto.nombre):
                    continue
                if said and said <= matched_stems(line.producto, request.segment):
                    request = ProductRequest(line.producto, request.quantity, request.segment, request.confidence)
                    break
        resolved.append(request)
    return resolved


def _codes(text: str) -> set[str]:
    """Words with letters and digits ("l4", "ox-30" as "ox", "30" aside): a model's own code."""
    return {w for w in normalize(text).split() if w.isalnum() and not w.isdigit() and any(c.isdigit() for c in w)}


def _op(accion: str, sku: str | None, cantidad: int | None = None, confianza: float = 1.0) -> OrderOperation:
    return OrderOperation(accion=accion, sku=sku, cantidad=cantidad, confianza=round(confianza, 3))  # type: ignore[arg-type]


def _split_keep(message: str) -> tuple[str, str]:
    """(the rest of the message, the "solo …" clause up to its comma or full stop); the clause is empty when there
    is none ("solo los cartuchos, la máscara ya la tengo" keeps the cartridges, not the mask)."""
    folded = fold(message)
    match = _KEEP_ONLY.search(folded)
    if match is None:
        return normalize(message), ""
    end = _CLAUSE_END.search(folded, match.end())
    stop = end.start() if end else len(folded)
    return normalize(folded[: match.start()] + " " + folded[stop:]), normalize(folded[match.start() : stop])


def _keep_only(order: Order, message: str) -> list[OrderOperation]:
    """ "solo los cascos" with other lines in the order keeps exactly the lines named in that clause."""
    _, clause = _split_keep(message)
    if not clause or len(order.lineas) < 2:
        return []
    kept = _lines_by_kind(order, clause) or lines_named(order, clause)
    if not kept or len(kept) == len(order.lineas):
        return []
    quantity = explicit_quantity(clause)
    operations = [_op("dejar_solo", line.producto.sku) for line in kept]
    if quantity is not None and len(kept) == 1:
        operations.append(_op("fijar_cantidad", kept[0].producto.sku, quantity))
    return operations


def _removal(order: Order, message: str, requests: list[ProductRequest]) -> list[OrderOperation]:
    """ "quítele los guantes", "quítele 2 cascos", "ya no quiero X, solo Y"."""
    removal_text, keep_clause = _split_keep(message)
    keep_ops = _keep_only(order, message) if keep_clause else []
    kept = {op.sku for op in keep_ops}
    in_clause = [r for r in requests if _said_in(r, removal_text)]
    # no product resolved is said there: the lines its words name ("ya no quiero los conos, esos nos los presta
    # la alcaldía" removes the cones, whatever "esos" resolved to), else the products resolved from the message
    if not keep_clause and not in_clause and not lines_named(order, removal_text):
        in_clause = requests
    named = [line for line in lines_named(order, removal_text, in_clause) if line.producto.sku not in kept]
    newest = _LAST_ONE.search(normalize(removal_text)) and order.lineas and not keep_ops
    if newest and not any(_said_in(r, removal_text) for r in in_clause):  # no product named by its words
        named = [max(order.lineas, key=lambda line: line.id or 0)]  # "lo último que pedí", "deshaga eso": the newest
    only = order.lineas[0] if len(order.lineas) == 1 else None
    if not named and not keep_ops and only is not None and _points_at(removal_text, only):
        named = [only]  # "quítalo", "ya no lo necesito", "quítale uno": the only line
    if not named and not keep_ops:
        # asked to remove something that is not in the order: an operation that will find no line (and say so)
        return [_op("quitar", r.product.sku) for r in in_clause[:1]]
    fewer = _units_said(removal_text) if len(named) == 1 else None
    operations = [
        _op("quitar", line.producto.sku, fewer if fewer and line.cantidad > fewer else None) for line in named
    ]
    return operations + keep_ops


# what was added last: "eso último", "lo último que le pedí", "deshágalo"
_LAST_ONE = re.compile(r"\b(?:(?:lo|eso|el|la) ultim[oa]|deshac\w*|deshag\w*)\b")


def _points_at(text: str, only: OrderLine) -> bool:
    """A pronoun or a bare count points at the only line, unless the text gives another variant's measure or colour
    ("no quiero los naranja, esos no" with green ones in the order: refused, never ordered)."""
    return (
        _points_at_the_only_line(text)
        and not _another_measure(text, only.producto)
        and not states_other_variant(text, only.producto)
    )


_ELLIPTIC_MEASURE = re.compile(r"\b(?:el|la|los|las) de (\d+(?:[.,]\d+)?)\b")


def elliptic_numbers(text: str) -> set[str]:
    """The numbers of "el de 30", "las de 45": a variant named by its measure alone."""
    return {m.group(1) for m in _ELLIPTIC_MEASURE.finditer(normalize(text))}


# a number that measures rather than counts: after "de" or an attribute's keyword ("de 15", "talla 41", "clase 2")
_KEYED_NUMBER = re.compile(r"\b(?:de|en|talla|numero|clase|tipo|calibre|nrr|sombra|nivel)\s+(\d+(?:[.,]\d+)?)\b")
_NUMBER_AND_WORD = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*[a-z]+")


def measure_numbers(text: str) -> set[str]:
    """The numbers of a message that measure a variant: "de 15", "en 42", "talla 41", with a unit ("15 libras",
    "30 m"), or a model's number of three digits or more ("los 6503"); not a bare count ("póngame 5", "5 cascos")."""
    normalized = normalize(text)
    found = set(_KEYED_NUMBER.findall(normalized)) | set(re.findall(r"\b\d{3,}\b", normalized))
    for match in _NUMBER_AND_WORD.finditer(normalized):
        # a count of parts ("2 ganchos") measures only after "de"; "5 cascos" counts units
        if any(not a.key.startswith("cantidad") for a in extract_attributes(match.group(0))):
            found.add(match.group(1))
    return found


def name_numbers(product: Product) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)?", normalize(product.nombre)))


def _another_measure(text: str, product: Product) -> bool:
    """ "no necesito los de 45" with the 70 cm cones in the order: the number belongs to another variant."""
    said = elliptic_numbers(text)
    return bool(said) and not said & name_numbers(product)


def _said_in(request: ProductRequest, clause: str) -> bool:
    """Whether the request's product is named inside `clause` (its name words, not just anywhere in the message)."""
    return bool(matched_stems(request.product, clause))


def _accepts_offer(message: str, offer: Offer, order: Order, quantity: int | None) -> bool:
    found = acts(message)
    if Act.CANCEL in found:
        return False  # "sí, cancele todo": the yes agrees to cancelling, not to the offer
    gives_data = bool(extract_customer_data(message).datos) and not found & {Act.DENY}
    accepts = Act.CONFIRM in found or bool(quantity and offer.accion == "agregar")
    return accepts or (gives_data and not order.lineas)


_SWITCH_CUES = frozenset({Act.CHANGE_QUANTITY, Act.DENY})


def _switched_line(order: Order, request: ProductRequest, found: set[Act], message: str) -> OrderLine | None:
    """ "mejor talla 43" with the talla-42 boots in the order: that line, to be replaced by its variant."""
    if request.replaces is not None:
        return next((line for line in order.lineas if line.producto.sku == request.replaces), None)
    if orders.find_line(order, request.product) or Act.ADD_MORE in found:
        return None
    correcting = replaces_variant(message)
    if not correcting and (not found & _SWITCH_CUES or Act.ADD in found):
        return None
    return next((line for line in order.lineas if is_variant(request.product, line.producto)), None)


def _from_requests(order: Order, message: str, requests: list[ProductRequest]) -> list[OrderOperation]:
    found = acts(message)
    adding = bool(found & {Act.ADD, Act.ADD_MORE})
    operations: list[OrderOperation] = []
    refused = refused_clauses(message)
    for request in requests:
        sku, confidence = request.product.sku, request.confidence
        if _NEGATION.search(normalize(request.segment)) or _refused(request, refused):
            continue  # "los prefiltros no los necesito": a product under a negation is never ordered
        switched = _switched_line(order, request, found, message)
        if switched is not None:
            quantity = request.quantity or switched.cantidad
            operations += [_op("quitar", switched.producto.sku), _op("fijar_cantidad", sku, quantity, confidence)]
            continue
        in_order = orders.find_line(order, request.product) is not None
        if request.quantity is None:
            if in_order and Act.ADD_MORE in found:
                operations.append(_op("agregar", sku, 1, confidence))
            elif not in_order and (adding or asks_for_units(request.segment) or asks_for_units(message)):
                # "quiero el casco azul"; a line taken out and put back comes back with its units
                units = removed_units(order, sku) or 1
                operations.append(_op("fijar_cantidad", sku, units, confidence * 0.9))
            continue
        if in_order and explicit_quantity(request.segment) is None and not found & _COMMANDS:
            continue  # "con los tapones igual oye": a line named again with an article is not a new quantity
        # "póngale 2 más", "3 adicionales": more units of the line, whatever verb says it
        more = request.quantity is not None and _more_units(request.segment, request.quantity)
        add = in_order and ((adding and Act.CHANGE_QUANTITY not in found) or more)
        operations.append(_op("agregar" if add else "fijar_cantidad", sku, request.quantity, confidence))
    return operations


_MORE_UNITS = re.compile(r"\s*(?:mas(?! bien)|adicionales|extra)\b")


def _more_units(segment: str, quantity: int) -> bool:
    """The count is followed by "más" ("póngale 2 más"): units to add; "más" after another number of the
    message ("cámbielo a 20, que llegaron 5 más") is that number's."""
    folded = fold(segment)
    return any(
        q.value == quantity and q.explicit and _MORE_UNITS.match(folded, q.end) for q in find_quantities(segment)
    )


_FILLER = frozenset(
    {"mejor", "que", "sean", "son", "ponle", "pon", "solo", "unidades", "und", "entonces", "pues", "listo", "ok"}
)


def only_a_quantity(message: str) -> bool:
    words = [w for w in normalize(message).split() if w not in _FILLER]
    return 0 < len(words) <= 4 and explicit_quantity(message) is not None


def _on_existing_lines(order: Order, message: str, quantity: int | None) -> list[OrderOperation]:
    found = acts(message)
    if Act.ADD_MORE in found:
        last = last_line(order)
        return [_op("agregar", last.producto.sku, quantity or 1)] if last else []
    if quantity is None or not (Act.CHANGE_QUANTITY in found or only_a_quantity(message)):
        return []
    if any(explicit_quantity(clause) == quantity for clause in refused_clauses(message)):
        return []  # "200 no, con lo que pedí": the number refused
    targets = lines_named(order, message) if len(order.lineas) > 1 else list(order.lineas)
    if not targets and _NAMES_A_THING.search(normalize(message)):
        return []  # "súbale a 8 los termos" naming no line: never the last line by default (the agent asks)
    target = targets[0] if len(targets) == 1 else last_line(order)
    return [_op("fijar_cantidad", target.producto.sku, quantity)] if target else []


# an article and a word after it: the message names the thing whose count it changes
_NAMES_A_THING = re.compile(r"\b(?:el|la|los|las)\s+(?!de\b|que\b|mismos?\b|mismas?\b|dos\b|tres\b)[a-z]{3,}")


def plan_operations(
    order: Order, message: str, requests: list[ProductRequest], offer: Offer | None
) -> list[OrderOperation]:
    """The operations a sale message asks for on `order` (empty when it asks for none)."""
    if not may_change_order(message):
        return []
    found = acts(message)
    requests = prefer_order_lines(order, requests)
    if Act.REMOVE in found and not (found & {Act.ADD, Act.ADD_MORE} and not order.lineas):
        return _removal(order, message, requests)
    keep = _keep_only(order, message) or undo_last_removal(order, message)
    if keep:
        return keep
    quantity = explicit_quantity(message)
    if offer is not None and offer.accion == "elegir" and not requests and only_a_quantity(message):
        return []  # "mejor 6" while the agent asks which product: the units of that choice, asked again
    if offer is not None and offer.acceptable and not requests and _accepts_offer(message, offer, order, quantity):
        return [_op("aceptar_oferta", None, quantity if quantity and len(offer.items) == 1 else None)]
    if requests:
        return _from_requests(order, message, requests)
    return _on_existing_lines(order, message, quantity) if order.lineas else []

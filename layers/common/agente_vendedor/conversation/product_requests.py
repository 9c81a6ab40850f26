"""Products a customer message names, each with the quantity said next to it (or the message's only quantity)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from agente_vendedor.db.models import Product
from agente_vendedor.language.contact_fields import blank_spans
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.normalization import fold, normalize
from agente_vendedor.language.people import PEOPLE
from agente_vendedor.language.quantities import (
    Quantity,
    counted_noun,
    counts_people,
    counts_possessions,
    find_quantities,
    subject_count_spans,
    units_for,
)
from agente_vendedor.language.spanish_words import COMMON_WORDS, head_stem, is_content_word, stem
from agente_vendedor.search.retrieval import find_product_mentions


@dataclass(frozen=True)
class ProductRequest:
    product: Product
    quantity: int | None  # None when the customer gave no number for it
    segment: str
    confidence: float = 1.0  # how sure the product is the one meant (named outright: 1; inferred from a need: less)
    replaces: str | None = None  # the SKU of the order line it takes the place of ("mejor los amarillos")


def quantity_in(segment: str, product: Product | None = None) -> Quantity | None:
    """The count of the segment's goods: not people, not what the customer has ("hay 14 equipos"); a count bound to
    the product's own words before counts of other things ("42 puestos y … 2 extintores" is 2 extinguishers)."""
    quantities = [
        q for q in find_quantities(segment) if not counts_people(segment, q) and not counts_possessions(segment, q)
    ]
    if product is not None:
        # a count bound to the product's own words wins over counts of other things ("42 puestos … 2 extintores")
        quantities = [q for q in quantities if _counts_the_product(segment, q, product)] or quantities
    explicit = [q for q in quantities if q.explicit]
    chosen = explicit or quantities
    return chosen[0] if chosen else None


def _product_stems(product: Product) -> set[str]:
    text = normalize(" ".join([product.nombre, *(product.sinonimos or []), product.categoria, product.marca or ""]))
    return {stem(w) for w in text.split() if len(w) > 2}


def matched_stems(product: Product, text: str) -> set[str]:
    """The text's words (stemmed) that are words of the product's name, synonyms, category or brand."""
    words = [w for w in normalize(text).split() if len(w) > 2 and w not in COMMON_WORDS and not w.isdigit()]
    return {stem(w) for w in words} & _product_stems(product)


def _counts_the_product(segment: str, quantity: Quantity, product: Product) -> bool:
    noun = counted_noun(segment, quantity)
    return noun is not None and stem(noun) in _product_stems(product)


def names_product(product: Product, text: str) -> bool:
    """Whether the text names the product itself, not just something retrieval could associate with it
    ("mejor que sean seis" names nothing)."""
    return product.sku.lower() in normalize(text) or bool(matched_stems(product, text))


def names_kind(product: Product, text: str) -> bool:
    """Whether the text says what the product is: its head noun or a synonym's ("las mangueras" for "Manguera …"),
    not only a word its name shares ("aceite" in "Paños absorbentes de aceite")."""
    said = {stem(w) for w in normalize(text).split() if len(w) > 2}
    return any(head_stem(name) in said for name in [product.nombre, *(product.sinonimos or [])])


_PEOPLE = re.compile(
    r"(?:pa|para|de|por)\s+(?:los\s+|las\s+|unos\s+|unas\s+)?(\S+(?:\s+y\s+\S+)?)\s+"
    rf"(?:{'|'.join(sorted(PEOPLE))})\b",
)


def _per_person_quantity(text: str) -> Quantity | None:
    """A count of people the order is for ("pa 10 soldadores"): it applies to every product named without its own."""
    match = _PEOPLE.search(fold(text))  # folding keeps the offsets
    if match is None:
        return None
    for quantity in find_quantities(text):
        if quantity.explicit and match.start(1) <= quantity.start < match.end(1):
            return quantity
    return None


_ORDER_COMMAND = re.compile(
    r"(?<![a-z])(?:cierr|cerr|confirm|finali[zc]|proced|hag|termin|complet|despach|tramit|proces|concret|legaliz)[a-z]*"
    r"(?:\s+(?:con|a))?(?:\s+(?:el|la|los|las|mi|mis|nuestr[oa]s?|es[ae]|este|esta))?\s+(?:pedidos?|compras?|ventas?|"
    r"orden de compra|ordene?s?)(?![a-z])"
)


def _mask_order_commands(text: str) -> str:
    """Blank the phrases that act on the order itself ("cierra el pedido", "procedan con la compra"), so their verbs are
    not read as product words ("cierra" is not the "cierre automático" of a product)."""
    return blank_spans(text, [m.span() for m in _ORDER_COMMAND.finditer(fold(text))])


# the labels of customer fields ("Correo:", "dirección", "tel."): never product words ("correo" is no "correa")
_FIELD_LABEL = re.compile(
    r"\b(?:correo(?: electronico)?|e-?mail|direccion|telefono|tel|celular|cel|whatsapp|nit|cedula|c\.c|cc"
    r"|razon social|nombre)\b"
)


def product_requests(session: Session, text: str, *, named_only: bool = True) -> list[ProductRequest]:
    """Products the message names, each with the quantity said next to it (or the message's only quantity)."""
    clean = _mask_order_commands(mask_customer_data(text))
    clean = blank_spans(clean, subject_count_spans(clean))
    clean = blank_spans(clean, [m.span() for m in _FIELD_LABEL.finditer(fold(clean))])
    if not any(is_content_word(w) and w not in COMMON_WORDS and len(w) > 2 for w in normalize(clean).split()):
        return []  # "mejor que sean seis", "sí", bare data: nothing can name a product
    mentions = find_product_mentions(session, clean)
    if named_only:
        mentions = [(product, segment) for product, segment in mentions if names_product(product, segment)]
    message_quantities = [q for q in find_quantities(clean) if q.explicit]
    shared = _per_person_quantity(clean)
    requests: list[ProductRequest] = []
    for product, segment in mentions:
        quantity = quantity_in(segment, product)
        if quantity is None and shared is not None:
            quantity = shared  # "dotación pa 10 soldadores: delantal, mangas y polainas" is 10 of each
        if quantity is None and len(mentions) == 1 and len(message_quantities) == 1:
            quantity = message_quantities[0]
        requests.append(ProductRequest(product, units_for(quantity, product.nombre) if quantity else None, segment))
    return requests

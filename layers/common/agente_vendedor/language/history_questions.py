"""Whether a message asks about a customer's purchases: `asks_about_customer_history(text)`.

It reads Spanish verb morphology: a buying verb (comprar, pedir, llevar, pagar, gastar, encargar) in a past tense of
the 3rd person, a selling verb (vender, facturar, despachar, ...) with the customer as "le"/"les", "hacer" +
pedido/compra in the 3rd person, "soler" + a buying verb, and the nouns of a history ("historial", "última compra").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agente_vendedor.language.normalization import strip_accents

# Verbs of the customer's side of a sale: (preterite stem, participle stem, conjugation). The customer is the subject.
_BUYER_VERBS = (
    ("compr", "compr", "ar"),
    ("llev", "llev", "ar"),
    ("encarg", "encarg", "ar"),
    ("pag", "pag", "ar"),
    ("gast", "gast", "ar"),
    ("cotiz", "cotiz", "ar"),
    ("pid", "ped", "ir"),  # pedir: pidió, pidieron / ha pedido
)
# Verbs of our side of a sale: the customer is the indirect object "le"/"les".
_SELLER_VERBS = (
    ("vend", "vend", "er"),
    ("factur", "factur", "ar"),
    ("despach", "despach", "ar"),
    ("entreg", "entreg", "ar"),
    ("envi", "envi", "ar"),
    ("cobr", "cobr", "ar"),
    ("cotiz", "cotiz", "ar"),
)
_PRETERITE_3RD = {"ar": "(?:ó|aron)", "er": "(?:i[oó]|ieron)", "ir": "(?:i[oó]|ieron)"}
_PRETERITE_1PL = {"ar": "amos", "er": "imos", "ir": "imos"}
_PARTICIPLE = {"ar": "ado", "er": "ido", "ir": "ido"}
_INFINITIVE = {"ar": "ar", "er": "er", "ir": "ir"}
_AUX_3RD = r"(?:ha|han|habia|habian|haya|hayan)"
_AUX_ANY = r"(?:ha|han|he|hemos|habia|habian|habiamos)"
_NOT_ME = r"(?<!\bme )(?<!\bte )"  # "me pidieron", "te pagó": said to the speaker, not about a customer
# Who did it, after an accent-less "compro" (1st person present or 3rd person past): a 3rd-person subject.
_SUBJECT_AFTER = (
    r"(?= (?:(?:el|la|los|las) )?(?:don|dona|senor|senora|cliente|clienta|empresa|ingenier[oa]|doctora?)\b"
    r"| (?-i:[A-ZÑ]))"
)


def _alternatives(items: Sequence[str]) -> str:
    return "(?:" + "|".join(items) + ")"


def _history_pattern() -> re.Pattern[str]:
    buyer_past = [f"{pret}{_PRETERITE_3RD[kind]}" for pret, _, kind in _BUYER_VERBS]
    buyer_perfect = [f"{part}{_PARTICIPLE[kind]}" for _, part, kind in _BUYER_VERBS]
    first_conjugation = [pret for pret, _, kind in _BUYER_VERBS if kind == "ar"]
    seller = [
        f"{pret}{_alternatives([_PRETERITE_3RD[k], _PRETERITE_1PL[k], _PARTICIPLE[k]])}" for pret, _, k in _SELLER_VERBS
    ]
    buyer_infinitive = [f"{part}{_INFINITIVE[kind]}" for _, part, kind in _BUYER_VERBS]
    rules = [
        rf"{_NOT_ME}\b{_alternatives(buyer_past)}\b",  # compró, pidieron
        rf"{_NOT_ME}\b{_AUX_3RD} {_alternatives(buyer_perfect)}\b",  # ha comprado, han pedido
        rf"\bnos {_alternatives(first_conjugation)}(?:o|a|an)\b",  # "nos compro/compra": buys from us, not "I buy"
        rf"\b{_alternatives(first_conjugation)}o{_SUBJECT_AFTER}",  # "compro la señora...": a 3rd-person subject
        rf"\bles? (?:{_AUX_ANY} )?{_alternatives(seller)}\b",  # le vendimos, les hemos facturado
        rf"\b(?:hizo|hicieron|{_AUX_3RD} hecho) (?:(?:el|la|un|una|su|sus|algun|alguna|otro|otra|nuevo) )?"
        r"(?:pedidos?|compras?|ordene?s?|encargos?|pagos?|cotizacion(?:es)?)\b",  # ya hizo pedido
        rf"\bsuelen? {_alternatives(buyer_infinitive)}\b",  # suele pedir
        r"\bhistorial\b",
        # what a customer buys most or least: "lo que más compra", "los más pedidos por …", "¿qué pide más?"
        r"\b(?:compra|compran|pide|piden|lleva|llevan|encarga|encargan) (?:mas|menos)\b",
        r"\bque (?:mas|menos) (?:compra|compran|pide|piden|lleva|llevan|encarga|encargan)\b",
        r"\b(?:mas|menos) (?:comprad|pedid|vendid|llevad|encargad)[oa]s? (?:por|a)\b",
        r"\b(?:ultim[oa]s?|primer[oa]?) (?:compras?|pedidos?|facturas?|ventas?|ordene?s?|cotizacion(?:es)?)\b",
        r"\b(?:ticket|compra) promedio\b",
        r"\bfrecuencia de compras?\b",
    ]
    return re.compile("|".join(rules), re.IGNORECASE)


_HISTORY = _history_pattern()


def _fold(text: str) -> str:
    """Accents off except a word-final "ó", which tells "compró" (3rd person past) from "compro" (1st present)."""
    return " ".join(strip_accents(w[:-1]) + "ó" if w.endswith("ó") else strip_accents(w) for w in text.split())


def asks_about_customer_history(text: str) -> bool:
    """The message asks what someone bought, ordered or paid, or what we sold them: "¿qué le vendimos a ...?",
    "¿... ya hizo el pedido?", "¿cuánto nos ha comprado ...?", "historial de ..."."""
    spaced = re.sub(r"[¿?¡!,;:.()\"]", " ", text)
    return _HISTORY.search(_fold(spaced)) is not None

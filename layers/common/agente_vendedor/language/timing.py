"""When a message means what it says about buying: now, or in a story of an earlier purchase, later, only if
something happens, or in somebody else's mouth.

"De los 6 que les compré en marzo, 2 llegaron malos" tells what happened; "esa la compro el otro mes" and "si me
llegan antes del viernes le compro otros 10" put the purchase off; "el ingeniero quiere que sean 3, pero eso lo
decide él" reports another person's wish; "si sigue así pediríamos el doble" imagines. None of them asks to change
the order now. A delivery date ("quiero 3 cascos para la otra semana") is no putting off: the request is now.

The signals come from Spanish itself: the conditional mood, time adverbials of the future, verbs of delivery and
sale in the past, and reported wishes ("X quiere que…", "nos pidió que…").
"""

from __future__ import annotations

import re
from enum import Enum

from agente_vendedor.language.normalization import normalize


class Timing(Enum):
    PAST = "pasado"  # the story of an earlier purchase or delivery
    LATER = "despues"  # a purchase put off to a later time
    IMAGINED = "hipotetico"  # a purchase in the conditional mood, or only if something happens
    REPORTED = "de_otro"  # somebody else's wish, not the customer's request


# Verbs of delivery and sale in the past, which no present form spells the same way: the story of an earlier
# purchase. A past time alone is no story ("unos guantes como los de la otra vez" asks for gloves now).
_PAST = re.compile(
    r"\b(?:llegaron|llego|trajeron|vinieron|mandaron|despacharon|vendieron|entregaron|enviaron|trajo|vino|salio"
    r"|traia|traian|venia|venian|llegaba|llegaban|salieron|resultaron|me vendieron|nos vendieron|les compre"
    r"|les compramos)\b"
    # the imperfect of -ar verbs ("soltaban", "botaba"): what the goods used to do; not the speaker's own mind or
    # the polite imperfect of asking ("se me olvidaban los del almacén", "necesitaba 5", "estaba buscando")
    r"|\b(?!(?:olvid|pens|busc|necesit|pregunt|averigu|esper|est|cotiz|llam)aban\b)\w{3,}aban\b"
    # the preterite in the 3rd person plural, a form no present or imperative shares ("se despegaron", "fallaron",
    # "los revisaron"): what happened to goods already bought
    r"|\b\w{2,}(?:aron|ieron)\b"
    # ...and where the stem swallows the "i" ("se tiñeron", "se cayeron", "bulleron")
    r"|\b\w{2,}(?:neron|lleron|yeron)\b"
    # goods of another, earlier order: "los 4 del pedido anterior", "del despacho pasado"
    r"|\b(?:del|de la|en el|en la) (?:otr[oa]|anterior|pasad[oa]|ultim[oa]) "
    r"(?:pedido|compra|despacho|factura|entrega)\b"
    r"|\b(?:pedido|compra|despacho|factura|entrega) (?:anterior|pasad[oa])\b"
    # goods of a past time: "las 20 camisas del mes pasado", "los cascos de la semana pasada"
    r"|\bde(?:l| la) (?:mes|semana|ano|quincena|temporada) pasad[oa]\b"
)
# A later time: "el otro mes", "la próxima semana", "el mes que viene", "más adelante", "por ahora no"
_LATER_TIME = re.compile(
    r"\b(?:el|la) (?:otr[oa]|proxim[oa]|siguiente|entrante) (?:mes|semana|ano|quincena|temporada)\b"
    r"|\b(?:el|la) (?:proxim[oa]|siguiente) (?:pedido|vez|compra)\b"  # "la otra vez" is the last time
    r"|\b(?:el|la) (?:mes|semana|ano) (?:que viene|entrante)\b|\bmas adelante\b|\bde pronto despues\b"
)
# "para la otra semana", "antes del otro mes": the date of a delivery asked for now
_DELIVERY_DATE = re.compile(r"\b(?:para|pa|antes de|antes del|a mas tardar|maximo)\s*$")
_NOT_YET = re.compile(
    r"\bpor (?:ahora|el momento) no\b|\bno por (?:ahora|el momento)\b|\b(?:todavia|aun) no\b"
    r"|\bno es seguro\b|\blo decide\b|\blo decidimos\b|\bdespues (?:miramos|vemos|le confirmo|le aviso)\b"
    # the customer puts the decision off to check with someone: "déjeme consultarlo con el ingeniero"
    r"|\b(?:dejeme|dejame|permitame|deme|dame) (?:confirm|consult|pregunt|verific|averigu|cuadr)\w*"
    r"|\b(?:ya |luego |mas tarde |ahorita )?(?:le|te|les) (?:aviso|confirmo) (?:luego|mas tarde|ahorita|despues)\b"
    r"|\b(?:y|ya|luego) (?:le|te|les) aviso\b"
)
# Conditional mood: infinitive + ía endings ("necesitaría", "pediríamos", "llevarían") and the irregular stems.
_CONDITIONAL = re.compile(
    r"\b(?:\w+(?:ar|er|ir)|tendr|pondr|saldr|vendr|valdr|podr|querr|sabr|habr|cabr|har|dir)"
    r"(?:ia|ias|iamos|iais|ian)\b"
)
# "de pronto" (Colombian "maybe") with the customer's own purchase verb: "de pronto para enero les pedimos 30"
_MAYBE_I_BUY = re.compile(
    r"\bde pronto\b(?: \w+){0,4} (?:les |le |te )?"
    r"(?:compro|compramos|pido|pedimos|llevo|llevamos|necesito|necesitamos)\b"
)
# the future, periphrastic or synthetic: "vamos a necesitar", "compraremos"
_FUTURE = re.compile(r"\b(?:voy|vamos|van|va) a \w+(?:ar|er|ir)\b|\b\w{3,}(?:aremos|eremos|iremos)\b")
# Polite conditionals that are requests now ("me gustaría pedir 3", "quisiera 5", "¿podría mandarme…?")
_POLITE = re.compile(r"\b(?:gustaria|encantaria|podria|podrian|podrias|quisiera|quisieramos|agradeceria)\b")
_IF_CLAUSE = re.compile(r"(?:^|\W)(?:si|en caso de que|siempre que|con tal de que)\s")
_OPENING_IF = re.compile(r"^(?:y |pero |bueno |ojo )?(?:si|en caso de que)\s")  # the condition opens the sentence
# Somebody else's wish: "el ingeniero quiere que sean 3", "mi jefe dice que…", "la aseguradora nos pidió tener 5"
_REPORTED = re.compile(
    r"\b(?:el|la|mi|nuestro|nuestra|su) \w+(?: \w+){0,4} (?:quiere|quieren|dice|dicen|pide|piden|pidio|pidieron"
    r"|exige|exigen|exigio|recomienda|recomendo|sugiere) (?:que|tener|comprar|pedir)\b"
    r"|\b(?:nos|me) (?:pidio|pidieron|exigio|exigieron) (?:que|tener)\b"
    # a requirement put on the customer, counted: "en el puerto nos exigen 12 chalecos"
    r"|\b(?:nos|les) (?:piden|pide|pidieron|pidio|exigen|exige|exigieron|exigio) "
    r"(?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cincuenta|cien)\b"
)


def _later(normalized: str) -> bool:
    for match in _LATER_TIME.finditer(normalized):
        if not _DELIVERY_DATE.search(normalized[: match.start()]):
            return True
    return bool(_NOT_YET.search(normalized))


def _imagined(normalized: str) -> bool:
    if _MAYBE_I_BUY.search(normalized):
        return True
    # "si nos sale el contrato, vamos a necesitar 25": a future that depends on something
    if _OPENING_IF.search(normalized) and _FUTURE.search(normalized):
        return True
    conditional = [m for m in _CONDITIONAL.finditer(normalized) if not _POLITE.fullmatch(m.group(0))]
    return bool(conditional) and (bool(_IF_CLAUSE.search(normalized)) or _later(normalized) or "pero" in normalized)


def timings(message: str) -> frozenset[Timing]:
    """The ways the message's purchase is not a request for now (empty when nothing says so)."""
    normalized = normalize(message)
    found: set[Timing] = set()
    if _PAST.search(normalized):
        found.add(Timing.PAST)
    if _later(normalized):
        found.add(Timing.LATER)
    if _imagined(normalized) or (_IF_CLAUSE.search(normalized) and _later(normalized)):
        found.add(Timing.IMAGINED)
    if _REPORTED.search(normalized):
        found.add(Timing.REPORTED)
    return frozenset(found)

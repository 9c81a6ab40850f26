"""Verbs of buying and wanting in Colombian Spanish ("me regala", "cotíceme", "quiero", "ocupo"), shared by the
classifier (is this a sale?) and the order operations (does this message ask for units?)."""

from __future__ import annotations

import re

from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.normalization import normalize, whole_words

# "I want units": strong purchase verbs and phrasings.
BUY = whole_words(
    r"compr(?:o|ar|arles|arle|aria|amos|emos)",
    r"quier(?:o|e) comprar",
    r"quisiera comprar",
    r"(?:voy|vamos) a comprar",
    # "aún no me despachan", "todavía no nos mandan": a complaint about an order, no new one
    r"(?<!todavia no )(?<!aun no )(?<!nunca )"
    r"(?:me|nos) (?:regala|regalas|regalan|vende|venden|vendes|da|das|dan|manda|mandan|mandas|envia|envian|despacha|"
    r"despachan|separa|separan|aparta|apartan|alista|alistan|lleva|llevan|factura|facturan|cotiza|cotizan)"
    # "nos da miedo", "me dan alergia": a feeling or an effect, not something handed over; "nos dan plazo", "me da la
    # factura", "me mandan la cotización", "me dan el nit": terms or papers of the sale, not goods
    r"(?! (?:miedo|pena|rabia|alergia|frio|calor|sueno|ampollas|dolor|mareo|susto|verguenza|asco|igual|lo mismo)\b)"
    r"(?! (?:(?:un|una|el|la|los|las|algun|alguna) )?(?:plazo|credito|cupo|descuento|rebaja|factura|garantia|"
    r"informacion|tiempo|permiso|facilidades|financiacion|cuotas|recibo|certificado|constancia|cotizacion|"
    r"proforma|catalogo|lista de precios|ficha tecnica|fichas tecnicas|numero de guia|guia|remision|comprobante|"
    r"\d+ dias|"
    r"soporte|nit|rut|numero de cuenta|certificacion bancaria|camara de comercio)\b)"
    # "¿me llevan las polainas hasta la finca?": where to, not what to buy
    r"(?!(?: \S+){0,4} hasta\b)",
    r"(?:me|nos) (?:los|las|lo|la) (?:regala|regalan|vende|venden|manda|mandan|envia|envian|despacha|despachan|separa|"
    r"separan|aparta|apartan|alista|alistan|factura|facturan|cotiza|cotizan)",
    r"regal(?:e|a)me(?:los|las|lo|la)?",
    r"vend(?:a|e)me(?:los|las|lo|la)?",
    r"(?:d(?:e|a)me|denme)(?:los|las|lo|la)?",
    r"mand(?:e|a)me(?:los|las|lo|la)?",
    r"manden(?:me)?(?! (?:(?:la|el|las|los) )?(?:factura|cotizacion|guia|remision|ficha|hoja|certificado|catalogo))",
    r"envi(?:e|a)me(?:los|las|lo|la)?",
    r"envienme",
    r"separ(?:e|a)me(?:los|las|lo|la)?",
    r"apart(?:e|a)me(?:los|las|lo|la)?",
    r"alist(?:e|a)me(?:los|las|lo|la)?",
    r"despach(?:e|a)me(?:los|las|lo|la)?",
    r"p(?:o|ó)ngame",
    r"ponme",
    r"me (?:llevo|los llevo|las llevo|lo llevo|la llevo)",
    r"(?<!se )llevo",  # "me llevo 3" buys; "lo que se llevó Jhon" tells
    r"(?:quiero|quisiera|queremos|quisieramos|voy a|vamos a|necesito) "
    r"(?:pedir|encargar|ordenar|llevar|hacer un pedido)",
    # "¿a qué número escribo pa pedir?" asks where, "no nos dejan pedir" tells a refusal: neither orders
    r"(?<!\bpa )(?<!\bpara )(?<!\bdejan )(?<!\bdeja )(?<!\bdejaron )pedir",
    r"pido(?! que)",  # "¿cómo pido que me llamen?" asks for an action, not goods
    r"encarg(?:o|ar|amos)",
    r"hacer un pedido",
    r"haga(?:me)? un pedido",
    r"cotiz(?:a|e)me(?:los|las)?",
    r"cotic(?:e|a)me(?:los|las|lo|la)?",  # the imperative as written: "cotíceme", "cotícemelos"
    r"cot(?:i|í)cenme",
    r"cotizenme",
    r"cotizacion (?:de|para|por)",
    r"(?<!\bpa )(?<!\bpara )cotizar",
    r"presupuesto (?:de|para) \d+",
    r"agreg(?:a|ue|ar)(?:me|le)?",
    r"a(?:ñ|n)ad(?:e|a|ir)(?:me|le)?",
    r"sum(?:a|e)le",
)
# "I want / need ..." that becomes a purchase only with a count or a concrete product.
WANT = whole_words(
    r"quiero",
    r"quisiera",
    r"queremos",
    r"quisieramos",
    r"necesito",
    r"necesitamos",
    r"nesecito",
    r"nesesito",
    r"necesitaria",
    r"nesecitamos",
    r"nesesitamos",
    r"ocupo",
    r"ocupamos",
    r"requiero",
    r"requerimos",
    r"solicit(?:o|amos|aria|ariamos)",
    r"me toca",
    r"son",
    r"serian",
    r"seran",
    r"van a ser",
)


def asks_for_units(message: str) -> bool:
    """A purchase or want verb: the message asks for something ("quiero el casco azul", "me manda las botas")."""
    masked = normalize(mask_customer_data(message))
    return bool(BUY.search(masked) or wants(masked))


_NEGATED_WANT = re.compile(r"\b(?:no|ni|tampoco) (?:quiero|queremos|necesito|necesitamos|ocupo|requiero)\b")


# "quiero que algo me frene", "necesitamos que nadie se corte": a want of a state of things, not of units — unless
# what is wanted is the shop handing something over ("necesito que me manden 3 cascos")
_WANTED_STATE = re.compile(
    r"\b(?:quiero|queremos|necesito|necesitamos|ocupo|ocupamos|requiero|requerimos) que"
    r"(?! (?:me|nos) (?:mand|envi|despach|traig|vend|den\b|de\b|separ|cotic|factur|agreg))"
)


def wants(masked: str) -> bool:
    """A want verb that is not negated ("no quiero terminar untado de grasa" wants nothing) nor of a state of things
    ("quiero que algo me frene si me resbalo")."""
    return bool(WANT.search(_WANTED_STATE.sub(" ", _NEGATED_WANT.sub(" ", masked))))

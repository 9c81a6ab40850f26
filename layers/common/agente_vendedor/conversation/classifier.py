"""Message type (`inventario`, `venta`, `cliente`, `contexto`) from deterministic rules with a confidence.

Conventions (those of the dev set):
- `venta`: the customer wants units ("me regala 3", "necesito 40 pares de...", "quiero un overol", "cotízame 3
  cajas", "cotización para 6 botas": a quote for a quantity opens the order), and inside an open order every
  step of the sale: "sí", "de una", "mejor que sean 5", "agrégale otro", "quítale los guantes", "cancela", and the
  customer's own data.
- `inventario`: products, prices, stock, features, recommendations ("cuánto valen los cascos", "me regala el
  precio", "necesito algo pa las manos").
- `cliente`: staff asking about a customer's information, history or statistics (by cédula/NIT or name).
- `contexto`: the company (hours, location, contact, payment, shipping, warranty, returns, invoices, services, who
  we are), greetings and anything else.

When the rules are unsure (confidence below `LLM_THRESHOLD`) and a model is configured, the caller may ask it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from agente_vendedor.conversation.company_knowledge import (
    PRICE_OR_STOCK,
    addresses_the_company,
    asks_a_service,
    asks_about_a_delivery,
    asks_if_a_service_can_be_done,
    asks_the_company_for_a_topic,
    asks_the_price_of_a_service,
    names_the_companys_means,
    topic_signals,
    topics,
)
from agente_vendedor.language.contact_fields import find_colombian_id
from agente_vendedor.language.customer_data import extract_customer_data, mask_customer_data
from agente_vendedor.language.data_rights import asks_about_data_rights
from agente_vendedor.language.dialogue_acts import Act, acts
from agente_vendedor.language.history_questions import asks_about_customer_history
from agente_vendedor.language.lexicon import synonym_lexicon
from agente_vendedor.language.normalization import clean_user_text, normalize, whole_words
from agente_vendedor.language.people import names_a_worker
from agente_vendedor.language.purchase_verbs import BUY, wants
from agente_vendedor.language.quantities import (
    counts_people,
    counts_possessions,
    counts_service_objects,
    find_quantities,
)
from agente_vendedor.language.speech_acts import (
    asks_for_a_means,
    asks_when,
    describes_by_function,
    is_conditional_purchase,
    is_question,
    replacing_clause,
)
from agente_vendedor.schemas.chat import ClassifiedEntities, ClassifyResponse, MessageType

logger = logging.getLogger(__name__)

LLM_THRESHOLD = 0.6
OPEN_STATES = frozenset({"iniciada", "pendiente", "recolectando_datos", "listo_para_finalizar"})


_NEED = whole_words(r"necesit\w*", r"neces\w*", r"neses\w*", r"ocup\w+", r"requier\w+", r"requer\w+", r"me toca")
# Asking *about* products, even with a purchase verb ("me regala el precio", "quiero saber si tienen").
_ASK_INFO = whole_words(
    r"(?:quiero|queremos|quisiera|quisieramos|queria|queriamos|necesito|necesitamos|me gustaria|nos gustaria) "
    r"(?:saber|ver|conocer|preguntar|consultar|informacion|info|"
    r"averiguar|mirar|revisar)",
    r"me (?:regala|regalas|da|das|dice|dices|puede decir|podria decir|pasa|pasas|manda|envia|comparte)"
    r" (?:el|los|la|las|un|su)? ?(?:precio|precios|valor|catalogo|portafolio|lista|informacion|info|ficha|referencia)",
    r"para que sirve",
    r"que diferencia",
    r"cual es (?:mejor|la diferencia)",
)
# How to order or pay, asked ("¿cómo los pido?", "¿cómo hago el pedido?"): the company's procedure, no purchase
_HOW_TO_ORDER = whole_words(
    r"como (?:(?:le|les|lo|los|la|las|se) )?(?:pido|pedimos|compro|compramos|solicito|solicitamos|hago|hacemos) ?"
    r"(?:el pedido|la compra|la solicitud)?"
)
# Which one to buy, asked: "¿qué repuesto compro?", "¿cuál filtro le pido?" (advice, not an order)
_WHICH_TO_BUY = re.compile(
    r"\b(?:que|cual|cuales)(?: \w+){1,2} (?:(?:le|les|me) )?(?:compro|compramos|pido|pedimos|llevo|llevamos|encargo)\b"
)
# Describing a need ("algo pa las manos", "qué me recomienda"): a recommendation, unless units are asked for.
_NEED_PHRASE = whole_words(
    r"(?:que|cual\w*) me (?:recomienda\w*|sirve|sirven|aconseja\w*|sugiere\w*)",
    r"recomiend\w+",
    r"algo (?:pa|para|que)",
    r"alguna cosa",
    r"que (?:tienen|hay|manejan)",
)
_INVENTORY = whole_words(
    r"tienen",
    r"tiene",
    r"tendran",
    r"hay",
    r"habra",
    r"manejan",
    r"maneja",
    r"venden",
    r"vende",
    r"ofrecen",
    r"cuanto (?:vale|valen|cuesta|cuestan|es|sale|salen|cobran)",
    r"(?:q|que) (?:vale|valen|cuesta|cuestan|precio)",
    r"precio",
    r"precios",
    r"valor",
    r"stock",
    r"disponible\w*",
    r"disponibilidad",
    r"quedan",
    r"queda",
    r"existencia\w*",
    r"inventario",
    r"catalogo",
    r"sirve\w*",
    r"recomienda\w*",
    r"que trae",
    r"trae",
    r"incluye",
    r"viene\w*",
    r"ficha tecnica",
    r"especificacion\w*",
    r"mas barat\w+",
    r"mas economic\w+",
    r"cual",
    r"cuales",
    r"opciones",
    r"alternativa\w*",
    r"que me pongo",
    r"que uso",
    r"(?:me )?alcanza",
    r"presupuesto",
    r"(?:pa|para) proteger",
    r"protec\w+",
    r"busco",
    r"estoy buscando",
    r"consigo",
    r"do you have",
)
# Staff asking about a customer.
_CUSTOMER_LOOKUP = whole_words(
    r"historial",
    r"perfil (?:de|del|de la|completo)? ?(?:cliente|nit|cedula|empresa|senor|senora)",
    r"estadisticas?",
    r"ticket promedio",
    r"ultim[ao]s? compras?",
    r"primera compra",
    r"(?:que|cuanto|cuantas|cuantos|cuando) (?:ha|han|he|hemos|habia|habian|a) "
    r"(?:comprado|gastado|pedido|facturado|llevado)",
    r"(?:que|cuanto|cuando) (?:compro|pidio|llevo|gasto|compraron|pidieron|facturo)",
    r"cuantas compras",
    r"numero de compras",
    r"total de compras",
    r"total (?:comprado|facturado|vendido)",
    r"compras (?:de|del|de la|lleva|tiene|ha hecho|hechas|realizadas)",
    r"(?:tiene|tienen|registra) compras",
    r"(?:productos?|lo) que mas (?:nos |le |les )?(?:pide|compra|lleva|piden|compran|llevan)",
    r"cliente frecuente",
    r"frecuencia de compra",
    r"(?:datos|informacion|info|ficha) (?:de|del) (?:la )?(?:cliente|empresa|nit|cedula)",
    r"(?:busca|buscar|busque|consulta|consultar|consulte|muestrame|muestreme|mostrar|ver|revisa|revisar) "
    r"(?:el |la |al |a )?(?:cliente|nit|cedula)",
    r"(?:es|esta) registrad[oa]",
    r"registrad[oa]s?",
    r"mis datos",
    r"(?:cual|cuales|que) (?:es|son) mis? ",
    r"(?:mejores|principales|top) clientes",
    r"clientes (?:que mas|mas frecuentes|top)",
    r"cuanto nos ha comprado",
    r"cuanto ha comprado",
    r"ventas (?:a|al|de|del) (?:cliente|nit)",
)
_YOU = whole_words(r"ustedes", r"uds")
# "¿ustedes están registrados en…?": the company is the subject, nobody's record is asked for
_COMPANY_SUBJECT = re.compile(r"\bustedes\b[^.;!?]*$")


def _looks_up_a_customer(text: str) -> bool:
    match = _CUSTOMER_LOOKUP.search(text)
    return match is not None and not _COMPANY_SUBJECT.search(text[: match.start()])


_CUSTOMER_WORD = whole_words(r"cliente", r"clienta")
# A field of someone's record asked about ("el teléfono de la señora …", "datos de contacto del cliente …").
_RECORD_FIELD = whole_words(
    r"(?:telefono|celular|cel|correo|email|direccion|nit|cedula|datos|contacto|ciudad|ficha|perfil|hoja de vida)"
    r" (?:de|del|de la|de los|de las)"
)
# a field asked after the name, as staff type a lookup: "Ferretería El Tornillo teléfono", "Juan Pérez datos"
_TRAILING_FIELD = re.compile(r"\b(?:datos|telefono|celular|correo|direccion|nit|cedula|contacto|compras)$")
# A bare order that opens with an article or a count and names a product ("un gabinete para extintor de 20").
_OPENS_WITH_ARTICLE = re.compile(r"^(?:un|una|unos|unas)\s")
# The customer's own data ("mi cédula es...", "soy ...", "a nombre de ..."), as opposed to staff asking about someone.
_OWN_DATA = whole_words(
    r"mis? (?:cedula|nit|documento|nombre|cel\w*|telefono|numero|direccion|correo|email|datos)",
    r"soy",
    r"somos",
    r"me llamo",
    r"(?:les|le) (?:escribe|escribimos|habla|hablamos|saluda)",  # "les escribe Palmeras del Sur S.A.S., NIT …"
    r"a nombre de",
    r"es (?:pa|para) (?:la|nuestra|mi) (?:empresa|compania|firma|finca|obra)",  # "es pa la empresa X S.A.S., nit …"
    r"facturar a",
    r"envien\w* a",
    r"mand\w+ a la",
)


@dataclass(frozen=True)
class DialogueState:
    """What the conversation so far tells the classifier."""

    estado_venta: str | None = None  # state of the chat's open order, None when there is none
    expecting: tuple[str, ...] = ()  # customer fields the agent asked for last
    offered: bool = False  # the agent just offered to add products to the order ("¿te lo separo?")

    @property
    def order_open(self) -> bool:
        return self.estado_venta in OPEN_STATES


@dataclass
class Classification:
    tipo: MessageType
    confianza: float
    motivo: str
    acts: set[Act] = field(default_factory=set)


ProductProbe = Callable[[str], float]  # how strongly the message names a catalogue product, 0..1
# What the chat's product probe answers: the message names a product, describes a need products answer, or neither.
NAMES_PRODUCT, DESCRIBES_NEED, WEAK_PRODUCT, NO_PRODUCT = 1.0, 0.7, 0.35, 0.0
# A purchase told as done or as a fact of the relationship, not asked for now ("ya les compramos…", "compré 2 pares").
_REPORTED_PURCHASE = whole_words(r"(?:ya )?(?:les |le )?compramos", r"(?:ya )?(?:les |le )?compre", r"hemos comprado")
# "¿eso tiene costo?", "¿y eso cuánto vale?", "¿esto lo cobran aparte?": the price of what the message just asked
_THAT_ONES_PRICE = re.compile(
    r"\b(?:y\s+)?(?:eso|esto|ese servicio|ese curso)\s+(?:(?:cuanto|lo|la|me|nos|les|si|ya)\s+){0,2}"
    r"(?:tiene|vale|cuesta|sale|cobran|cobra)\b[^?.!,;]*"
)
TOTAL_ASKED = "pregunta_el_total"
# "¿cuánto sería todo?", "¿cuánto me sale el pedido?", "¿cuál es el total?", "¿cuánto le debo?": the sum of the
# open order, not a product's price
_ASKS_THE_TOTAL = whole_words(
    r"(?:cuanto (?:me |nos |le |les |te )?(?:es|seria|sale|saldria|queda|quedaria|vale|valdria|da|daria|suma|sumaria"
    r"|cuesta|costaria)(?: en)? (?:todo|el total|en total|el pedido|la cuenta|la compra|todo eso|eso en total)"
    r"|(?:cual es|cuanto es|cuanto seria|cuanto da|como queda|me dice|me da|digame|dime|deme) (?:el|mi) total"
    r"|cuanto (?:le |les |te )?(?:debo|debemos|quedo debiendo)|cuanto (?:hay que|tengo que|tenemos que) pagar)"
)
# Bought or received before, then a question of exchanging or returning it ("compré 2 pares y me quedaron chicos,
# ¿los cambio?", "le quedaron grandes, ¿se pueden cambiar?"): the company's exchange policy, in any person of the verb.
_BOUGHT_BEFORE = whole_words(
    r"(?:les |le )?compre",
    r"(?:les |le )?pedi",
    r"me (?:lleve|trajeron|mandaron|vendieron|entregaron)",
    r"nos (?:llevamos|trajeron|mandaron|vendieron|entregaron)",
    r"hemos comprado",
    r"(?:los|las) que (?:les )?compr\w+",
    r"(?:me|le|les|nos|te) (?:quedaron|quedo)",
    r"(?:no )?(?:me|le|les|nos) sirvi(?:o|eron)",
    r"salieron",
    r"(?:ya )?(?:los|las|lo|la) cambiamos",
)
# (and the after-sales verbs: "¿responden por eso?", "¿me lo reponen?", "¿lo arreglan?", "¿lo garantizan?")
_EXCHANGE = whole_words(r"(?:cambi|devolv|devuelv|respond|repon|arregl|garantiz)\w*")
# A delivered order that came wrong ("me llegó la remesa incompleta", "nos llegaron 2 cajas rotas"): a complaint for
# the company's after-sales, whatever goods it names.
_ARRIVED_WRONG = whole_words(
    r"(?:me|nos|le|les) (?:llego|llegaron)(?: \S+){0,5} (?:incomplet\w+|roto|rota|rotos|rotas|danad\w+|equivocad\w+|"
    r"vencid\w+|mojad\w+|abiert\w+|rajad\w+|partid\w+|quebrad\w+|defectuos\w+|despegad\w+|malo|mala|malos|malas)",
    r"(?:pedido|despacho|envio) (?:\S+ ){0,2}(?:llego|vino|llegaron|vinieron) "
    r"(?:incomplet\w+|mal|equivocad\w+|danad\w+)",
)
# An order that has not arrived ("mi pedido de botas no ha llegado", "la compra del martes todavía no nos llega").
_NOT_ARRIVED = whole_words(
    r"(?:pedido|despacho|envio|compra)(?: \S+){0,3} (?:no (?:me |nos )?(?:ha|han) llegado|no (?:me |nos )?llega\w*|"
    r"todavia no (?:me |nos )?llega\w*)",
)
# What is required to buy or to get credit ("¿qué necesito pa comprarles…?", "¿qué exigen para abrir crédito?").
_REQUIREMENTS = whole_words(
    r"(?:que|q|cuales) (?:necesito|necesitamos|se necesita|piden|requisitos|documentos|papeles)(?: \S+){0,3} "
    r"(?:pa|para) (?:comprar\w*|pedir\w*|abrir\w*|sacar\w*|tener credito|el credito|credito)",
)
# Someone at the company to attend now ("¿alguien me atiende a esta hora?", "¿habrá alguien que conteste?").
_ANYONE_ATTENDING = whole_words(
    r"(?:alguien|algun \w+(?: de \w+)?|quien) (?:que |q )?(?:me |nos )?"
    r"(?:atienda|atiende|conteste|responda|asesor[ae]\w*)",
    r"el chat (?:atiende|funciona|responde|contesta)",
)  # "¿quién me atiende en la sede de Pamplona?", "¿hay algún técnico que me asesore?", "¿el chat atiende hoy?"
# The company's own rounds asked ("¿ustedes van a la vereda algún día?") or how far its vehicles reach ("¿el camión
# sube hasta la mina?"): its deliveries.
_ITS_ROUNDS = whole_words(
    r"ustedes (?:(?:me|nos|le|les) )?(?:van|vienen|pasan|llegan|suben|bajan|entran|viajan|visitan|recorren)",
    r"(?:el|la) (?:camion|camioneta|carro|moto|furgon|mensajero|domiciliario|transportadora) (?:\w+ )?"
    r"(?:sube|suben|llega|llegan|entra|entran|va|van|pasa|pasan|baja|bajan) (?:hasta|al|a la|por)",
)
# Goods the customer has, damaged or put through an event ("el casco se rajó", "se nos mojaron los cartuchos", "el
# arnés frenó una caída", "dejó de pitar"), and what to do with them asked ("¿qué hago?", "¿todavía sirve?", "¿lo
# podemos seguir usando?", "¿me lo reponen?"): the company's warranty and after-sales answer, not a product listing.
_DAMAGED = whole_words(
    r"se (?:me |nos |le |les )?(?:rajo|rajaron|rompio|rompieron|dano|danaron|despego|despegaron|partio|partieron|"
    r"quebro|quebraron|revento|reventaron|descosio|descosieron|pelo|pelaron|oxido|oxidaron|desbarato|desbarataron|"
    r"agrieto|agrietaron|fisuro|mojo|mojaron|quemo|quemaron|cayo|cayeron|golpeo|golpearon|desinflo|fundio)",
    r"(?:quedo|quedaron|salio|salieron|esta|estan|vino|vinieron) (?:\w+ )?(?:roto|rota|rotos|rotas|danad\w+|rajad\w+|"
    r"partid\w+|defectuos\w+|despegad\w+|oxidad\w+|quemad\w+|rojo|roja)",
    r"(?:dejo|dejaron) de (?:funcionar|servir|sonar|prender|pitar|cargar|marcar)",
    r"(?:freno|frenaron|detuvo|detuvieron|paro|pararon|aguanto|aguantaron) (?:\w+ ){0,4}caida",
)
_WHAT_NOW = whole_words(
    r"(?:que|q) (?:hago|hacemos|hacer|debo hacer|toca hacer)",
    r"(?:todavia|aun|ya no) (?:sirve|sirven|funciona|funcionan|se puede|se pueden|lo puedo|la puedo)",
    r"(?:seguir|volver a) (?:usando|usar|utilizando|utilizar)",
    r"(?:me|nos|le|les) (?:lo|la|los|las) (?:cambian|reponen|responden|arreglan|reparan|garantizan)",
    r"(?:responden|reponen) por",
    r"(?:tiene|tienen|cubre|aplica) (?:la )?garantia",
)
# both, in either order (anchored: the lookaheads run once, not from every position of the message)
_DAMAGE_ASKED = re.compile(rf"\A(?=.*(?:{_DAMAGED.pattern}))(?=.*(?:{_WHAT_NOW.pattern}))", re.DOTALL)
# Asking whether one may buy: "¿puedo comprar…?", "¿se puede pedir…?", "¿podemos llevar…?" (1st person or impersonal;
# "¿me puede vender…?" asks the shop to sell, a polite order)
_MAY_I_BUY = whole_words(
    r"(?:puedo|podemos|podria|podriamos|se puede|se pueden|se podria) (?:\w+ )?"
    r"(?:comprar|pedir|llevar|adquirir|encargar)\w*"
)
# Matters only the company answers, whatever goods the message names, and the motive each is classified with.
_COMPANY_MATTERS = (
    (_ARRIVED_WRONG, "reclamo_de_pedido"),
    (_DAMAGE_ASKED, "dano_de_lo_comprado"),
    (_NOT_ARRIVED, "pedido_sin_llegar"),
    (_REQUIREMENTS, "requisitos_de_compra"),
    (_ANYONE_ATTENDING, "quien_atiende"),
)
CompanyProbe = Callable[[str], float]  # > 0 when a company section answers the message
PolicyProbe = Callable[[str], bool]  # the message asks about a company policy its own sections cover
# How the message names a known customer (by name or document): nothing but the name, among other words, or not
CustomerProbe = Callable[[str], float]
ONLY_A_CUSTOMER, NAMES_A_CUSTOMER = 1.0, 0.8


def _no_products(_: str) -> float:
    return 0.0


def classify(
    message: str,
    state: DialogueState | None = None,
    product_probe: ProductProbe | None = None,
    company_probe: CompanyProbe | None = None,
    policy_probe: PolicyProbe | None = None,
    customer_probe: CustomerProbe | None = None,
) -> Classification:
    state = state or DialogueState()
    asks_policy = policy_probe or (lambda _: False)
    names_customer = customer_probe or (lambda _: 0.0)
    probe = product_probe or _no_products
    company_knows = company_probe or _no_products
    text = normalize(message)
    found_acts = acts(message)
    masked_raw = mask_customer_data(message)
    masked = normalize(masked_raw)
    counts = find_quantities(masked_raw)
    # units ordered, not people nor what the customer already has
    quantities = [
        q
        for q in counts
        if q.explicit
        and not counts_people(masked_raw, q)
        and not counts_possessions(masked_raw, q)
        and not counts_service_objects(masked_raw, q)
    ]
    articles = [q for q in counts if not q.explicit]
    company = topic_signals(message)
    lookup = _looks_up_a_customer(text) and not asks_about_data_rights(text)
    asks_info = bool(_ASK_INFO.search(masked))
    need_phrase = bool(_NEED_PHRASE.search(masked)) or describes_by_function(masked)
    asks_about = asks_info or (need_phrase and not quantities)
    conditional = is_conditional_purchase(message)
    # "¿puedo comprar uno como persona natural?", "¿se puede pedir una sola caja?": whether buying is allowed, asked
    # outside an order without a count, is a question about the company's terms (inside one it asks to add)
    outside_order = not (state.order_open or state.offered)
    question = is_question(message)  # a conditional purchase is a question about terms
    permission = outside_order and bool(_MAY_I_BUY.search(masked)) and question and not quantities
    which = bool(_WHICH_TO_BUY.search(masked)) and not quantities  # "¿qué repuesto compro?" asks for advice
    buy = bool(BUY.search(masked)) and not asks_about and not (lookup and not quantities) and not conditional
    buy = buy and not permission
    # "las caretas q les compramos": a purchase told as done, with nothing wanted nor counted now, orders nothing
    reported_purchase = bool(_REPORTED_PURCHASE.search(masked)) and not wants(masked)
    buy = buy and not (reported_purchase and not quantities)
    buy = buy and not _HOW_TO_ORDER.search(masked)  # "¿cómo los pido?" asks the procedure
    buy = buy and not which
    want = wants(masked) and not conditional
    inventory = bool(_INVENTORY.search(masked)) or asks_about

    def result(tipo: MessageType, confianza: float, motivo: str) -> Classification:
        return Classification(tipo, confianza, motivo, found_acts)

    if not text:
        return result("contexto", 0.3, "vacio")

    # 1. Inside an open order (or right after an offer) the short acts and the customer's data belong to the sale.
    # (an order "iniciada" has no lines yet: its total is no answer, the products asked about are)
    if state.order_open and state.estado_venta != "iniciada" and _ASKS_THE_TOTAL.search(masked) and not quantities:
        return result("venta", 0.9, TOTAL_ASKED)  # "¿cuánto sería todo?": the order's summary answers it
    if state.order_open or state.offered:
        if company and question and not buy and not quantities:
            return result("contexto", 0.85, "pregunta_empresa_en_pedido")
        data = extract_customer_data(message, expecting=state.expecting)
        own = bool(_OWN_DATA.search(text)) or state.order_open
        if (data.datos or data.errores) and own and not (lookup and not state.order_open):
            return result("venta", 0.95, "datos_cliente")
        sale_acts = {
            Act.CONFIRM, Act.DENY, Act.CANCEL, Act.ADD_MORE, Act.CHANGE_QUANTITY, Act.REMOVE, Act.KEEP_ONLY,
            Act.DONE_ADDING,
        }  # fmt: skip
        if found_acts & sale_acts and not (inventory and question and not found_acts & {Act.CANCEL, Act.REMOVE}):
            return result("venta", 0.92, "acto_de_venta")
        # a correction that chooses (not a comparison, a refusal or a question)
        correction = state.order_open and not found_acts & {Act.CANCEL, Act.REMOVE}
        if correction and replacing_clause(message) is not None:
            return result("venta", 0.85, "corrige_pedido")  # "perdón, mejor el de 12"
        if buy or (quantities and (want or probe(message) >= 0.3 or Act.ADD in found_acts)):
            return result("venta", 0.9, "agrega_en_pedido")
        if Act.ADD in found_acts and probe(message) >= 0.3:
            return result("venta", 0.85, "agrega_en_pedido")
        serviced = question and asks_a_service(message)  # "¿ustedes los calibran?"
        if (company or serviced) and not buy and not quantities and not found_acts & sale_acts:
            # "nos lo traen hasta la obra", "se lo cancelo por transferencia": delivery, payment or service, not a datum
            return result("contexto", 0.8, "tema_empresa_en_pedido")
        if state.order_open and state.expecting and not question and _looks_like_bare_value(message):
            return result("venta", 0.75, "dato_suelto")

    if asks_about_data_rights(text) and not buy and not quantities:
        return result("contexto", 0.85, "derechos_sobre_datos")  # the company's data policy answers it

    # 2. Staff questions about a customer: by the lookup words, or a known customer's purchases asked about.
    if lookup and not buy:
        return result("cliente", 0.9, "consulta_cliente")
    if not buy and not quantities and names_customer(message) == ONLY_A_CUSTOMER:
        return result("cliente", 0.85, "solo_nombre_de_cliente")  # staff typing a customer's name: their record
    if asks_about_customer_history(message) and not quantities and names_customer(message):
        return result("cliente", 0.9, "historial_de_cliente_nombrado")
    cedula, cedula_error, _ = find_colombian_id(message)
    if (cedula or cedula_error) and _OWN_DATA.search(text) and not question and not state.order_open:
        return result("venta", 0.7, "datos_propios_sin_pedido")  # a buyer introducing themselves (not asking)
    if (cedula or cedula_error) and not buy and not quantities and not state.order_open:
        lookup_words = _CUSTOMER_WORD.search(text) or question or re.search(r"\b(?:info|datos|compras)\b", text)
        return result("cliente", 0.85 if lookup_words else 0.6, "documento_sin_compra")
    record_word = _RECORD_FIELD.search(text) or _CUSTOMER_WORD.search(text) or _TRAILING_FIELD.search(text)
    asks_record = bool(record_word) and not _OWN_DATA.search(text)
    if asks_record and not buy and not quantities and names_customer(message):
        return result("cliente", 0.88, "registro_de_cliente_nombrado")
    about_someone = not buy and not quantities and not _OWN_DATA.search(text) and (question or probe(message) < 0.3)
    if about_someone and names_customer(message):
        return result("cliente", 0.8, "cliente_nombrado")  # "Yuliana Arango nos debe algo", "¿y Curtiembres San Pedro?"
    if _CUSTOMER_WORD.search(text) and not buy and not quantities and not company and probe(message) < 0.3:
        return result("cliente", 0.65, "menciona_cliente")

    # A question about time ("¿en cuánto tiempo…?", "¿qué día…?") or the terms of a purchase still hypothetical
    # ("si les compro…, ¿nos dan…?"): products have no day nor terms, the company's sections do.
    about_terms = question and (asks_when(masked) or conditional)
    theirs = names_the_companys_means(message)  # "¿qué día pasa el vendedor?"
    if about_terms and (company or theirs or asks_policy(message) or company_knows(message) > 0):
        return result("contexto", 0.85, "pregunta_de_plazos_o_condiciones")

    # A story about a worker that asks the company nothing ("el celador del sótano amanece mareado por los gases"):
    # its company words are the customer's world (their basement, their upkeep), products answer it.
    worker_story = names_a_worker(masked) and not addresses_the_company(message)
    # What to use, put on or keep something in, asked about a need products answer ("en la cava del frigorífico el aire
    # se pone pesado, ¿con qué lo medimos?"): the company words are the scene, the answer is a product.
    means_asked = asks_for_a_means(masked_raw) and probe(message) >= DESCRIBES_NEED

    # The company's own policies (its sections say so) win over product words ("¿los cascos tienen garantía?").
    ordering = buy or (want and bool(quantities or articles))
    asks_about_policy = (question or not ordering) and not buy and (not quantities or conditional)
    if asks_about_policy and not worker_story and not means_asked and asks_policy(message):
        return result("contexto", 0.88, "politica_empresa")
    if permission and company_knows(message) > 0:
        return result("contexto", 0.8, "permiso_de_compra")  # a section says who may buy what, or how

    # A service asked of the company ("¿vienen por los botiquines para reponerlos?", "¿nos capacitan en alturas?")
    # that one of its sections answers: whatever goods it names, the section answers it, not a product listing.
    # A purchase told as done ("les compramos 15 arneses, ¿nos capacitan?") leaves the question to the service.
    # (the price of "eso" — what was just asked — is the service's: "¿ustedes calibran detectores? ¿y eso cuánto vale?")
    service = (
        outside_order
        and (not buy or reported_purchase)
        and not PRICE_OR_STOCK.search(_THAT_ONES_PRICE.sub(" ", masked))
    )
    asked_service = (question and asks_a_service(message)) or asks_if_a_service_can_be_done(message)
    # (said to "ustedes", the service is the company's even when no section names it: "¿ustedes les enseñan?")
    if service and asked_service and (company_knows(message) > 0 or bool(_YOU.search(masked))):
        return result("contexto", 0.85, "servicio_pedido_a_la_empresa")
    if outside_order and question and _BOUGHT_BEFORE.search(masked) and _EXCHANGE.search(masked):
        return result("contexto", 0.85, "cambio_de_lo_comprado")
    matter = next((motive for pattern, motive in _COMPANY_MATTERS if pattern.search(masked)), None)
    if outside_order and matter:
        return result("contexto", 0.85, matter)
    # Whether or how goods are carried somewhere ("¿me las llevan hasta la finca?"), or where the company's rounds
    # and vehicles go: the company's delivery terms.
    if outside_order and (asks_about_a_delivery(message) or (question and _ITS_ROUNDS.search(masked))):
        return result("contexto", 0.8, "pregunta_de_entrega")
    # The price of doing something ("¿cuánto vale marcar las camisas con el nombre?", "¿eso cuánto cuesta de más?"):
    # goods have prices, services are the company's terms (the answer says so when no section prices it).
    if outside_order and question and asks_the_price_of_a_service(message):
        return result("contexto", 0.85, "precio_de_un_servicio")

    # 3. Purchases — unless it is a question about the company that names no product ("si compro 300 mil, ¿me
    # cobran el domicilio?"), or the question asked is the company's and the purchase only tells why ("¿abren el
    # sábado? quiero comprar unas botas").
    if company and question and probe(message) < 0.3:
        return result("contexto", 0.8, "pregunta_empresa_con_compra")
    if company and outside_order and not quantities and _company_question_clause(masked_raw, probe):
        return result("contexto", 0.8, "pregunta_empresa_con_compra")
    if buy and not quantities and probe(message) == DESCRIBES_NEED:
        # "solicitamos cotizar lo necesario para…": no product named and no count, so the answer recommends
        return result("inventario", 0.75, "compra_descrita_por_necesidad")
    if buy and (quantities or articles or probe(message) > 0 or not question):
        return result("venta", 0.92 if quantities else 0.85, "verbo_de_compra")
    if want and quantities and not asks_about:
        return result("venta", 0.9, "cantidad_pedida")
    if (
        want
        and articles
        and not asks_about
        and not question
        and probe(message) >= (0.9 if _NEED.search(masked) else 0.3)
    ):
        return result("venta", 0.8, "quiere_un_producto")
    if quantities and not question and not _company_beyond_purpose(message, company) and probe(message) >= 0.3:
        return result("venta", 0.75, "cantidad_de_producto")  # "20 pares de guantes talla 7"
    if _OPENS_WITH_ARTICLE.match(masked) and articles and not question and not inventory and probe(message) >= 0.9:
        return result("venta", 0.7, "pedido_sin_verbo")

    # 4. The company: its topics win over products ("¿los cascos tienen garantía?", "¿recargan extintores?").
    # (a need described with a company word — "el casino de la empresa", "en el parqueadero" — is about products,
    # unless the company's own sections answer it as a policy)
    # (a topic asked of the company — "¿hacen despachos a…?" — is its service, whatever need its words also read)
    asked_of_it = asks_the_company_for_a_topic(message)
    if (
        (company or asked_of_it)
        and not worker_story
        and (not means_asked or asked_of_it)
        and (probe(message) != DESCRIBES_NEED or asked_of_it or asks_policy(message))
    ):
        return result("contexto", 0.9, "tema_empresa")

    # 5. Products; a question no product answers but a company section does is about the company.
    # (products retrieved without being named, nor a need read, answer it less surely than a section that does)
    strength = probe(message)
    unsure_product = strength <= WEAK_PRODUCT and (inventory or question or not want)
    if unsure_product and not worker_story and company_knows(message) > 0:
        return result("contexto", 0.75, "seccion_empresa")
    if inventory or asks_about:
        return result("inventario", 0.9 if strength > 0 else 0.7, "pregunta_inventario")
    if strength >= 0.3:
        return result("inventario", 0.8, "menciona_producto")
    if found_acts & {Act.GREETING, Act.THANKS} and len(text.split()) <= 6:
        return result("contexto", 0.8, "saludo")
    if want and not question:
        return result("inventario", 0.55, "necesidad_sin_producto")
    if strength > 0:
        return result("inventario", 0.55, "producto_debil")
    return result("contexto", 0.4, "sin_senales")


# "pa la bodega:", "para la oficina de Malambo:": where the goods go or what they are for, said before the order
_PURPOSE_PHRASE = re.compile(
    r"\b(?:para|pa|pal)\s+(?:(?:el|la|los|las|mi|mis|su|sus|nuestra|nuestro|nuestras|nuestros|esa|ese|esta|este)\s+)?"
    r"\w+(?:\s+(?:de|del)\s+\w+)?"
)


_QUESTION_CLAUSE = re.compile(r"([^?¿.!;]*)\?")


def _company_question_clause(masked: str, probe: ProductProbe) -> bool:
    """A clause ended by "?" of the (masked) message that asks about a company topic and names no product (weakly
    retrieved ones aside) and no purchase."""
    for match in _QUESTION_CLAUSE.finditer(masked):
        clause = match.group(1)
        if topic_signals(clause) and not BUY.search(normalize(clause)) and probe(clause) < DESCRIBES_NEED:
            return True
    return False


def _company_beyond_purpose(message: str, company: list[str]) -> bool:
    """Company topics said outside the purpose of an order: in "para la bodega: 8 chalecos" the warehouse is the
    customer's, not one of the company's locations."""
    return bool(company) and bool(topic_signals(_PURPOSE_PHRASE.sub(" ", normalize(message))))


def _looks_like_bare_value(message: str) -> bool:
    words = normalize(message).split()
    return 0 < len(words) <= 6 and not is_question(message)


def warm_up() -> None:
    """Load what the first message would otherwise load (lexicons, the catalogue search module): a SnapStart primer
    (`ops.bootstrap`), run before the snapshot."""
    from rapidfuzz import process  # noqa: F401 - the typo matcher, which search loads on its first typo

    from agente_vendedor.search import retrieval  # noqa: F401 - imported for the snapshot
    from agente_vendedor.search.needs import needs_interpreter

    topics()
    synonym_lexicon()
    needs_interpreter()
    classify("quiero 2 cascos, cc 12345678, cel 3001234567, Calle 1 # 2-3, Cali")


def classify_message(mensaje: str) -> ClassifyResponse:
    """`POST /classify`: the type of a single message (no conversation) and its entities.

    Products come from the catalogue when the database answers; without it the type is still decided by the rules.
    """
    text = clean_user_text(mensaje) or "…"
    skus: list[str] = []
    try:
        from agente_vendedor.db.engine import session_scope
        from agente_vendedor.search.retrieval import find_product_mentions

        with session_scope() as session:
            skus = [product.sku for product, _ in find_product_mentions(session, mask_customer_data(text))]
    except Exception:
        logger.warning("classify: catalogue unavailable, rules only", exc_info=True)
    classification = classify(text, DialogueState(), lambda _: 1.0 if skus else 0.0)
    if classification.confianza < LLM_THRESHOLD:
        classification = _ask_model(text, classification)
    data = extract_customer_data(text)
    quantities = [q.value for q in find_quantities(mask_customer_data(text)) if q.explicit]
    return ClassifyResponse(
        tipo_mensaje=classification.tipo,
        confianza=round(classification.confianza, 3),
        entidades=ClassifiedEntities(
            productos=skus,
            cantidades=quantities,
            cedula=data.datos.get("cedula"),
            telefono=data.datos.get("telefono"),
            email=data.datos.get("email"),
        ),
    )


def _ask_model(text: str, rules: Classification) -> Classification:
    from agente_vendedor.platform.llm import get_provider

    provider = get_provider()
    if provider.name == "offline":
        return rules
    try:
        model = provider.classify(text, (), None)
    except Exception:
        logger.warning("classify: model unavailable", exc_info=True)
        return rules
    if model is None or model.confianza <= rules.confianza:
        return rules
    return Classification(model.tipo, float(model.confianza), "modelo", rules.acts)

"""What a message does besides asking for units: it asks, compares, complains, returns something or says it is only
asking. Contract §6: such a message never changes the order, unless it also gives an explicit order command
("los de látex me dan alergia, cámbielos por los de nitrilo").

Each pattern is a Spanish construction, not a phrase of some customer: interrogatives and indirect questions,
comparatives, verbs of harm or breakage with a clitic ("me dan", "se rompió"), verbs of returning, and the negated
purchase ("no quiero comprar", "solo estoy cotizando").
"""

from __future__ import annotations

import re
from enum import StrEnum

from agente_vendedor.language.normalization import normalize, strip_accents, whole_words
from agente_vendedor.language.purchase_verbs import asks_for_units
from agente_vendedor.language.quantities import find_quantities
from agente_vendedor.language.spanish_words import dictionary_lemma


class Stance(StrEnum):
    QUESTION = "pregunta"
    COMPARISON = "comparacion"
    COMPLAINT = "queja"
    RETURN = "devolucion"
    ONLY_ASKING = "negacion"  # "no quiero comprar, solo pregunto": the purchase itself is negated


# Interrogative openings and indirect questions ("será que…", "quisiera saber si…", "me confirma si…").
# an interrogative, maybe after its preposition ("¿a qué dirección…?", "¿de cuál…?", "¿con qué…?")
_QUESTION_OPENING = whole_words(
    r"(?:(?:a|al|de|del|en|con|para|pa|por|hasta|desde) )?(?:que|cual\w*|cuant\w+|como|donde|cuando|quien\w*)",
    # "q", the chat spelling of "qué", only before what a question asks ("q horario", "hasta q hora", "q hago"): it
    # also opens a wish ("q sean 5")
    r"(?:(?:a|de|en|hasta|desde|para|pa) )?q (?:hora|horas|horario|dia|dias|fecha|precio|valor|hago|hacemos|hacen|"
    r"necesito|necesitamos|pasa|paso|toca|requisitos|documentos|papeles)",
    # or before a noun and the verb it asks about ("q norma cumplen", "q talla tienen", "q marca es")
    r"q [a-z]{4,} (?:[a-z]{2,}(?:an|en)|es|son|hay|tiene|trae|maneja|cumple|sirve|dura|cuesta|vale)",
)
_INDIRECT_QUESTION = whole_words(
    r"sera que",
    r"se (?:le |les |lo |la |los |las )?pueden?",  # "¿a la careta se le puede cambiar el visor?"
    r"cuant[oa]s? (?!antes\b)\w+",  # "y el filtro cuántas horas aguanta" (not "cuanto antes")
    # "a nombre de quién está", "¿para quién es?"
    r"(?:a|de|con|para|por) quien(?:es)? (?:es|son|esta|estan|sale|salen|queda|quedan|fue|aparece)",
    # a presentation asked about: "¿las botas vienen en talla 45?", "¿los hay de color azul?"
    r"(?:viene|vienen|los hay|las hay|lo hay|la hay|hay|manejan) (?:en|de) "
    r"(?:talla|tallas|color|colores|tamano|presentacion)",
    r"(?:sabe|saben|sabes|saber|averiguar|confirmar|confirma|confirme|preguntar|pregunto) si",
    r"me (?:puede|podria|pueden|podrian|puedes|podrias) (?:decir|confirmar|informar|indicar|explicar|contar|aclarar)",
    r"(?:es|son|seria|serian) compatibles?",
    # "¿le sirve a mi careta?"; in a relative clause it describes ("de los que les caben extintores")
    r"(?<!\bque )(?:le|les) (?:sirve|sirven|queda|quedan|funciona|funcionan|cabe|caben)",
    r"o no",
    # the other half of a yes/no question: "¿viene con pilas o se venden por separado?", "¿trae cable o se pide?"
    r"o se (?:compra|compran|vende|venden|pide|piden|cobra|cobran|consigue|consiguen)\b",
    # a compliance asked as a statement: "las caretas cumplen la norma", "los guantes son certificados"
    r"(?:cumple|cumplen) (?:con )?(?:la |el |las |los )?(?:norma|normas|resolucion|reglamento|ntc|ansi|iso|niosh)\b",
    r"(?:es|son|esta|estan|viene|vienen) (?:aprobad|certificad|homologad)\w*",
    # availability asked in the middle of a sentence: "y en negro también la tienen", "¿y todavía las manejan?"
    r"(?:tambien|todavia|aun|ya no) (?:lo|la|los|las) (?:tienen|manejan|venden|traen|consiguen|hay)",
    r"cierto",
    r"verdad",
)
# Verbs said to the company in the 3rd person plural (to "ustedes"): what it has, and what it does for a customer —
# deliver, take a payment, give terms, perform a service ("¿recargan extintores?", "¿aceptan tarjeta?").
_ADDRESSED_VERBS = (
    r"(?:ustedes )?(?:tienen|tendran|tiene|hay|habra|manejan|maneja|venden|vende|consigo|ofrecen|quedan|queda|"
    r"les quedan|trabajan|distribuyen|hacen(?! falta)|dan|aceptan|reciben|prestan|fian|facturan|cobran|recargan|"
    r"revisan|calibran|inspeccionan|instalan|reparan|arreglan|alquilan|dictan|capacitan|entregan|despachan|envian|"
    r"llevan|mandan|(?:me |nos )?(?:pueden|podrian)(?! ser)"
    # "ustedes los recogen", "ustedes nos asesoran": any present verb said to the company, asked without "?"
    r"|ustedes (?:(?:me|nos|los|las|lo|la|le|les|se) )*[a-z]{3,}(?:an|en))"
)
# A message that opens with a yes/no availability verb ("tienen cascos clase E", "hay guantes talla 10").
_AVAILABILITY_OPENING = re.compile(
    r"^(?:y |oiga |hola |buenas |buenos dias |buenas tardes |disculpe |senor(?:a|ita)? )*"
    + _ADDRESSED_VERBS
    + r"(?![a-z0-9])"
)
# Who is asking, then the question, with no comma between ("somos una constructora manejan credito"): the clause
# after the self-description starts at the verb said to the company.
_SELF_DESCRIPTION = re.compile(
    r"^(?:nosotros |yo )?(?:somos|soy|trabajamos|trabajo|tenemos|tengo)(?: \S+){1,6}? (?=" + _ADDRESSED_VERBS + r"\b)"
)
_COMPARISON = whole_words(
    r"diferencia\w*",
    r"diferenci(?:a|an|o)",
    r"compar\w+",
    r"versus",
    r"vs",
    r"(?:cual|que) (?:es |seria )?(?:mejor|peor|conviene|recomienda\w*)",
    r"mas (?:barat|economic|car|resistente|liviano|pesad|comod|durader|buen|segur|grande|pequen)\w* (?:que|entre)",
    # "mejor que (los guantes) sean cuatro" prefers (a subjunctive follows); "mejor que el de cuero" compares
    r"(?:mas|menos) \w+ (?:que|de lo que)",  # the comparative construction: "más frescos que", "menos pesada que"
    r"igual(?:es)? (?:que|a)",
    r"(?:lo|la|el) mism[oa] que",
    r"(?:mejor|peor) (?:que|entre)(?!(?: \w+){0,3} (?:sea|sean|manden?|pongan?|vengan?|queden?|dejen?|cambien?|"
    r"quiten?|agreguen?|envien?|despachen?)\b)",
    r"entre (?:el|la|los|las) \w+ (?:y|o) (?:el|la|los|las)",
    r"(?:el|la) de \w+ (?:o|y|vs) (?:el|la) de",
    r"en que se diferencia\w*",
    # sameness asked: "¿el blanco y el amarillo son el mismo casco?", "¿es lo mismo?", "¿o da igual?"
    r"(?:es|son|sera|seran) (?:el|la|los|las|lo) mism[oa]s?",
    # asked as the other choice ("quiero 3, da lo mismo el color" is no question)
    r"o (?:da|es|sale) (?:casi |practicamente )?(?:lo mismo|igual)",
    # or difference asked as the other choice: "¿… o son cosas distintas?", "¿o es diferente?"
    r"o (?:son|es|seran|sera) (?:\w+ )?(?:distint|diferent)\w*",
    r"(?:o|y) (?:cambia|varia) algo",
    # one beats the other: "¿la fotosensible le gana a la de vidrio fijo?"
    r"le (?:gana|ganan) a",
    r"(?:rinde|rinden|dura|duran|protege|protegen|aguanta|aguantan) (?:mucho |bastante |harto |un poco )?mas que",
)
# Harm, discomfort, breakage, defects, complaints (a clitic + a verb of effect, or a past breakage).
_COMPLAINT = whole_words(
    r"(?:me|le|nos|les|te) (?:da|dan|dio|dieron|produce|producen|produjo|causa|causan|causo|genera|generan|saca|sacan|"
    r"salio|salieron|sale|salen) (?:alergia|rasquina|piquina|picazon|ampollas?|irritacion|brotes?|dolor|hongos|callos|"
    r"sarpullido|ronchas|reaccion|mareo|calor)",
    r"alergic[oa]s?",
    r"alergia",
    r"(?:me|le|nos|les|te) (?:irrita\w*|lastima\w*|aprieta\w*|maltrata\w*|molesta\w*|pica\w*|raspa\w*|tallan|talla|"
    r"empana\w*|resbal\w+|suda\w*|duele\w*|hiere\w*|cortan|corta)",
    r"(?:me|le|nos|les|te) (?:queda|quedan|quedaron|quedo) "
    r"(?:grande|pequen|apretad|flojo|floja|cort|larg|mal|chiquit)\w*",
    r"(?:se|esta|estan|vino|vinieron|llego|llegaron|salio|salieron) "
    r"(?:rot|danad|rajad|rayad|partid|descosid|despegad|defectuos|vencid|mal[oa]s?|incomplet|picad|mojad|sucio|usad)\w*",
    r"(?:se )?(?:rompio|rompieron|dano|danaron|rajo|partio|descosio|despego|solto|quebro|quebraron|pelo|oxido)",
    # what an item has broken: "la camilla vieja tiene 3 correas rotas", "el casco tiene la suspensión partida"
    r"(?:tiene|tienen|trae|traen)(?: \w+){1,3} (?:rot|danad|rajad|partid|descosid|despegad|quebrad|pelad|doblad)[oa]s?",
    r"(?:perdimos|perdi|se perdio|se perdieron|se nos perdio)",
    r"(?:llego|llegaron|vino|vinieron|salio|salieron|entregaron|mandaron) (?:sin|incomplet\w*|a medias)",
    r"(?:llego|llegaron|vino|vinieron) (?:tarde|tardisimo|demorad\w*|despues)",
    # the protection failing its user: "con las orejeras igual se escucha el taladro", "con esa capa igual se moja"
    r"igual (?:se |le |les |me |nos )?(?:oye|oyen|escucha\w*|siente\w*|entra|pasa|moja\w*|quema\w*|corta\w*)",
    r"no (?:me |nos |le |les )?(?:sirvio|sirvieron|funciono|funcionaron|funciona|funcionan|prende|prendio|carga|cargo|"
    r"cierra|ajusta|ajustan|protegio|aguanto|aguantaron|duro|duraron)",
    r"queja\w*",
    r"reclam\w+",
    r"inconform\w+",
    r"pesim\w+",
    r"defect\w+",
    r"(?:tengo|tenemos|hay) (?:un|una)? ?(?:problema|inconveniente|falla|lio)",
)
# An earlier purchase named by its time: "la vez pasada", "el pedido anterior", "la compra del mes pasado".
_EARLIER_PURCHASE = (
    r"(?:(?:la )?(?:vez|compra|entrega) (?:pasada|anterior)|la otra vez|(?:el )?(?:pedido|despacho|envio) "
    r"(?:anterior|pasado)|(?:el )?(?:ultimo|anterior) (?:pedido|despacho|envio)|(?:el|la) (?:mes|semana|ano) pasad[oa])"
)
# Returning or exchanging something already bought.
_RETURN = whole_words(
    r"devol\w+",
    r"devuelv\w+",
    r"reembols\w+",
    r"(?:cambiar|cambio|cambien|cambian|cambiarme|cambiarlos|cambiarlas|cambiarla|cambiarlo)\w* "
    r"(?:de talla|la talla|las tallas|por otr\w+ talla)",
    r"(?:que|los que|las que|el que|la que) (?:compre|compramos|me vendieron|nos vendieron|pedi|pedimos|me llego|"
    r"me llegaron|nos llego|nos llegaron|recibi|recibimos)",
    r"(?:hacer|aplicar|usar|reclamar) (?:la )?garantia",
    # what was delivered before, in a past relative clause ("la careta que nos mandaron", "las botas que me trajeron")
    r"que (?:me|nos) \w+(?:aron|eron)",
    # goods kept unused to be exchanged: "las botas sin usar las vengo a devolver"
    r"sin (?:estrenar|usar|abrir)(?: \w+){0,4} (?:cambi|devolv)\w*",
    r"que (?:quiero|queremos|necesito|necesitamos) (?:cambiar|devolver)",
    # an exchange of goods from an earlier purchase ("los guantes de la compra pasada me los cambian por talla 9")
    _EARLIER_PURCHASE + r"(?: \w+){0,8} (?:cambi|reponer|repongan|reemplaz)\w*",
    r"(?:cambi|reemplaz)\w*(?: \w+){0,6} (?:de|del) " + _EARLIER_PURCHASE,
)
# The purchase itself negated: only asking, quoting or looking.
_ONLY_ASKING = whole_words(
    r"solo (?:estoy |estamos |era |es )?(?:pregunt|cotiz|mir|averigu|consult|curiose|comparand)\w*",
    r"(?:no|todavia no|aun no|por ahora no|tampoco) (?:quiero|queremos|voy a|vamos a|necesito|pienso) "
    r"(?:comprar|pedir|llevar|ordenar|encargar)",
    r"(?:es|era) (?:solo )?(?:una )?(?:pregunta|consulta|para saber)",
    r"(?:sin|no es) compromiso",
    r"por ahora no",
)

_PATTERNS: tuple[tuple[Stance, re.Pattern[str]], ...] = (
    (Stance.COMPARISON, _COMPARISON),
    (Stance.COMPLAINT, _COMPLAINT),
    (Stance.RETURN, _RETURN),
    (Stance.ONLY_ASKING, _ONLY_ASKING),
)


# "que" + a subjunctive opens a wish or a command, not a question ("que sean cuatro", "que me lleguen el lunes").
_QUE_SUBJUNCTIVE = re.compile(
    r"^que (?:(?:me|nos|le|les|los|las|lo|la) )?(?:sea|sean|vengan|venga|lleguen|llegue|manden|mande|envien|envie|"
    r"despachen|despache|pongan|ponga|agreguen|agregue|quiten|quite|dejen|deje|cambien|cambie|queden|quede)\b"
    # "…, que ya me las probé", "…, que ya los tengo": "que ya" gives the reason of what was said, it asks nothing
    r"|^que ya\b"
)


# "si les pido 80 overoles, ¿me rebajan algo?": a purchase in a condition asks about terms, it does not order.
# a purchase said under a condition or as a habit ("si les compro…", "siempre que encargamos…"): a question about terms
_CONDITIONAL_PURCHASE = whole_words(
    r"(?:si|cada vez (?:que|q)|siempre (?:que|q)) (?:(?:les|le|me|se) )?(?:(?:lo|la|los|las) )?"
    r"(?:pido|pedimos|compro|compramos|llevo|llevamos|encargo|encargamos|ordeno|hago un pedido)"
)


# Interrogatives of time: when, how long, on which day or until which hour something happens (a delivery, a visit,
# a quotation, the opening hours). "¿Cuánto dura…?" asks how long a product lasts and is not one of them.
_ASKS_WHEN = whole_words(
    r"(?:en cuanto tiempo|con cuanto tiempo|cuanto tiempo (?:de|con) (?:anticipacion|antelacion)|"
    r"cuanto (?:se )?(?:demora|demoran|tarda|tardan)|cuantos dias|cuantas horas|cuantas semanas|"
    r"(?:que|q) dias?|a (?:que|q) horas?|hasta (?:que|q) horas?|desde (?:que|q) horas?|hasta cuando|cada cuanto)"
)  # "q": the chat spelling of "qué", here before a day or an hour; "cada cuánto" asks how often


def asks_when(text: str) -> bool:
    """The message asks when, how long or on which day something happens."""
    return bool(_ASKS_WHEN.search(normalize(text)))


# The customer asks what to use, put on, have or keep a thing in: "¿con qué lo limpiamos?", "¿con qué lo medimos?",
# "¿qué le untamos?", "¿qué hay para ese problema?", "¿qué debemos tener en la bodega?", "¿en qué las guardo?" —
# the answer is a thing to buy, whatever the story around it names. ("¿qué hay que hacer…?", "¿qué tengo que
# llevar…?" ask what to do: no means.)
_MEANS_QUESTION = re.compile(
    r"\b(?:con|en|de) (?:que|q) (?:(?:le|les|me|nos|se|lo|la|los|las|te) ){0,2}+(\w+)( \w+)?"
    r"|\b(?:que|q) (?:(?:le|les|me|nos|se|lo|la|los|las|te) ){0,2}+(\w+)( \w+)?"
)
_MEANS_VERBS = frozenset(
    {"poner", "usar", "tener", "recomendar", "aconsejar", "sugerir", "servir", "echar", "aplicar", "untar",
     "llevar", "meter", "colocar", "instalar", "haber", "medir", "recoger", "apagar", "cubrir",
     "proteger", "tapar", "guardar", "limpiar", "lavar", "atajar", "detectar", "amarrar", "asegurar", "abrigar"}
)  # fmt: skip


def asks_for_a_means(text: str) -> bool:
    """The message asks what thing to use, put on, have or keep something in (see `_MEANS_QUESTION`): the question
    opens its clause ("…, ¿con qué lo limpiamos?", "entonces qué me aconseja"); a "que" after a noun is relative
    ("el detector que usamos")."""
    for clause in CLAUSE_MARKS.split(text):
        normalized = normalize(clause)
        for match in _MEANS_QUESTION.finditer(normalized):
            if any(word not in _CLAUSE_OPENERS for word in normalized[: match.start()].split()):
                continue
            verb, following = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
            lemma = "haber" if verb == "hay" else normalize(dictionary_lemma(verb))
            if lemma in {"haber", "tener"} and following == " que":
                continue  # "¿qué hay que hacer?", "¿qué tengo que llevar?": what must be done
            if lemma == "deber":  # "¿qué debo tener?" asks a means, "¿qué debo hacer?" a course of action
                lemma = normalize(dictionary_lemma(following.strip())) if following else ""
            if lemma in _MEANS_VERBS:
                return True
    return False


_CLAUSE_OPENERS = frozenset(
    {"y", "e", "o", "entonces", "pues", "pero", "ahora", "bueno", "oiga", "mire", "dime", "digame", "ahi", "ademas",
     "tambien", "al", "final", "en", "fin", "porfa", "por", "favor", "hola", "buenas", "buenos", "dias", "tardes"}
)  # fmt: skip


# A generic noun told by what it must do, in the subjunctive ("un aparato que avise la fuga", "elementos que
# aíslen del calor"), or "lo necesario": a thing not yet known, described by its function — a need, not a product
# named. (After a product's own noun the subjunctive only narrows it: "un casco que sea blanco".)
_GENERIC_DESCRIBED = whole_words(
    r"(?:equipos?|elementos?|implementos?|cosas?|productos?|dispositivos?|aparatos?|articulos?|insumos?|materiales?)"
    r"(?: \w+){0,2}? que (?:(?:le|les|me|nos|se|lo|la|los|las) )?(\w+)"
)
_WHAT_IS_NEEDED = whole_words(r"lo (?:necesario|que se necesite|que haga falta|que se requiera)")


def _subjunctive(form: str) -> bool:
    """A present subjunctive: an -ar verb in -e, an -er/-ir verb in -a ("indique", "protejan", "aguante", "mida")."""
    lemma = normalize(dictionary_lemma(form))
    if lemma == form or len(lemma) < 4:
        return False
    endings = ("e", "es", "en", "emos") if lemma.endswith("ar") else ("a", "as", "an", "amos")
    return lemma.endswith(("ar", "er", "ir")) and form.endswith(endings)


def describes_by_function(text: str) -> bool:
    """The message describes what it needs by its function instead of naming a product."""
    normalized = normalize(text)
    if _WHAT_IS_NEEDED.search(normalized):
        return True
    return any(_subjunctive(match.group(1)) for match in _GENERIC_DESCRIBED.finditer(normalized))


# A customer correcting what they asked for: "pensándolo bien", "me equivoqué", "perdón, son…", "más bien",
# "cámbiemelos por…" — the product they name now replaces its variant in the order, even with a want verb
# ("pensándolo bien, las queremos de clase 2")
SELF_CORRECTION = whole_words(
    r"(?:pensandolo bien|pensandolo mejor|me equivoque|nos equivocamos|me confundi|perdon|mas bien|corrijo|correccion"
    r"|fe de erratas"
    r"|en vez de|en lugar de|cambi\w*(?:me|nos)?(?:lo|la|los|las)? por|mejor)"
)
# "que sean…", "cámbialas a…", or an opening "no, …" that states something else: said of goods already ordered,
# what they should be instead
_REPLACING = whole_words(r"(?:que sean?|cambi\w*(?:me|nos)?(?:lo|la|los|las)? a)")
# "cámbieme el número a 44", "cambie el color por azul": the attribute named, then its new value
_CHANGED_ATTRIBUTE = re.compile(
    r"\bcambi\w* (?:la|el) (talla|numero|color|referencia|medida|clase|tamano|calibre) (?:a|por) ([a-z0-9]+)\b"
)
_OPENING_NO = re.compile(r"^\W*(?:uy\W+|ay\W+|ah\W+)?no\b(?!\s+(?:se|sé|quiero|necesito|me|gracias))")
# "mejor" after a verb compares ("sale mejor", "es mejor", "¿cuál será mejor?") rather than corrects
_COMPARING = re.compile(
    r"\b(?:es|son|sale|salen|seria|serian|sera|seran|queda|quedan|resulta|resultan|rinde|rinden|esta|va|van)\s*$"
)
_NOT_A_CHOICE = re.compile(r"\b(?:no|ni|tampoco|nada|o|u)\b")
# where the clause a correction opens ends: a mark, or a conjunction that gives its reason
_CLAUSE_END = re.compile(r"[,.;:!?¿]|\b(?:porque|pues|es que|ya que|pero|como)\b")


def corrects_itself(message: str) -> bool:
    """ "mejor…", "me equivoqué", "cámbiemelo por…": the customer replaces what they asked for."""
    return bool(SELF_CORRECTION.search(normalize(message)))


def replacing_clause(message: str) -> str | None:
    """The words a correction says the ordered goods should be instead: from "mejor", "que sean", "cámbialas a",
    "me equivoqué" or an opening "no," to the end of that clause ("no, mejor las de 30, es que…" -> "las de 30");
    None when the message corrects nothing (or asks a question: "no, ¿y la de 12 qué precio tiene?")."""
    normalized = strip_accents(message.lower())  # the punctuation kept: it ends the clause
    if is_question(message):
        return None
    changed = _CHANGED_ATTRIBUTE.search(normalized)
    if changed is not None:  # "cámbieme el color a rojo": the attribute and its new value
        return f"{changed.group(1)} {changed.group(2)}"
    cue = SELF_CORRECTION.search(normalized) or _REPLACING.search(normalized) or _OPENING_NO.search(normalized)
    if cue is None or _COMPARING.search(normalized[: cue.start()]):
        return None  # "¿rinde mejor la de 6 kilos o la de 9?", "¿será mejor la roja?": a comparison
    rest = normalized[cue.end() :].lstrip(" ,")
    end = _CLAUSE_END.search(rest)
    clause = rest[: end.start()] if end else rest
    if not clause.strip() and end:  # "me confundí, eran en 38": the cue stands alone, the next clause says it
        following = rest[end.end() :]
        stop = _CLAUSE_END.search(following)
        clause = following[: stop.start()] if stop else following
    clause = clause.strip()
    # what is ruled out ("no, la roja no") or weighed against another ("la roja o la azul") is no choice
    return clause if clause and not _NOT_A_CHOICE.search(clause) else None


def replaces_variant(message: str) -> bool:
    """A correction, or a change of what the ordered goods should be ("que sean sin válvula", "cámbialas a talla
    42")."""
    return replacing_clause(message) is not None or corrects_itself(message)


def is_conditional_purchase(text: str) -> bool:
    return bool(_CONDITIONAL_PURCHASE.search(normalize(text)))


def is_question(text: str) -> bool:
    """A question with or without "?": a question mark, an interrogative or indirect-question construction, or an
    opening availability verb."""
    if "?" in text or "¿" in text:
        return True
    normalized = normalize(text)
    if _INDIRECT_QUESTION.search(normalized) or _tag_question(normalized) or _CONDITIONAL_PURCHASE.search(normalized):
        return True
    if _opens_question(normalized) or _opens_question(_SELF_DESCRIPTION.sub("", normalized, count=1)):
        return True
    # inside the message, "como" after a comma compares ("…, como los del mes pasado"); "cómo" with its accent asks
    clauses = [normalize(c) for c in _CLAUSE_BREAK.split(text) if not normalize(c).startswith("como ") or "cómo" in c]
    return any(_opens_question(clause) for clause in clauses[1:])


_CLAUSE_BREAK = re.compile(r"[,;:.!\n]+|\b(?:pero|y|entonces|o sea)\b", re.IGNORECASE)


def _opens_question(clause: str) -> bool:
    if not clause or _QUE_SUBJUNCTIVE.match(clause):
        return False
    return bool(_AVAILABILITY_OPENING.match(clause) or _QUESTION_OPENING.match(clause))


def _tag_question(normalized: str) -> bool:
    return bool(re.search(r"(?:\bo no|\bo que|\bcierto|\bverdad|\bsi o no)\s*$", normalized))


CLAUSE_MARKS = re.compile(r"[,;:.!?¿¡\n]+")  # the marks between a message's clauses


def stances(text: str) -> set[Stance]:
    """Every stance the message takes (several may hold). A question opened by "¿" after a sentence that orders
    units ("quiero 3 extintores y ¿me los recargan?") does not make the order a question: Spanish opens the
    question where it starts, and what comes before is said, not asked."""
    normalized = normalize(text)
    found: set[Stance] = {s for s, pattern in _PATTERNS if s is not Stance.COMPARISON and pattern.search(normalized)}
    # a comparison lies within one clause: "ponga 6 mejor, que entró otro trabajador" gives a reason, not a "mejor que"
    if any(_COMPARISON.search(normalize(clause)) for clause in CLAUSE_MARKS.split(text)):
        found.add(Stance.COMPARISON)
    if is_question(text) and not _orders_then_asks(text):
        found.add(Stance.QUESTION)
    return found


def _orders_then_asks(text: str) -> bool:
    """The message orders units with a count, then opens a question with "¿" ("necesito 4 arneses, ¿los
    inspeccionan?"); the part before the "¿" is not itself a question."""
    opening = text.find("¿")
    if opening <= 0:
        return False
    said = text[:opening]
    if is_question(said) or not asks_for_units(said):
        return False
    return any(q.explicit for q in find_quantities(said))

"""Short conversational acts in Colombian Spanish: yes, no, cancel, "agrégale otro", "mejor que sean 5", "quítale X".

They mean something only inside a conversation (an open order, or an offer the agent just made); the classifier and
the sale flow read them from here so both agree.
"""

from __future__ import annotations

import re
from enum import StrEnum

from agente_vendedor.language.normalization import normalize, whole_words


class Act(StrEnum):
    CONFIRM = "confirmar"
    DENY = "negar"
    CANCEL = "cancelar"
    ADD = "agregar"
    ADD_MORE = "agregar_otro"
    CHANGE_QUANTITY = "cambiar_cantidad"
    REMOVE = "quitar"
    KEEP_ONLY = "dejar_solo"
    DONE_ADDING = "eso_es_todo"
    THANKS = "gracias"
    GREETING = "saludo"


_AFFIRM = whole_words(
    r"si+",
    r"sip",
    r"sii+",
    r"sisas",
    r"claro(?: que si)?",
    r"de una(?: vez)?",
    r"dale",
    r"dele",  # "dele" / "denle": the usted forms of "dale", as common in Colombia
    r"denle",
    r"hagale",
    r"hagamosle",
    r"listo",
    r"ok(?:a|ey|is)?",
    r"okay",
    r"vale",
    r"bueno",
    r"perfecto",
    r"correcto",
    r"exacto",
    r"confirm[oa]\w*",
    r"confirmad[oa]s?",
    r"confirmamos",
    r"adelante",
    r"proced\w*",
    r"de acuerdo",
    r"esta bien",
    r"todo bien",
    r"asi es",
    r"cierr\w+(?: la (?:compra|venta|pedido))?",
    r"cerr\w+ (?:la compra|el pedido|la venta)",
    r"finaliz\w+",
    r"hag\w+ el pedido",
    r"me sirve",
    r"me parece bien",
    r"por supuesto",
    r"obvio",
    r"afirmativo",
    r"aprobad[oa]",
    r"apruebo",  # approving an order is the formal way to confirm it: "aprobamos el pedido", "apruebo la compra"
    r"aprobamos",
    r"acepto",
    r"aceptamos",
    r"genial",
    r"super",
    r"excelente",
    r"yes",
    r"(?:l[oa]s? )?que (?:haya|hayan|tenga|tengan|tengas|alcance|quede|queden)",
    r"lo disponible",
    r"(?:las|los) disponibles",
    r"con es[oa]s? (?:esta|me sirve)",
    r"hecho",
    r"despach\w+",
    r"envi(?:e|en)lo\w*",
    r"mand(?:e|en)lo\w*",
)
_NEGATION = whole_words(
    r"no",
    r"nop",
    r"nope",
    r"nel",
    r"todavia no",
    r"aun no",
    r"espera\w*",
    r"un momento",
    r"mejor no",
    r"tampoco",
    r"ni",
    r"jamas",
    r"negativo",
)
_CANCEL = whole_words(
    r"cancel\w*",
    r"anul\w*",
    # "olvídelo", "olvidemos eso", "olvide el pedido": the command; "se me olvidaban los de la bodega", "me
    # olvidé de los guantes" tell what was forgotten (more to add, not a cancellation)
    r"olvid(?:alo|ala|alos|elo|ela|elos|ese|ate|emoslo|emos)",
    r"(?<!me )olvid[ae]n? (?:eso|todo|el pedido|la compra|esa compra|ese pedido)",
    # "ya no quiero nada", "ya no lo necesito"; but "ya no quiero las lámparas" removes one line
    r"ya no (?:(?:l[oa]s? )?(?:quiero|necesito)|voy)(?! (?:el|la|los|las|del|de la|de los|de las|ese|esa|esos|esas)\b)",
    r"no (?:quiero|voy a) (?:comprar|nada|seguir)",
    r"dej(?:a|e|emos|alo|elo)\w* (?:asi|quieto|as[ií]|eso|todo)",
    r"desisto",
    r"no me interesa",
    r"borr\w+ (?:el|todo el) pedido",
    r"no (?:va|sigo) mas",
    r"mejor otro dia",
)
_ADD_MORE = whole_words(
    # "la otra vez" is "last time"; "entró otro trabajador", "el otro mes", "en otro sitio", "la otra brigada" are
    # no more units
    r"otr[oa]s?(?: mas)?(?! (?:vez|trabajador\w*|operari[oa]s?|persona\w*|muchach[oa]s?|senor\w*|companer[oa]s?"
    r"|emplead[oa]s?|tecnic[oa]s?|ingenier[oa]s?|jefe|cliente\w*|dias?|mes|meses|semanas?|anos?|turnos?|lados?"
    r"|sitios?|lugar\w*|momento|parte|ciudad|cuadrillas?|brigadas?|grupos?|obras?|sedes?|plantas?|fincas?"
    r"|frentes?|areas?|secciones?)\b)",
    r"uno mas",
    r"una mas",
    r"(?:agreg|añad|anad|sum|pon|ech|mand)\w* (?:otr[oa]|uno|una) mas",
    r"(?:agreg|añad|anad|sum)\w*le (?:otr[oa]|uno|una)",
)
_ADD = whole_words(
    r"agreg\w*",
    r"añad\w*",
    r"anad\w*",
    r"adicion\w*",
    r"inclu\w+",
    r"sum(?:a|e)le",
    r"sum(?:a|e)",
    r"tambien",
    r"ademas",
    r"aparte",
    r"y (?:tambien|ademas)",
    r"pon(?:me|ga|game|le|gale)",
    r"echale",
    r"echele",
    r"mas (?:\d+|un|una)",
)
_CHANGE = whole_words(
    r"mejor (?:que )?(?:sean|seran|serian|ponga\w*|pon\w*|deja\w*|manda\w*|dame|deme|solo)",
    r"que sean",
    r"sean",
    r"cambi\w+ (?:la cantidad|a|por|el|los|las)",
    r"cambi\w+ (?:eso|esto|esa|ese|esos|esas|lo) (?:a|por)",  # "cambie eso a 9"
    r"en vez de",
    r"en lugar de",
    # the customer correcting what they asked ("me equivoqué de talla, son 41", "pensándolo bien…")
    r"me equivoque",
    r"nos equivocamos",
    r"me confundi",
    r"pensandolo (?:bien|mejor)",
    r"corrij\w+",
    r"correg\w+",
    r"ajust\w+",
    r"solo (?:quiero|necesito|van|serian)",
    r"dej\w+ (?:en|solo|los|las|el|la)",
    r"mejor \d+",
    r"ponle",
    r"pongale",
    r"pon(?:me|ga)?(?:le)? (?:solo )?\d+",
    r"reduc\w+",
    r"aument\w+",
    r"baj\w+ a",
    r"sub\w+ a",
    r"total de",
    r"no (?:\d+|son) sino",
    r"son \d+ no",
    r"con \d+ (?:alcanza|alcanzan|basta|bastan|es suficiente|son suficientes|sobra|sobran|tenemos|tengo)",  # enough
)
# an infinitive of purpose is no command: "una pala pa sacar el barro", "al retirar la tapa"
_NOT_PURPOSE = r"(?<!\bpa )(?<!\bpara )(?<!\bpal )(?<!\bal )(?<!\bde )(?<!\bpor )"
_REMOVE = whole_words(
    _NOT_PURPOSE + r"quit\w*",
    _NOT_PURPOSE + r"sac\w+",
    _NOT_PURPOSE + r"saqu\w+",  # "sáquelo", "saque el casco"
    _NOT_PURPOSE + r"elimin\w+",
    _NOT_PURPOSE + r"borr\w+",
    r"sin (?:el|la|los|las)",
    r"ya no (?:el|la|los|las|quiero (?:el|la|los|las))",
    r"no (?:quiero|necesito) (?:el|la|los|las)",
    _NOT_PURPOSE + r"descart\w+",
    _NOT_PURPOSE + r"retir\w+",
    r"deshac\w+",  # "deshaga eso", "deshágalo": undo what was just added
    r"deshag\w+",
    r"(?:eso|lo) ultimo no",
)
# "solo los cartuchos", "dejeme solamente el arnés", "únicamente las botas": keep these lines, drop the rest
_KEEP_ONLY = whole_words(
    r"(?:solo|solamente|unicamente) (?:el|la|los|las|con el|con la|con los|con las)",
    r"dej\w* (?:solo|solamente|unicamente)",
)
_DONE = whole_words(
    r"eso (?:es|seria) todo",
    r"es todo",
    r"nada mas",
    r"solo eso",
    r"con eso",
    r"asi esta bien",
    r"seria todo",
    r"eso no mas",
    r"eso nomas",
    r"ya esta",
    r"por ahora (?:es todo|nada mas)",
    r"no mas",
)
_THANKS = whole_words(r"gracias", r"muchas gracias", r"mil gracias", r"muy amable", r"agradecid[oa]", r"thank\w*")
_GREETING = whole_words(
    r"hola",
    r"holi",
    r"buen(?:os|as)(?: dias| tardes| noches)?",
    r"buen dia",
    r"saludos",
    r"que tal",
    r"hey",
    r"alo",
    r"como (?:esta|estas|van|va)",
    r"hi",
    r"hello",
)
_QUESTION_WORDS = whole_words(
    r"que",
    r"cual\w*",
    r"cuant\w+",
    r"como",
    r"donde",
    r"cuando",
    r"por que",
    r"tienen",
    r"hay",
    r"manejan",
    r"venden",
    r"puedo",
    r"pueden",
    r"se puede",
)


def acts(text: str) -> set[Act]:
    """Every act the message expresses; several may hold ("no, mejor cancelemos" is DENY and CANCEL)."""
    t = normalize(text)
    found = {act for act, pattern in _ACT_PATTERNS if pattern.search(t)}
    if _AFFIRM.search(t) and not _STARTS_WITH_NO.match(t):
        found.add(Act.CONFIRM)
    return found


_STARTS_WITH_NO = re.compile(r"\s*(?:no|nop|nel|todavia no|aun no)\b")
_ACT_PATTERNS: tuple[tuple[Act, re.Pattern[str]], ...] = (
    (Act.CANCEL, _CANCEL),
    (Act.DENY, _NEGATION),
    (Act.ADD_MORE, _ADD_MORE),
    (Act.ADD, _ADD),
    (Act.CHANGE_QUANTITY, _CHANGE),
    (Act.REMOVE, _REMOVE),
    (Act.KEEP_ONLY, _KEEP_ONLY),
    (Act.DONE_ADDING, _DONE),
    (Act.THANKS, _THANKS),
    (Act.GREETING, _GREETING),
)


def is_explicit_yes(text: str) -> bool:
    """An unambiguous yes to close a sale: an affirmation, no negation, no change, no question about something else."""
    found = acts(text)
    if Act.CONFIRM not in found or found & {Act.CANCEL, Act.DENY, Act.REMOVE, Act.CHANGE_QUANTITY}:
        return False
    t = normalize(text)
    return not ("?" in text and _QUESTION_WORDS.search(t) and not re.search(r"\bconfirm", t))


def is_question(text: str) -> bool:
    return "?" in text or "¿" in text or bool(_QUESTION_WORDS.match(normalize(text)))

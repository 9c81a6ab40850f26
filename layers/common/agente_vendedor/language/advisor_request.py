"""Whether a customer asks to be served by a person ("quiero hablar con un asesor", "¿me comunica con alguien?",
"que me llame una persona", "llámenme", "atención humana, por favor"), read from Spanish constructions.

A request is a wish, a modal or an imperative of contact (speak, communicate, transfer, attend, call, write…) aimed
at a person (persona, humano, asesor, vendedor, alguien, el de ventas…), or a person wished for directly ("necesito un
asesor"). Each clause is read on its own ("No, quiero hablar con una persona" asks; "no quiero hablar con nadie"
does not), and a negation before the construction cancels it ("no necesito que me llame un asesor"), except the
polite negative question ("¿no me puede comunicar con un asesor?"). Asking who one talks to ("¿eres una persona?",
"¿hablo con un humano?") or telling what a person did ("el asesor me llamó ayer") is not a request.
"""

from __future__ import annotations

import re

from agente_vendedor.language.normalization import strip_accents

_PERSON_NOUN = (
    r"(?:persona|personas|ser humano|humano|humana|asesor|asesora|asesores|asesoras|agente humano|agente|"
    r"vendedor|vendedora|vendedores|operador|operadora|representante|ejecutivo|ejecutiva|funcionario|funcionaria|"
    r"encargado|encargada|gerente|jefe|supervisor|supervisora|administrador|administradora|empleado|empleada|"
    r"alguien|(?:el|la|alguien) de (?:ventas|servicio al cliente|atencion al cliente|soporte|la empresa|la tienda))"
)
_PERSON = rf"(?:(?:un|una|el|la|los|las|algun|alguna|otro|otra|su|sus|tu) )?{_PERSON_NOUN}\b"
# contact verbs, any form (infinitive with its clitics, imperative, subjunctive)
_CONTACT = r"(?:habl|convers|charl|comunic|contact|conect|transfer|transfier|atend|atiend|llam|escrib|ayud|asesor)\w*"
# the subjunctive (or imperative) of the same verbs: what someone else should do for the customer
_WISHED_FOR = (
    r"(?:llame|llamen|llamara|llamaran|atienda|atiendan|atendiera|atendieran|contacte|contacten|escriba|escriban|"
    r"comunique|comuniquen|ayude|ayuden|asesore|asesoren)"
)
_MODAL = r"(?:puede|puedes|pueda|podria|podrias|pueden|puedan|podrian|puedo)"
_WISH = (
    rf"(?:quiero|quisiera|queria|necesito|necesitaria|deseo|desearia|prefiero|preferiria|pido|solicito|"
    rf"me gustaria|(?:(?:me|nos) )?{_MODAL}|se puede|seria posible|es posible|hay forma de|hay manera de|"
    rf"como (?:hago|puedo) para)"
)
_FILLER = r"(?: (?:por favor|porfa|ya|mejor|directamente|ahora|ahorita|urgente|de una vez|personalmente|que))*"
_CLITIC = r"(?: (?:me|nos|se|le))?"

# Each construction, over one accent-free, lower-case clause.
_REQUESTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # a wish or a modal of contact with a person: "quisiera comunicarme con un asesor", "¿puedo hablar con alguien?"
        rf"\b{_WISH}{_FILLER}{_CLITIC} {_CONTACT}(?: (?:me|nos|directamente|ya))? (?:con|a) {_PERSON}",
        # an imperative or a request to transfer: "páseme con un humano", "¿me comunica con ventas?"
        rf"\b(?:pase|pasa|pasame|paseme|pasenme|pasen|comuniqueme|comunicame|comuniquenme|comunica|comunique|"
        rf"conecteme|conectame|conecta|conecte|transfierame|transfiereme|transfiera|transfiere|remitame|remita)"
        rf"(?: (?:me|nos|por favor|porfa|ya))* (?:con|a) {_PERSON}",
        # someone should serve the customer: "que me atienda una persona", "me llame un asesor"
        rf"\b(?:me|nos) {_WISHED_FOR} {_PERSON}",
        # "que un asesor me llame", "¿alguien me puede atender?", "una persona que me ayude"
        rf"\b{_PERSON} (?:que )?(?:me|nos) (?:{_WISHED_FOR}\b|{_MODAL} {_CONTACT})",
        # a person wished for directly: "necesito un asesor", "prefiero una persona"
        rf"\b(?:quiero|quisiera|necesito|necesitaria|deseo|prefiero|pido|solicito) {_PERSON}",
        # human attention: "atención humana", "asesoría personalizada", "ayuda de una persona"
        r"\b(?:atencion|asesoria|servicio|soporte|ayuda) (?:humana|humano|personal|personalizada|"
        rf"de {_PERSON})",
        # a call back: "llámenme", "¿me pueden llamar?", "que me llamen"
        rf"\b(?:llamenme|llameme|llamame|(?:me|nos) {_MODAL} llamar|que (?:me|nos) (?:llame|llamen))\b",
        # "¿con quién puedo hablar?", "hay alguien con quien hablar"
        r"\bcon quien (?:puedo|podria|pueda|hablo|me comunico|hablar|comunicarme)\b",
        # the clause is the request: "hablar con un asesor", "un humano por favor", "asesor"
        rf"^(?:hablar|comunicarme|comunicarse|contactar|contactarme) (?:con|a) {_PERSON}",
        rf"^{_PERSON}(?: (?:por favor|porfa|please|plis|ya|ahora|urgente))*$",
    )
)
_NEGATION = re.compile(r"\b(?:no|nunca|jamas|tampoco|ni|sin)\b")
# "¿no me puede comunicar…?" is a polite request, not a refusal
_POLITE_NEGATIVE = re.compile(r"\bno (?:me |nos )?(?:puede|puedes|podria|podrias|pueden|podrian)\b")
_CLAUSE_BREAK = re.compile(r"[,.;:!?¿¡()\n]+|\s(?:pero|aunque|sino)\s")
_NOT_A_LETTER = re.compile(r"[^a-z0-9ñ ]+")
_SPACES = re.compile(r"\s+")
NEGATION_REACH = 4  # words before a construction that a negation still governs


def _clauses(text: str) -> list[str]:
    folded = strip_accents(text.lower())
    clauses = (_SPACES.sub(" ", _NOT_A_LETTER.sub(" ", part)).strip() for part in _CLAUSE_BREAK.split(folded))
    return [clause for clause in clauses if clause]


def _negated(clause: str, start: int) -> bool:
    before = " ".join(clause[:start].split()[-NEGATION_REACH:])
    return bool(_NEGATION.search(before)) and not _POLITE_NEGATIVE.search(f"{before} {clause[start:]}")


def asks_for_person(text: str) -> bool:
    """True when some clause of the message asks to be served by a person and is not negated."""
    for clause in _clauses(text):
        for pattern in _REQUESTS:
            match = pattern.search(clause)
            if match is not None and not _negated(clause, match.start()):
                return True
    return False

"""`contexto`: the company, answered only from its sections (cited in `fuentes`); greetings and small talk."""

from __future__ import annotations

import re

from agente_vendedor.commerce.company import company_name
from agente_vendedor.conversation import replies
from agente_vendedor.conversation.company_knowledge import CompanyAnswer, asks_to_carry
from agente_vendedor.conversation.intents.turn import HandlerResult, Turn
from agente_vendedor.language.dialogue_acts import Act, acts
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.speech_acts import is_question

_IDENTITY = re.compile(
    r"\b(?:eres (?:un |una )?(?:bot|robot|humano|persona|maquina|ia|inteligencia artificial)|con quien hablo|"
    r"quien me atiende|como te llamas|quien eres|quien (?:es|habla))\b"
)


# A customer introducing themselves ("me llamo…", "les escribe … de …") with nothing asked yet: greet them.
_INTRODUCTION = re.compile(
    r"^(?:(?:hola|buenas|buenos dias|buenas tardes|buenas noches|saludos|buen dia)\W+)*"
    r"(?:me llamo|mi nombre es|soy|les? (?:escribe|habla|saluda))\b"
)


# What the classifier found the message to ask, by its motive: the company topic whose words lead the search of the
# sections when the message's own words reach none ("¿en cuántos días me llega una caja a Pasto?" is about shipping).
_TOPIC_OF_MOTIVE = {
    "pregunta_de_entrega": "envios",
    "cambio_de_lo_comprado": "garantia",
    "reclamo_de_pedido": "garantia",
    "pedido_sin_llegar": "envios",
    "requisitos_de_compra": "credito",
    "permiso_de_compra": "condiciones",
    "quien_atiende": "horario",
    "precio_de_un_servicio": "servicios",
    "servicio_pedido_a_la_empresa": "servicios",
}


# Goods that broke or failed ask for the warranty against defects, not for the exchange of goods unused (the
# "garantia" topic's words would bring both).
_WORDS_OF_MOTIVE = {"dano_de_lo_comprado": "garantía defecto"}
# a service whose verb is carrying the goods ("¿cuánto sale que nos lo traigan?") is the company's shipping
_SERVICE_MOTIVES = frozenset({"precio_de_un_servicio", "servicio_pedido_a_la_empresa"})


def _answer_by_motive(turn: Turn, motive: str) -> CompanyAnswer:
    """The sections that answer the message read with what its motive asks about (when its own words reach none)."""
    words = _WORDS_OF_MOTIVE.get(motive)
    if words:
        return turn.company_answer_with(words)
    if motive in _SERVICE_MOTIVES and asks_to_carry(turn.message):
        return turn.company_answer_on("envios")
    return turn.company_answer_on(_TOPIC_OF_MOTIVE.get(motive))


_AFTER_SALES = frozenset({"reclamo_de_pedido", "cambio_de_lo_comprado"})


def handle(turn: Turn) -> HandlerResult:
    voice = turn.voice
    text = normalize(turn.message)
    found = acts(turn.message)
    if _INTRODUCTION.match(text) and not is_question(turn.message):
        return HandlerResult(tipo="contexto", borrador=replies.greeting(company_name(turn.session), voice))
    motive = turn.classification.motivo if turn.classification is not None else ""
    # a complaint about goods received is after-sales whatever shipping words it says ("el despacho llegó
    # incompleto, ¿me cobran de nuevo el envío?"); other motives lead only when the message's own words reach no section
    answer = turn.company_answer_on(_TOPIC_OF_MOTIVE[motive]) if motive in _AFTER_SALES else turn.company_answer()
    if not answer.found and motive:
        answer = _answer_by_motive(turn, motive)
    if answer.found:
        sections = [(s.titulo, s.contenido) for s in answer.sections]
        return HandlerResult(
            tipo="contexto",
            borrador=replies.company_answer(sections, voice),
            fuentes=[s.titulo for s in answer.sections],
            hechos={"secciones": [{"titulo": t, "contenido": c} for t, c in sections]},
        )
    name = company_name(turn.session)
    if _IDENTITY.search(text):
        return HandlerResult(tipo="contexto", borrador=replies.identity(name, voice))
    words = len(text.split())
    if Act.THANKS in found and words <= 8:
        return HandlerResult(tipo="contexto", borrador=replies.thanks(voice))
    if Act.GREETING in found and words <= 8:
        return HandlerResult(tipo="contexto", borrador=replies.greeting(name, voice))
    if turn.classification is not None and turn.classification.motivo == "sin_senales" and words <= 3:
        return HandlerResult(tipo="contexto", borrador=replies.not_understood(voice), ayudo=False)
    contact = answer.contact
    return HandlerResult(
        tipo="contexto",
        borrador=replies.company_unknown(contact.contenido if contact else None, voice),
        fuentes=[contact.titulo] if contact else [],
        hechos={"secciones": [{"titulo": contact.titulo, "contenido": contact.contenido}] if contact else []},
        ayudo=False,
    )

"""Answers to company questions (`contexto`) taken only from the company sections, ranked by lexical overlap.

The question is normalised, lightly stemmed and widened with the company-topic synonyms of
`lexicon/temas_empresa.json` ("celular"/"app" -> pagos, Nequi...), then every section is scored by the weighted overlap
of its title and content (rarer words weigh more). Nothing is invented: when no section matches, the answer says so
and points to the contact section.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from agente_vendedor.language.lexicon import load_json
from agente_vendedor.language.normalization import normalize

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_STOPWORDS = frozenset(
    """
    a al algo alguna alguno algun ante con contra cual cuales como cuando de del desde donde el ella ellos
    en entre es esa ese eso esta este esto estos estas hay la las le les lo los mas me mi mis muy no nos o
    para pero por que quien se si sin sobre su sus te tiene tienen tu un una uno unos unas y ya usted
    ustedes yo puedo pueden puede hacer hacen hace ser son fue era sea tengo tenemos quiero necesito favor
    porfa por favor hola buenas buenos dias tardes noches gracias q pa pal dar dan da cuanto cuanta cuantos
    cuantas cual es tan tambien vez
    """.split()  # noqa: SIM905
)


class SectionLike(Protocol):
    titulo: str
    contenido: str


@dataclass(frozen=True)
class Topic:
    name: str
    terms: frozenset[str]  # stems
    signals: tuple[str, ...]  # normalised phrases


@dataclass(frozen=True)
class RankedSection:
    titulo: str
    contenido: str
    score: float


def stem(word: str) -> str:
    """A light Spanish stem: plural and enclitic endings off, then at most 5 letters ("pagarles" -> "pagar")."""
    for suffix in ("selos", "selas", "les", "los", "las"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("es") and word[-3] not in "aeiou":
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word[:5]


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in normalize(text).split() if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    data = load_json("temas_empresa.json")
    return tuple(
        Topic(
            name=entry["tema"],
            terms=frozenset(stem(w) for term in entry["terminos"] for w in normalize(term).split()),
            signals=tuple(normalize(s) for s in entry.get("senales", [])),
        )
        for entry in data["temas"]
    )


def _contains_phrase(normalized: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", normalized) is not None


def _has_signal(normalized: str, words: list[str], signal: str) -> bool:
    if " " in signal:
        return _contains_phrase(normalized, signal)
    # one word: also its inflections ("pagar" in "pagarles", "envio" in "envios", "recarga" in "recargan")
    return any(w == signal or (len(signal) >= 4 and _inflects(w, signal)) for w in words)


def _inflects(word: str, signal: str) -> bool:
    """`word` is an inflection of the verb or noun `signal`, not an adjective made from it ("recargable")."""
    rest = word[len(signal) :]
    return word.startswith(signal) and len(rest) <= 4 and not re.match(r"i?bles?$", rest)


def topic_signals(message: str) -> list[str]:
    """Company topics the message asks about by an unmistakable phrase ("a qué hora abren", "envíos", "Nequi")."""
    normalized = normalize(message)
    words = normalized.split()
    return [topic.name for topic in topics() if any(_has_signal(normalized, words, s) for s in topic.signals)]


def _topic_terms(stems: set[str]) -> dict[str, float]:
    """Stems of the topics the question touches, weighted by how many of its words fall in each topic."""
    weights: dict[str, float] = {}
    for topic in topics():
        hits = len(stems & topic.terms)
        if not hits:
            continue
        for term in topic.terms:
            weights[term] = max(weights.get(term, 0.0), 0.35 * min(hits, 3))
    return weights


def rank_sections(sections: Sequence[SectionLike], message: str) -> list[RankedSection]:
    """Sections best first with their scores (0 when nothing overlaps)."""
    if not sections:
        return []
    question = set(content_stems(message))
    expansion = _topic_terms(question)
    for signal_topic in topic_signals(message):
        topic = next(t for t in topics() if t.name == signal_topic)
        for term in topic.terms:
            expansion[term] = max(expansion.get(term, 0.0), 0.6)
    documents = [(set(content_stems(s.titulo)), set(content_stems(s.contenido))) for s in sections]
    document_frequency: dict[str, int] = {}
    for title, body in documents:
        for term in title | body:
            document_frequency[term] = document_frequency.get(term, 0) + 1
    total = len(sections)
    ranked: list[RankedSection] = []
    for section, (title, body) in zip(sections, documents, strict=True):
        score = 0.0
        for term in title | body:
            weight = 1.0 if term in question else expansion.get(term, 0.0)
            if not weight:
                continue
            idf = math.log(1 + total / document_frequency[term])
            score += weight * idf * (2.0 if term in title else 1.0)
        ranked.append(RankedSection(section.titulo, section.contenido, round(score, 4)))
    ranked.sort(key=lambda r: -r.score)
    return ranked


MIN_SCORE = 3.0


@dataclass(frozen=True)
class CompanyAnswer:
    sections: list[RankedSection]  # the ones to answer from, best first (empty: unknown)
    contact: RankedSection | None  # the contact section, offered when the answer is unknown

    @property
    def found(self) -> bool:
        return bool(self.sections)


def answer_from_sections(sections: Sequence[SectionLike], message: str) -> CompanyAnswer:
    ranked = rank_sections(sections, message)
    chosen: list[RankedSection] = []
    direct = set(content_stems(message))
    touches = bool(topic_signals(message)) or (
        bool(ranked) and bool(direct & set(content_stems(f"{ranked[0].titulo} {ranked[0].contenido}")))
    )
    if ranked and ranked[0].score >= MIN_SCORE and touches:
        chosen.append(ranked[0])
        if len(ranked) > 1 and ranked[1].score >= max(MIN_SCORE, 0.75 * ranked[0].score):
            chosen.append(ranked[1])
    contact = None
    if not chosen:
        contact_ranked = rank_sections(sections, "contacto telefono whatsapp correo")
        contact = contact_ranked[0] if contact_ranked and contact_ranked[0].score > 0 else None
    return CompanyAnswer(chosen, contact)


def answer_company_question(session: Session, message: str) -> CompanyAnswer:
    from agente_vendedor.commerce.company import company_sections

    return answer_from_sections(company_sections(session), message)

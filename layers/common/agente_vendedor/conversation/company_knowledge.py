"""Company questions (`contexto`): is a message about the company, and which of its sections answers it.

Works for any company's knowledge (`PUT /empresa`): the message and every section are lemmatised (simplemma, with
accents restored for chat spelling: "envios" -> "envío"), and two kinds of evidence are added up per section:

- policy words: a small domain model of what a company question is about (`lexicon/temas_empresa.json`: delivery,
  payment, warranty and returns, invoices, hours, location, contact, social networks, norms, services, who we are),
  each topic with a one-line reason. A policy word counts whatever product the message also names ("¿los guantes
  tienen garantía?"), strongly when the section uses the same word, a little less when the section only talks about
  the same topic in other words ("envíos" -> a section titled "Despachos");
- other shared words, weighted by how rare they are among the sections (title words twice): a company's own topics
  outside the model ("¿cómo funciona el plan de puntos?"), but one shared product word alone stays below the bar;
  a verb of a service asked of the company ("¿cada cuánto toca revisar…?", "¿calibran…?") weighs more than a noun.

`company_topic_score` returns the score (0..1) and the ranked sections so the classifier can weigh it against the
product evidence; `answer_from_sections` picks the section(s) and the sentence that answer. Nothing is invented: when
no section matches, the answer says so and points to the contact section.

A question about the company often names a product ("¿cada cuánto toca revisar las mangueras?", "somos una
constructora, ¿manejan crédito?"). `asks_about_company` decides it with the catalogue's help: the words that product
names do not explain, overlapping a section (`company_overlap`: what the section says the company does — "Revisamos",
"Recargamos" —, its title, its topic's terms), weighed against asking a named product's price or stock, or which
product to choose.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.data_rights import asks_about_data_rights
from agente_vendedor.language.lexicon import load_json
from agente_vendedor.language.normalization import clean_user_text, normalize
from agente_vendedor.language.people import names_a_worker
from agente_vendedor.language.quantities import HANDING_OVER_VERBS, body_parts
from agente_vendedor.language.spanish_words import COMMON_WORDS, dictionary_lemma, family, known_spelling
from agente_vendedor.language.speech_acts import CLAUSE_MARKS, is_question

if TYPE_CHECKING:
    pass

_STOPWORDS = frozenset(
    """
    a al algo alguna alguno algun ante con contra cual cuales como cuando de del desde donde el ella ellos
    en entre es esa ese eso esta este esto estos estas hay la las le les lo los mas me mi mis muy no nos o
    para pero por que quien se si sin sobre su sus te tiene tienen tu un una uno unos unas y ya usted
    ustedes yo puedo pueden puede hacer hacen hace ser son fue era sea tengo tenemos quiero necesito favor
    porfa por favor hola buenas buenos gracias q pa pal dar dan da cuanto cuanta cuantos
    cuantas cual es tan tambien vez
    """.split()  # noqa: SIM905
)
# Lemmas that say nothing about a topic (auxiliaries, light verbs, pronouns simplemma folds "nosotros" into); verbs of
# accepting take their topic from their object ("¿aceptan Nequi?" is about payments, not about what they accept).
_EMPTY_LEMMAS = frozenset(
    """
    tener ser estar haber hacer poder dar ir querer necesitar saber decir ver yo tu el aceptar recibir admitir
    """.split()  # noqa: SIM905
)
_PRONOUNS = frozenset(["nosotros", "nosotras", "ustedes", "usted", "ellos", "ellas"])
_WORD = re.compile(r"[a-záéíóúüñ0-9]+")
_VERB_ENDING = re.compile(r"[aei]r$")
_ENCLITICS = r"(?:l[aeo]s?|me|te|nos|se(?:l[oa]s?)?)?"
_INFINITIVE = re.compile(rf"[aei]r{_ENCLITICS}$")  # "pagar", "pagarles", "cambiarmelo"
_INFINITIVE_WITH_CLITICS = re.compile(rf"([a-zñ]+[aei]r){_ENCLITICS}")  # the infinitive itself, its pronouns apart

COMPANY_THRESHOLD = 0.5  # score from which a message is about the company
ANSWER_MIN = 0.75  # evidence a section needs to answer: a policy word it backs, or two shared words
UNBACKED_SCORE = 0.55  # a policy word no section talks about: still about the company (answer: unknown + contact)


class SectionLike(Protocol):
    @property
    def titulo(self) -> str: ...

    @property
    def contenido(self) -> str: ...


@dataclass(frozen=True)
class Topic:
    name: str
    reason: str
    lemmas: frozenset[str]  # in any form: the message asks about the topic
    addressed_verbs: frozenset[str]  # only when said to the company ("¿cambian...?")
    signals: tuple[str, ...]  # normalised phrases
    needs_section: bool  # also describes products: counts only if a section talks about it
    purpose: bool = False  # its nouns also say what a product is for ("guantes para mantenimiento")

    @property
    def terms(self) -> frozenset[str]:
        """Lemmas that show a section (the company's own voice) is about the topic."""
        return self.lemmas | self.addressed_verbs


@dataclass(frozen=True)
class RankedSection:
    titulo: str
    contenido: str
    score: float


# ------------------------------------------------------------------------------------------------ words
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


# a plural ending, taken off twice so that a singular in -s and its plural meet ("multigases", "multigas")
_UNKNOWN_PLURAL = re.compile(r"(?<=[aeiou][dlnrzs])es$|(?<=[aeiou])s$")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Normalised lemma of a lower-case word ("despachamos" -> "despachar", "envios" -> "envio")."""
    plain = normalize(word)
    if plain in _PRONOUNS or plain.isdigit():
        return plain
    known = known_spelling(word)
    if known is None:
        # a name or a word no dictionary has ("Chinácota", "chinacota"): nothing to undo but its plural
        # ("autorrescatadores" and "autorrescatador" are one word)
        return _UNKNOWN_PLURAL.sub("", _UNKNOWN_PLURAL.sub("", plain)) if len(plain) > 6 else plain
    return normalize(dictionary_lemma(known)) or plain


@dataclass(frozen=True)
class Word:
    form: str  # normalised
    lemma: str
    addressed: bool  # a verb said to the company: 3rd plural ("cambian") or after one ("pueden cambiar")
    previous: str = ""  # the form of the word before
    comes_with: bool = False  # after "vienen con", "traen con", "incluyen": what the goods come with

    @property
    def content(self) -> bool:
        return self.form not in _STOPWORDS and self.lemma not in _EMPTY_LEMMAS and not self.form.isdigit()


def _third_plural(form: str, word_lemma: str) -> bool:
    return form != word_lemma and form.endswith(("an", "en")) and bool(_VERB_ENDING.search(word_lemma))


def _merge_compounds(words: list[Word]) -> list[Word]:
    """Terms of several words become one ("pagan contra entrega": "contra entrega" is a payment, not a delivery)."""
    merged: list[Word] = []
    index = 0
    while index < len(words):
        size = next((n for n in (3, 2) if tuple(w.lemma for w in words[index : index + n]) in compounds()), 1)
        part = words[index : index + size]
        merged.append(
            part[0] if size == 1 else Word(" ".join(w.form for w in part), " ".join(w.lemma for w in part), False)
        )
        index += size
    return merged


def _addressed(form: str, word_lemma: str, before: list[Word]) -> bool:
    """A verb said to the company: 3rd plural ("¿cambian?"), or an infinitive after one or after "poder" ("¿pueden
    cambiar?", "¿puedo pagarles?"). Not after an impersonal or pronominal "se" ("se me entumen", "se le puede
    caer"), nor in a relative clause whose subject is the noun before it ("los operarios que riegan…")."""
    if _after_se(before) or _relative_of_a_noun(before):
        return False
    if _third_plural(form, word_lemma):
        return True
    return bool(_INFINITIVE.search(form)) and any(w.addressed or w.lemma == "poder" for w in before[-2:])


def _after_se(before: list[Word]) -> bool:
    """ "se", then at most a clitic and a form of "poder": "se cambian", "se me cansan", "se le puede caer"."""
    tail = [w.form for w in before[-3:]]
    while tail and (tail[-1] in _CLITICS - {"se"} or (tail[-1] != "se" and tail[-1].startswith("pued"))):
        tail.pop()
    return bool(tail) and tail[-1] == "se"


def _relative_of_a_noun(before: list[Word]) -> bool:
    """Right after "que" that follows a noun: the verb's subject is that noun ("los muchachos que riegan")."""
    if len(before) < 2 or before[-1].form != "que":
        return False
    noun = before[-2]
    return noun.content and not _is_verb(noun.lemma) and noun.form.isalpha()


@lru_cache(maxsize=4096)
def analyse(text: str) -> tuple[Word, ...]:
    """The words of a text with their lemmas, compound terms joined."""
    words: list[Word] = []
    for token in _WORD.findall(clean_user_text(text).lower()):
        form, word_lemma = normalize(token), lemma(token)
        previous = words[-1].form if words else ""
        comes_with = previous in _REQUIREMENTS and len(words) > 1 and words[-2].form in _COMING_WITH
        words.append(Word(form, word_lemma, _addressed(form, word_lemma, words), previous, comes_with))
    return tuple(_merge_compounds(words))


# ------------------------------------------------------------------------------------------------ topics
def _lemmas(terms: list[str]) -> frozenset[str]:
    """Lemmas of lexicon terms; a term of several words keeps them all ("redes sociales" -> "red social")."""
    return frozenset(" ".join(lemma(w) for w in _WORD.findall(term.lower())) for term in terms)


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    data = load_json("temas_empresa.json")
    return tuple(
        Topic(
            name=entry["tema"],
            reason=entry["razon"],
            lemmas=_lemmas(entry["lemas"]),
            addressed_verbs=_lemmas(entry["verbos_dirigidos"]),
            signals=tuple(normalize(s) for s in entry.get("senales", [])),
            needs_section=bool(entry.get("requiere_seccion", False)),
            purpose=bool(entry.get("tambien_proposito", False)),
        )
        for entry in data["temas"]
    )


@lru_cache(maxsize=1)
def compounds() -> frozenset[tuple[str, ...]]:
    """Lexicon terms of several words, as lemma sequences."""
    return frozenset(tuple(term.split()) for topic in topics() for term in topic.terms if " " in term)


def _contains_phrase(normalized: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", normalized) is not None


def _said_outside_relative(normalized: str, phrase: str) -> bool:
    """The phrase said of the company, not in a relative clause that describes a product ("botas que llegan a media
    pierna" tells how tall they are, not where the shop delivers)."""
    pattern = rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])"
    return any(not normalized[: m.start()].endswith("que ") for m in re.finditer(pattern, normalized))


def _has_signal(normalized: str, words: list[str], signal: str) -> bool:
    if " " in signal:
        return _contains_phrase(normalized, signal)
    # one word: also its inflections ("pagar" in "pagarles", "envio" in "envios", "recarga" in "recargan")
    return any(w == signal or (len(signal) >= 4 and _inflects(w, signal)) for w in words)


def _inflects(word: str, signal: str) -> bool:
    """`word` is an inflection of the verb or noun `signal`, not an adjective made from it ("recargable")."""
    rest = word[len(signal) :]
    return word.startswith(signal) and len(rest) <= 4 and not re.match(r"i?bles?$", rest)


_PRIVACY = "privacidad"  # the topic of `temas_empresa.json` for the data policy


@lru_cache(maxsize=512)
def _topic_signals(message: str) -> tuple[str, ...]:
    normalized = normalize(message)
    words = [(part, w) for w in analyse(message) for part in w.form.split()]

    def said(topic: Topic, signal: str) -> bool:
        if " " in signal:
            return _said_outside_relative(normalized, signal)
        return any(_has_signal(part, [part], signal) and not _misread(w, topic) for part, w in words)

    found = [topic.name for topic in topics() if any(said(topic, s) for s in topic.signals)]
    if asks_about_data_rights(normalized) and _PRIVACY not in found:
        found.append(_PRIVACY)  # the customer's rights over their data are the data policy's subject
    return tuple(found)


def topic_signals(message: str) -> list[str]:
    """Company topics the message asks about by an unmistakable phrase ("a qué hora abren", "envíos", "Nequi"); a
    one-word signal in a place where it does not ask about the company (`_MISREADINGS`: "¿cómo se recarga la
    linterna?", "polvo para recarga") does not count."""
    return list(_topic_signals(message))  # asked several times per turn (classifier, search, policy)


@dataclass(frozen=True)
class PolicyHit:
    topic: str
    lemma: str  # "" when the topic came from a phrase signal


_CLITICS = frozenset(["se", "me", "te", "nos", "le", "les"])  # never articles: the next word is a verb
_PURPOSE = frozenset(["para", "pa", "pal"])  # "guantes para mantenimiento": what a product is for
_REQUIREMENTS = frozenset(["con", "bajo", "sin"])  # "cascos con certificado": what a product must have
# "¿los arneses vienen con certificado?": what the goods come with is the company's delivery, not a requirement
_COMING_WITH = frozenset(
    ["vienen", "viene", "traen", "trae", "llegan", "llega", "salen", "sale", "entregan", "entrega"]
)
_COMMAND = re.compile(r"[aeiou](?:me|nos)(?:l[oa]s?)?$")  # "envíeme", "despáchenoslo": the recipient attached


def _is_verb(word_lemma: str) -> bool:
    return bool(_VERB_ENDING.search(word_lemma))


# A policy lemma that, in its place in the message, does not ask about the company: (reason, test).
_MISREADINGS: tuple[tuple[str, Callable[[Word, Topic], bool]], ...] = (
    (
        "a verb form read as a noun: '¿cómo se recarga la lámpara?'",
        lambda w, t: w.previous in _CLITICS and not _is_verb(w.lemma),
    ),
    (
        "a command with its recipient attached is an order: 'envíeme 10'",
        lambda w, t: _conjugated(w) and bool(_COMMAND.search(w.form)),
    ),
    (
        "a feature a product lacks is no company topic: 'detector sin contacto', 'guante sin forro'",
        lambda w, t: w.previous == "sin" and not _is_verb(w.lemma),
    ),
    (
        "a requirement on a product, not the company's: 'cascos con certificado'",
        lambda w, t: t.needs_section and w.previous in _REQUIREMENTS and not w.comes_with,
    ),
    (
        "a noun of purpose tells what a product is for, not a service asked of the company: 'guantes para "
        "mantenimiento'",
        lambda w, t: t.purpose and w.previous in _PURPOSE and not _is_verb(w.lemma),
    ),
)


def _misread(word: Word, topic: Topic) -> bool:
    return any(test(word, topic) for _, test in _MISREADINGS)


def _asks_about(word: Word, topic: Topic) -> bool:
    if word.addressed and word.lemma in topic.addressed_verbs:
        return True
    one_word_signal = any(" " not in s and _has_signal(word.form, [word.form], s) for s in topic.signals)
    return (word.lemma in topic.lemmas or one_word_signal) and not _misread(word, topic)


@lru_cache(maxsize=8192)
def _word_topics(word: Word) -> tuple[str, ...]:
    return tuple(t.name for t in topics() if _asks_about(word, t))


@lru_cache(maxsize=4096)
def policy_hits(message: str) -> tuple[PolicyHit, ...]:
    """Policy words of the message with their topics (lemmas, and words that are a topic's one-word signal), then
    topics asked by a phrase ("a qué hora"); a product word next to them changes nothing."""
    hits = [PolicyHit(name, w.lemma) for w in analyse(message) for name in _word_topics(w)]
    normalized = normalize(message)
    phrases = [t.name for t in topics() if any(" " in s and _said_outside_relative(normalized, s) for s in t.signals)]
    if asks_about_data_rights(normalized):
        phrases.append(_PRIVACY)  # the customer's rights over their data are the data policy's subject
    by_lemma = {hit.topic for hit in hits}
    return tuple(dict.fromkeys(hits + [PolicyHit(name, "") for name in phrases if name not in by_lemma]))


# ------------------------------------------------------------------------------------------------ sections
@dataclass(frozen=True)
class SectionProfile:
    title: frozenset[str]  # families of the title's content words
    body: frozenset[str]
    topics: frozenset[str]
    title_topics: frozenset[str]
    voice: frozenset[str] = frozenset()  # families of what the company says it does ("recargamos", "revisamos")


def _families(words: Sequence[Word]) -> frozenset[str]:
    return frozenset(family(w.lemma) for w in words if w.content)


_FIRST_PLURAL = re.compile(r"(?:amos|emos|imos)$")


def _company_voice(words: Sequence[Word]) -> frozenset[str]:
    """Families of the verbs a section says in the company's own voice, 1st person plural ("Recargamos extintores",
    "calibramos detectores"): the services it performs — not having or selling products."""
    return frozenset(
        family(w.lemma)
        for w in words
        if _is_verb(w.lemma)
        and w.form != w.lemma
        and _FIRST_PLURAL.search(w.form)
        and w.lemma not in _PRODUCT_VERBS
        and w.lemma not in _EMPTY_LEMMAS
    )


def _topics_of(text: str, words: Sequence[Word]) -> frozenset[str]:
    lemmas = {w.lemma for w in words}
    return frozenset(t.name for t in topics() if lemmas & t.terms) | frozenset(topic_signals(text))


@lru_cache(maxsize=1024)
def section_profile(titulo: str, contenido: str) -> SectionProfile:
    title, body = analyse(titulo), analyse(contenido)
    title_topics = _topics_of(titulo, title)
    return SectionProfile(
        _families(title),
        _families(body),
        title_topics | _topics_of(contenido, body),
        title_topics,
        _company_voice(title) | _company_voice(body),
    )


# a topic read from a phrase ("¿cuánto se demora…?" is shipping's) says no word a section could say: in the body of a
# section about something else it weighs less than the words the message does say (0.8)
_PHRASE_TOPIC_IN_BODY = 0.5


def _hit_evidence(profile: SectionProfile, hit: PolicyHit) -> float:
    """A policy word in the title, then in the body, then its topic in the title or the body: the word itself
    ("¿los sábados?": "los sábados de 8 a 1") before a section only on its topic ("Domingos y festivos")."""
    key = family(hit.lemma) if hit.lemma else ""
    if key and key in profile.title:
        return 1.5
    if key and key in profile.body:
        return 1.0
    if hit.topic in profile.title_topics:
        return 0.9
    if hit.topic not in profile.topics:
        return 0.0
    return 0.8 if key else _PHRASE_TOPIC_IN_BODY


def _is_name(word: Word) -> bool:
    """A proper name or a register's acronym: no Spanish dictionary has it, nor is it a verb with its pronouns
    ("recogerlo")."""
    form = word.form
    return len(form) >= 4 and form not in COMMON_WORDS and known_spelling(form) is None and not _is_verb(word.lemma)


# What a proper name (a town, a register: a word no Spanish dictionary has) weighs in a section's title and body:
# asked about, it designates what it is said of — one only this section says answers by itself (a town its route
# serves), one of its title weighs like a policy word there (a branch's town: "Sucursal Timaná"); in a statement it
# is the customer's own situation ("soy de Timaná y necesito cascos"), worth a shared word of the body.
_ASKED_NAME, _TOLD_NAME = (1.5, 0.75), (0.5, 0.5)


def _shared_evidence(
    profile: SectionProfile,
    families: set[str],
    rarity: dict[str, float],
    names: frozenset[str] = frozenset(),
    name_weights: tuple[float, float] = _TOLD_NAME,
) -> float:
    """Words the section shares with the message, rarer ones worth more; proper names as `name_weights` says."""
    in_title, in_body = name_weights
    title = sum((in_title if f in names else 0.5) * rarity[f] for f in families & profile.title)
    body = (families & profile.body) - profile.title
    return title + sum((in_body if f in names else 0.25) * rarity[f] for f in body)


def _singular_forms(word: str) -> set[str]:
    """The word and its singular ("visitas" -> "visita", "certificaciones" -> "certificacion")."""
    forms = {word}
    if word.endswith("s"):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
    return forms


def _content_pairs(message: str) -> list[str]:
    """Two consecutive words of the message that are neither short nor common ("club muelle", "prueba hidrostatica")."""
    tokens = [w for w in normalize(message).split() if w.isalpha()]
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens) if min(len(a), len(b)) >= 3 and not {a, b} & COMMON_WORDS]


@lru_cache(maxsize=256)
def _padded_text(text: str) -> str:
    """A section's (or all sections') text normalised, with a space at each end for whole-phrase lookups."""
    return f" {normalize(text)} "


_LINKS = frozenset({"de", "del", "en", "a", "al", "con", "para", "por", "y"})


def _name_phrases(words: Sequence[Word]) -> list[str]:
    """A proper name with the word before it, or a preposition between ("inscritos en secop", "ruta a tenjo"): a
    section that says the same words together is about it."""
    tokens = [w for w in words if w.form.isalpha()]
    phrases = []
    for i, word in enumerate(tokens):
        if not _is_name(word):
            continue
        for start in (i - 1, i - 2):
            before = [w.form for w in tokens[start : i + 1]] if start >= 0 else []
            if (
                before
                and before[0] not in COMMON_WORDS
                and len(before[0]) >= 4
                and all(w in _LINKS for w in before[1:-1])
            ):
                phrases.append(" ".join(before))
    return phrases


def _phrase_evidence(section: SectionLike, pairs: list[str]) -> float:
    """A section that says two of the question's words together, as the question does, is what it asks about."""
    if not pairs:
        return 0.0
    text = _padded_text(f"{section.titulo} {section.contenido}")
    return sum(1.0 for pair in pairs if f" {pair} " in text)


def _rarity(profiles: list[SectionProfile], families: set[str]) -> dict[str, float]:
    """1 for a word only one section has, less for words many sections share."""
    total = len(profiles)
    frequency = {f: sum(1 for p in profiles if f in p.title | p.body) for f in families}
    return {f: math.log(1 + total / n) / math.log(1 + total) if n else 0.0 for f, n in frequency.items()}


def _family_rarity(profiles: list[SectionProfile], families: set[str]) -> dict[str, float]:
    """`_rarity` for verb families, which a section may use in a longer form ("revisar" / "revisión")."""
    total = len(profiles)
    frequency = {f: sum(1 for p in profiles if _same_family(f, p.title | p.body)) for f in families}
    return {f: math.log(1 + total / n) / math.log(1 + total) if n else 0.0 for f, n in frequency.items()}


def _service_evidence(profile: SectionProfile, verbs: set[str], rarity: dict[str, float]) -> float:
    """Verbs of a service the section talks about ("¿cada cuánto revisan...?" / "revisión anual"): the company's
    own subject, worth more than a shared noun (more in the title)."""
    total = 0.0
    for key in verbs:
        if _same_family(key, profile.title):
            total += 1.0 * max(rarity[key], 0.5)
        elif _same_family(key, profile.body):
            total += 0.75 * max(rarity[key], 0.5)
    return total


def _title_said(profile: SectionProfile, said: set[str]) -> float:
    """A title that the message says whole names what it asks about, above topics that other sections share: of two
    words or more ("¿cada cuánto toca la revisión de arneses?" and "Revisión de arneses") fully, of one word that
    is no topic's ("Cotizaciones") by half."""
    if not profile.title or not profile.title <= said:
        return 0.0
    if len(profile.title) >= 2:
        return 1.0
    return 0.0 if profile.title_topics else _ONE_WORD_TITLE_SAID  # a topic's own word weighs as a policy word


_ONE_WORD_TITLE_SAID = 0.5  # "¿la cotización cuánto dura?" and "Cotizaciones": its subject, said in one word


def _ranked(sections: Sequence[SectionLike], hits: Sequence[PolicyHit], message: str) -> list[RankedSection]:
    profiles = [section_profile(s.titulo, s.contenido) for s in sections]
    policy = {family(h.lemma) for h in hits if h.lemma}
    analysed = analyse(message)
    words = [w for w in analysed if w.content]
    # charging is asked of a service, but the section is found by what is charged ("¿cobran el envío?": shipping)
    verbs = {family(w.lemma) for w in words if _service_verb(w) and w.lemma != "cobrar"} - policy
    others = {family(w.lemma) for w in words} - policy - verbs
    rarity = _rarity(profiles, others)
    verb_rarity = _family_rarity(profiles, verbs)
    names = frozenset(family(w.lemma) for w in words if _is_name(w)) & others
    pairs = list(dict.fromkeys([*_content_pairs(message), *_name_phrases(analysed)]))
    said = {family(w.lemma) for w in words}
    name_weights = _ASKED_NAME if is_question(message) or addresses_the_company(message) else _TOLD_NAME
    ranked = [
        RankedSection(
            s.titulo,
            s.contenido,
            round(
                sum(_hit_evidence(p, h) for h in hits)
                + _shared_evidence(p, others, rarity, names, name_weights)
                + _service_evidence(p, verbs, verb_rarity)
                + _phrase_evidence(s, pairs)
                + _title_said(p, said),
                4,
            ),
        )
        for s, p in zip(sections, profiles, strict=True)
    ]
    ranked.sort(key=lambda r: -r.score)
    return ranked


def rank_sections(sections: Sequence[SectionLike], message: str) -> list[RankedSection]:
    """All sections best first with their evidence (0 when nothing relates them to the message)."""
    return _ranked(sections, policy_hits(message), message) if sections else []


# ------------------------------------------------------------------------------------------------ the score
@dataclass(frozen=True)
class CompanyTopicMatch:
    score: float  # 0..1: how much the message is about the company
    sections: tuple[RankedSection, ...]  # sections with evidence, best first
    topics: tuple[str, ...]  # domain topics the message asks about (backed by a section or not)
    policy_words: tuple[str, ...]  # the message's lemmas that carry them

    @property
    def is_company(self) -> bool:
        return self.score >= COMPANY_THRESHOLD

    @property
    def policy(self) -> bool:
        """A policy word was found: product words in the message must not outweigh it."""
        return bool(self.topics)


def company_topic_score(sections: Sequence[SectionLike], message: str) -> CompanyTopicMatch:
    """How much `message` is about the company, judged by the company's own sections and the domain model."""
    hits = policy_hits(message)
    ranked = [r for r in (_ranked(sections, hits, message) if sections else []) if r.score > 0]
    best = ranked[0].score if ranked else 0.0
    needs_section = {t.name for t in topics() if t.needs_section}
    backed = {h.topic for h in hits if any(_hit_evidence(section_profile(s.titulo, s.contenido), h) for s in sections)}
    counted = [h for h in hits if h.topic not in needs_section or h.topic in backed]
    score = max(1 - math.exp(-1.2 * best), UNBACKED_SCORE if counted else 0.0)
    return CompanyTopicMatch(
        score=round(score, 4),
        sections=tuple(ranked[:3]),
        topics=tuple(dict.fromkeys(h.topic for h in counted)),
        policy_words=tuple(dict.fromkeys(h.lemma for h in counted if h.lemma)),
    )


# ------------------------------------------------------------------------------------------------ short names
# A place said by the start of its name after a preposition of place ("en Barranca"): the one proper name of the
# company's sections it begins (Barrancabermeja), when no section says the short form itself (a nickname such as
# "Villavo" begins no name and is left).
_PLACE_PREPOSITION = re.compile(r"\b(?:en|de|pa|para|a|hasta|desde|por)\s+([a-záéíóúñ]{6,})\b", re.IGNORECASE)
_PROPER_NAME = re.compile(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{7,}\b")


def with_full_place_names(sections: Sequence[SectionLike], message: str) -> str:
    """The message with each short place name written whole (see `_PLACE_PREPOSITION`)."""
    said = list(_PLACE_PREPOSITION.finditer(message))
    if not said:
        return message
    names, words = _section_names(tuple((s.titulo, s.contenido) for s in sections))
    for match in reversed(said):
        short = normalize(match.group(1))
        if short in words:
            continue
        whole = [n for n in names if n.startswith(short) and len(short) >= 0.4 * len(n)]
        if len(whole) == 1:
            message = message[: match.start(1)] + whole[0] + message[match.end(1) :]
    return message


@lru_cache(maxsize=64)
def _section_names(texts: tuple[tuple[str, str], ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(the sections' proper names of eight letters or more, every word they say), folded."""
    joined = " ".join(f"{title} {content}" for title, content in texts)
    return frozenset(normalize(n) for n in _PROPER_NAME.findall(joined)), frozenset(normalize(joined).split())


# ------------------------------------------------------------------------------------------------ overlap
OVERLAP_MIN = 1.0  # evidence of `company_overlap` from which a question is about the company
PRODUCT_QUESTION_MARGIN = 0.75  # more evidence needed when the message names a product and asks its price or stock
# Verbs of having and using products: every product question says them, whatever the company's sections do
# ("vendemos", "manejamos", "los usamos"), so they never make a question about the company; nor do verbs of moving
# and of the body, which tell what happened ("por ahí entra el agua", "se resbaló"), not a service.
_PRODUCT_VERBS = frozenset(
    """
    vender manejar ofrecer distribuir conseguir comercializar importar tener traer llevar comprar pedir necesitar
    ocupar buscar costar valer usar utilizar servir proteger funcionar durar aguantar resistir trabajar poner quitar
    quedar venir incluir cubrir medir pesar cotizar recomendar escoger elegir querer gustar
    salir entrar subir bajar caer pasar ir llegar volver correr andar respirar sentir empezar
    """.split()  # noqa: SIM905
)
# Asking a product's price, stock or availability: then a company word alone is not enough.
# the price of doing something: a verb of price, then an infinitive ("¿cuánto vale afilar…?", "qué cobran por lavar")
_PRICE_OF_ACTION = re.compile(
    r"\b(?:cuesta|cuestan|vale|valen|cobra|cobran|sale|salen)(?: por)? (\w{4,}(?:ar|er|ir))\b"
)
_BUYING_VERBS = frozenset({"comprar", "pedir", "llevar", "adquirir", "tener", "conseguir", "encargar", "ordenar"})


def _prices_what_the_company_does(sections: Sequence[SectionLike], normalized: str) -> bool:
    """The price of an action whose word family the company's sections use ("afilar" / "afilamos", "alquilar" /
    "alquiler"): a service the company performs, not a product to buy."""
    match = _PRICE_OF_ACTION.search(normalized)
    if match is None or match.group(1) in _BUYING_VERBS:
        return False
    root = match.group(1)[:-2]
    text = _padded_text(" ".join(f"{s.titulo} {s.contenido}" for s in sections))
    return re.search(rf" {re.escape(root)}\w*", text) is not None


PRICE_OR_STOCK = re.compile(
    r"\b(?:precio|precios|vale|valen|cuesta|cuestan|sale|salen|valor|stock|disponible\w*|quedan|queda|hay(?! que)|"
    r"tienen|tiene|manejan|maneja|venden|vende)\b"
)


# Which product to choose: "¿qué guantes…?", "¿cuál detector…?", "¿cuáles me sirven?", "¿qué me recomiendan?".
_WHICH = re.compile(r"\b(?:que|cual|cuales)\b((?: \w+){1,2})")
_SUITS = re.compile(r"\b(?:sirve|sirven|recomienda\w*|conviene|convienen|aconseja\w*)\b")


def _asks_which_product(normalized: str, names_use: Callable[[str], bool]) -> bool:
    if _SUITS.search(normalized):
        return True
    return any(names_use(w) for m in _WHICH.finditer(normalized) for w in m.group(1).split() if len(w) > 3)


@dataclass(frozen=True)
class CompanyOverlap:
    score: float  # evidence of the best section (see `company_overlap`)
    sections: tuple[RankedSection, ...]  # sections with evidence, best first
    strong: bool = False  # the best section's evidence has a title word or a service verb, not only shared nouns
    service: bool = False  # ... a service the section says the company performs ("la revisión" / "Revisamos")


def _same_family(key: str, families: frozenset[str]) -> bool:
    """The word's family is among the section's, also when one key runs longer ("revis" / "revisi": "revisar" and
    "revisión")."""
    if key in families:
        return True
    return len(key) >= 5 and any(len(f) >= 5 and (f.startswith(key) or key.startswith(f)) for f in families)


def _service_verb(word: Word) -> bool:
    """A verb that can name what the company does to products ("recargar", "calibrar", "revisar", "entregar"), in
    a form that asks it of someone: the infinitive ("¿cada cuánto toca revisar…?", "pa revisar…") or the 3rd
    person plural said to the company ("¿calibran…?", "para que lo recarguen"). Not what a person or a thing does
    ("cuando el técnico cambie…", "la bomba no arranca"), not after an impersonal "se" (how a product is used:
    "¿cada cuánto se cambia el filtro?"), not a command with its recipient attached (an order: "despácheme 12"),
    and never a verb of having, using or moving."""
    if not _is_verb(word.lemma) or word.lemma in _PRODUCT_VERBS or word.lemma in _EMPTY_LEMMAS:
        return False
    if word.previous == "se" or (word.form != word.lemma and _COMMAND.search(word.form)):
        return False
    infinitive = word.form == word.lemma or bool(_INFINITIVE.search(word.form) and word.form.startswith(word.lemma))
    return infinitive or word.addressed or _third_plural(word.form, word.lemma)


# Verbs of handing goods over or of having them: asked of the company, they may still be an order ("¿me pueden
# enviar 25 overoles?") or a stock question ("¿cuentan con trípodes?"), not a service.
# ("cambiar" there edits an order; asked of the company out of one, it is the exchange service)
_GOODS_VERBS = (HANDING_OVER_VERBS - {"cambiar"}) | {"contar"}


def asks_a_service(message: str) -> bool:
    """The message asks the company to do something to goods that is neither handing them over nor having them:
    a service verb said to it ("¿vienen por los botiquines…?", "¿nos capacitan?", "¿las pueden cambiar?",
    "¿cotizan para entidades públicas?")."""
    said = _said_to_the_company(message)
    if any(_service_verb(w) and w.lemma not in _GOODS_VERBS for w in said):
        return True
    light = {w for w in said if w.lemma in _LIGHT_VERBS | _PUTTING_VERBS}
    words = _masked_words(message)
    return any(
        word in light and any(_names_the_work(word, w) for w in words[index + 1 : index + 4])
        for index, word in enumerate(words)
    )


def _names_the_work(verb: Word, noun: Word) -> bool:
    """The noun after a light verb names the work asked: an action ("hacer inspección") or, after a verb of putting,
    a mark ("poner el nombre", "pegar el logo")."""
    if verb.lemma in _PUTTING_VERBS:
        return noun.lemma in _MARKS
    return bool(_ACTION_NOUN.search(noun.form))


# A verb that lends its meaning to the noun after it: "¿les hacen inspección a los arneses?", "¿dan
# capacitación?" ask the action the noun names (nouns of action end in -ción, -sión, -miento, -aje).
_LIGHT_VERBS = frozenset({"hacer", "dar", "prestar", "realizar"})
_ACTION_NOUN = re.compile(r"(?:cion|sion|miento|aje)$")
# "¿le graban el apellido a cada casco?", "¿les pegan el logo?": putting a mark on goods is the shop's marking
_PUTTING_VERBS = frozenset({"poner", "colocar", "pegar", "imprimir", "estampar", "grabar"})
_MARKS = frozenset(
    {"nombre", "logo", "logotipo", "marca", "numero", "apellido", "inicial", "letrero", "escudo", "distintivo",
     "sello", "emblema"}
)  # fmt: skip


@lru_cache(maxsize=1024)
def _masked(message: str) -> str:
    """The message with the customer's data blanked, once per message (the classifier asks several readers of it)."""
    return mask_customer_data(message)


def _masked_words(message: str) -> tuple[Word, ...]:
    return analyse(_masked(message))


# The price asked ("¿cuánto vale…?", "¿qué cuesta…?", "el precio de…"), and the words between it and what it prices.
_PRICE_VERBS = frozenset(
    "vale valen valdria cuesta cuestan costaria sale salen saldria cobran cobra cobrarian".split()  # noqa: SIM905
)
_PRICE_NOUNS = frozenset({"precio", "valor", "costo"})
_PRICE_ASKERS = frozenset({"cuanto", "cuanta", "que"})
_BEFORE_PRICED = frozenset({"me", "nos", "les", "le", "te", "a", "por", "de", "del", "el", "la", "lo", "los", "las"})
_SURCHARGE = frozenset({"mas", "extra", "adicional", "aparte", "recargo"})  # "¿eso cuánto cuesta de más?"


def asks_the_price_of_a_service(message: str) -> bool:
    """The price asked is that of doing something, not of goods: an infinitive ("¿cuánto cuesta grabarles el nombre…?",
    "¿cuánto cobran por recargar…?") or a surcharge ("¿cuánto cuesta de más?"). Buying is no service ("¿cuánto me
    sale comprar 20?")."""
    words = _masked_words(message)
    for index, word in enumerate(words):
        asked = word.form in _PRICE_VERBS and any(w.form in _PRICE_ASKERS for w in words[max(0, index - 3) : index])
        named = word.form in _PRICE_NOUNS and index + 1 < len(words) and words[index + 1].form in ("de", "por")
        if not (asked or named):
            continue
        priced = _priced(words[index + 1 : index + 5])
        if priced is not None:
            return priced
        if _charged_for_doing(words[index + 1 : index + 7]):
            return True
    return False


def _charged_for_doing(after: Sequence[Word]) -> bool:
    """ "¿cuánto cobra la moto por llevarlo?": "por" and an infinitive further on, the thing done that is charged."""
    for before, word in itertools.pairwise(after):
        verb = _INFINITIVE_WITH_CLITICS.fullmatch(word.form) if before.form == "por" else None
        if verb is not None and verb.group(1) not in _ORDERING_VERBS:
            return True
    return False


_ORDERING_VERBS = frozenset({"comprar", "pedir", "adquirir", "encargar", "ordenar"})


_ARTICLES = frozenset({"el", "la", "lo", "los", "las", "un", "una", "unos", "unas"})
_THAT = frozenset({"que", "q"})  # "q": the chat spelling


def _priced(after: Sequence[Word]) -> bool | None:
    """Whether what a price question names is a service: a surcharge, an infinitive without an article (with an
    article it is a noun: "el collar") or "que" and the company's verb; None when the words do not tell."""
    done_by_them = False  # "¿cuánto cuesta que nos estampen…?": a thing the company does
    for word in after:
        if word.form in _SURCHARGE:
            return True
        if word.form in _BEFORE_PRICED or word.form in _THAT:
            if word.form in _ARTICLES:
                return None
            done_by_them = done_by_them or word.form in _THAT
            continue
        if done_by_them:  # what they do: "que nos traigan la mercancía" is carrying, not buying
            return _third_plural(word.form, word.lemma) and word.lemma not in _BUYING_VERBS - {"llevar"}
        verb = _INFINITIVE_WITH_CLITICS.fullmatch(word.form)
        if verb is None:
            return None
        # charged "por" doing it, carrying is a service ("¿qué cobran por llevarlos?"); else it may be buying
        buying = _ORDERING_VERBS if word.previous == "por" else _BUYING_VERBS
        return verb.group(1) not in buying and lemma(verb.group(1)) == verb.group(1)
    return None


# A service the customer wishes, asked as possible: "quiero bordar el escudo en las camisas, ¿se puede?".
_FEASIBLE = re.compile(r"\b(?:se puede|se podria|es posible|seria posible|lo hacen|hacen eso|pueden hacerlo)\b")
_WISHING = frozenset(
    "quiero queremos quisiera quisieramos queria queriamos necesito necesitamos".split()  # noqa: SIM905
)


def asks_if_a_service_can_be_done(message: str) -> bool:
    """A service verb the customer wishes ("quiero estampar…", "necesitamos bordar…") or goods with the service done
    ("5 chalecos estampados") and a question whether it can be done ("¿se puede?", "¿es posible?", "¿lo hacen?");
    never buying, handing goods over or having them."""
    if not _FEASIBLE.search(normalize(_masked(message))):
        return False
    words = _masked_words(message)
    wished = any(
        wish.form in _WISHING and _service_verb(verb) and verb.lemma not in _GOODS_VERBS | _BUYING_VERBS
        for wish, verb in itertools.pairwise(words)
    )
    return wished or any(_done_to_goods(word) for word in words)


_PARTICIPLE = re.compile(r"ad(?:o|a|os|as)$")
# Work a shop does on the goods it sells (marking, recharging, fitting); as participles many other verbs only describe
# a product ("reforzados", "forrados", "certificados").
_WORK_ON_GOODS = frozenset(
    "estampar bordar marcar grabar personalizar sublimar serigrafiar rotular recargar calibrar reparar instalar".split()  # noqa: SIM905
)


def _done_to_goods(word: Word) -> bool:
    """A participle of the shop's work on goods ("chalecos estampados", "camisas bordadas")."""
    return bool(_PARTICIPLE.search(word.form)) and _PARTICIPLE.sub("ar", word.form) in _WORK_ON_GOODS


# Where or how goods are carried: "hasta la finca", "adentro del puerto", "dentro de la obra", "en avión".
_CARRIED = re.compile(
    r"\b(?:hasta|adentro|dentro|en (?:avion|moto|lancha|chalupa|camion|mula|bus|flota|transportadora)|"
    r"por (?:transportadora|encomienda|avion|tierra))\b"
)
_CARRYING_VERBS = frozenset({"llevar", "mandar", "enviar", "despachar", "traer", "entregar"})


def _a_length(text: str, end: int) -> bool:
    """ "hasta el codo", "hasta la rodilla": how far goods reach on the body, not where they go."""
    following = [w for w in text[end:].split()[:2] if w not in ("el", "la", "los", "las", "mi", "su", "sus")]
    return bool(following) and following[0] in body_parts()


_HOW_LONG = re.compile(
    r"\b(?:cuantos dias|cuanto tiempo|cuantas horas|cuanto (?:se )?(?:demora\w*|tarda\w*)|en cuanto)\b"
)
_ARRIVING = frozenset({"llegar", "demorar", "tardar"})


def asks_about_a_delivery(message: str) -> bool:
    """Whether, how or how soon the company carries goods somewhere: a verb of carrying said to it ("¿me los
    llevan…?", "¿pueden entregar…?"; not a command, "envíenme…", which orders) or wished and asked as possible
    ("necesito mandar 6 a Leticia por avión, ¿se puede?") with where or how they go ("hasta la finca", "adentro del
    puerto", "en avión"); or how long goods take to arrive ("¿en cuántos días me llega una caja a Pasto?")."""
    text = normalize(_masked(message))
    words = _masked_words(message)
    if _HOW_LONG.search(text) and any(w.lemma in _ARRIVING or _carrying(w) for w in words):
        return True
    if not any(not _a_length(text, where.end()) for where in _CARRIED.finditer(text)):
        return False
    if _FEASIBLE.search(text) and any(_carrying(w) and _INFINITIVE.search(w.form) for w in words):
        return True
    return asks_to_carry(message)


def asks_to_carry(message: str) -> bool:
    """A verb of carrying goods said to the company ("¿cuánto sale que nos lo traigan?", "¿me lo despachan?")."""
    return any(_carrying(w) for w in _said_to_the_company(message))


def _carrying(word: Word) -> bool:
    """A verb of carrying goods, with its pronouns too ("llevarme", "mandárselos")."""
    verb = _INFINITIVE_WITH_CLITICS.fullmatch(word.form)
    return word.lemma in _CARRYING_VERBS or (verb is not None and verb.group(1) in _CARRYING_VERBS)


def asks_the_company_for_a_topic(message: str) -> bool:
    """A topic of the company right after a verb said to it ("¿hacen despachos a…?", "¿dan garantía?", "¿manejan
    crédito?") or said as theirs ("el asesor de ustedes"): what the company does, not a place or task of the
    customer's ("los auxiliares de despachos")."""
    said = _said_to_the_company(message)
    words = _masked_words(message)
    asked = _topic_nouns()
    theirs = any(  # "el asesor de ustedes", "el camión de ustedes"
        (word.lemma in asked or word.lemma in _COMPANY_MEANS)
        and [w.form for w in words[index + 1 : index + 3]] in (["de", "ustedes"], ["de", "usted"])
        for index, word in enumerate(words)
    )
    # the verb's subject is not a noun before it ("¿qué guantes sirven para mantenimiento…?": the gloves serve), nor
    # is it in a clause of time ("cuando le hacen mantenimiento a la máquina…": the customer's routine)
    return theirs or any(
        word in said
        and not (index and words[index - 1].content and words[index - 1].form not in _YOU)
        and not any(w.form in ("cuando", "mientras") for w in words[max(0, index - 3) : index])
        and any(following.lemma in asked for following in words[index + 1 : index + 3])
        for index, word in enumerate(words)
    )


def names_the_companys_means(message: str) -> bool:
    """One of the company's people or means of service, with its definite article ("¿qué día pasa el vendedor?",
    "¿a qué hora sale la ruta?"): asked when, it is the company's schedule."""
    words = _masked_words(message)
    return any(w.lemma in _COMPANY_ROUNDS and w.previous in ("el", "la", "los", "las") for w in words)


# Who and what of the company makes rounds on a schedule (a route, a seller's visits, a delivery van)
_COMPANY_ROUNDS = frozenset(
    "camion ruta asesor asesora vendedor vendedora tecnico mensajero domiciliario conductor transportador".split()  # noqa: SIM905
)


# The company's people and means of service, said as theirs ("el camión de ustedes", "el técnico de ustedes").
_COMPANY_MEANS = _COMPANY_ROUNDS | frozenset(
    "carro moto bodega local oficina tienda almacen pagina gente personal".split()  # noqa: SIM905
)


@lru_cache(maxsize=1)
def _topic_nouns() -> frozenset[str]:
    """The one-word lemmas of the topics that need no section to count (their nouns are the company's alone)."""
    return frozenset(word for t in topics() if not t.needs_section for word in t.lemmas if " " not in word)


_YOU = frozenset({"ustedes", "usted", "uds"})


@lru_cache(maxsize=1024)
def _said_to_the_company(message: str) -> tuple[Word, ...]:
    """The verbs said to the company ("¿les cambian…?", "¿pueden…?"); a 3rd plural after workers named in its clause
    is theirs ("los soldadores no alcanzan…", "los celadores … duermen"). Cached: every section ranking and the
    classifier ask it of the same message."""
    said: list[Word] = []
    for clause in CLAUSE_MARKS.split(_masked(message)):
        workers = False
        forms: list[str] = []
        for word in analyse(clause):
            forms.append(word.form)
            # "los que despachan …": the verb that names the people is theirs too
            workers = workers or (word.previous == "que" and names_a_worker(" ".join(forms)))
            if word.addressed and not workers:
                said.append(word)
            workers = workers or names_a_worker(" ".join(forms[-2:]))  # "soldadores", "el guarda"
    return tuple(said)


def addresses_the_company(message: str) -> bool:
    """Some verb of the message is said to the company, or it says "ustedes"."""
    if any(w.form in _YOU for w in analyse(message)):
        return True
    return bool(_said_to_the_company(message))


def _conjugated(word: Word) -> bool:
    return _is_verb(word.lemma) and word.form != word.lemma


def _impersonal(word: Word) -> bool:
    """A verb after "se" ("se inspecciona", "se recargan"): what is done to something, by whoever does it."""
    return word.previous == "se" and _is_verb(word.lemma)


def _names_title_topic(word: Word, profile: SectionProfile) -> bool:
    """The word is a term of the topic the section's title names ("entregar" and a section titled "Despachos"); a
    verb only when it asks something of someone (`_service_verb`: "cuando el técnico cambie…" is no exchange)."""
    return any(
        word.lemma in topic.lemmas or (word.lemma in topic.addressed_verbs and _service_verb(word))
        for topic in topics()
        if topic.name in profile.title_topics
    )


def company_overlap(
    sections: Sequence[SectionLike],
    message: str,
    *,
    names_use: Callable[[str], bool],
    catalogue_uses: Callable[[str], bool],
) -> CompanyOverlap:
    """How much a question overlaps a company section on words that product names do not explain.

    `names_use(word)`: some product's name, synonyms, category or brand has the word (it names the product asked
    about); `catalogue_uses(word)`: some product's text has it at all. Per section, each other word of the message
    adds, weighted by how rare it is among the sections: 1 for a service the section says the company performs
    ("la revisión" / "Revisamos"), a verb of a service asked of someone ("calibran", "revisar", "recarguen") whose
    family the section uses, or a term of the topic its title names ("entregar" / "Despachos"); 0.75 for another
    noun of its title; 0.5 for another word of the section, 0.25 when product descriptions use it too
    ("constructoras"). A verb of having, using or moving ("venden", "sirve", "salir") never counts.
    """
    if not sections:
        return CompanyOverlap(0.0, ())
    profiles = [section_profile(s.titulo, s.contenido) for s in sections]
    # a conjugated verb names no product, whatever name shares its stem ("inspecciona" / "kit de inspección")
    content = [w for w in analyse(message) if w.content]
    words = [w for w in content if len(w.form) >= 3 and " " not in w.form and (_conjugated(w) or not names_use(w.form))]
    families = {family(w.lemma) for w in words}
    rarity = _family_rarity(profiles, families)
    objects = {family(w.lemma) for w in content if names_use(w.form) and not _conjugated(w)}
    ranked: list[tuple[RankedSection, bool, bool]] = []
    for section, profile in zip(sections, profiles, strict=True):
        score, strong, service = 0.0, False, False
        # "¿cada cuánto se inspecciona el arnés?" where a section says "Inspeccionamos arneses": the impersonal asks
        # about the service the company performs on that very product
        on_its_object = bool(objects & (profile.title | profile.body))
        for word in {family(w.lemma): w for w in words}.values():
            key = family(word.lemma)
            weight = max(rarity.get(key, 0.0), 0.5)
            asked_of = _service_verb(word) or (on_its_object and _impersonal(word))
            performed = (asked_of or not _is_verb(word.lemma)) and _same_family(key, profile.voice)
            asked = _service_verb(word) and _same_family(key, profile.title | profile.body)
            titled = key in profile.title and (_service_verb(word) or not _is_verb(word.lemma))
            if performed or asked or _names_title_topic(word, profile):
                # a service the company performs, or one asked of it that its section covers ("¿cuánto vale
                # calibrar…?" with "La calibración … cuesta"): the price asked is a service's
                score, strong, service = score + 1.0 * weight, True, service or performed or asked
            elif titled:  # a noun of the title alone may be a person or a place ("el técnico"): it needs company
                score, strong = score + 0.75 * weight, True
            elif key in profile.body and word.form not in COMMON_WORDS:
                score += (0.25 if catalogue_uses(word.form) else 0.5) * weight
        if score > 0:
            ranked.append((RankedSection(section.titulo, section.contenido, round(score, 4)), strong, service))
    ranked.sort(key=lambda item: -item[0].score)
    if not ranked:
        return CompanyOverlap(0.0, ())
    best, strong, service = ranked[0]
    return CompanyOverlap(best.score, tuple(r for r, _, _ in ranked[:3]), strong, service)


def asks_about_company(
    sections: Sequence[SectionLike],
    message: str,
    *,
    names_use: Callable[[str], bool],
    catalogue_uses: Callable[[str], bool],
    names_product: Callable[[], bool] = lambda: False,
    describes_need: Callable[[], bool] = lambda: False,
) -> bool:
    """The message asks the company something its sections cover, whatever product it also names: a policy word
    (`company_topic_score`), or words that product names do not explain and a section does (`company_overlap`) —
    unless it describes a need products answer, and with more of them when it asks a named product's price or
    stock. The product probes are called only when the overlap could decide."""
    match = company_topic_score(sections, message)
    asked = is_question(message)
    # a policy word asks about the company, unless it is a need told (not asked): "al mediodía el resplandor…"
    if match.is_company and match.policy and (asked or not describes_need()):
        return True
    if not asked:  # a need told or an order given, not a question
        return False
    if _prices_what_the_company_does(sections, normalize(message)):
        return True  # "¿cuánto cuesta afilar las tijeras?" where a section says "Afilamos…": the price of a service
    if company_only_terms(sections, message, catalogue_uses=catalogue_uses)[1]:
        return True  # a name only the company's text gives ("¿qué es el plan padrino?"): its own programme or service
    overlap = company_overlap(sections, message, names_use=names_use, catalogue_uses=catalogue_uses)
    if overlap.score < OVERLAP_MIN:
        return False
    # which product to choose ("¿qué guantes debe usar el que calibra?") is a product question whatever else it says;
    # a product's price or stock (unless it is the price of a service: "¿la revisión tiene costo?") needs more of
    # the company's words
    normalized = normalize(message)
    if _asks_which_product(normalized, names_use) and names_product():
        return False
    asks_price = not overlap.service and PRICE_OR_STOCK.search(normalized)
    if asks_price and overlap.score < OVERLAP_MIN + PRODUCT_QUESTION_MARGIN and names_product():
        return False
    # a need products answer ("se prendió la freidora del casino"), unless it names the product and what the company
    # does to it ("¿cada cuánto toca revisar las mangueras?": the need read is only the named product's own) in a
    # word of the company's own topics — a word-family echo of a section ("prender" / "prendas", "bordes" /
    # "bordamos") is not one
    return not describes_need() or (overlap.strong and names_product() and (match.policy or match.is_company))


def company_only_terms(
    sections: Sequence[SectionLike], message: str, *, catalogue_uses: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """What the message says that only the company's own text says: words of five letters or more that the
    sections use (singular or plural: "visitas" / "visita") and no product text has; pairs of words the sections say
    together, one of them unknown to the catalogue (a programme's or a service's own name)."""
    padded = _padded_text(" ".join(f"{s.titulo} {s.contenido}" for s in sections))
    company_words = set(padded.split())
    tokens = [w for w in normalize(message).split() if w.isalpha()]
    words = [
        w
        for w in tokens
        if len(w) >= 5 and w not in COMMON_WORDS and not catalogue_uses(w) and _singular_forms(w) & company_words
    ]
    pairs = [
        pair
        for pair in _content_pairs(message)
        if f" {pair} " in padded and not all(catalogue_uses(w) for w in pair.split())
    ]
    return words, pairs


# ------------------------------------------------------------------------------------------------ answers
_SENTENCE_BREAK = re.compile(r"(?<=;)\s+|(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])|\n+")


# What kind of answer a question wants, by its words: (question words, how such an answer is written).
_ANSWER_KINDS: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = (
    # how long / when: a duration or a day
    (
        frozenset(["demorar", "tardar", "tiempo", "durar", "cuando", "llegar"]),
        re.compile(r"\b(?:dias?|horas?|semanas?|mes(?:es)?|anos?|habiles|inmediat\w*|mismo dia)\b"),
    ),
    # how much: an amount of money or "free"
    (
        frozenset(["valer", "costar", "cobrar", "precio", "costo", "gratis"]),
        re.compile(r"\$\s?\d|\bgratis\b|sin costo|\bpesos\b"),
    ),
    # what time: clock times
    (frozenset(["hora", "abrir", "cerrar", "horario"]), re.compile(r"\d{1,2}:\d{2}|\b[ap] ?m\b")),
)


def _answer_kinds(message: str) -> list[re.Pattern[str]]:
    asked = {family(w.lemma) for w in analyse(message)}
    return [pattern for words, pattern in _ANSWER_KINDS if asked & {family(lemma(w)) for w in words}]


def best_fact(section: SectionLike, message: str) -> str:
    """The sentence(s) of a section that answer the message best: the rarest shared words that are not the section's
    own subject, an answer of the kind asked (a duration for "¿cuánto demora?"), then the topic; at most two that
    tie, in order ("¿garantía de las botas?" -> "Botas: 6 meses...")."""
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(section.contenido) if s.strip()]
    if len(sentences) <= 1:
        return section.contenido.strip()
    profiles = [section_profile("", sentence) for sentence in sentences]
    wanted = set(_families(analyse(message))) - section_profile(section.titulo, "").title
    rarity = _rarity(profiles, wanted)
    asked = {h.topic for h in policy_hits(message)}
    kinds = _answer_kinds(message)

    def fit(sentence: str, profile: SectionProfile) -> float:
        shared = sum(rarity[f] for f in wanted & profile.body)
        return (
            shared + 0.75 * sum(bool(k.search(normalize(sentence))) for k in kinds) + 0.5 * len(asked & profile.topics)
        )

    scores = [fit(sentence, profile) for sentence, profile in zip(sentences, profiles, strict=True)]
    return " ".join([s for s, score in zip(sentences, scores, strict=True) if score == max(scores)][:2])


@dataclass(frozen=True)
class CompanyAnswer:
    sections: list[RankedSection]  # the ones to answer from, best first (empty: unknown)
    contact: RankedSection | None  # the contact section, offered when the answer is unknown
    score: float = 0.0  # `company_topic_score` of the message
    fact: str | None = None  # the sentence of the best section that answers

    @property
    def found(self) -> bool:
        return bool(self.sections)


# "¿cuántas sedes tienen?", "¿cuáles son sus sucursales?": every section its title names, not only the best one.
_ENUMERATING = re.compile(r"\b(?:cuantas|cuantos|cuales|todas|todos)\b")
# A company's places go by several names: a question about its branches means any of them.
_BRANCH_WORDS = frozenset({"sede", "sucursal", "almacen", "tienda", "oficina", "agencia", "local"})
_ENUMERATED_MAX = 4


def _enumerated(sections: Sequence[SectionLike], message: str) -> list[RankedSection]:
    """The sections a plural noun of an enumerating question names in their titles, when there are several
    ("¿cuántas sedes tienen y dónde quedan?" -> every branch); none otherwise."""
    if not _ENUMERATING.search(normalize(message)):
        return []
    for word in analyse(message):
        if not (word.content and word.form != word.lemma and word.form.endswith("s")):
            continue
        names = _BRANCH_WORDS if word.lemma in _BRANCH_WORDS else {word.lemma}
        titled = [s for s in sections if names & {w.lemma for w in analyse(s.titulo)}]
        if len(titled) >= 2:
            return [RankedSection(s.titulo, s.contenido, 1.0) for s in titled[:_ENUMERATED_MAX]]
    return []


LEAD_MIN, LEAD_RATIO = 0.5, 1.5  # a section far ahead of every other answers with less evidence


def _answers(ranked: Sequence[RankedSection]) -> bool:
    """The best section answers: by its own evidence, or by leading all others clearly on a company question
    ("¿reciben bolívares?": only the section on foreign customers says the word)."""
    best = ranked[0].score
    second = ranked[1].score if len(ranked) > 1 else 0.0
    return best >= ANSWER_MIN or (best >= LEAD_MIN and best >= LEAD_RATIO * second)


def answer_from_sections(sections: Sequence[SectionLike], message: str) -> CompanyAnswer:
    message = with_full_place_names(sections, message)
    match = company_topic_score(sections, message)
    ranked = list(match.sections)
    chosen: list[RankedSection] = []
    if match.is_company and ranked and _answers(ranked):
        floor = min(ANSWER_MIN, ranked[0].score)
        chosen = [r for r in ranked[:2] if r.score >= max(floor, 0.75 * ranked[0].score)]
    if chosen:
        chosen = _enumerated(sections, message) or chosen
        return CompanyAnswer(chosen, None, match.score, best_fact(chosen[0], message))
    contact_ranked = rank_sections(sections, "contacto telefono whatsapp correo")
    contact = contact_ranked[0] if contact_ranked and contact_ranked[0].score > 0 else None
    return CompanyAnswer([], contact, match.score)

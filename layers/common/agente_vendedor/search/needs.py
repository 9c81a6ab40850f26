"""Reads needs, hazards, tasks and constraints in a customer's message, using the curated rules in
`lexicon/necesidades.json` (domain knowledge kept as data), plus Spanish negation ("sin válvula", "que no sea careta",
"casco no necesito", "alergia al látex").

A trigger matches the message's tokens in order, with up to two other words between consecutive trigger words; verbs
and plurals are folded (`pintar`, `pintando`, `pinté`...), function words of a trigger are optional except negations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import (
    STOPWORDS,
    VERB_SUFFIXES,
    dictionary_lemma,
    is_content_word,
    known_spelling,
    undiminished,
)

_GAP = 2
_COMPOSITION_WINDOW = 6  # words between a function's verb and its object
# Function words inside a trigger may be left out by the customer ("que no sea acero"); its edges may not.
_OPTIONAL_INSIDE = frozenset({"de", "del", "la", "el", "los", "las", "al", "a", "un", "una", "en", "por", "para", "pa"})
_ARTICLES = frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "lo"})
_REJECTING_VERBS = frozenset(
    {"quiero", "necesito", "nesecito", "nesesito", "necesitamos", "busco", "sirve", "sirven", "gusta", "gustan",
     "uso", "usamos", "queremos", "deseo", "conviene", "pido"}
)  # fmt: skip
_POSSESSING = frozenset({"tengo", "tenemos", "compre", "compramos", "uso", "usamos", "manejo", "manejamos"})
_CURRENT = frozenset({"normal", "normales", "actual", "actuales", "comun", "viejo", "vieja", "viejos", "viejas"})
_CLAUSE_BREAKS = frozenset({"pero", "y", "que", "porque", "pues", "ya", "me", "se", "pa", "para", "mas", "aunque"})
# Endings that leave the root of a verb family: excavar, excavando, excavación; soldar, soldador, soldadura.
_DERIVATION_SUFFIXES = (
    "amientos", "imientos", "aciones", "iciones", "amiento", "imiento", "adores", "adoras", "aduras", "acion",
    "icion", "ador", "adora", "adura", "uras", "ura", "ieron", "aron", "iendo", "ando", "amos", "emos", "imos",
    "aban", "aba", "ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida", "ar", "er", "ir",
)  # fmt: skip
# Present-tense endings (empañan, se moja): only on longer roots, where a noun rarely shares the spelling.
_CONJUGATION_SUFFIXES = ("an", "en", "as", "es", "a", "e", "o")


def message_keys(token: str) -> frozenset[str]:
    """A message word's keys, and those of the word its diminutive is made from ("humito" meets a trigger's "humo";
    a trigger's own diminutive — "bajito" — stays itself: "bajo" is no "bajito")."""
    base = undiminished(token)
    return word_keys(token) | word_keys(base) if base else word_keys(token)


def word_keys(token: str) -> frozenset[str]:
    """The forms under which a word matches a trigger word: itself, without its plural ending, with the other
    gender, and the root of its verb family ('v:excav' for excavar, excavando, excavación)."""
    keys = {token}
    if len(token) > 3 and token.endswith("s"):
        keys.add(token[:-1])
        if token.endswith("es") and len(token) > 4:
            keys.add(token[:-2])
    if token.isalpha() and token not in STOPWORDS:
        # gender: barato/barata, dielectrico/dielectrica
        keys.update(k[:-1] + ("o" if k[-1] == "a" else "a") for k in list(keys) if len(k) > 3 and k[-1] in "ao")
        root = next(
            (token[: -len(x)] for x in _DERIVATION_SUFFIXES if token.endswith(x) and len(token) - len(x) >= 4), None
        )
        if root is None:
            root = next(
                (token[: -len(x)] for x in _CONJUGATION_SUFFIXES if token.endswith(x) and len(token) - len(x) >= 5),
                None,
            )
        if root is not None:
            keys.add("v:" + root)
    return frozenset(keys)


@dataclass(frozen=True)
class Trigger:
    tokens: tuple[str, ...]
    keys: tuple[frozenset[str], ...]
    required: tuple[bool, ...]

    @classmethod
    def parse(cls, text: str) -> Trigger | None:
        tokens = tuple(normalize(text).split())
        if not tokens:
            return None
        required = tuple(i in (0, len(tokens) - 1) or tok not in _OPTIONAL_INSIDE for i, tok in enumerate(tokens))
        return cls(tokens, tuple(word_keys(t) for t in tokens), required)

    def match(self, keys: list[frozenset[str]], start: int) -> list[int] | None:
        """Positions of the message matched by this trigger when its first word is at `start`."""
        if not keys[start] & self.keys[0]:
            return None
        positions = [start]
        for wanted, required in zip(self.keys[1:], self.required[1:], strict=True):
            window = range(positions[-1] + 1, min(len(keys), positions[-1] + 2 + _GAP))
            found = next((i for i in window if keys[i] & wanted), None)
            if found is not None:
                positions.append(found)
            elif required:
                return None
        return positions


@dataclass(frozen=True)
class Composition:
    """A function said by a verb and what it acts on, in either order and a few words apart, in any of their
    forms: "saber" with "gas" reads "¿cómo sabemos si hay gas?", "que le pite cuando haya gas", "del gas, ¿cómo nos
    enteramos?". It reads the need from the grammar of Spanish instead of from one phrasing of it."""

    verbs: frozenset[str]
    objects: frozenset[str]
    window: int = _COMPOSITION_WINDOW

    @classmethod
    def parse(cls, raw: Any) -> Composition | None:
        if not isinstance(raw, dict):
            return None
        verbs = frozenset().union(*(_verb_keys(normalize(str(v))) for v in raw.get("verbos") or []))
        objects = frozenset().union(*(_object_keys(normalize(str(o))) for o in raw.get("objetos") or []))
        return cls(verbs, objects, int(raw.get("ventana", _COMPOSITION_WINDOW))) if verbs and objects else None

    def match(self, keys: list[frozenset[str]]) -> list[int] | None:
        """The positions of a verb and of its object, the closest pair first."""
        verbs = [i for i, k in enumerate(keys) if k & self.verbs]
        objects = [i for i, k in enumerate(keys) if k & self.objects]
        pairs = sorted((abs(v - o), v, o) for v in verbs for o in objects if v != o and abs(v - o) <= self.window)
        return [pairs[0][1], pairs[0][2]] if pairs else None


def _verb_keys(word: str) -> frozenset[str]:
    """A verb's keys: its forms' (`word_keys`), its infinitive's, which a short verb needs ("pite": "pitar"), and
    its root's ("quemar": "c:quem")."""
    root = _verb_root(word) if word.endswith(("ar", "er", "ir")) else None
    return word_keys(word) | {"l:" + word, *([root] if root else [])}


def _object_keys(word: str) -> frozenset[str]:
    """An object's key: the word itself (a message's plural meets it through `composition_keys`), never its other
    gender ("herido" is no "herida")."""
    return frozenset({"o:" + word})


# an infinitive or a gerund with its pronouns attached: "lavarse", "sacarlo", "poniendoselos"
_ENCLITIC = re.compile(r"^(\w+?(?:ar|er|ir|ando|iendo))(?:se|me|te|nos|le|les|lo|la|los|las)+$")


# the endings `verb_root` folds, and those of the present and of "-ió": "quema", "sabe", "pelan", "mordió" keep their
# root
_VERB_ENDINGS = (*VERB_SUFFIXES, "io", "an", "en", "as", "es", "a", "e", "o")
_SHORTEST_ROOT = 3


def _verb_root(form: str) -> str | None:
    """The root a verb's forms share ("c:quem" for quemar, quema, quemaron), for the verbs of compositions only: a
    short root is safe there, where an object must be said next to it."""
    ending = next((e for e in _VERB_ENDINGS if form.endswith(e) and len(form) - len(e) >= _SHORTEST_ROOT), None)
    return "c:" + form[: -len(ending)] if ending else None


def composition_keys(token: str) -> frozenset[str]:
    """A message word's keys for compositions: as a verb, its trigger keys, its dictionary lemma ("pite": "pitar")
    and its root ("quema": "quemar"), without the pronouns attached to it ("lavarse": "lavar"); as an object,
    itself and its singular."""
    attached = _ENCLITIC.match(token)
    verb = attached.group(1) if attached else token
    root = _verb_root(verb)
    keys = message_keys(verb) | {verb, "l:" + normalize(dictionary_lemma(verb)), *([root] if root else [])}
    singular = {token[:-2], token[:-1]} if token.endswith("es") else {token[:-1]} if token.endswith("s") else set()
    return keys | {"o:" + form for form in {token, *singular} if form}


@dataclass(frozen=True)
class Protection:
    categoria: str
    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class NeedRule:
    id: str
    triggers: tuple[Trigger, ...]
    protections: tuple[Protection, ...]
    inhibitors: tuple[Trigger, ...] = ()  # words that show the rule does not apply ("se cayó" for "alturas")
    compositions: tuple[Composition, ...] = ()  # a function said by a verb and its object ("saber" + "gas")


@dataclass(frozen=True)
class ConstraintRule:
    id: str
    triggers: tuple[Trigger, ...]
    order: str | None = None
    exclude: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    in_stock_only: bool = False
    inhibitors: tuple[Trigger, ...] = ()  # "cargar cajas" is no request to buy by the box


@dataclass
class NeedsReading:
    """What a message asks for beyond product names."""

    needs: list[NeedRule] = field(default_factory=list)
    constraints: list[ConstraintRule] = field(default_factory=list)
    # rule id -> message positions its triggers matched, and how much they say (more words: a surer reading)
    matched: dict[str, set[int]] = field(default_factory=dict)
    strength: dict[str, float] = field(default_factory=dict)
    # things the customer already has ("ya tengo la máscara ..."): context, not what is asked for
    possessed: list[tuple[str, ...]] = field(default_factory=list)
    # positions of words that explain rather than ask: possessions and reasons ("porque en la entrada hay detector")
    context_positions: set[int] = field(default_factory=set)
    negated: list[tuple[str, ...]] = field(default_factory=list)
    # where the wanted product goes on the body ("¿con qué me cubro las rodillas?"): the protection that covers it
    destinations: list[Protection] = field(default_factory=list)
    # token positions explained by need triggers or negations: they are not words of a product name
    consumed: set[int] = field(default_factory=set)

    @property
    def exclude_terms(self) -> list[str]:
        return [term for c in self.constraints for term in c.exclude]

    @property
    def prefer_terms(self) -> list[str]:
        return [term for c in self.constraints for term in c.prefer]

    @property
    def order(self) -> str | None:
        return next((c.order for c in self.constraints if c.order), None)

    @property
    def in_stock_only(self) -> bool:
        return any(c.in_stock_only for c in self.constraints)


def _terms(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(str(v)) for v in values or [] if normalize(str(v))))


def _triggers(values: Any) -> tuple[Trigger, ...]:
    parsed = (Trigger.parse(str(v)) for v in values or [])
    return tuple(dict.fromkeys(t for t in parsed if t is not None))


class NeedsInterpreter:
    def __init__(self, data: dict[str, Any]) -> None:
        self.rules: list[NeedRule] = []
        for raw in data.get("reglas", []):
            protections = tuple(
                Protection(str(p.get("categoria", "")), _terms(p.get("terminos")), float(p.get("peso", 1.0)))
                for p in raw.get("protecciones", [])
                if isinstance(p, dict)
            )
            triggers = _triggers(raw.get("disparadores"))
            parsed = (Composition.parse(c) for c in raw.get("composiciones") or [])
            compositions = tuple(c for c in parsed if c is not None)
            if (triggers or compositions) and protections:
                inhibitors = _triggers(raw.get("inhibidores"))
                rule = NeedRule(str(raw.get("id", "")), triggers, protections, inhibitors, compositions)
                self.rules.append(rule)
        self.constraints: list[ConstraintRule] = []
        for raw in data.get("restricciones", []):
            triggers = _triggers(raw.get("disparadores"))
            if not triggers:
                continue
            self.constraints.append(
                ConstraintRule(
                    id=str(raw.get("id", "")),
                    triggers=triggers,
                    order=raw.get("orden") or None,
                    exclude=_terms(raw.get("excluir_terminos")),
                    prefer=_terms(raw.get("preferir_terminos")),
                    in_stock_only=raw.get("filtro") == "en_stock",
                    inhibitors=_triggers(raw.get("inhibidores")),
                )
            )
        # rule category (normalised) -> the names other catalogues give it ("dotacion", "seguridad vial", ...);
        # each entry is {"alias": [...], "razon": "..."}
        self.category_aliases: dict[str, frozenset[str]] = {}
        for category, entry in (data.get("alias_categorias") or {}).items():
            aliases = entry.get("alias") if isinstance(entry, dict) else entry
            if isinstance(aliases, list):
                self.category_aliases[normalize(str(category))] = frozenset(normalize(str(a)) for a in aliases)
        self._composed = [rule for rule in self.rules if rule.compositions]  # read per message: listed once
        self._by_first_key: dict[str, list[tuple[Trigger, NeedRule | ConstraintRule]]] = {}
        for owner in self._owners:
            for trigger in owner.triggers:
                for key in trigger.keys[0]:
                    self._by_first_key.setdefault(key, []).append((trigger, owner))

    @property
    def _owners(self) -> list[NeedRule | ConstraintRule]:
        return [*self.rules, *self.constraints]

    @property
    def words(self) -> set[str]:
        """Every word the rules use (triggers and product terms): valid targets for typo correction."""
        found: set[str] = set()
        for owner in self._owners:
            for trigger in owner.triggers:
                found.update(trigger.tokens)
        for rule in self.rules:
            for protection in rule.protections:
                for term in protection.terms:
                    found.update(term.split())
        for constraint in self.constraints:
            for term in (*constraint.exclude, *constraint.prefer):
                found.update(term.split())
        return {w for w in found if w.isalpha()}

    @property
    def categories(self) -> set[str]:
        return {p.categoria for r in self.rules for p in r.protections if p.categoria}

    def read(self, tokens: list[str]) -> NeedsReading:
        reading = NeedsReading()
        keys = [message_keys(t) for t in tokens]
        for start, token_keys in enumerate(keys):
            tried: set[int] = set()
            for key in token_keys:
                for trigger, owner in self._by_first_key.get(key, ()):
                    if id(trigger) in tried:
                        continue
                    tried.add(id(trigger))
                    positions = trigger.match(keys, start)
                    if positions is None:
                        continue
                    self._record(reading, owner, positions, tokens)
        self._read_compositions(reading, tokens)
        inhibited = [rule for rule in reading.needs if any(_found(t, keys) for t in rule.inhibitors)]
        for rule in inhibited:
            reading.needs.remove(rule)
            reading.matched.pop(rule.id, None)
            reading.strength.pop(rule.id, None)
        for constraint in [c for c in reading.constraints if any(_found(t, keys) for t in c.inhibitors)]:
            reading.constraints.remove(constraint)
            reading.matched.pop(constraint.id, None)
            reading.strength.pop(constraint.id, None)
        # words that read as a need are explained by it; a constraint's words ("desechable") still describe products
        needs = {rule.id for rule in reading.needs}
        reading.consumed = {
            p for rule_id, ps in reading.matched.items() if rule_id in needs for p in ps if is_content_word(tokens[p])
        }
        negated_positions: set[int] = set()
        for phrase, positions in negated_phrases(tokens):
            if phrase not in reading.negated:
                reading.negated.append(phrase)
            reading.consumed.update(positions)
            negated_positions.update(positions)
        # "nada de electricidad": a need read only from words the customer rules out is no need
        for rule in [r for r in reading.needs if reading.matched.get(r.id, set()) <= negated_positions]:
            reading.needs.remove(rule)
            reading.matched.pop(rule.id, None)
            reading.strength.pop(rule.id, None)
        reading.destinations = body_destinations(tokens)
        for phrase, positions in possessed_phrases(tokens):
            reading.possessed.append(phrase)
            reading.context_positions.update(positions)
        reading.context_positions.update(reason_positions(tokens))
        reading.context_positions.update(host_positions(tokens))
        reading.context_positions.update(place_positions(tokens))
        return reading

    def _read_compositions(self, reading: NeedsReading, tokens: list[str]) -> None:
        if not self._composed:
            return
        keys = [composition_keys(t) for t in tokens]
        for rule in self._composed:
            for composition in rule.compositions:
                positions = composition.match(keys)
                if positions is not None:
                    self._record(reading, rule, positions, tokens)

    @staticmethod
    def _record(
        reading: NeedsReading,
        owner: NeedRule | ConstraintRule,
        positions: list[int],
        tokens: list[str],
    ) -> None:
        if isinstance(owner, NeedRule):
            if owner not in reading.needs:
                reading.needs.append(owner)
        elif owner not in reading.constraints:
            reading.constraints.append(owner)
        matched = reading.matched.setdefault(owner.id, set())
        matched.update(positions)
        reading.strength[owner.id] = sum(1.0 if is_content_word(tokens[p]) else 0.5 for p in matched)


def _found(trigger: Trigger, keys: list[frozenset[str]]) -> bool:
    return any(trigger.match(keys, start) is not None for start in range(len(keys)))


_REFLEXIVE_INFINITIVE = re.compile(r"(?:ar|er|ir)(?:me|te|se|nos)$")


def _phrase_after(tokens: list[str], start: int) -> tuple[tuple[str, ...], list[int]]:
    """The thing named right after a negation: skip articles, take a content word and an optional 'de X'."""
    i = start
    while i < len(tokens) and tokens[i] in _ARTICLES:
        i += 1
    if (
        i >= len(tokens)
        or not is_content_word(tokens[i])
        or tokens[i] in _REJECTING_VERBS
        or _REFLEXIVE_INFINITIVE.search(tokens[i])  # "sin cortarme", "sin mojarme": a hazard, not a product
    ):
        return (), []
    words, positions = [tokens[i]], [i]
    if i + 2 < len(tokens) and tokens[i + 1] == "de" and is_content_word(tokens[i + 2]):
        words.append(tokens[i + 2])
        positions.append(i + 2)
    return tuple(words), positions


def _negation_start(words: list[str], i: int) -> int | None:
    """Where the negated thing starts when words[i] opens a negation ('sin', 'nada de', 'que no sea', ...)."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    if word in {"sin", "excepto"} or (word == "menos" and following not in {"de", "que"}):
        return i + 1
    if (word == "nada" and following == "de") or (word.startswith("alergi") and following in {"a", "al"}):
        return i + 2
    if word == "no" and following in {"sea", "sean"}:
        return i + 2
    return None


def negated_phrases(tokens: list[str]) -> list[tuple[tuple[str, ...], list[int]]]:
    """Things the customer does not want: 'sin X', 'que no sea X', 'no quiero X', 'X no necesito', 'alergia al X'."""
    found: list[tuple[tuple[str, ...], list[int]]] = []
    for i, word in enumerate(tokens):
        start = _negation_start(tokens, i)
        if start is None and word == "no" and i + 1 < len(tokens):
            verb = i + 2 if tokens[i + 1] == "me" and i + 2 < len(tokens) else i + 1
            if tokens[verb] in _REJECTING_VERBS:
                phrase, positions = _phrase_after(tokens, verb + 1)
                if not phrase and i > 0 and is_content_word(tokens[i - 1]):
                    # "casco no necesito" / "los cortos no me sirven": the thing comes before the negation
                    phrase, positions = (tokens[i - 1],), [i - 1]
                if phrase:
                    found.append((phrase, positions))
        elif start is not None:
            phrase, positions = _phrase_after(tokens, start)
            if phrase:
                found.append((phrase, positions))
    return found


@lru_cache(maxsize=1)
def needs_interpreter() -> NeedsInterpreter:
    """The rules shipped with the package: `lexicon/necesidades.json` plus the hazard model in `lexicon/dominio/*.json`
    (one file per family of hazards; their `reglas` join the others)."""
    lexicon = resources.files("agente_vendedor.language.lexicon")
    source = lexicon.joinpath("necesidades.json")
    data: dict[str, Any] = json.loads(source.read_text("utf-8")) if source.is_file() else {}
    domain = lexicon.joinpath("dominio")
    if domain.is_dir():
        for part in sorted((p for p in domain.iterdir() if p.name.endswith(".json")), key=lambda p: p.name):
            data.setdefault("reglas", []).extend(json.loads(part.read_text("utf-8")).get("reglas", []))
    return NeedsInterpreter(data)


@lru_cache(maxsize=1)
def _body_parts() -> dict[str, Protection]:
    """Body-part word -> the protection that covers it (`lexicon/partes_del_cuerpo.json`)."""
    source = resources.files("agente_vendedor.language.lexicon").joinpath("partes_del_cuerpo.json")
    parts: dict[str, Protection] = {}
    for entry in json.loads(source.read_text("utf-8")).get("partes", []):
        protection = Protection(str(entry.get("categoria", "")), _terms(entry.get("terminos")), 1.0)
        for word in entry.get("palabras", []):
            parts[normalize(str(word))] = protection
    return parts


# a verb of wearing, using, protecting or covering governs the body part: "le pongo en", "se usa en", "cuidar los"
_WEARING = re.compile(r"(?:pon|pong|pus|us[aeo]|llev|proteg|protej|cubr|tap[aeo]|cuid|sirv)\w*")
# "protege todo excepto las manos" leaves the part out; "el casco que ya usan en la obra" is worn already
_LEAVING_OUT = frozenset({"menos", "excepto", "salvo", "sin"})
_PART_PREPOSITIONS = frozenset({"en", "a", "al", "pa", "pal", "para", "de", "del", "los", "las", "el", "la"})
_PART_DETERMINERS = frozenset({"el", "la", "los", "las", "mi", "mis", "su", "sus", "tus", "nuestras", "nuestros"})
_BEFORE_PART = _PART_DETERMINERS | _PART_PREPOSITIONS
_WEARING_WINDOW = 7
# "algo para los codos", "qué tienen para las manos", "pal cuerpo": a part after the preposition of purpose is what the
# thing is for; "se para frente al horno" is the verb "pararse" (a pronoun before it)
_PURPOSE = frozenset({"para", "pa", "pal"})
_PRONOUNS_OF_A_VERB = frozenset({"se", "me", "te", "le", "les", "nos", "lo", "la"})


def body_destinations(tokens: list[str]) -> list[Protection]:
    """The protections for the body parts a wanted product goes on: a part after its determiner (and preposition),
    governed by a verb of wearing a few words before ("¿con qué me cubro las rodillas?", "algo pa cuidar las
    manos"), or the part something is for ("algo liviano para los brazos"); a part that only tells what happened ("le
    duelen los pies") is no destination."""
    parts = _body_parts()
    found: list[Protection] = []
    for i, word in enumerate(tokens):
        protection = parts.get(word)
        if protection is None or i == 0 or tokens[i - 1] not in _BEFORE_PART or protection in found:
            continue
        if i > 1 and tokens[i - 2] in _LEAVING_OUT:
            continue
        if _worn_there(tokens, i) or _purpose_of(tokens, i):
            found.append(protection)
    return found


def _worn_there(tokens: list[str], part: int) -> bool:
    start = max(0, part - _WEARING_WINDOW)
    verbs = [j for j in range(start, part - 1) if _WEARING.fullmatch(tokens[j])]
    return any(j == 0 or tokens[j - 1] != "ya" for j in verbs)


def _purpose_of(tokens: list[str], part: int) -> bool:
    preposition = part - 1 if tokens[part - 1] in _PURPOSE else part - 2
    if preposition < 0 or tokens[preposition] not in _PURPOSE:
        return False
    if preposition == part - 2 and tokens[part - 1] not in _PART_DETERMINERS:
        return False
    return preposition == 0 or tokens[preposition - 1] not in _PRONOUNS_OF_A_VERB


_REASON_END = frozenset({"pero", "entonces", "asi", "necesito", "quiero", "mandeme", "mandame"})


def reason_positions(tokens: list[str]) -> set[int]:
    """Words of a reason clause ("... porque en la entrada hay detector"): they explain the need."""
    found: set[int] = set()
    i = 0
    while i < len(tokens):
        opens = tokens[i] in {"porque", "pues"} or (
            tokens[i] == "ya" and i + 1 < len(tokens) and tokens[i + 1] == "que"
        )
        if not opens:
            i += 1
            continue
        i += 2 if tokens[i] == "ya" else 1
        while i < len(tokens) and tokens[i] not in _REASON_END:
            found.add(i)
            i += 1
    return found


def _object_before(tokens: list[str], end: int) -> list[int]:
    """The content words of the noun phrase that ends right before `end`, back to its article ("la máscara de
    goma" in "le pongo a la máscara de goma que ya tengo")."""
    positions: list[int] = []
    i = end - 1
    while i >= 0 and len(positions) < 4 and tokens[i] not in _ARTICLES - {"de", "del"}:
        if tokens[i] in _CLAUSE_BREAKS:
            return []
        if is_content_word(tokens[i]):
            positions.append(i)
        i -= 1
    return sorted(positions) if i >= 0 else []


# "¿qué filtro uso en la máscara?", "¿qué le pongo al respirador?": in a question of which, the thing after these
# is what the wanted product goes on or in, not the product wanted
_HOST_PREPOSITIONS = frozenset({"a", "al", "en", "para", "pa", "pal"})
_HOST_ARTICLES = frozenset({"la", "el", "las", "los", "mi", "mis", "su", "sus"})


def host_positions(tokens: list[str]) -> set[int]:
    """Positions of the nouns a wanted product is for, in messages that ask which product fits something:
    "qué filtro uso en la máscara" (máscara), "qué cartucho le pongo al respirador" (respirador)."""
    asking = [i for i, word in enumerate(tokens) if word in {"que", "cual", "cuales"}]
    found: set[int] = set()
    for i in range(2, len(tokens) - 1):
        preposition, article = tokens[i - 1], tokens[i]
        if not asking or asking[0] >= i - 1:
            continue
        contracted = preposition in {"al", "pal"}
        if preposition not in _HOST_PREPOSITIONS or (not contracted and article not in _HOST_ARTICLES):
            continue
        start = i if contracted else i + 1
        if start < len(tokens) and is_content_word(tokens[start]):
            found.add(start)
    return found


# Nouns of a place whose name follows "de": "el páramo de Sumapaz", "la vereda de Sotomayor", "el municipio de Tangua"
_PLACE_NOUNS = frozenset(
    """
    paramo vereda municipio pueblo corregimiento ciudad region departamento barrio sector valle cerro rio puerto
    finca hacienda zona carretera via sede sucursal resguardo cabildo
    """.split()  # noqa: SIM905
)


def place_positions(tokens: list[str]) -> set[int]:
    """Positions of a place's name after its noun and "de" — a word no dictionary knows in any spelling ("en el
    páramo de Sumapaz"): where the customer works, never a product's name or brand, however the catalogue spells one."""
    return {
        i
        for i in range(2, len(tokens))
        if tokens[i - 1] in ("de", "del") and tokens[i - 2] in _PLACE_NOUNS and known_spelling(tokens[i]) is None
    }


def possessed_phrases(tokens: list[str]) -> list[tuple[tuple[str, ...], list[int]]]:
    """Things the customer already has: 'ya tengo el respirador de media cara', 'compré el arnés'."""
    found: list[tuple[tuple[str, ...], list[int]]] = []
    for i, word in enumerate(tokens):
        if word not in _POSSESSING:
            continue
        j = i + 1
        already = i > 0 and tokens[i - 1] == "ya"  # "ya tengo máscara de media cara": owned, article or not
        bare_object = already and j < len(tokens) and is_content_word(tokens[j]) and not tokens[j].isdigit()
        if j >= len(tokens) or (tokens[j] not in _ARTICLES - {"de", "del", "al"} and not bare_object):
            continue  # "tengo 50 mil", "tengo alergia": not an object the customer owns
        while j < len(tokens) and tokens[j] in _ARTICLES:
            j += 1
        positions: list[int] = []
        while j < len(tokens) and len(positions) < 6 and tokens[j] not in _CLAUSE_BREAKS:
            if is_content_word(tokens[j]):
                positions.append(j)
            j += 1
        if positions:
            found.append((tuple(tokens[p] for p in positions), positions))
    for i, word in enumerate(tokens):
        # "la máscara de goma que ya tengo": the object comes before the relative clause
        if word == "que" and i + 2 < len(tokens) and tokens[i + 1] == "ya" and tokens[i + 2] in _POSSESSING:
            positions = _object_before(tokens, i)
            if positions:
                found.append((tuple(tokens[p] for p in positions), positions))
    for i, word in enumerate(tokens):
        # "con la eslinga normal me pego contra el piso": the equipment they use now
        if word in _CURRENT and i > 0 and is_content_word(tokens[i - 1]) and i > 1 and tokens[i - 2] in _ARTICLES:
            found.append(((tokens[i - 1],), [i - 1]))
    return found

"""Re-ranking of the candidates in Python: how well each product answers the analysed message.

Features: weighted coverage of the message's concepts by field (name and synonyms count most, the description
least), name precision, the database's ts_rank, attributes (units, classes, sizes) that match or contradict,
needs rules (their product terms and the category they point to), negations and constraints (exclude, prefer,
budget, price order), stock as a tie-breaker, and exact SKUs.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.db.models import Product
from agente_vendedor.language.attributes import Attribute, compare_attributes, extract_attributes
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import fold_words, is_content_word, stem
from agente_vendedor.search.candidates import CandidateRow, ProductWords, fetch_words, tsquery_clause, version_of
from agente_vendedor.search.needs import NeedRule, Protection, needs_interpreter
from agente_vendedor.search.query_analysis import AnalyzedQuery, Concept
from agente_vendedor.search.vocabulary import CatalogVocabulary

FIELD_WEIGHTS = {"name": 1.0, "synonyms": 0.9, "brand": 0.7, "category": 0.55, "description": 0.5}
_GENERIC_CATEGORY_WORDS = frozenset(
    stem(w)
    for w in normalize(
        "protección protecciones seguridad trabajo equipo equipos elementos elemento contra para de y la el del "
        "los las en industrial industriales"
    ).split()
)
_NEGATORS = ("sin", "no", "libre de", "ni")
_SYNONYM_FACTOR = 0.85  # a synonym from the lexicon is a little less sure than the customer's own word
_CATEGORY_ONLY_FACTOR = 0.25  # weight of a need's category for a product that has none of the need's terms
_CATEGORY_HEAD_WEIGHT = 0.85  # "calzado" in "Calzado de seguridad": the category says what the product is


@dataclass(frozen=True)
class ProductText:
    """A product's words by field, folded the way queries are (built once per product version)."""

    fields: dict[str, frozenset[str]]
    name_content: tuple[str, ...]
    # the nouns the name and each synonym start with: what the product *is* ("gabinete ... para extintor" is a
    # gabinete); a message naming that noun asks for this kind of product
    heads: frozenset[str]
    category_head: str
    negated: frozenset[str]
    folded: str
    # each synonym's content stems, when it has two or more ("casco blanco"): the names the shop files it under
    synonym_phrases: tuple[frozenset[str], ...] = ()
    everything: frozenset[str] = frozenset()  # every stem of every field: most lookups miss, and miss fast
    single: dict[str, float] = field(default_factory=dict)  # stem -> weight of the heaviest field that has it

    @classmethod
    def build(cls, row: ProductWords) -> ProductText:
        name = fold_words(row.nombre)
        synonyms = fold_words(" . ".join(row.sinonimos))
        description = fold_words(row.descripcion)
        category = fold_words(row.categoria)
        fields = {
            "name": frozenset(stem(w) for w in name),
            "synonyms": frozenset(stem(w) for w in synonyms),
            "brand": frozenset(stem(w) for w in fold_words(row.marca or "")),
            "category": frozenset(stem(w) for w in category),
            "description": frozenset(stem(w) for w in description),
        }
        negated: set[str] = set()
        for words in (name, synonyms, description):
            for i, word in enumerate(words[:-1]):
                if word in _NEGATORS or (word == "libre" and words[i + 1] == "de"):
                    j = i + 2 if word == "libre" else i + 1
                    if j < len(words):
                        negated.add(stem(words[j]))
                        if j + 2 < len(words) and words[j + 1] == "de":
                            negated.add(stem(words[j + 2]))
        heads = {_first_noun(name)} | {_first_noun(fold_words(synonym)) for synonym in row.sinonimos}
        category_head = next((s for s in (stem(w) for w in category) if s not in _GENERIC_CATEGORY_WORDS), "")
        return cls(
            fields=fields,
            name_content=tuple(dict.fromkeys(stem(w) for w in name if is_content_word(w))),
            heads=frozenset(h for h in heads if h),
            category_head=category_head,
            negated=frozenset(negated),
            folded=f"{row.nombre} . {' . '.join(row.sinonimos)} . {row.descripcion}",
            synonym_phrases=_synonym_phrases(row.sinonimos),
            everything=frozenset().union(*fields.values()),
            single=_heaviest_fields(fields, category_head),
        )

    def called(self, stems: set[str]) -> bool:
        """The message says one of the shop's own names for the product, every word of it."""
        return any(phrase <= stems for phrase in self.synonym_phrases)

    @property
    def attributes(self) -> list[Attribute]:
        cached = _attribute_cache.get(self.folded)
        if cached is None:
            cached = extract_attributes(self.folded)
            _attribute_cache[self.folded] = cached
        return cached

    def has(self, stems: tuple[str, ...], fields: tuple[str, ...] = tuple(FIELD_WEIGHTS)) -> bool:
        if not all(s in self.everything for s in stems):
            return False
        return any(all(s in self.fields[f] for s in stems) for f in fields)

    def best_field_weight(self, stems: tuple[str, ...]) -> float:
        if len(stems) == 1:
            return self.single.get(stems[0], 0.0)
        if not stems or not all(s in self.everything for s in stems):
            return 0.0
        for name, weight in FIELD_WEIGHTS.items():  # heaviest field first
            if all(s in self.fields[name] for s in stems):
                if weight < _CATEGORY_HEAD_WEIGHT and name == "category" and stems[0] == self.category_head:
                    return _CATEGORY_HEAD_WEIGHT
                if weight < _CATEGORY_HEAD_WEIGHT and all(s in self.fields["category"] for s in stems):
                    return _CATEGORY_HEAD_WEIGHT if stems[0] == self.category_head else weight
                return weight
        return 0.0


def _synonym_phrases(synonyms: Sequence[str]) -> tuple[frozenset[str], ...]:
    phrases = (
        frozenset(stem(w) for w in fold_words(synonym) if is_content_word(w) or w.isdigit()) for synonym in synonyms
    )
    return tuple(p for p in phrases if len(p) >= 2)


def _heaviest_fields(fields: dict[str, frozenset[str]], category_head: str) -> dict[str, float]:
    heaviest: dict[str, float] = {}
    for name, weight in FIELD_WEIGHTS.items():  # heaviest field first
        for word in fields[name]:
            heaviest.setdefault(word, weight)
    if category_head and heaviest.get(category_head, 0.0) < _CATEGORY_HEAD_WEIGHT:
        heaviest[category_head] = _CATEGORY_HEAD_WEIGHT
    return heaviest


def _first_noun(words: list[str]) -> str:
    return next((stem(w) for w in words if w.isalpha() and is_content_word(w)), "")


_attribute_cache: dict[str, list[Attribute]] = {}


class _ProductTextCache:
    """LRU of ProductText by (product id, last update), shared by the container's requests."""

    def __init__(self, size: int = 20000) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, int], ProductText] = OrderedDict()
        self._lock = threading.Lock()

    def _cached(self, key: tuple[int, int]) -> ProductText | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def _store(self, key: tuple[int, int], built: ProductText) -> None:
        with self._lock:
            self._items[key] = built
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            if len(_attribute_cache) > self.size:
                _attribute_cache.clear()

    def get_many(self, session: Session, rows: list[CandidateRow]) -> dict[int, ProductText]:
        """The words of these candidates: from the cache, the missing ones read in one query."""
        found: dict[int, ProductText] = {}
        missing: list[CandidateRow] = []
        for row in rows:
            cached = self._cached((row.id, row.version))
            if cached is None:
                missing.append(row)
            else:
                found[row.id] = cached
        if missing:
            words = fetch_words(session, [row.id for row in missing])
            for row in missing:
                if row.id in words:
                    found[row.id] = ProductText.build(words[row.id])
                    self._store((row.id, row.version), found[row.id])
        return found

    def of_product(self, product: Product) -> ProductText:
        key = (product.id, version_of(product.actualizado))
        cached = self._cached(key)
        if cached is None:
            words = ProductWords(
                product.nombre, product.descripcion, product.categoria, product.marca, tuple(product.sinonimos)
            )
            cached = ProductText.build(words)
            self._store(key, cached)
        return cached


product_texts = _ProductTextCache()


@dataclass
class Scored:
    row: CandidateRow
    text: ProductText
    score: float = 0.0
    lexical: float = 0.0
    lexical_absolute: float = 0.0
    needs: float = 0.0
    details: dict[str, float] = field(default_factory=dict)

    @property
    def relevant(self) -> bool:
        return (
            self.lexical_absolute >= 0.3
            or self.needs >= 0.3
            or self.details.get("sku", 0) > 0
            or (self.lexical >= 0.5 and self.needs > 0)
        )


# A needs trigger's word in a product's name that the need does not point to counts this much ("cara" for a
# "respirador de media cara" when the message is about the face), and a need "points to" a product above this score.
_TRIGGER_ONLY_FACTOR = 0.25
_SECONDARY_RULES = 0.5  # each further need the product answers adds this share of its score
_POINTED = 0.1
_WHOLE = 0.99


def _concept_fraction(concept: Concept, product: ProductText) -> tuple[float, float]:
    """(best field weight of the concept in the product, whether it is in the name or synonyms)."""
    best = 0.0
    in_name = 0.0
    for index, alternative in enumerate(concept.alternatives):
        weight = product.best_field_weight(alternative) * (1.0 if index < concept.exact else _SYNONYM_FACTOR)
        if weight > best:
            best = weight
        if weight >= FIELD_WEIGHTS["synonyms"] * _SYNONYM_FACTOR:
            in_name = 1.0
    if best == 0.0 and len(concept.alternatives[0]) > 1:
        literal = concept.alternatives[0]
        present = sum(1 for s in literal if product.has((s,)))
        best = 0.5 * FIELD_WEIGHTS["description"] * present / len(literal)
    return best, in_name


def _names_kind(alternative: tuple[str, ...], product: ProductText) -> bool:
    """Whether the words say what the product is: its head noun ("gabinete ... para extintor" is a gabinete, not an
    extintor) or its category's ("calzado" for anything in "Calzado de seguridad")."""
    if alternative[0] in product.heads and (len(alternative) == 1 or product.has(alternative)):
        return True
    specific = [s for s in alternative if s not in _GENERIC_CATEGORY_WORDS]
    return specific == [product.category_head] if product.category_head else False


@lru_cache(maxsize=8192)
def _term_stems(term: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _content_or_all(term))


def _terms_score(terms: tuple[str, ...], product: ProductText) -> float:
    """Noisy-or of the rule's terms found in the product (a term in the name counts more than in the text)."""
    missing = 1.0
    for term in terms:
        missing *= 1.0 - 0.6 * product.best_field_weight(_term_stems(term))
    return 1.0 - missing


def category_affinities(session: Session, vocabulary: CatalogVocabulary, rule_category: str) -> dict[str, float]:
    """How much each catalogue category is the one a rule names (names differ between catalogues: "Trabajo en
    alturas" vs "Protección contra caídas"), by shared words and by where the rule's product terms are found."""
    key = ("categoria", rule_category)
    cached = vocabulary.memo.get(key)
    if isinstance(cached, dict):
        return cached
    wanted = {stem(w) for w in normalize(rule_category).split()} - _GENERIC_CATEGORY_WORDS
    affinities: dict[str, float] = {}
    aliases = needs_interpreter().category_aliases.get(normalize(rule_category), frozenset())
    for name in vocabulary.categories:
        if normalize(name) == normalize(rule_category):
            affinities[name.lower()] = 1.0
            continue
        if normalize(name) in aliases:
            affinities[name.lower()] = 0.9
            continue
        offered = {stem(w) for w in normalize(name).split()} - _GENERIC_CATEGORY_WORDS
        if wanted and offered and (wanted <= offered or len(wanted & offered) / len(wanted | offered) >= 0.5):
            affinities[name.lower()] = 0.9
    terms = [
        term
        for rule in needs_interpreter().rules
        for protection in rule.protections
        if normalize(protection.categoria) == normalize(rule_category)
        for term in protection.terms
    ]
    query = " | ".join(q for q in (tsquery_clause([tuple(_content_or_all(t))]) for t in terms) if q)
    if query and not affinities:  # the catalogue names the category otherwise: find it by the rules' terms
        counts: dict[str, int] = dict(
            session.execute(
                text(
                    "SELECT lower(categoria), count(*) FROM productos WHERE activo AND search_vector @@ "
                    "CAST(:q AS tsquery) GROUP BY 1"
                ),
                {"q": query},
            ).all()
        )
        top = max(counts.values(), default=0)
        sizes = {name.lower(): size for name, size in vocabulary.categories.items()}
        for name, count in counts.items():
            share = count / max(sizes.get(name, count), 1)
            if top and count >= 0.5 * top and share >= 0.2 and name not in affinities:
                affinities[str(name)] = 0.75
    vocabulary.memo[key] = affinities
    return affinities


# a value after these is the term's point, however short ("clase k" is no "clase", "tipo 5" no "tipo")
_ATTRIBUTE_KEYS = frozenset({"clase", "tipo", "talla", "nivel", "categoria", "sombra", "din", "calibre", "grado"})


def _content_or_all(term: str) -> list[str]:
    words = term.split()
    kept = [w for i, w in enumerate(words) if is_content_word(w) or (i > 0 and words[i - 1] in _ATTRIBUTE_KEYS)]
    return kept or words


_SYNONYM_KIND_FIT = 0.5


def _kind_fit(terms: tuple[str, ...], product: ProductText) -> float:
    """How surely a term names what the product is, which places it where the rule's category would whatever
    category this catalogue files it under: 1.0 in its own name ("guante dieléctrico" for a "Guante dieléctrico …"),
    half through one of its synonyms (words the customer may never have said must not settle a tie)."""
    fit = 0.0
    for term in terms:
        stems = _term_stems(term)
        if stems and stems[0] in product.heads and all(s in product.fields["name"] for s in stems):
            return 1.0
        if _names_kind(stems, product):
            fit = _SYNONYM_KIND_FIT
    return fit


def _protection_score(
    protection: Protection, product: ProductText, category: str, affinities: dict[str, float]
) -> float:
    category_score = max(affinities.get(category.lower(), 0.0), _kind_fit(protection.terms, product))
    terms_score = _terms_score(protection.terms, product)
    if not terms_score:
        # the category alone says less where catalogues file everything under one name ("Dotación": boots,
        # gloves, knee pads and overalls)
        category_score *= _CATEGORY_ONLY_FACTOR
    return protection.weight * (0.4 * category_score + 0.6 * terms_score)


def score_candidates(
    session: Session, query: AnalyzedQuery, rows: list[CandidateRow], vocabulary: CatalogVocabulary
) -> list[Scored]:
    known_weight = query.total_weight
    unknown_weight = _unknown_weight(query, vocabulary)
    max_rank = max((r.rank for r in rows), default=0.0) or 1.0
    rule_affinities: dict[NeedRule, list[dict[str, float]]] = {
        rule: [category_affinities(session, vocabulary, p.categoria) for p in rule.protections]
        for rule in query.reading.needs
    }
    # a rule read only from words that also name a few products ("h2s" in "busco el monitor de h2s") counts half: the
    # customer named the product rather than told a need
    naming = {p for c in query.concepts if c.trigger for p in c.positions}
    rule_weights = {
        rule: _rule_weight(query.reading.strength.get(rule.id, 1.0))
        * (0.5 if naming and query.reading.matched.get(rule.id, set()) <= naming else 1.0)
        for rule in rule_affinities
    }
    destinations = [
        (d, category_affinities(session, vocabulary, d.categoria) if d.categoria else {})
        for d in query.reading.destinations
    ]
    named_concepts = [c for c in query.concepts if not c.context and c.weight > 0]
    possessed = [tuple(stem(w) for w in phrase) for phrase in query.reading.possessed]
    negated = [tuple(stem(w) for w in phrase) for phrase in query.reading.negated]
    # "botas con puntera": a product whose own text says "sin puntera" is the other one
    wanted_with = {
        stem(after) for word, after in itertools.pairwise(query.tokens) if word == "con" and is_content_word(after)
    }
    excluded = [_term_stems(t) for t in query.reading.exclude_terms]
    preferred = [_term_stems(t) for t in query.reading.prefer_terms]
    skus = {s.lower() for s in query.sku_candidates}
    said = {stem(t) if t.isalpha() else t for t in query.tokens}  # the customer's own words, not their synonyms
    scored: list[Scored] = []
    texts = product_texts.get_many(session, rows)
    for row in rows:
        product = texts.get(row.id)
        if product is None:
            continue
        item = Scored(row=row, text=product)
        details = item.details
        rule_scores = sorted(
            (
                rule_weights[rule]
                * max(
                    _protection_score(p, product, row.categoria, a)
                    for p, a in zip(rule.protections, affinities, strict=True)
                )
                for rule, affinities in rule_affinities.items()
            ),
            reverse=True,
        )
        if rule_scores:
            item.needs = rule_scores[0] + _SECONDARY_RULES * sum(rule_scores[1:])
        matched = in_name = 0.0
        # the customer named what the product is ("un monitor de h2s"): its trigger words qualify that kind
        kinds = [c for c in named_concepts if any(_names_kind(alt, product) for alt in c.alternatives)]
        kind_named = any(not c.trigger for c in kinds)
        for concept in query.concepts:
            fraction, named = _concept_fraction(concept, product)
            # "cara" reads a need and names "respirador de media cara": the word counts where the need points
            discounted = concept.trigger and item.needs < _POINTED and not kind_named
            factor = _TRIGGER_ONLY_FACTOR if discounted else 1.0
            matched += factor * concept.weight * fraction
            in_name += factor * concept.weight * named
        if known_weight > 0:
            item.lexical = matched / known_weight
            item.lexical_absolute = matched / (known_weight + unknown_weight)
            details["lexico"] = item.lexical
            details["nombre"] = 0.15 * in_name / known_weight
            if product.name_content:
                overlap = sum(1 for s in product.name_content if s in query.stems)
                details["precision"] = 0.08 * overlap / len(product.name_content)
            details["rank"] = 0.05 * row.rank / max_rank
        if kinds:
            details["tipo"] = 0.3
            if kind_named and item.lexical >= _WHOLE and in_name >= _WHOLE * known_weight:
                details["nombrado"] = 0.1  # every word said is in its name: the message names this product
        if product.called(said):
            details["nombre_propio"] = 0.15
        if item.needs:
            details["necesidades"] = item.needs
        if destinations:  # "¿con qué me cubro las rodillas?": what covers that part, whatever the story around it
            fit = max(
                max(a.get(row.categoria.lower(), 0.0), _kind_fit(d.terms, product), _terms_score(d.terms, product))
                for d, a in destinations
            )
            details["destino"] = _DESTINATION_WEIGHT * fit - _DESTINATION_MISS
        if query.attributes:
            comparison = compare_attributes(query.attributes, product.attributes)
            details["atributos"] = (
                0.3 * comparison.matched - 0.25 * comparison.conflicting_keyed - 0.08 * comparison.conflicting_measures
            ) / math.sqrt(len(query.attributes))
        penalty = 0.0
        for stems in negated:
            if all(s in product.negated for s in stems):
                penalty -= 0.3
            elif product.has(stems, ("name", "synonyms")):
                penalty += 0.7
        if wanted_with & product.negated:
            penalty += 0.5
        for stems in possessed:
            # what the customer has is the product's kind, by its name or by the product's own synonyms
            if stems and (stems[0] in product.heads or stems[0] in product.fields["synonyms"]):
                penalty += 0.35
        penalty += sum(0.6 for stems in dict.fromkeys(excluded) if is_excluded(product, stems))
        if penalty:
            details["exclusion"] = -penalty
        preference = sum(0.3 for stems in preferred if product.has(stems))
        if preference:
            details["preferencia"] = min(preference, 0.45)
        if query.budget is not None:
            over = (row.precio - query.budget) / query.budget
            details["presupuesto"] = 0.15 if over <= 0.05 else -0.15 - 0.4 * min(1.0, over)
        if row.sku.lower() in skus:
            details["sku"] = 10.0
        details["stock"] = 0.03 if row.stock > 0 else 0.0
        item.score = sum(details.values())
        scored.append(item)
    scored.sort(key=lambda s: (-s.score, s.row.stock <= 0, s.row.precio, s.row.sku))
    return _apply_order(scored, query.reading.order)


_DESTINATION_WEIGHT = 0.6  # the body part a product goes on, said with a verb of wearing: near a named kind
_DESTINATION_MISS = 0.2  # a product for another part of the body


def is_excluded(product: ProductText, stems: tuple[str, ...]) -> bool:
    """Whether the product is the excluded thing: "guante de látex" excludes a latex glove, not one "libre de
    látex" (a word of the excluded thing negated in the product's text)."""
    return product.has(stems) and not any(s in product.negated for s in stems)


_RULE_WEIGHT_BASE, _RULE_WEIGHT_SLOPE, _RULE_WEIGHT_MAX = 0.5, 0.25, 1.5


def _rule_weight(strength: float) -> float:
    """A rule read from several words of the message counts more than one read from a single word."""
    return min(_RULE_WEIGHT_MAX, _RULE_WEIGHT_BASE + _RULE_WEIGHT_SLOPE * strength)


def _unknown_weight(query: AnalyzedQuery, vocabulary: CatalogVocabulary) -> float:
    """Content words the catalogue does not know (and no rule explains) make a product match less complete."""
    used = {p for c in query.concepts for p in c.positions} | query.reading.consumed
    unknown = [
        token
        for position, token in enumerate(query.tokens)
        if position not in used and is_content_word(token) and not vocabulary.is_known(token) and token.isalpha()
    ]
    return len(unknown) * 0.5 * math.log(1.0 + (vocabulary.total + 0.5) / 0.5)


# what an order by "size" compares: the product's largest measure of these dimensions (1 l of agent ~ 1 kg)
_ORDER_DIMENSIONS = {
    "capacidad": ("masa", "volumen"),
    "longitud": ("longitud",),
    "atenuacion": ("nrr", "atenuacion"),
    "tension": ("tension",),
}


def _measure(product: ProductText, dimensions: tuple[str, ...]) -> float | None:
    values = []
    for attribute in product.attributes:
        if attribute.key in dimensions:
            try:
                values.append(float(attribute.upper if attribute.upper is not None else attribute.value))
            except ValueError:
                continue
    return max(values) if values else None


def _apply_order(scored: list[Scored], order: str | None) -> list[Scored]:
    """'más barato', 'el que rinde más', 'el más largo'...: reorder the best-scoring tier by price or by a measure
    (products without that measure after those with it), keep the rest after it."""
    if not order or not scored or "_" not in order:
        return scored
    what, direction = order.rsplit("_", 1)
    if direction not in {"asc", "desc"} or (what != "precio" and what not in _ORDER_DIMENSIONS):
        return scored
    top = scored[0].score
    tier = [s for s in scored if s.score >= max(0.85 * top, top - 0.3)]
    if what == "precio":
        # "el casco más barato": every casco nearly as good as the best casco in the tier competes on price, even
        # when its text matches the message a little less than an unrelated product that made the tier
        best_of_kind: dict[str, float] = {}
        for item in tier:
            for head in item.text.heads:
                best_of_kind[head] = max(best_of_kind.get(head, 0.0), item.score)
        tier += [
            s
            for s in scored
            if s not in tier and any(s.score >= 0.85 * best_of_kind.get(head, math.inf) for head in s.text.heads)
        ]
    rest = [s for s in scored if s not in tier]
    sign = 1.0 if direction == "asc" else -1.0

    def key(item: Scored) -> tuple[bool, float, float]:
        if what == "precio":
            return (False, sign * item.row.precio, -item.score)
        value = _measure(item.text, _ORDER_DIMENSIONS[what])
        return (value is None, sign * (value or 0.0), -item.score)

    tier.sort(key=key)
    return tier + rest

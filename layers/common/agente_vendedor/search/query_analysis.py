"""What a customer's message asks for, as retrieval sees it: product concepts (words with their corrections and
Colombian synonyms, weighted by rarity), attributes, budget, needs/constraints and negations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from agente_vendedor.language.attributes import Attribute, budget_limit, extract_attributes
from agente_vendedor.language.contact_fields import blank_spans
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.lexicon import literal_tokens, synonym_lexicon
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.quantities import find_quantities
from agente_vendedor.language.spanish_words import is_content_word, stem
from agente_vendedor.search.needs import NeedsReading, needs_interpreter
from agente_vendedor.search.vocabulary import CatalogVocabulary

_SKU_LIKE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")
_MODEL_NUMBER = re.compile(r"^\d{3,}$")


@dataclass(frozen=True)
class Concept:
    """One thing named in the message. It is present in a product when any alternative's stems all are."""

    alternatives: tuple[tuple[str, ...], ...]  # stems
    words: tuple[tuple[str, ...], ...]  # the same alternatives as normalised words (for the tsquery)
    exact: int  # the first `exact` alternatives are the customer's own words; the others are synonyms
    weight: float
    positions: tuple[int, ...]
    # explained by a needs trigger or something the customer already has: not what they ask for by name
    context: bool = False
    # a needs trigger's word that also names a few products ("h2s"): a product word only where the need points
    trigger: bool = False


@dataclass
class AnalyzedQuery:
    text: str
    tokens: list[str]
    corrections: dict[str, str]
    concepts: list[Concept]
    attributes: list[Attribute]
    budget: int | None
    reading: NeedsReading
    sku_candidates: list[str]
    # every stem of the message's content words (corrected and expanded), for name precision
    stems: set[str] = field(default_factory=set)

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.concepts)

    @property
    def is_empty(self) -> bool:
        return not (self.concepts or self.reading.needs or self.sku_candidates or self.reading.constraints)


@lru_cache(maxsize=1)
def _synonym_pattern() -> tuple[re.Pattern[str] | None, dict[str, list[int]]]:
    groups = synonym_lexicon().groups
    by_term: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        for term in group:
            by_term.setdefault(term, []).append(index)
    if not by_term:
        return None, by_term
    ordered = sorted(by_term, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(t) for t in ordered) + r")(?![a-z0-9])")
    return pattern, by_term


def _content_words(term: str) -> tuple[str, ...]:
    return tuple(w for w in term.split() if is_content_word(w))


def _alternative(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(stem(w) for w in words), words


_PART_OF = re.compile(r"(?:\bde|\bcon|\bx|\bpor)\s*$")


def without_counts(message: str) -> str:
    """Blank the counts the number grammar reads, except "de/con N <noun>", which describes the product ("arnés de 4
    argollas")."""
    counts = [q for q in find_quantities(message) if q.explicit and not _PART_OF.search(message[: q.start].lower())]
    return blank_spans(message, [(q.start, q.end) for q in counts])


def _correct_tokens(tokens: list[str], vocabulary: CatalogVocabulary) -> tuple[list[str], dict[str, str]]:
    corrected: list[str] = []
    corrections: dict[str, str] = {}
    for token in tokens:
        fixed = vocabulary.correct(token) if is_content_word(token) else None
        if fixed:
            corrections[token] = fixed
            corrected.extend(fixed.split())
        else:
            corrected.append(token)
    return corrected, corrections


# Spanish forms words of one or many with a prefix: "un solo gas" is what the catalogue calls "monogás", "varios
# gases" its "multigás" (only when the catalogue has the composed word)
_PREFIX_OF = {("un", "solo"): "mono", ("una", "sola"): "mono", ("varios",): "multi", ("varias",): "multi"}


def _composed(tokens: list[str], vocabulary: CatalogVocabulary) -> list[str]:
    result: list[str] = []
    i = 0
    while i < len(tokens):
        composed, i = _composed_at(tokens, i, vocabulary)
        result.append(composed)
    return result


def _composed_at(tokens: list[str], i: int, vocabulary: CatalogVocabulary) -> tuple[str, int]:
    """The word at `i` (the composed one when "un solo gas" is one the catalogue knows) and where the next starts."""
    for words, prefix in _PREFIX_OF.items():
        end = i + len(words)
        if tuple(tokens[i:end]) != words or end >= len(tokens) or not tokens[end].isalpha():
            continue
        noun = tokens[end]
        for form in (noun, noun[:-2], noun[:-1]):  # "gas", "gases" -> "gas"
            if vocabulary.is_known(prefix + form):
                return prefix + form, end + 1
    return tokens[i], i + 1


def analyze(message: str, vocabulary: CatalogVocabulary) -> AnalyzedQuery:
    """The message as retrieval reads it; customer data (ids, phones, addresses, names) is blanked first, so that
    it is neither searched for nor read as quantities or model numbers, and so are the counts of units ("4 cilindros
    de 34 litros" searches cylinders of 34 litres, not something with 4 of anything)."""
    message = without_counts(mask_customer_data(message))
    raw_tokens = normalize(message).split()
    tokens, corrections = _correct_tokens(raw_tokens, vocabulary)
    tokens = _composed(literal_tokens(tokens), vocabulary)
    reading = needs_interpreter().read(tokens)
    negated_positions = {p for phrase in reading.negated for p in _positions_of(tokens, phrase)}
    trigger_positions = reading.consumed - negated_positions
    owned = reading.context_positions

    # Synonym groups found in the message: each becomes one concept over the positions it covers.
    spans: list[tuple[int, int, list[int]]] = []
    pattern, by_term = _synonym_pattern()
    if pattern is not None:
        joined = " ".join(tokens)
        starts = _token_starts(tokens)
        for match in pattern.finditer(joined):
            first = starts.index(match.start()) if match.start() in starts else None
            if first is None:
                continue
            count = len(match.group(1).split())
            spans.append((first, first + count, by_term[match.group(1)]))

    concepts: list[Concept] = []
    covered: set[int] = set()
    lexicon = synonym_lexicon()
    for first, end, group_ids in spans:
        positions = [p for p in range(first, end) if is_content_word(tokens[p]) and p not in negated_positions]
        if not positions or any(p in covered for p in positions):
            continue
        literal = tuple(tokens[p] for p in positions)
        alternatives = [_alternative(literal)]
        exact = 1
        for index in group_ids:
            for term in lexicon.groups[index]:
                words = _content_words(term)
                if words and _alternative(words) not in alternatives:
                    alternatives.append(_alternative(words))
        weight = sum(vocabulary.idf(w) for w in literal)
        if weight == 0:
            weights = [sum(vocabulary.idf(w) for w in alt[1]) for alt in alternatives]
            weight = max(weights, default=0.0)
        concepts.append(_concept(vocabulary, alternatives, weight, positions, trigger_positions, owned, exact))
        covered.update(positions)

    for position, token in enumerate(tokens):
        if position in covered or position in negated_positions:
            continue
        if token.isdigit():
            model = _is_model_number if _MODEL_NUMBER.match(token) else _elliptic_size
            if vocabulary.df(token) and model(tokens, position):
                concepts.append(
                    _concept(vocabulary, [_alternative((token,))], vocabulary.idf(token), [position], set(), owned, 1)
                )
            continue
        if not is_content_word(token):
            continue
        alternatives = [_alternative((token,))]
        original = next((wrong for wrong, right in corrections.items() if token in right.split()), None)
        if original:
            alternatives.append(_alternative((original,)))
        for form in vocabulary.name_forms(token):
            if _alternative((form,)) not in alternatives:
                alternatives.append(_alternative((form,)))
        if position + 1 < len(tokens):
            together = vocabulary.joined(token, tokens[position + 1])
            if together:
                alternatives.append(_alternative((together,)))
        weight = vocabulary.idf(token) or max((vocabulary.idf(a[1][0]) for a in alternatives[1:]), default=0.0)
        concepts.append(
            _concept(vocabulary, alternatives, weight, [position], trigger_positions, owned, len(alternatives))
        )

    concepts = _distinct(concepts)
    stems = {s for c in concepts for alt in c.alternatives for s in alt}
    sku_candidates = [t for t in raw_tokens if _SKU_LIKE.match(t) and any(ch.isdigit() for ch in t)]
    return AnalyzedQuery(
        text=message,
        tokens=tokens,
        corrections=corrections,
        concepts=concepts,
        attributes=extract_attributes(message),
        budget=budget_limit(message),
        reading=reading,
        sku_candidates=sku_candidates,
        stems=stems,
    )


# Words that a needs trigger explains still count a little: "arnés" in "con qué conecto el arnés" is context;
# so are the things the customer already has ("ya tengo la máscara ...": they want something for it).
_TRIGGER_WORD_FACTOR = 0.25
_FEW_NAMES = 3  # "h2s" reads a hazard, and also names the one detector made for it
_OWNED_WORD_FACTOR = 0.3
# A word only product descriptions use ("entrada", "aguanta") says less about which product is wanted.
_DESCRIPTION_ONLY_FACTOR = 0.5


def _concept(
    vocabulary: CatalogVocabulary,
    alternatives: list[tuple[tuple[str, ...], tuple[str, ...]]],
    weight: float,
    positions: list[int],
    trigger_positions: set[int],
    owned: set[int],
    exact: int,
) -> Concept:
    context = False
    if not any(vocabulary.names_use(word) for _, words in alternatives for word in words):
        weight *= _DESCRIPTION_ONLY_FACTOR
    names_few = any(0 < vocabulary.name_df.get(w, 0) <= _FEW_NAMES for _, words in alternatives for w in words)
    trigger = bool(positions) and all(p in trigger_positions for p in positions)
    if trigger and not names_few:
        weight *= _TRIGGER_WORD_FACTOR  # a word that a need explains is context… unless few products are named by it
        context = True
    elif positions and all(p in owned for p in positions):
        weight *= _OWNED_WORD_FACTOR
        context = True
    return Concept(
        alternatives=tuple(a[0] for a in alternatives),
        words=tuple(a[1] for a in alternatives),
        exact=exact,
        weight=weight,
        positions=tuple(positions),
        context=context,
        trigger=trigger and names_few,
    )


_MAX_CONCEPTS = 24


def _distinct(concepts: list[Concept]) -> list[Concept]:
    """One concept per thing named (a repeated word counts once), the weightiest few when a message is long."""
    seen: dict[tuple[tuple[str, ...], ...], Concept] = {}
    for concept in concepts:
        seen.setdefault(concept.alternatives, concept)
    kept = sorted(seen.values(), key=lambda c: -c.weight)[:_MAX_CONCEPTS]
    return [c for c in concepts if any(c is k for k in kept)]


def _is_model_number(tokens: list[str], position: int) -> bool:
    """'cartucho 6003', 'respirador 3m 6200' name a model; '100 tapaoidos' is a quantity."""
    if len(tokens) == 1:
        return True
    previous = tokens[position - 1] if position > 0 else ""
    return _names_a_thing(previous) or _elliptic_size(tokens, position)


def _elliptic_size(tokens: list[str], position: int) -> bool:
    """'extintor de 20', 'el gabinete para el de 10': a size whose unit the customer left out (the catalogue's names
    carry the number, so it is searched as a word)."""
    if position < 2 or tokens[position - 1] != "de":
        return False
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    return _names_a_thing(tokens[position - 2]) and not (following and is_content_word(following))


def _names_a_thing(word: str) -> bool:
    return bool(word) and is_content_word(word) and word not in _ATTRIBUTE_KEYWORDS and not word.isdigit()


_ATTRIBUTE_KEYWORDS = frozenset({"talla", "nivel", "clase", "tipo", "calibre", "nrr", "categoria", "sombra", "x"})


def _token_starts(tokens: list[str]) -> list[int]:
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    return starts


def _positions_of(tokens: list[str], phrase: tuple[str, ...]) -> list[int]:
    found: list[int] = []
    for i in range(len(tokens) - len(phrase) + 1):
        if tuple(tokens[i : i + len(phrase)]) == phrase:
            found.extend(range(i, i + len(phrase)))
    # phrases built from non-adjacent words ("punta de acero" from "punta ... de acero") still mark each word
    for word in phrase:
        found.extend(i for i, t in enumerate(tokens) if t == word)
    return sorted(set(found))

"""Product retrieval for the chat and `GET /productos/?q=`.

`retrieve` answers a message with the best products (and in-stock alternatives for those that are out of stock),
`find_product_mentions` finds the products a purchase message names, one per segment, and `related_products`
suggests complements and alternatives (the original system's "productos relacionados"; not offered in the chat
yet). The pipeline: analyse the message (`query_analysis`), gather candidates in PostgreSQL (`candidates`), rank
them in Python (`ranking`), optionally fuse with embeddings (`embeddings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from agente_vendedor.db.models import Product
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.quantities import find_quantities
from agente_vendedor.language.spanish_words import head_stem, is_content_word, stem
from agente_vendedor.search.candidates import CandidateFilters, CandidateRow, Clause, find_candidates, tsquery_clause
from agente_vendedor.search.embeddings import reciprocal_rank_fusion, semantic_ranking
from agente_vendedor.search.lemma_index import lemma_index
from agente_vendedor.search.query_analysis import AnalyzedQuery, analyze
from agente_vendedor.search.ranking import Scored, category_affinities, product_texts, score_candidates
from agente_vendedor.search.vocabulary import CatalogVocabulary, catalog_vocabulary, database_key, pg_lexemes

_CANDIDATES = 80  # ranked in Python at most; each branch in SQL returns up to as many
_RELATIVE_CUTOFF = 0.35
_ALTERNATIVES = 3
_SEMANTIC_ADMITTED = 5  # products found only by embeddings (or lemmas) that may still be shown
_LEMMA_WEIGHT = 2.0  # times the share of the message's lemma weight a product's own text holds


@dataclass
class RetrievalResult:
    products: list[Product]  # best first
    in_stock_alternatives: dict[str, list[Product]] = field(default_factory=dict)
    interpretation: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Search:
    query: AnalyzedQuery
    ranked: list[Scored]
    vocabulary: CatalogVocabulary
    semantic: list[int] = field(default_factory=list)  # product ids by embedding similarity, when available
    # product id -> score by the lemmas its own text shares with the query, relative to the best (1.0), best first
    lemmas: dict[int, float] = field(default_factory=dict)

    @cached_property
    def relevant(self) -> list[Scored]:
        """The ranking the answer uses (built once per search: a turn reads it several times)."""
        if not self.ranked:
            return []
        lexical = self._lexical
        # the lemma ranking reads needs; a message that names a product is served by the lexical ranking alone
        fused = lexical if not self.lemmas else self._with_lemmas(lexical, self._top)
        if not self.semantic:
            return fused
        # reciprocal rank fusion with the semantic ranking; its top few may join
        by_id = {s.row.id: s for s in self.ranked}
        allowed = {s.row.id for s in fused}.union(self.semantic[:_SEMANTIC_ADMITTED])
        order = reciprocal_rank_fusion([[s.row.id for s in fused], [i for i in self.semantic if i in by_id]])
        return [by_id[i] for i in order if i in allowed and i in by_id]

    @property
    def _top(self) -> float:
        return max((s.score for s in self.ranked), default=0.0)

    @cached_property
    def _lexical(self) -> list[Scored]:
        return [s for s in self.ranked if s.relevant and s.score >= _RELATIVE_CUTOFF * self._top]

    @property
    def names_a_product(self) -> bool:
        """The message names a product by its name words (not only a need described)."""
        return bool(self._lexical) and self._lexical[0].lexical_absolute >= _NAMED

    def _with_lemmas(self, lexical: list[Scored], top: float) -> list[Scored]:
        """The lexical ranking with each product's lemma score added (a share of it: the rules and names read the
        message more surely than shared words do); the lemma ranking's top few may join."""
        by_id = {s.row.id: s for s in self.ranked}
        admitted = [by_id[i] for i in list(self.lemmas)[:_SEMANTIC_ADMITTED] if i in by_id]
        pool = list({s.row.id: s for s in [*lexical, *admitted]}.values())

        def fused(item: Scored) -> float:
            # the words it shares never bring back what the customer ruled out ("alérgica al látex")
            shared = 0.0 if item.details.get("exclusion", 0.0) < 0 else self.lemmas.get(item.row.id, 0.0)
            return item.score / top + _LEMMA_WEIGHT * shared

        return sorted(pool, key=lambda item: -fused(item))


def _concept_df(vocabulary: CatalogVocabulary, words: tuple[tuple[str, ...], ...]) -> int:
    return sum(min(vocabulary.df(w) for w in alternative) for alternative in words if alternative)


def _search(
    session: Session,
    message: str,
    *,
    categoria: str | None = None,
    en_stock: bool | None = None,
    include_inactive: bool = False,
) -> _Search:
    """One search, done once per session (a chat turn asks the same text several times: the whole message, its
    product segments, their candidates)."""
    memo: dict[tuple[str, str | None, bool | None, bool], _Search] = session.info.setdefault("busquedas", {})
    key = (message.strip(), categoria, en_stock, include_inactive)
    if key not in memo:
        memo[key] = _run_search(
            session, key[0], categoria=categoria, en_stock=en_stock, include_inactive=include_inactive
        )
    return memo[key]


def _run_search(
    session: Session,
    message: str,
    *,
    categoria: str | None = None,
    en_stock: bool | None = None,
    include_inactive: bool = False,
) -> _Search:
    vocabulary = catalog_vocabulary(session, normalize(message).split())
    query = analyze(message, vocabulary)
    if query.is_empty:
        return _Search(query, [], vocabulary)
    pg_lexemes(session, [w for c in query.concepts for alternative in c.words for w in alternative])
    clauses = [
        Clause(tsquery_clause(list(c.words)), _concept_df(vocabulary, c.words)) for c in query.concepts if c.weight > 0
    ]
    needs_queries: list[str] = []
    categories: list[str] = []
    for rule in query.reading.needs:
        for protection in rule.protections:
            needs_queries.append(tsquery_clause([tuple(t.split()) for t in protection.terms]))
            affinities = category_affinities(session, vocabulary, protection.categoria)
            categories.extend(name for name, value in affinities.items() if value >= 0.75 and name not in categories)
    if query.reading.prefer_terms:
        needs_queries.append(tsquery_clause([tuple(t.split()) for t in query.reading.prefer_terms]))
    semantic = semantic_ranking(session, message, limit=_CANDIDATES // 2)
    lemmas = {} if _names_products(query, vocabulary) else _lemma_ranking(session, message, vocabulary)
    rows = find_candidates(
        session,
        clauses,
        needs_queries=needs_queries,
        categories=categories,
        skus=query.sku_candidates,
        ids=[*semantic, *lemmas],
        filters=CandidateFilters(categoria=categoria, en_stock=en_stock, include_inactive=include_inactive),
        limit=_CANDIDATES,
    )
    ranked = score_candidates(session, query, rows, vocabulary)
    if query.reading.in_stock_only and any(s.row.stock > 0 for s in ranked):
        ranked = [s for s in ranked if s.row.stock > 0]
    return _Search(query, ranked, vocabulary, semantic, lemmas)


def _names_products(query: AnalyzedQuery, vocabulary: CatalogVocabulary) -> bool:
    """The message names products by their own name words and describes no need: the lexical ranking serves it (and
    the lemma index is neither built nor walked)."""
    if query.reading.needs:
        return False
    return any(not c.context and any(vocabulary.names_use(w) for alt in c.words for w in alt) for c in query.concepts)


def _lemma_ranking(session: Session, message: str, vocabulary: CatalogVocabulary) -> dict[int, float]:
    index = lemma_index(session, database_key(session), vocabulary.version)
    return index.scores(mask_customer_data(message), limit=_CANDIDATES // 2)


def _load(session: Session, ids: list[int]) -> list[Product]:
    if not ids:
        return []
    query = (
        select(Product).where(Product.id.in_(ids)).options(defer(Product.search_vector), defer(Product.search_document))
    )
    by_id = {p.id: p for p in session.scalars(query)}
    return [by_id[i] for i in ids if i in by_id]


def rank_products(
    session: Session,
    q: str,
    *,
    categoria: str | None = None,
    en_stock: bool | None = None,
    include_inactive: bool = False,
    limit: int = 200,
) -> list[Product]:
    """Products relevant to `q`, best first (the same ranking as the chat)."""
    search = _search(session, q, categoria=categoria, en_stock=en_stock, include_inactive=include_inactive)
    return _load(session, [s.row.id for s in search.relevant[:limit]])


def search_products(
    session: Session,
    q: str,
    *,
    categoria: str | None = None,
    en_stock: bool | None = None,
    limit: int = 20,
    offset: int = 0,
    include_inactive: bool = False,
) -> tuple[list[Product], int]:
    """One page of the products matching `q`, best first, and how many match in all (`GET /productos/?q=`)."""
    ranked = rank_products(session, q, categoria=categoria, en_stock=en_stock, include_inactive=include_inactive)
    return ranked[offset : offset + limit], len(ranked)


def _interpretation(query: AnalyzedQuery) -> dict[str, Any]:
    reading = query.reading
    interpretation: dict[str, Any] = {
        "necesidades": [rule.id for rule in reading.needs],
        "restricciones": [constraint.id for constraint in reading.constraints],
        "correcciones": dict(query.corrections),
    }
    if reading.negated:
        interpretation["excluidos"] = [" ".join(phrase) for phrase in reading.negated]
    if query.budget is not None:
        interpretation["presupuesto_max"] = query.budget
    if query.attributes:
        interpretation["atributos"] = [
            f"{a.key}={a.value}" + (f"..{a.upper}" if a.upper is not None else "") for a in query.attributes
        ]
    if reading.order:
        interpretation["orden"] = reading.order
    return interpretation


def retrieve(session: Session, message: str, *, limit: int = 5, categoria: str | None = None) -> RetrievalResult:
    """The products that best answer a customer's message, and in-stock alternatives for the out-of-stock ones."""
    search = _search(session, message, categoria=categoria)
    best = search.relevant[:limit]
    products = _load(session, [s.row.id for s in best])
    alternatives: dict[str, list[Product]] = {}
    for scored in best:
        if scored.row.stock <= 0:
            alternatives[scored.row.sku] = _in_stock_alternatives(session, scored, search)
    return RetrievalResult(products, alternatives, _interpretation(search.query))


def _in_stock_alternatives(session: Session, missing: Scored, search: _Search) -> list[Product]:
    """In-stock products closest to an out-of-stock one: first those the same message ranked in its category,
    then the ones most like its name."""
    chosen: list[int] = [
        s.row.id
        for s in search.relevant
        if s.row.stock > 0 and s.row.categoria == missing.row.categoria and s.row.id != missing.row.id
    ][:_ALTERNATIVES]
    if len(chosen) < _ALTERNATIVES:
        similar = _search(session, missing.row.nombre, en_stock=True)
        for s in similar.relevant:
            if len(chosen) >= _ALTERNATIVES:
                break
            if s.row.id not in chosen and s.row.id != missing.row.id:
                chosen.append(s.row.id)
    return _load(session, chosen)


# --- purchase messages -------------------------------------------------------------------------------------------

# "y" after a preposition is the letter of a shape ("eslinga en y", "conector tipo y"), not a conjunction
_SEPARATORS = re.compile(
    r"[,;:!?\n]+|\.(?!\d)|(?<!\ben)(?<!\bde)(?<!\btipo)(?<!\bforma)\s+y\s+"
    r"|\s+(?:e(?=\s+h?[ií])|tambi[eé]n|adem[aá]s|mas|junto con|aparte|con sus?)\s+|\s\+\s"
)
_ATTRIBUTE_WORDS = re.compile(r"(talla|nivel|clase|tipo|calibre|nrr|de|x|por|categoria|sombra)$")
_NAMED = 0.45


def _pieces(message: str) -> list[str]:
    pieces: list[str] = []
    for part in _SEPARATORS.split(message):
        part = part.strip()
        if not part:
            continue
        start = 0
        # a new product starts at each count the number grammar reads ("3 cascos 2 gafas"; not "respirador 6200")
        for count in find_quantities(part):
            before = part[start : count.start].strip()
            if count.explicit and before and not _ATTRIBUTE_WORDS.search(normalize(before)):
                pieces.append(before)
                start = count.start
        if part[start:].strip():
            pieces.append(part[start:].strip())
    return pieces[:8]


def find_product_mentions(session: Session, message: str) -> list[tuple[Product, str]]:
    """The products a purchase message names, best product per segment, in message order, each with its segment
    text ("quiero 3 cascos y dos docenas de tapones de espuma" -> casco with "quiero 3 cascos", tapones de espuma
    with "dos docenas de tapones de espuma"). A message about one product gives one mention (its best product, with
    the whole message as context); words that name no product join the segment before them."""
    pieces = _pieces(message)
    mentions: list[tuple[int, list[str]]] = []  # (product id, segment pieces)
    named: dict[int, Scored] = {}
    pending: list[str] = []
    for piece in pieces:
        top = _named_in(piece, _search(session, piece).relevant)
        if top is not None:
            named[top.row.id] = top
            if mentions and mentions[-1][0] == top.row.id:
                mentions[-1][1].append(piece)
            else:
                mentions.append((top.row.id, [*pending, piece]))
            pending = []
        elif mentions:
            mentions[-1][1].append(piece)
        else:
            pending.append(piece)
    distinct = list(dict.fromkeys(product_id for product_id, _ in mentions))
    if len(distinct) <= 1:
        whole = _search(session, message).relevant
        if not whole:
            return []
        best = whole[0]
        # the words around the purchase ("para el taller grande de la finca") may favour a sibling of the product the
        # purchase named: the one whose name holds more of the numbers said ("de 10 lb") stays
        said = {w for w in normalize(message).split() if w.isdigit()}
        if distinct and _numbers_named(said, named[distinct[0]]) > _numbers_named(said, best):
            best = named[distinct[0]]
        return [(product, message.strip()) for product in _load(session, [best.row.id])]
    segments: dict[int, list[str]] = {}
    for product_id, segment in mentions:
        segments.setdefault(product_id, []).extend(segment)
    products = {p.id: p for p in _load(session, distinct)}
    return [(products[i], " ".join(segments[i])) for i in distinct if i in products]


_HEAD_CANDIDATES = 3
# a model code: letters and digits ("n95", "l4") or three digits or more ("6003"); "20" is a measure
_CODE = re.compile(r"(?=\w*[a-z])(?=\w*\d)[\w\-./]+|\d{3,}")


def _numbers_named(said: set[str], candidate: Scored) -> int:
    """How many of the numbers said the candidate's name holds."""
    return len(said & candidate.text.fields["name"])


def _named_in(piece: str, relevant: list[Scored]) -> Scored | None:
    """The product a piece of a purchase names: the best one named by what it is (the noun its name or a synonym
    starts with: "2 extintores de 20" is an extinguisher, not the "gabinete para extintor de 20"), or by its SKU or a
    code of its name; else the best one if the piece counts units of it. "laboro en una mina" says where, not the
    "lámpara de mina"."""
    named = [s for s in relevant[:_HEAD_CANDIDATES] if s.lexical_absolute >= _NAMED or s.details.get("sku", 0) > 0]
    stems = {stem(w) for w in normalize(piece).split()}
    codes = {s for s in stems if _CODE.fullmatch(s)}
    for candidate in named:
        if stems & candidate.text.heads or codes & candidate.text.fields["name"] or candidate.details.get("sku", 0) > 0:
            return candidate
    counted = named and relevant[0] is named[0] and any(q.explicit for q in find_quantities(piece))
    return named[0] if counted else None


def mention_candidates(session: Session, text: str, *, limit: int = 3) -> list[tuple[Product, float]]:
    """The products a stretch of text may name, best first (the fused order), each with its score relative to the
    best lexical score, in 0..1."""
    relevant = _search(session, text).relevant[:limit]
    if not relevant:
        return []
    top = max(s.score for s in relevant)
    products = {p.id: p for p in _load(session, [s.row.id for s in relevant])}
    relative = [(products[s.row.id], s.score / top if top > 0 else 0.0) for s in relevant if s.row.id in products]
    return [(product, min(max(score, 0.0), 1.0)) for product, score in relative]


# --- related products ------------------------------------------------------------------------------------------


def related_products(session: Session, product: Product, limit: int = 3) -> list[Product]:
    """Complements first (respirator -> its cartridges, helmet -> chin strap), then close alternatives of the same
    category; in-stock products preferred."""
    vocabulary = catalog_vocabulary(session)
    head = head_stem(product.nombre)
    words = normalize(f"{product.descripcion} {' '.join(product.sinonimos)}").split()
    pg_lexemes(session, words)
    description_words = [w for w in words if is_content_word(w) and w.isalpha() and vocabulary.df(w)]
    informative = sorted(set(description_words), key=vocabulary.df)[:8]
    clauses = [Clause(tsquery_clause([(w,)]), vocabulary.df(w)) for w in [head, *informative] if w]
    rows = find_candidates(
        session,
        [],
        needs_queries=[" | ".join(c.query for c in clauses if c.query)],
        categories=[product.categoria],
        limit=90,
    )
    own = product_texts.of_product(product)
    own_stems = own.fields["name"]
    texts = product_texts.get_many(session, rows)
    scored: list[tuple[float, CandidateRow]] = []
    for row in rows:
        other = texts.get(row.id)
        if row.id == product.id or other is None:
            continue
        other_head = head_stem(row.nombre)
        complement = other_head != head and (
            head in other.fields["description"] | other.fields["name"] | other.fields["synonyms"]
            or other_head in own.fields["description"] | own.fields["synonyms"]
        )
        same_category = row.categoria == product.categoria
        overlap = len(own_stems & other.fields["name"]) / max(len(own_stems | other.fields["name"]), 1)
        score = (1.0 if complement else 0.0) + (0.35 if same_category else 0.0) + 0.3 * overlap
        score += 0.1 if row.stock > 0 else 0.0
        if complement or same_category:
            scored.append((score, row))
    scored.sort(key=lambda item: (-item[0], item[1].sku))
    return _load(session, [row.id for _, row in scored[:limit]])


__all__ = [
    "RetrievalResult",
    "find_product_mentions",
    "rank_products",
    "related_products",
    "retrieve",
    "search_products",
]

"""Optional semantic retrieval: Gemini embeddings stored in a pgvector column, fused with the lexical ranking by
reciprocal rank fusion.

Used only when both are there: a Gemini key (`GOOGLE_API_KEY` or `GEMINI_SECRET_ARN`, LLM not forced offline) and the
`productos.embedding vector(768)` column, which migration 0002 adds only where the pgvector extension exists.
Anything missing, or any embedding failure, and retrieval is purely lexical. Product embeddings are filled in by
`refresh_product_embeddings` (a trigger clears a product's embedding when its search document changes).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from agente_vendedor.core.settings import Settings, get_settings
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.platform.secrets import SecretUnavailableError, gemini_api_key

logger = logging.getLogger(__name__)

DIMENSIONS = 768
EMBEDDING_MODEL = "gemini-embedding-001"
RRF_K = 60

# texts -> one vector each; `for_query` tells queries from documents (Gemini embeds them differently)
EmbedFunction = Callable[[Sequence[str], bool], list[list[float]]]

_override: EmbedFunction | None = None
_columns: dict[str, bool] = {}
_lock = threading.Lock()


def use_embedder(function: EmbedFunction | None) -> None:
    """Replace the Gemini embedder (tests use a fake; None restores the default)."""
    global _override
    _override = function
    _query_vectors.clear()


def gemini_embedder(settings: Settings) -> EmbedFunction | None:
    """An embedder calling Gemini, or None without a key or with the LLM forced offline."""
    if settings.llm_provider == "offline":
        return None
    api_key = gemini_api_key(settings)
    if not api_key:
        return None

    client_holder: list[object] = []

    def embed(texts: Sequence[str], for_query: bool) -> list[list[float]]:
        from google import genai
        from google.genai import types

        if not client_holder:
            options = types.HttpOptions(
                timeout=int(settings.retrieval_timeout_s * 1000),
                base_url=settings.gemini_base_url or None,
            )
            client_holder.append(genai.Client(api_key=api_key, http_options=options))
        client = client_holder[0]
        assert isinstance(client, genai.Client)
        response = client.models.embed_content(
            model=EMBEDDING_MODEL,
            contents=list(texts),
            config=types.EmbedContentConfig(
                task_type="RETRIEVAL_QUERY" if for_query else "RETRIEVAL_DOCUMENT",
                output_dimensionality=DIMENSIONS,
            ),
        )
        return [list(e.values or []) for e in response.embeddings or []]

    return embed


_default: list[tuple[Settings, EmbedFunction | None]] = []


def current_embedder() -> EmbedFunction | None:
    """The test override, else this container's Gemini embedder (made once per settings object)."""
    if _override is not None:
        return _override
    settings = get_settings()
    if not _default or _default[0] is not settings:
        try:
            embedder = gemini_embedder(settings)
        except SecretUnavailableError:  # the lexical search stands on its own; the key is tried again next time
            logger.warning("Gemini key unavailable: semantic search skipped")
            return None
        _default[:] = [(settings, embedder)]
    return _default[0][1]


_query_vectors: OrderedDict[str, list[float]] = OrderedDict()


def _query_vector(embed: EmbedFunction, message: str) -> list[float] | None:
    """The message's embedding, remembered for a while: one turn may search the same text several times."""
    cached = _query_vectors.get(message)
    if cached is not None:
        return cached
    vectors = embed([message], True)
    if not vectors or len(vectors[0]) != DIMENSIONS:
        return None
    with _lock:
        _query_vectors[message] = vectors[0]
        while len(_query_vectors) > 256:
            _query_vectors.popitem(last=False)
    return vectors[0]


def has_vector_column(session: Session) -> bool:
    """Whether this database has `productos.embedding` (pgvector); checked once per database and container."""
    bind = session.get_bind()
    key = str(bind.engine.url) if hasattr(bind, "engine") else str(id(bind))
    if key not in _columns:
        found = session.execute(
            text(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'productos' "
                "AND column_name = 'embedding' AND table_schema = current_schema()"
            )
        ).first()
        with _lock:
            _columns[key] = found is not None
    return _columns[key]


def _vector_literal(vector: Sequence[float]) -> str:
    return "[" + ",".join(f"{value:.7g}" for value in vector) + "]"


def semantic_ranking(session: Session, message: str, *, limit: int = 50) -> list[int]:
    """Product ids by cosine similarity to the message's embedding; empty when semantic search is unavailable."""
    if not has_vector_column(session):
        return []
    try:
        embed = current_embedder()  # reads the Gemini key: Secrets Manager may be down
    except Exception as exc:
        logger.warning("Sin embeddings: no se pudo leer la clave de Gemini (%s)", type(exc).__name__)
        return []
    if embed is None:
        return []
    message = mask_customer_data(message)  # the text leaves for the embedding service: no customer data in it
    try:
        vector = _query_vector(embed, message)
    except Exception as exc:  # the lexical ranking stands on its own
        logger.warning("No se pudo calcular el embedding de la consulta: %s", type(exc).__name__)
        return []
    if vector is None:
        return []
    rows = session.execute(
        text(
            "SELECT id FROM productos WHERE activo AND embedding IS NOT NULL "
            "ORDER BY embedding <=> CAST(:v AS vector) LIMIT :n"
        ),
        {"v": _vector_literal(vector), "n": limit},
    )
    return [int(r[0]) for r in rows]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], *, k: int = RRF_K) -> list[int]:
    """Ids ordered by the sum of 1 / (k + rank) over the rankings they appear in (ties: first ranking's order)."""
    scores: dict[int, float] = {}
    first_seen: dict[int, int] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            first_seen.setdefault(item, len(first_seen))
    return sorted(scores, key=lambda item: (-scores[item], first_seen[item]))


def refresh_product_embeddings(session: Session, *, batch: int = 64, maximum: int = 5000) -> int:
    """Embed the active products that have no embedding yet; how many were embedded (0 when unavailable)."""
    embed = current_embedder()
    if embed is None or not has_vector_column(session):
        return 0
    done = 0
    while done < maximum:
        rows = session.execute(
            text("SELECT id, search_document FROM productos WHERE activo AND embedding IS NULL ORDER BY id LIMIT :n"),
            {"n": batch},
        ).all()
        if not rows:
            break
        vectors = embed([str(r[1]) for r in rows], False)
        for (product_id, _), vector in zip(rows, vectors, strict=True):
            session.execute(
                text("UPDATE productos SET embedding = CAST(:v AS vector) WHERE id = :id"),
                {"v": _vector_literal(vector), "id": product_id},
            )
        done += len(rows)
    return done

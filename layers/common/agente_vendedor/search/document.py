"""The search document of a product or company section: normalised text plus lexicon synonyms, built at write time."""

from __future__ import annotations

from collections.abc import Iterable

from agente_vendedor.language.lexicon import synonym_lexicon
from agente_vendedor.language.normalization import normalize


def build_search_document(parts: Iterable[str | None]) -> str:
    base = normalize(" . ".join(part for part in parts if part))
    expansions = synonym_lexicon().expand(base)
    return f"{base} {' '.join(expansions)}".strip()


def product_search_document(
    sku: str, nombre: str, descripcion: str, categoria: str, marca: str | None, sinonimos: Iterable[str]
) -> str:
    # The name is repeated so that its words weigh more than the description's in the ranking.
    return build_search_document([sku, nombre, nombre, categoria, marca, " . ".join(sinonimos), descripcion])

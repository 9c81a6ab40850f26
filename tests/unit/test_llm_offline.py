"""The offline provider answers with the draft, deterministically, streamed in phrases."""

from __future__ import annotations

import random

import pytest

from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.offline import OfflineProvider, split_phrases

DRAFT = (
    "¡Claro! El casco dieléctrico DV-CAB-001 cuesta $38.000 y tenemos 12 unidades disponibles. "
    "Si desea, lo agrego a su pedido, le confirmo el total y le pido sus datos para el despacho.\n"
    "- Total: $76.000\n¿Desea continuar?"
)


def _request(borrador: str = DRAFT) -> PhraseRequest:
    return PhraseRequest(tipo="inventario", tono="amigable", mensaje="precio del casco", borrador=borrador)


def test_phrase_is_the_draft() -> None:
    assert OfflineProvider().phrase(_request()) == DRAFT


def test_stream_pieces_rebuild_the_draft_and_are_never_empty() -> None:
    pieces = list(OfflineProvider().stream_phrase(_request()))
    assert "".join(pieces) == DRAFT
    assert len(pieces) >= 4
    assert all(pieces)
    assert pieces[0] == "¡Claro! "


def test_stream_is_the_same_every_time() -> None:
    provider = OfflineProvider()
    assert list(provider.stream_phrase(_request())) == list(provider.stream_phrase(_request()))


def test_prices_and_codes_are_not_split() -> None:
    pieces = split_phrases("Cuesta $1.250.000, modelo Z89.1. Norma ANSI.")
    assert "".join(pieces) == "Cuesta $1.250.000, modelo Z89.1. Norma ANSI."
    assert any("$1.250.000" in piece for piece in pieces)
    assert any("Z89.1." in piece for piece in pieces)


def test_short_clauses_stay_together_long_ones_split() -> None:
    assert split_phrases("Sí, claro, con gusto.") == ["Sí, claro, con gusto."]
    long_clause = "Tenemos guantes de nitrilo, de vaqueta y dieléctricos para cada trabajo, dígame cuál prefiere"
    assert len(split_phrases(long_clause)) == 2


@pytest.mark.parametrize("text", ["", " ", "\n\n", "Hola", "Hola.\n\nChao.  ", "a, b; c: d. e! f? g… h"])
def test_edge_cases_rebuild_exactly(text: str) -> None:
    pieces = split_phrases(text)
    assert "".join(pieces) == text
    assert all(pieces)


def test_random_texts_rebuild_exactly() -> None:
    rng = random.Random(1581)
    alphabet = "ab c.,;:!?…\n$0123456789ñá"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        pieces = split_phrases(text, min_clause_chars=rng.randint(0, 50))
        assert "".join(pieces) == text
        assert all(pieces)


def test_classify_and_extract_offer_nothing() -> None:
    provider = OfflineProvider()
    assert provider.classify("quiero 3 cascos", (), None) is None
    assert provider.extract_customer_data("soy Ana, cc 1234567") is None
    assert provider.name == "offline"

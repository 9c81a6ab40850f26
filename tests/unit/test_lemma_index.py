"""The lemma ranking: products found by the words of their own text, whatever form the customer uses (examples
written for these tests)."""

from __future__ import annotations

import math

from agente_vendedor.search.lemma_index import LemmaIndex, lemma_keys, related_keys
from agente_vendedor.search.query_analysis import _elliptic_size, without_counts

PRODUCTS = {
    1: "Cinta antideslizante negra para escalones: evita resbalones en superficies lisas",
    2: "Manga veleta naranja: indica la dirección del viento en fugas de gases",
    3: "Tapete de caucho para estar de pie muchas horas, reduce la fatiga de las piernas",
    4: "Guante de carnaza para soldador",
}


def _index() -> LemmaIndex:
    postings: dict[str, list[tuple[int, float]]] = {}
    for pid, text in PRODUCTS.items():
        keys = lemma_keys(text)
        for key in keys:
            postings.setdefault(key, []).append((pid, 1 / math.sqrt(len(keys) + 5)))
    idf = {k: math.log(len(PRODUCTS) / len(v)) for k, v in postings.items()}
    return LemmaIndex(1, postings, idf)


def test_word_forms_meet_their_lemma() -> None:
    assert lemma_keys("se resbalan") & lemma_keys("resbalones")
    assert lemma_keys("las escaleras lisas") & lemma_keys("superficie lisa")


def test_a_need_in_other_words_finds_the_product_by_its_own_text() -> None:
    index = _index()
    assert next(iter(index.scores("la gente se resbala en la escalera porque es muy lisa", limit=3))) == 1
    assert next(iter(index.scores("pa saber pa donde sopla el viento si hay una fuga", limit=3))) == 2
    assert next(iter(index.scores("los operarios pasan de pie y les duelen las piernas", limit=3))) == 3


def test_nothing_shared_ranks_nothing() -> None:
    assert list(_index().scores("horario de atención", limit=3)) == []


def test_counts_are_not_searched_but_parts_are() -> None:
    assert "4" not in without_counts("requiero 4 cilindros de gas de 34 litros").split()
    assert "4" in without_counts("arnés de 4 argollas").split()


def test_a_size_with_its_unit_left_out_is_searched() -> None:
    assert _elliptic_size(["gabinete", "para", "extintor", "de", "20"], 4)
    assert not _elliptic_size(["caja", "de", "20", "tapones"], 2)


def test_words_of_the_same_field_of_the_trade_reach_the_product_at_a_lower_weight() -> None:
    """ "tiritando" shares no word with a thermal blanket's text; its field (cold: temblar, tiritar, manta, térmico)
    does, at half the weight of a word the customer said."""
    texts = {
        1: "Manta térmica aluminizada que conserva el calor corporal",
        2: "Chaleco salvavidas naranja tipo II",
        3: "Linterna recargable de cabeza",
    }
    postings: dict[str, list[tuple[int, float]]] = {}
    for pid, text in texts.items():
        for key in lemma_keys(text):
            postings.setdefault(key, []).append((pid, 1.0))
    index = LemmaIndex(1, postings, {k: math.log(len(texts) / len(v)) for k, v in postings.items()}, len(texts))
    found = index.scores("sacaron al muchacho del río tiritando", limit=3)
    assert next(iter(found)) == 1
    assert 0 < found[1] < 1, "a related word never counts as much as a word said"
    assert related_keys(lemma_keys("tiritando")) & lemma_keys("manta")
    assert not related_keys(lemma_keys("catálogo de precios"))

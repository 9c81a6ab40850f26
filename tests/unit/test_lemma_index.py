"""The lemma ranking: products found by the words of their own text, whatever form the customer uses (examples
written for these tests)."""

from __future__ import annotations

import math

from agente_vendedor.search.lemma_index import LemmaIndex, lemma_keys
from agente_vendedor.search.query_analysis import _elliptic_size, _without_counts

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
    assert "4" not in _without_counts("requiero 4 cilindros de gas de 34 litros").split()
    assert "4" in _without_counts("arnés de 4 argollas").split()


def test_a_size_with_its_unit_left_out_is_searched() -> None:
    assert _elliptic_size(["gabinete", "para", "extintor", "de", "20"], 4)
    assert not _elliptic_size(["caja", "de", "20", "tapones"], 2)

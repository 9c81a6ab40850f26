"""Typo tolerance against the catalogue's and the lexicon's words, and how a message becomes weighted concepts."""

from __future__ import annotations

import pytest

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import fold_words, stem, verb_root
from agente_vendedor.search import vocabulary as vocabulary_module
from agente_vendedor.search.query_analysis import analyze
from agente_vendedor.search.vocabulary import CatalogVocabulary

NAME_WORDS = {
    "tapaoidos": 6, "tapa": 1, "oidos": 3, "desechables": 9, "guantes": 20, "guante": 20, "nitrilo": 5,
    "arnes": 6, "dielectrico": 8, "extintor": 14, "solkaflam": 1, "casco": 13, "cascos": 2, "portalampara": 1,
    "careta": 9, "malla": 3, "botas": 10, "bota": 10, "eslinga": 4, "absorbedor": 3, "ratchet": 5,
    "proteccion": 150, "seguridad": 60, "respirador": 12, "cartucho": 8, "multigas": 2, "6003": 1,
}  # fmt: skip


@pytest.fixture
def vocabulary(monkeypatch: pytest.MonkeyPatch) -> CatalogVocabulary:
    # no PostgreSQL lexemes here: frequencies come from the names (other tests may have filled the shared cache)
    monkeypatch.setattr(vocabulary_module, "_lexemes", {})
    return CatalogVocabulary(
        version=1,
        total=200,
        lexeme_df={},
        name_df=dict(NAME_WORDS),
        categories={"Protección de manos": 20},
        lexicon_words=frozenset({"insoportable", "pava", "cachucha", "troqueladora", "conectado", "mojando"}),
    )


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("guantez", "guantes"),
        ("arnez", "arnes"),
        ("desechablez", "desechables"),
        ("solkaflan", "solkaflam"),
        ("insoportabe", "insoportable"),
        ("extinor", "extintor"),
        ("dielectirco", "dielectrico"),  # a transposition is one edit
        ("rachet", "ratchet"),
        ("nitrlo", "nitrilo"),
    ],
)
def test_typos_are_corrected(vocabulary: CatalogVocabulary, typo: str, meant: str) -> None:
    assert vocabulary.correct(typo) == meant


@pytest.mark.parametrize(
    "word",
    [
        "guantes",  # known
        "cascos",
        "conectar",  # another form of a known word is not a typo
        "montando",  # too far from anything
        "normal",  # common Spanish
        "trabajo",
        "pa",  # too short to judge
        "n95",
    ],
)
def test_correct_words_are_left_alone(vocabulary: CatalogVocabulary, word: str) -> None:
    assert vocabulary.correct(word) is None


def test_split_and_joined_words(vocabulary: CatalogVocabulary) -> None:
    assert vocabulary.joined("porta", "lampara") == "portalampara"
    assert vocabulary.joined("casco", "azul") is None


def test_analysis_builds_weighted_concepts(vocabulary: CatalogVocabulary) -> None:
    query = analyze("necesito 3 guantez de nitrilo desechablez", vocabulary)
    assert query.corrections == {"guantez": "guantes", "desechablez": "desechables"}
    stems = {alt for concept in query.concepts for alt in concept.alternatives}
    assert (stem("guantes"),) in stems and (stem("nitrilo"),) in stems
    weights = {concept.words[0]: concept.weight for concept in query.concepts}
    assert weights[("nitrilo",)] > weights[("guantes",)]  # the rarer word says more
    assert not any(w in {("necesito",), ("3",)} for w in weights)  # purchase phrasing and quantities are not products


def test_model_numbers_count_but_quantities_do_not(vocabulary: CatalogVocabulary) -> None:
    assert any(c.words[0] == ("6003",) for c in analyze("cartucho 6003", vocabulary).concepts)
    assert not any(c.words[0] == ("6003",) for c in analyze("necesito 6003 cartuchos", vocabulary).concepts)


def test_negated_words_are_no_concepts(vocabulary: CatalogVocabulary) -> None:
    query = analyze("una cachucha con protección, casco no necesito", vocabulary)
    assert ("casco",) not in [c.words[0] for c in query.concepts]
    assert ("casco",) in query.reading.negated


def test_owned_things_are_context(vocabulary: CatalogVocabulary) -> None:
    query = analyze("ya tengo el respirador, que cartucho multigas le sirve", vocabulary)
    by_word = {c.words[0]: c for c in query.concepts}
    assert by_word[("respirador",)].context and not by_word[("cartucho",)].context
    assert by_word[("respirador",)].weight < vocabulary.idf("respirador")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("cascos", "casco"), ("dielectricas", "dielectrico"), ("arneses", "arnes"), ("luces", "luz"),
        ("azules", "azul"), ("guantes", "guante"), ("botas", "bota"), ("plegables", "plegable"),
    ],
)  # fmt: skip
def test_stem_folds_number_and_gender(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_verb_root_folds_verb_forms() -> None:
    assert verb_root("pintar") == verb_root("pintando") == verb_root("pintado")
    assert verb_root("soldar") == verb_root("soldando")


@pytest.mark.parametrize(
    "text",
    [
        "Casco de seguridad dieléctrico tipo I clase E (20.000 V) — ANSI Z89.1",
        'Guante de carnaza largo para soldador 14" con forro (par)',
        "Señal plegable de piso mojado: ¡cuidado! 60 cm; niño/niña",
        "Protector facial 12 cal/cm² con cabezal",
    ],
)
def test_fast_folding_matches_normalize(text: str) -> None:
    assert fold_words(text) == normalize(text).split()


@pytest.mark.parametrize(("word", "near"), [("quejan", "queman"), ("sitio", "litio"), ("plaza", "plaga")])
def test_a_dictionary_word_is_no_typo_of_a_lexicon_word(monkeypatch: pytest.MonkeyPatch, word: str, near: str) -> None:
    monkeypatch.setattr(vocabulary_module, "_lexemes", {})
    vocabulary = CatalogVocabulary(
        version=1, total=10, lexeme_df={}, name_df={}, categories={}, lexicon_words=frozenset({near})
    )
    assert vocabulary.correct(word) is None
    assert vocabulary.correct(near[:-1] + "z") == near  # a real typo of it is still corrected

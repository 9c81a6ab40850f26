"""When the model's reply ends early (a sentence the guard refuses, a failure, a stall, a missing price), the
customer has already read some of it: the draft's sentences they have not read yet complete the answer.

A draft sentence carrying facts (amounts, products, the data-processing notice) is already said when every one of
its facts is in what was sent; one without facts when most of its words are (or, with no content word, when it
was said as such). The draft's opening sentences (before
its first fact) are left out once the model has opened the reply itself.
"""

from __future__ import annotations

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.sentences import split_sentences
from agente_vendedor.language.spanish_words import is_content_word, stem
from agente_vendedor.platform.llm.guard import DATA_NOTICE, extract_numbers, fold
from agente_vendedor.platform.llm.product_claims import ProductClaims

SAID_WORDS_SHARE = 0.6


def draft_completion(borrador: str, said: str, claims: ProductClaims) -> str:
    """The rest of the answer after `said`, from the draft, with the white space that separates it from `said`."""
    if not said.strip():
        return borrador
    said_facts, said_words, said_folded = _facts(said, claims), _words(said), normalize(said)
    sentences = split_sentences(borrador)
    facts = [_facts(sentence, claims) for sentence in sentences]
    first_fact = next((index for index, found in enumerate(facts) if found), len(sentences))
    kept = [
        sentence
        for index, (sentence, found) in enumerate(zip(sentences, facts, strict=True))
        if not (found <= said_facts if found else index < first_fact or _mostly_said(sentence, said_words, said_folded))
    ]
    rest = "".join(kept).strip()
    if not rest:
        return ""
    return rest if said[-1:].isspace() else f" {rest}"


def _facts(text: str, claims: ProductClaims) -> set[str]:
    found = {f"${mention.value}" for mention in extract_numbers(text) if mention.money}
    found |= {f"sku:{sku}" for _, sku in claims.mentions(fold(text))}
    return found | ({"aviso"} if DATA_NOTICE in text else set())


def _words(text: str) -> set[str]:
    return {stem(word) for word in normalize(text).split() if is_content_word(word) and len(word) > 2}


def _mostly_said(sentence: str, said_words: set[str], said_folded: str) -> bool:
    words = _words(sentence)
    if not words:  # "¿Cuántos necesita?": said only if said as such
        return normalize(sentence) in said_folded
    return len(words & said_words) >= SAID_WORDS_SHARE * len(words)

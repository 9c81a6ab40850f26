"""People a customer talks about: who the goods are for or whom a story is about, never goods themselves.

`PEOPLE` are the plural nouns a count can count ("pa 10 soldadores", "entraron 3 aprendices"); `names_a_worker`
tells whether a message is about a worker or somebody on the job ("el celador duerme junto a la planta…", "los pelaos
del lavadero…").
"""

from __future__ import annotations

import itertools
import re

from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import dictionary_lemma

PEOPLE = frozenset(
    """
    persona personas trabajadores operarios empleados muchachos soldadores electricistas tecnicos linieros pintores
    colaboradores obreros auxiliares brigadistas conductores vigilantes guardas mecanicos cocineros cajeras cajeros
    operarias operadores conductoras aseadoras ayudantes aprendices practicantes contratistas jornaleros
    trabajadoras empleadas muchachas obreras celadores recolectores
    """.split()  # noqa: SIM905
)
# The singulars, and the colloquial words for somebody on the job ("el señor que…", "los pelaos"); not "persona",
# which also counts ("por persona") and names customers ("persona natural").
# ("Señores", "Estimados señores" address the company: only the singular is somebody in a story)
_COLLOQUIAL = frozenset(["senor", "senora", "pelao", "pelaos", "pelado", "pelados"])
# singulars that are also adjectives or verbs: "cable conductor", "riesgo mecánico", "servicio técnico", "guarda"
_NOT_ONLY_PEOPLE = frozenset({"persona", "personas", "guarda", "auxiliar", "conductor", "mecanico", "tecnico"})


def _singular(word: str) -> str:
    if word.endswith("ces"):
        return word[:-3] + "z"  # "aprendices" -> "aprendiz"
    if word.endswith(("res", "nes", "les")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


WORKERS = (PEOPLE | {_singular(w) for w in PEOPLE} | _COLLOQUIAL) - _NOT_ONLY_PEOPLE


# With an article before it, a word that is also an adjective is somebody: "el guarda de la portería", "al mecánico"
_ARTICLES = frozenset({"el", "la", "los", "las", "al", "del", "un", "una", "unos", "unas"})
# "los que despachan", "las que empacan queso", "el que suelda": the people who do it; a verb of what things are or
# have tells a thing ("el que tiene válvula", "los que vienen en caja")
_WHO_DOES = re.compile(r"\b(?:el|la|los|las|al|del|a los|a las) que (\w+)")
_VERBS_OF_THINGS = frozenset(
    {"tener", "ser", "estar", "venir", "traer", "costar", "valer", "servir", "quedar", "llegar", "haber", "salir",
     "durar", "pesar", "medir", "aguantar", "cubrir", "proteger", "resistir", "incluir", "llevar", "vender"}
)  # fmt: skip


def names_a_worker(text: str) -> bool:
    """Whether the message speaks of a worker or somebody on the job: a word for one, one of the words that are
    also adjectives after an article ("el guarda"), or the people who do something ("los que despachan")."""
    words = normalize(text).split()
    if any(word in WORKERS for word in words):
        return True
    if any(a in _ARTICLES and w in _NOT_ONLY_PEOPLE for a, w in itertools.pairwise(words)):  # plurals are WORKERS
        return True
    return any(_does_work(m.group(1)) for m in _WHO_DOES.finditer(" ".join(words)))


def _does_work(form: str) -> bool:
    """A conjugated 3rd-person verb of doing (not the lemma itself, not a verb of what things are)."""
    lemma = normalize(dictionary_lemma(form))
    if lemma == form or not lemma.endswith(("ar", "er", "ir")) or lemma in _VERBS_OF_THINGS:
        return False
    return form.endswith(("a", "e", "an", "en"))

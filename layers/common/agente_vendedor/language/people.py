"""People a customer talks about: who the goods are for or whom a story is about, never goods themselves.

`PEOPLE` are the plural nouns a count can count ("pa 10 soldadores", "entraron 3 aprendices"); `names_a_worker`
tells whether a message is about a worker or somebody on the job ("el celador duerme junto a la planta…", "los pelaos
del lavadero…").
"""

from __future__ import annotations

from agente_vendedor.language.normalization import normalize

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


def names_a_worker(text: str) -> bool:
    """Whether the message speaks of a worker or somebody on the job."""
    return any(word in WORKERS for word in normalize(text).split())

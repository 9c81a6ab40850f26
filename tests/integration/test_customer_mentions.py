"""Customers named in a staff message are found in the customers table (real PostgreSQL): by cédula/NIT written any
way, by a person's full or partial name, by a company's name with or without its legal form, without accents and
with a typo; a lone function word or legal form never names anyone. Also: which messages ask about a customer's
purchases."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from agente_vendedor.commerce.customer_mentions import (
    CustomerMatch,
    find_customer_mentions,
    forget_customer_index,
    name_words,
)
from agente_vendedor.commerce.customers import create_customer
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import Customer
from agente_vendedor.language.colombian_ids import nit_check_digit
from agente_vendedor.language.history_questions import asks_about_customer_history
from agente_vendedor.language.normalization import normalize
from agente_vendedor.schemas.customers import CustomerIn

pytestmark = pytest.mark.integration

KNOWN = [
    ("43512876", "Gloria Estella Pabón Ríos"),
    ("31999888", "Gloria Inés Pabón"),
    ("10234567", "Hernando Quiceno Arango"),
    ("66812345", "Luz Dary Tascón"),
    ("900318642-1", "Frigoríficos del Norte S.A.S."),
    ("901455120-7", "Montajes Andinos SAS"),
    ("860512347-8", "Cerámicas Aurora Ltda."),
    ("830777201-1", "Inversiones del Llano S.A.S."),
    ("900600155-2", "Norte Seguro S.A.S."),
]


@pytest.fixture
def known(db: None) -> None:
    with session_scope() as session:
        for cedula, nombre in KNOWN:
            create_customer(session, CustomerIn(cedula=cedula, nombre=nombre, telefono="3104567890"))


def _mentions(text: str) -> list[CustomerMatch]:
    with session_scope() as session:
        return find_customer_mentions(session, text)


def _top(text: str) -> CustomerMatch:
    found = _mentions(text)
    assert found, text
    return found[0]


# ------------------------------------------------------------------------------------------------ documents
@pytest.mark.parametrize(
    ("text", "nombre", "score"),
    [
        ("¿qué ha comprado la cédula 43.512.876?", "Gloria Estella Pabón Ríos", 1.0),
        ("historial del 10234567", "Hernando Quiceno Arango", 1.0),
        ("NIT 900.318.642-1", "Frigoríficos del Norte S.A.S.", 1.0),
        ("nit 900318642 por favor", "Frigoríficos del Norte S.A.S.", 1.0),
        ("el 9003186421 ya pagó?", "Frigoríficos del Norte S.A.S.", 1.0),
        ("901455120 - 7", "Montajes Andinos SAS", 1.0),
        ("NIT 900318642-5", "Frigoríficos del Norte S.A.S.", 0.9),  # the body matches, the check digit does not
    ],
)
def test_by_document(known: None, text: str, nombre: str, score: float) -> None:
    top = _top(text)
    assert (top.nombre, top.score, top.por) == (nombre, score, "documento")


def test_numbers_that_are_not_a_known_document(known: None) -> None:
    assert _mentions("¿cuánto vendimos en $43.512.876 o al 3104567890?") == []


# ------------------------------------------------------------------------------------------------ names
@pytest.mark.parametrize(
    ("text", "nombre"),
    [
        ("¿qué le vendimos a Gloria Estella la última vez?", "Gloria Estella Pabón Ríos"),
        ("¿don Hernando Quiceno ya hizo pedido?", "Hernando Quiceno Arango"),
        ("cuanto nos ha comprado hernando quiceno este año", "Hernando Quiceno Arango"),
        ("¿cuánto nos ha comprado la señora Tascón?", "Luz Dary Tascón"),
        ("¿qué compró Luz Dary?", "Luz Dary Tascón"),
        ("¿los de Montajes Andinos ya pagaron?", "Montajes Andinos SAS"),
        ("¿los de montages andinos ya pagaron?", "Montajes Andinos SAS"),  # typo, lower case
        ("ultima compra de frigorificos del norte sas", "Frigoríficos del Norte S.A.S."),
        ("¿Frigoríficos del Norte S.A.S. tiene pedidos abiertos?", "Frigoríficos del Norte S.A.S."),
        ("¿qué le facturamos a Ceramicas Aurora?", "Cerámicas Aurora Ltda."),
        ("historial de Hernnado Quicen", "Hernando Quiceno Arango"),  # two typos
    ],
)
def test_by_name(known: None, text: str, nombre: str) -> None:
    top = _top(text)
    assert top.nombre == nombre and top.por == "nombre", _mentions(text)
    assert 0.5 <= top.score < 1


def test_a_longer_match_beats_a_shared_first_name(known: None) -> None:
    found = _mentions("¿qué le vendimos a Gloria Estella Pabón?")
    assert found[0].nombre == "Gloria Estella Pabón Ríos"
    assert all(m.score < found[0].score for m in found[1:])


def test_a_partial_name_two_customers_share_returns_both(known: None) -> None:
    found = _mentions("¿Gloria Pabón ya hizo el pedido?")
    assert {m.nombre for m in found[:2]} == {"Gloria Estella Pabón Ríos", "Gloria Inés Pabón"}


def test_a_word_of_a_longer_match_does_not_name_another_customer(known: None) -> None:
    assert [m.nombre for m in _mentions("¿qué compró Frigoríficos del Norte?")] == ["Frigoríficos del Norte S.A.S."]


@pytest.mark.parametrize(
    "text",
    [
        "¿qué hay del pedido de la SAS?",  # function word and legal form alone
        "¿tienen extintores de 20 libras?",
        "necesito guantes de nitrilo para la planta del norte",  # a common word, lower case, not introduced
        "buenos días, ¿a qué hora abren?",
        "¿qué compró?",
    ],
)
def test_no_customer_named(known: None, text: str) -> None:
    assert _mentions(text) == [], _mentions(text)


def test_name_words_skip_legal_forms_and_function_words() -> None:
    assert name_words("Frigoríficos del Norte S.A.S.") == ("frigorificos", "norte")
    assert name_words("Inversiones Lara y Cía. Ltda.") == ("inversiones", "lara")


def test_the_index_is_kept_per_session_until_forgotten(known: None) -> None:
    with session_scope() as session:
        assert find_customer_mentions(session, "¿qué compró Yolanda Buriticá?") == []
        create_customer(session, CustomerIn(cedula="52111222", nombre="Yolanda Buriticá", telefono="3119876543"))
        assert find_customer_mentions(session, "¿qué compró Yolanda Buriticá?") == []  # same session: cached
        forget_customer_index(session)
        assert find_customer_mentions(session, "¿qué compró Yolanda Buriticá?")[0].nombre == "Yolanda Buriticá"


# ------------------------------------------------------------------------------------------------ a few thousand
FIRST = "Ana Beatriz Carlos Diana Edgar Fabio Gladys Héctor Iván Julián Karen Liliana Mauricio Nelson Olga Patricia"
LAST = (
    "Agudelo Benítez Cardona Duque Echeverry Franco Giraldo Henao Isaza Jaramillo Londoño Mejía Ospina Restrepo Zuluaga"
)
TRADE = "Aceros Bodegas Concretos Distribuciones Eléctricas Ferretería Grúas Hormigones Ingeniería Laminados Metales"


SYLLABLES = ["ba", "ce", "di", "lo", "ma", "ne", "ra", "so", "tu", "za", "gu", "he"]


def _surname(rng: random.Random) -> str:
    """Made-up surnames, so the name vocabulary has thousands of distinct words like a real customer base."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + rng.choice(["z", "s", "r", "n"])


def _synthetic(count: int) -> Iterator[Customer]:
    rng = random.Random(7)
    first, last, trade = FIRST.split(), LAST.split(), TRADE.split()
    for number in range(count):
        if number % 3:
            nombre = f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)} {_surname(rng)}"
            cedula = str(20_000_000 + number)
        else:
            nombre = f"{rng.choice(trade)} {rng.choice(last)} S.A.S."
            body = str(800_000_000 + number)
            cedula = f"{body}-{nit_check_digit(body)}"
        yield Customer(cedula=cedula, nombre=nombre, nombre_normalizado=normalize(nombre), telefono="3001112233")


def test_found_among_a_few_thousand_customers(known: None) -> None:
    with session_scope() as session:
        session.add_all(_synthetic(3000))
    with session_scope() as session:
        first = find_customer_mentions(session, "¿cuánto nos ha comprado Montajes Andinos este año?")
        again = find_customer_mentions(session, "¿la señora Tascón ya hizo el pedido de overoles?")
    assert first[0].nombre == "Montajes Andinos SAS" and again[0].nombre == "Luz Dary Tascón"


# ------------------------------------------------------------------------------------------------ history questions
@pytest.mark.parametrize(
    "text",
    [
        "¿qué le vendimos a Gloria Estella la última vez?",  # selling verb, customer as "le"
        "¿les hemos facturado algo a los de Aurora este mes?",
        "¿cuánto les despachamos a Montajes en junio?",
        "¿Montajes Andinos ya hizo el pedido de dotación?",  # hacer + pedido, 3rd person
        "¿ya hicieron la compra de los guantes los de Frigoríficos?",
        "¿cuánto nos ha comprado don Hernando este año?",  # perfect, 3rd person
        "cuanto ha gastado la señora Tascón",
        "¿qué compró la señora Tascón en marzo?",  # preterite 3rd person singular (accent)
        "que compro la señora Tascon en marzo",  # no accent: the subject after the verb tells
        "que compro Hernando el mes pasado",
        "¿los de Cerámicas Aurora ya pagaron?",  # preterite 3rd person plural
        "¿qué pidió Luz Dary la otra vez?",
        "¿cuántos cascos se llevó el ingeniero?",
        "¿qué suele pedir Frigoríficos del Norte?",  # habitual
        "muéstreme el historial de Inversiones del Llano",
        "¿cuándo fue la última compra de Norte Seguro?",
        "¿Aurora todavía nos compra?",
        "¿qué es lo que más compra Cerámicas Aurora?",  # what a customer buys most
        "los productos más pedidos por Frigoríficos del Norte",
    ],
)
def test_asks_about_customer_history(text: str) -> None:
    assert asks_about_customer_history(text)


@pytest.mark.parametrize(
    "text",
    [
        "¿qué compro para el frío en cuarto refrigerado?",  # 1st person present: a buyer asking
        "¿compro las botas o mejor las de caucho?",
        "compré unas gafas y se rayaron",  # the speaker's own purchase
        "¿ya hice el pedido o falta algo?",
        "me vendieron un arnés con la costura suelta",  # sold to me: a customer complaint
        "¿me facturaron el IVA dos veces?",
        "¿ya despacharon mi pedido?",
        "quiero hacer un pedido de 30 overoles",
        "¿cuánto vendimos hoy en total?",  # our sales, nobody named as buyer
        "te pagué ayer por Daviplata",
        "¿cuánto demora el envío a Girón?",
        "¿cuál casco se vende más?",  # our best seller, nobody's history
    ],
)
def test_does_not_ask_about_customer_history(text: str) -> None:
    assert not asks_about_customer_history(text)

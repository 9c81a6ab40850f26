"""Spanish forms that tell what a message asks and whom it is about (examples written for these tests): a question
for a means ("¿con qué lo recogemos?"), the people who do something ("los que despachan"), a light verb with the
noun of an action ("¿les hacen revisión?"), who attends, how often, the imperfect of the speaker's own mind, numbers
set against a size, commands of forgetting, body parts after "para", adjectives of doing, and "un solo"."""

from __future__ import annotations

import pytest

from agente_vendedor.conversation.classifier import DESCRIBES_NEED, NAMES_PRODUCT, DialogueState, classify
from agente_vendedor.conversation.company_knowledge import (
    addresses_the_company,
    asks_a_service,
    asks_the_price_of_a_service,
)
from agente_vendedor.language.dialogue_acts import Act, acts
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.people import names_a_worker
from agente_vendedor.language.quantities import find_quantities
from agente_vendedor.language.speech_acts import asks_for_a_means, asks_when
from agente_vendedor.language.timing import Timing, timings
from agente_vendedor.search.lemma_index import lemma_keys
from agente_vendedor.search.needs import body_destinations


@pytest.mark.parametrize(
    "message",
    [
        "se nos regó un galón de thinner en el taller, ¿con qué lo limpiamos?",
        "al auxiliar se le metió polvo de yeso en la vista, qué le echamos",
        "en la cava los muchachos tiritan, entonces qué me recomienda",
        "para el cuarto de ácidos, qué debo tener a mano",
        "las baterías usadas del montacargas, ¿en qué las guardo?",
        "el lodo no deja caminar, qué sirve para eso",
    ],
)
def test_a_question_for_a_means_opens_its_clause(message: str) -> None:
    assert asks_for_a_means(message)


@pytest.mark.parametrize(
    "message",
    [
        "cada cuánto toca revisar el botiquín que tenemos en la portería",  # "que" after a noun is relative
        "¿qué tengo que llevar para reclamar el pedido?",  # what must be done
        "¿qué hay que hacer para abrir crédito?",
        "¿qué debo hacer para que me facturen a nombre de la empresa?",
        "la operaria comenta que le arde la piel",  # reported speech
    ],
)
def test_no_means_is_asked_by_a_relative_an_obligation_or_reported_speech(message: str) -> None:
    assert not asks_for_a_means(message)


def _need_probe(_: str) -> float:
    return DESCRIBES_NEED


def _policy(_: str) -> bool:
    return True  # a section of the company's policies shares words with every message here


@pytest.mark.parametrize(
    "message",
    [
        "en la cava del frigorífico el aire se pone pesado, ¿con qué lo medimos?",
        "en el área de despachos se riega el aceite de las máquinas, qué hay para ese problema",
    ],
)
def test_a_means_asked_about_a_need_is_about_products_whatever_company_words_it_says(message: str) -> None:
    result = classify(message, None, _need_probe, lambda _: 1.0, _policy)
    assert result.tipo == "inventario"


@pytest.mark.parametrize(
    ("text", "worker"),
    [
        ("los que despachan en la cava se quejan del frío", True),
        ("las que empacan el pollo se cortan", True),
        ("el que suelda en el patio", True),
        ("el guarda de la portería no se ve en la madrugada", True),
        ("al mecánico le puede arrancar la banda", True),
        ("el que tiene válvula cuánto vale", False),  # a verb of what things have: a thing
        ("los que vienen en caja", False),
        ("hay riesgo mecánico en la planta", False),  # an adjective, no article
        ("el servicio técnico queda en Tunja", False),
    ],
)
def test_who_the_message_is_about(text: str, worker: bool) -> None:
    assert names_a_worker(text) is worker


def test_the_verb_of_the_people_a_relative_names_is_not_said_to_the_company() -> None:
    assert not addresses_the_company("los que despachan en la cava se entumen")
    assert addresses_the_company("¿despachan a Paipa?")


@pytest.mark.parametrize(
    "message",
    [
        "¿ustedes le hacen inspección anual a los equipos de autocontenido?",
        "¿dan capacitación en espacios confinados?",
        "¿le hacen mantenimiento a los equipos de respiración?",
    ],
)
def test_a_light_verb_with_the_noun_of_an_action_asks_that_action(message: str) -> None:
    assert asks_a_service(message)


def test_a_light_verb_with_a_thing_asks_no_service() -> None:
    assert not asks_a_service("¿me hacen un descuento?")


@pytest.mark.parametrize(
    "message",
    [
        "¿a las chaquetas les pueden poner el logo de la cooperativa?",
        "¿le graban el apellido a cada casco?",
        "¿nos pegan el número del operario en la espalda del overol?",
    ],
)
def test_putting_a_mark_on_goods_asks_the_marking_service(message: str) -> None:
    assert asks_a_service(message)


@pytest.mark.parametrize("message", ["¿me pueden poner 4 chalecos más?", "¿le ponen más cartuchos al pedido?"])
def test_putting_goods_in_the_order_is_no_service(message: str) -> None:
    assert not asks_a_service(message)


@pytest.mark.parametrize(
    "message",
    [
        "cuanto vale q nos traigan la mercancía a la vereda",  # chat spelling of "que"; carrying, not buying
        "¿cuánto vale que nos recojan los extintores para recarga?",
    ],
)
def test_the_price_of_what_the_company_does_after_que(message: str) -> None:
    assert asks_the_price_of_a_service(message)


def test_the_price_of_buying_after_que_is_no_service() -> None:
    assert not asks_the_price_of_a_service("¿cuánto vale que les compre 10 cascos?")


@pytest.mark.parametrize(
    "message",
    [
        "¿quién me atiende en la sede de Pamplona?",
        "¿hay algún técnico de gases que me asesore con el detector?",
        "el chat atiende los domingos?",
    ],
)
def test_someone_to_attend_or_advise_is_the_companys_matter(message: str) -> None:
    result = classify(message, None, lambda _: NAMES_PRODUCT, lambda _: 0.0, lambda _: False)
    assert (result.tipo, result.motivo) == ("contexto", "quien_atiende")


def test_how_often_is_a_question_of_time() -> None:
    assert asks_when("¿cada cuánto se recargan los extintores del taller?")


@pytest.mark.parametrize(
    ("message", "story"),
    [
        ("se me olvidaban los de la bodega, ponga 12", False),
        ("las botas soltaban la suela", True),  # what the goods used to do
        ("pensaban que eran de talla única", False),
        ("las caretas se empañaban todo el tiempo", True),
    ],
)
def test_the_imperfect_of_the_speakers_mind_is_no_story_of_goods(message: str, story: bool) -> None:
    assert (Timing.PAST in timings(message)) is story


@pytest.mark.parametrize(
    ("message", "counts"),
    [
        ("perdón, es talla 39, no 38", []),
        ("talla 10, no 9", []),
        ("quiero 4 talla 10 no 9", [4]),
    ],
)
def test_a_number_set_against_a_size_is_no_count(message: str, counts: list[int]) -> None:
    assert [q.value for q in find_quantities(message) if q.explicit] == counts


@pytest.mark.parametrize(
    ("message", "cancels"),
    [
        ("olvídelo, ya no necesito nada", True),
        ("mejor olvidemos eso", True),
        ("olvide el pedido por favor", True),
        ("se me olvidaban los tapones, agrégueme 3 cajas", False),
        ("me olvidé de pedirle las gafas", False),
    ],
)
def test_forgetting_cancels_only_as_a_command(message: str, cancels: bool) -> None:
    assert (Act.CANCEL in acts(message)) is cancels


@pytest.mark.parametrize("message", ["y los de la otra brigada también", "para el otro grupo", "en la otra sede"])
def test_another_group_of_people_or_place_is_no_more_units(message: str) -> None:
    assert Act.ADD_MORE not in acts(message)


@pytest.mark.parametrize(
    "message",
    ["algo liviano para los brazos que aguante el sol", "qué tienen para las rodillas, trabajamos arrodillados"],
)
def test_a_body_part_after_para_is_what_the_thing_is_for(message: str) -> None:
    assert body_destinations(normalize(message).split())


@pytest.mark.parametrize(
    "message",
    [
        "el soldador se para frente al horno",  # the verb "pararse", a pronoun before it
        "le duelen los brazos de tanto cargar",  # what happened, no purpose
    ],
)
def test_no_destination_without_a_purpose_or_a_verb_of_wearing(message: str) -> None:
    assert not body_destinations(normalize(message).split())


@pytest.mark.parametrize(
    ("adjective", "verb"),
    [("rodante", "rodar"), ("flotante", "flotar"), ("absorbente", "absorber"), ("refrigerante", "refrigeración")],
)
def test_the_adjective_of_doing_shares_its_verbs_family(adjective: str, verb: str) -> None:
    assert lemma_keys(adjective) == lemma_keys(verb)


def test_an_adjective_in_iente_keeps_its_own_family() -> None:
    assert lemma_keys("caliente") != lemma_keys("Cali")  # without the rule "-ente" would leave "cali"


def test_a_service_asked_inside_an_order_is_the_companys() -> None:
    state = DialogueState(estado_venta="pendiente")
    result = classify("¿ustedes los calibran?", state, lambda _: NAMES_PRODUCT, lambda _: 0.0, lambda _: False)
    assert result.tipo == "contexto"


def _product_words(text: str) -> float:
    return NAMES_PRODUCT if any(w in normalize(text) for w in ("guante", "casco", "bota")) else 0.0


@pytest.mark.parametrize(
    "message",
    [
        "les compré unas gafas en agosto y se les rayó el lente, ¿responden por eso?",
        "el mes pasado les compré 4 cascos y a dos se les partió el arnés interno, ¿me los reponen?",
    ],
)
def test_after_sales_verbs_on_goods_bought_before_are_the_companys(message: str) -> None:
    assert classify(message, None, _product_words, lambda _: 0.0, lambda _: False).tipo == "contexto"


def test_how_to_order_is_no_purchase() -> None:
    result = classify("¿cómo los pido para que salgan facturados?", None, _product_words, lambda _: 0.0)
    assert result.tipo != "venta"


def test_a_habit_of_ordering_is_no_purchase() -> None:
    result = classify("¿el flete me lo suman siempre q les encargo guantes?", None, _product_words, lambda _: 0.0)
    assert result.tipo != "venta"


def test_the_question_asked_is_the_companys_when_the_purchase_only_tells_why() -> None:
    message = "¿atienden el sábado? quiero comprar unos guantes para la finca"
    assert classify(message, None, _product_words, lambda _: 0.0).tipo == "contexto"
    # a question about the product itself stays with the product
    assert classify("¿tienen guantes talla 10? quiero comprar unos", None, _product_words).tipo != "contexto"


def test_a_noun_of_supplying_before_de_n_counts_the_goods() -> None:
    assert [q.value for q in find_quantities("requerimos el suministro de 12 cascos blancos")] == [12]
    assert find_quantities("el arnés de 3 argollas") == []


def test_que_ya_gives_a_reason_it_asks_nothing() -> None:
    from agente_vendedor.language.speech_acts import is_question, replacing_clause

    assert not is_question("cámbieme la talla a 9, que ya me los probé")
    assert is_question("¿que ya llegó el pedido?")
    assert replacing_clause("cámbieme la talla a 9, que ya me los probé") == "talla 9"


@pytest.mark.parametrize(
    ("message", "counts"),
    [
        ("la parcela tiene 4 hectáreas de arveja y la gente trabaja de 5 a 1", []),  # land and the clock
        ("en la bodega trabajan de 7 a 5 todos los días", []),
        ("necesito de 6 a 8 cascos", [6, 8]),  # a range of units
    ],
)
def test_land_and_spans_of_the_clock_are_no_counts(message: str, counts: list[int]) -> None:
    assert [q.value for q in find_quantities(message) if q.explicit] == counts


@pytest.mark.parametrize(
    "message",
    ["el estampado de las 20 camisas de la semana pasada salió corrido", "las 6 botas del mes pasado se rajaron"],
)
def test_goods_of_a_past_time_are_a_story(message: str) -> None:
    assert Timing.PAST in timings(message)


@pytest.mark.parametrize(
    ("diminutive", "word"),
    [("humito", "humo"), ("chispitas", "chispas"), ("quemaditas", "quemadas"), ("polvito", "polvo")],
)
def test_a_diminutive_reads_as_its_word(diminutive: str, word: str) -> None:
    from agente_vendedor.language.spanish_words import undiminished

    assert undiminished(diminutive) == word
    assert lemma_keys(diminutive) == lemma_keys(word)


@pytest.mark.parametrize("word", ["necesita", "cita", "bonita", "evita"])
def test_verbs_and_words_that_only_end_like_a_diminutive_are_left(word: str) -> None:
    from agente_vendedor.language.spanish_words import undiminished

    assert undiminished(word) is None


def test_air_that_runs_out_is_a_confined_space_need() -> None:
    from agente_vendedor.search.needs import needs_interpreter

    reading = needs_interpreter().read(
        normalize("vamos a bajar al aljibe y al muchacho le puede faltar el aire").split()
    )
    assert "espacio_confinado" in {rule.id for rule in reading.needs}


@pytest.mark.parametrize(
    ("message", "name"),
    [
        (
            "Datos: Empresas Municipales de Garagoa E.S.P., teléfono 608 7501122",
            "Empresas Municipales de Garagoa E.S.P.",
        ),
        (
            "Datos: Cooperativa de Paneleros de Moniquirá Ltda, tel 3102223344",
            "Cooperativa de Paneleros de Moniquirá Ltda",
        ),
    ],
)
def test_an_organisations_name_keeps_its_de_and_its_legal_form(message: str, name: str) -> None:
    from agente_vendedor.language.customer_data import extract_customer_data

    assert extract_customer_data(message).datos["nombre"] == name


@pytest.mark.parametrize(
    "message",
    [
        "mi mamá cultiva cebolla en Aquitania, ¿ustedes van al pueblo algún día?",
        "¿el camión sube hasta la vereda? queda lejos de la carretera",
    ],
)
def test_where_the_companys_rounds_and_vehicles_go_is_a_delivery_question(message: str) -> None:
    result = classify(message, None, _product_words, lambda _: 0.0, lambda _: False)
    assert (result.tipo, result.motivo) == ("contexto", "pregunta_de_entrega")


def test_a_vehicle_in_a_story_asks_nothing() -> None:
    message = "el camión llega hasta la obra y los muchachos descargan los cascos a mano"
    assert classify(message, None, _product_words, lambda _: 0.0, lambda _: False).motivo != "pregunta_de_entrega"


def test_a_triggers_own_diminutive_is_not_its_base_word() -> None:
    from agente_vendedor.search.needs import needs_interpreter

    # "bajo" (under) must not meet a trigger written "bajito" (a low ceiling)
    reading = needs_interpreter().read(normalize("las gafas de seguridad bajo qué norma están certificadas").split())
    assert "altura_poca_caida" not in {rule.id for rule in reading.needs}


class _Section:
    def __init__(self, titulo: str, contenido: str) -> None:
        self.titulo, self.contenido = titulo, contenido


_BRANCHES = [
    _Section("Sede Villavicencio", "Calle 38 # 30-12, barrio Barzal."),
    _Section("Sede Santander", "Carrera 19 # 33-08, Barrancabermeja."),
]


@pytest.mark.parametrize(
    ("message", "whole"),
    [
        ("¿tienen sede en Villavo?", "¿tienen sede en Villavo?"),  # a nickname, not the start of the name
        ("quién atiende en barranca", "quién atiende en barrancabermeja"),
        ("¿qué días atienden en Santa Marta?", "¿qué días atienden en Santa Marta?"),  # "santa" is too short a start
    ],
)
def test_a_short_place_name_after_a_preposition_is_the_sections_whole_name(message: str, whole: str) -> None:
    from agente_vendedor.conversation.company_knowledge import with_full_place_names

    assert with_full_place_names(_BRANCHES, message) == whole


@pytest.mark.parametrize(
    "message",
    [
        "tengo 12 operarios nuevos que no saben usar el arnés, ¿ustedes les enseñan? ¿eso tiene costo?",
        "¿ustedes calibran detectores? ¿y eso cuánto vale?",
    ],
)
def test_the_price_of_that_is_the_services_price(message: str) -> None:
    assert classify(message).tipo == "contexto"


def test_the_price_of_that_after_goods_is_still_about_goods() -> None:
    assert classify("¿tienen arneses de 4 argollas? ¿y eso cuánto vale?").tipo == "inventario"


def test_the_total_is_asked_of_an_order_with_lines_only() -> None:
    assert classify("¿cuánto sería todo?", DialogueState(estado_venta="pendiente")).motivo == "pregunta_el_total"
    assert classify("¿cuánto sería todo?", DialogueState(estado_venta="iniciada")).motivo != "pregunta_el_total"


@pytest.mark.parametrize(
    "message",
    ["y q marca manejan de botas", "compré los guantes, q referencia son", "y el casco, q norma cumple"],
)
def test_q_before_a_noun_and_its_verb_asks(message: str) -> None:
    from agente_vendedor.language.speech_acts import is_question

    assert is_question(message)


def test_q_before_a_wish_does_not_ask() -> None:
    from agente_vendedor.language.speech_acts import is_question

    assert not is_question("mándeme 4 cascos, q sean blancos")


def test_a_purchase_told_as_done_orders_nothing_and_its_papers_are_the_companys() -> None:
    message = "la auditoría pide las fichas de las caretas q les compramos en abril, q norma cumplen"
    result = classify(message, product_probe=lambda _: NAMES_PRODUCT, policy_probe=lambda _: True)
    assert result.tipo == "contexto"

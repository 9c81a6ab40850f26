"""The rules of the classifier with a stand-in catalogue probe (the real one asks the database)."""

from __future__ import annotations

import re

import pytest

from agente_vendedor.conversation.classifier import DESCRIBES_NEED, LLM_THRESHOLD, DialogueState, classify
from agente_vendedor.language.dialogue_acts import Act, acts, is_explicit_yes
from agente_vendedor.language.normalization import normalize

_PRODUCT_WORDS = re.compile(
    r"\b(cascos?|guantes?|extintor\w*|arnes\w*|botas?|gafas|respirador\w*|tapones|tapabocas|n95|eslingas?|camisas?|"
    r"overoles|delantal\w*|polainas|careta|kit|loto|collar\w*|barreras?|señal\w*|senal\w*|beam clamp|yoyo|chalecos?|"
    r"tenis|zapatos?|mascara|cartuchos?)\b"
)


def product_probe(message: str) -> float:
    return 1.0 if _PRODUCT_WORDS.search(normalize(message)) else 0.0


def company_probe(message: str) -> float:
    return 1.0 if re.search(r"\b(domicilio|parqueadero|nit de ustedes|whatsapp)\b", normalize(message)) else 0.0


def kind(message: str, state: DialogueState | None = None) -> str:
    return classify(message, state, product_probe, company_probe).tipo


@pytest.mark.parametrize(
    "message",
    [
        "compro 5 pares de polainas",
        "me regala 3 cascos",
        "mandeme 3 paquetes de tapones",
        "cotización para 8 extintores vehiculares",
        "cotízame 3 cajas de n95",
        "cotícenme 20 overoles",
        "necesito 50 pares de guantes punteados",
        "quiero un delantal de carnaza",
        "quiero comprar un beam clamp",
        "me vende una careta de malla",
        "deme 1 kit loto",
        "me separa 2 arneses dieléctricos",
        "parce véndame 2 extintores de 5 libras",
        "hágame el favor y me aparta 4 eslingas",
        "me regala una docena de guantes de látex",
        "ocupo 6 chalecos reflectivos",
        "se nos prendió la freidora, me regala 3 de lo que sirva",
        "pa la cuadrilla necesito con que conectar el arnes, son 6",
        "mándeme la cotización de 15 camisas",
        "quiero pedir 2 pares de tenis de seguridad",
        # an order with no verb, its destination said first (a company word there names the customer's place)
        "para la bodega: 8 chalecos reflectivos",
        "pa la oficina de compras 4 cascos blancos",
    ],
)
def test_purchases(message: str) -> None:
    assert kind(message) == "venta"


@pytest.mark.parametrize(
    "message",
    [
        "cuánto valen los cascos",
        "q vale el guante de hilo punteado",
        "tienen gorras antigolpes?",
        "manejan botas de caucho?",
        "me regala el precio del arnés",
        "quedan polainas de carnaza?",
        "guante largo de pvc para ácidos, stock?",
        "necesito unos guantes para manipular químicos",
        "necesito algo pa las manos",
        "qué me recomienda pa trabajar en alturas",
        "tengo 50 mil no más, qué me alcanza pa la cabeza",
        "ya tengo la máscara de dos filtros, qué repuesto le sirve",
        "venden escaleras de fibra de vidrio?",
        "Hi, do you have disposable N95 masks?",
        "quiero saber si tienen cascos",
        "cuánto valen 20 cascos?",
    ],
)
def test_inventory(message: str) -> None:
    assert kind(message) == "inventario"


@pytest.mark.parametrize(
    "message",
    [
        "puedo pagarles desde el celular con alguna app?",
        "número de whatsapp?",
        "los sábados hasta qué hora trabajan",
        "a qué horas abren entre semana",
        "a partir de cuánto el envío es gratis",
        "tienen parqueadero?",
        "en qué barrio quedan",
        "cuánto vale el domicilio en cali",
        "cuántos días de crédito dan",
        "si compro 300 mil me cobran el domicilio?",
        "si les compro hoy, cuándo me llega a Palmira?",
        "en cuánto tiempo recargan un extintor",
        "los cascos tienen garantía?",
        "hacen envíos de extintores a Pasto?",
        "aceptan tarjeta de crédito?",
        "emiten factura electrónica?",
        "quiénes son ustedes",
        "tienen descuento por volumen?",
        "cuál es el NIT de ustedes?",
        # the customer's rights over their own data are asked of the company's data policy
        "necesito que supriman mis datos de su base",
        "qué hacen ustedes con mis datos",
        "hola",
        "buenas tardes",
        "gracias!",
        "asdkjh qwe",
    ],
)
def test_company(message: str) -> None:
    assert kind(message) == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "historial de compras del cliente 1061789234",
        "qué ha comprado Montajes Andina",
        "muéstrame el perfil del NIT 901077215-6",
        "cuántas compras lleva montajes andina este año",
        "ticket promedio de la tostadora el cafetal",
        "productos que más pide el cliente Diego Bermúdez",
        "qué compró Rosa Elena Caicedo",
        "la cédula 31456789 tiene compras?",
        "última compra de Montajes Andina",
        "estadísticas del cliente Tostadora El Cafetal",
        "info del cliente con nit 900318642-1",
        "cuánto ha gastado la tostadora este año",
        "clientes que más compran",
    ],
)
def test_customer_lookups(message: str) -> None:
    assert kind(message) == "cliente"


def test_perfil_of_a_beam_is_not_a_customer() -> None:
    assert kind("algo que se agarre al perfil de la viga sin taladrar") != "cliente"


OPEN = DialogueState(estado_venta="pendiente")
COLLECTING = DialogueState(estado_venta="recolectando_datos", expecting=("cedula", "telefono", "direccion"))
READY = DialogueState(estado_venta="listo_para_finalizar")


@pytest.mark.parametrize(
    ("message", "state"),
    [
        ("sí", READY),
        ("de una", READY),
        ("dale", READY),
        ("dele", READY),
        ("denle pues", READY),
        ("hágale pues", READY),
        ("listo, confirmo", READY),
        ("sí señor, confirmo el pedido", READY),
        ("no, mejor cancelemos", OPEN),
        ("cancela", OPEN),
        ("mejor que sean 5", OPEN),
        ("mejor que sean cuatro", OPEN),
        ("uy, me equivoqué de talla, son talla 44", OPEN),
        ("pensándolo bien, de clase 2", OPEN),
        ("agrégale otro", OPEN),
        ("agrégale 2 pares de polainas", OPEN),
        ("quítale los guantes", OPEN),
        ("quita el kit loto", OPEN),
        ("eso es todo", OPEN),
        ("mi nombre es Wilmer Angulo", COLLECTING),
        ("cedula 16498321", COLLECTING),
        ("16498321", COLLECTING),
        ("telefono 3217654400", COLLECTING),
        ("direccion Carrera 28 # 72U-40, Cali", COLLECTING),
        ("NIT 900641927-3", COLLECTING),
        ("Esteban Lozada, CC 1130456987, cel 3005557788, Calle 16 # 100-30, Cali", OPEN),
    ],
)
def test_sale_steps_inside_an_open_order(message: str, state: DialogueState) -> None:
    assert kind(message, state) == "venta"


def test_a_buyer_introducing_themselves_is_not_a_customer_lookup() -> None:
    assert kind("Hola, soy Pedro Pérez, cc 80123456") == "venta"
    assert kind("buen día, es para la empresa Montajes del Sur S.A.S., nit 900123456 dv 8") == "venta"
    assert kind("les escribe Montajes del Sur S.A.S., NIT 900123456 dígito de verificación 8") == "venta"
    assert kind("mi cédula es 80123456, qué he comprado?") == "cliente"


def test_the_same_words_outside_an_order() -> None:
    assert kind("sí") == "contexto"
    assert kind("mejor que sean 5") != "venta" or True  # nothing to change: never an error
    assert kind("cedula 16498321") == "cliente"


def test_questions_inside_an_order_keep_their_type() -> None:
    assert kind("cuánto vale el domicilio?", READY) == "contexto"
    assert kind("y guantes de carnaza tienen?", OPEN) == "inventario"


def test_an_offer_makes_yes_a_purchase() -> None:
    offered = DialogueState(offered=True)
    assert kind("sí, mándeme 3", offered) == "venta"
    assert kind("de una", offered) == "venta"


def test_confidence() -> None:
    sure = classify("me regala 3 cascos", None, product_probe)
    assert sure.confianza >= 0.9
    unsure = classify("zxcv", None, product_probe)
    assert unsure.confianza < LLM_THRESHOLD


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("sí señor, confirmo el pedido", {Act.CONFIRM}),
        ("no, mejor cancelemos", {Act.CANCEL, Act.DENY}),
        ("mejor que sean cuatro", {Act.CHANGE_QUANTITY}),
        ("agrégale otro", {Act.ADD_MORE, Act.ADD}),
        ("quítale los guantes", {Act.REMOVE}),
        ("deshaga lo que le acabo de pedir", {Act.REMOVE}),
        ("lo último no, por favor", {Act.REMOVE}),
        ("con 6 tenemos", {Act.CHANGE_QUANTITY}),
        ("eso es todo", {Act.DONE_ADDING}),
        ("muchas gracias", {Act.THANKS}),
    ],
)
def test_acts(message: str, expected: set[Act]) -> None:
    assert expected <= acts(message)


@pytest.mark.parametrize(
    ("message", "yes"),
    [
        ("sí", True),
        ("de una", True),
        ("ok, adelante con la compra", True),
        ("de acuerdo, cierren la compra", True),
        ("correcto, confirmamos", True),
        ("perfecto, confirmado", True),
        ("Aprobamos la compra tal como está.", True),  # approving is the formal confirmation
        ("apruebo el pedido", True),
        ("no apruebo ese total", False),
        ("no", False),
        ("todavía no", False),
        ("sí, pero cuánto vale el envío?", False),
        ("mejor que sean 5", False),
        ("ya no quiero nada", False),
    ],
)
def test_explicit_yes(message: str, yes: bool) -> None:
    assert is_explicit_yes(message) is yes


@pytest.mark.parametrize(
    ("message", "tipo"),
    [
        (
            "Buenas tardes. Por medio de la presente solicitamos 10 chalecos. Datos de facturación: Ferretería El "
            "Tornillo S.A.S., NIT 901238456-6, teléfono 6063345566, dirección Calle 19 # 7-20, Pereira. Quedamos atentos.",
            "venta",
        ),
        ("solicito 5 cascos blancos", "venta"),
        ("Solicito catálogo de guantes con precios", "inventario"),
        ("lamparas de emergencia recargables", "inventario"),
        ("hace cuanto existe la empresa", "contexto"),
        ("los tapones tienen cambio?", "contexto"),
        ("si tienen 10 chalecos me los separan", "venta"),
        ("3 cascos, me los despacha a Pereira", "venta"),
        ("donde los puedo visitar en manizales", "contexto"),
        ("nos vende 7 chalecos?", "venta"),
        ("nos despachan 20 cascos a Pereira", "venta"),
    ],
)
def test_held_out_style_messages(message: str, tipo: str) -> None:
    def probe(text: str) -> float:
        return 1.0 if re.search(r"lampara|chaleco|casco|guante|tapones", normalize(text)) else 0.0

    assert classify(message, None, probe, company_probe).tipo == tipo


@pytest.mark.parametrize(
    ("message", "cancel"),
    [
        ("ya no quiero las lamparas", False),
        ("ya no necesito los guantes", False),
        ("ya no quiero el casco", False),
        ("ya no quiero nada", True),
        ("ya no lo necesito", True),
        ("ya no quiero comprar", True),
    ],
)
def test_no_longer_wanting_one_line_is_not_cancelling_the_order(message: str, cancel: bool) -> None:
    found = acts(message)
    assert (Act.CANCEL in found) == cancel
    assert cancel or Act.REMOVE in found


# -- issue 9: orders without a verb, conditions, policies that mention products, customers named by staff -------------
@pytest.mark.parametrize("message", ["25 pares de botas talla 41 para la cuadrilla", "un arnés de cuatro argollas"])
def test_a_bare_order_names_units_or_an_article_and_a_product(message: str) -> None:
    assert kind(message) == "venta"


def _with(policy: bool = False, customer: bool = False) -> object:
    return lambda message: (
        classify(message, None, product_probe, company_probe, lambda _: policy, lambda _: customer).tipo
    )


@pytest.mark.parametrize(
    "message",
    [
        "si pido 40 botas me hacen algún descuento",
        "las botas tienen garantia contra despegue",
        "los cascos cumplen norma",
    ],
)
def test_a_company_policy_beats_product_words(message: str) -> None:
    assert _with(policy=True)(message) == "contexto"  # type: ignore[operator]


@pytest.mark.parametrize(
    "message",
    [
        "el celular de don Efraín Pardo",
        "buscame el cliente Ferretería El Tornillo",
        "que le despachamos a Inversiones Ruiz el mes pasado",
        "Efraín Pardo ya compró algo",
    ],
)
def test_a_known_customer_named_by_staff_is_a_lookup(message: str) -> None:
    assert _with(customer=True)(message) == "cliente"  # type: ignore[operator]


def test_a_named_person_who_is_no_customer_is_no_lookup() -> None:
    assert _with(customer=False)("el celular de don Efraín Pardo") != "cliente"  # type: ignore[operator]


@pytest.mark.parametrize(
    "message",
    [
        "en la cafetería de la empresa se prendió una olla con aceite",
        "los del parqueadero trabajan de noche y no los ven",
    ],
)
def test_a_need_told_with_a_company_word_is_about_products(message: str) -> None:
    need = classify(message, None, lambda _: 0.7, company_probe).tipo  # 0.7: the probe read a need
    assert need == "inventario"


@pytest.mark.parametrize(
    "message", ["nos da miedo el gas de la alcantarilla", "voy a lijar y no quiero quedar lleno de polvo"]
)
def test_feelings_and_negated_wants_buy_nothing(message: str) -> None:
    assert kind(message) != "venta"


def test_asking_whose_document_it_is_is_a_lookup_not_the_buyer_introducing_themselves() -> None:
    assert kind("la cédula 52.118.904 a nombre de quién está") == "cliente"
    assert kind("a nombre de Rosa Díaz, cédula 52118904") == "venta"


@pytest.mark.parametrize(
    "message",
    [
        "ya tengo el respirador, qué cartucho compro para el thinner",  # which one, asked: advice
        "me toca trabajar en el techo y quiero que algo me sostenga si me caigo",  # a wanted state, not units
    ],
)
def test_asking_which_to_buy_or_wanting_a_state_is_no_order(message: str) -> None:
    assert kind(message) == "inventario"


def test_pg8000_placeholder_rewrites_are_memoised_with_the_same_result() -> None:
    import pg8000.dbapi

    from agente_vendedor.db import statement_cache

    original = statement_cache._ORIGINAL
    for style, query, args in [
        ("format", "SELECT %s, '%%s', %s FROM t WHERE a = %s", (1, 2, 3)),
        ("named", "SELECT :a, :b, :a FROM t", {"a": 1, "b": 2}),
        ("pyformat", "SELECT %(a)s, %(b)s FROM t", {"a": 1, "b": 2}),
    ]:
        assert statement_cache.convert_paramstyle(style, query, args) == original(style, query, args)
        assert statement_cache.convert_paramstyle(style, query, args) == original(style, query, args)  # cached
    statement_cache.install()
    assert pg8000.dbapi.convert_paramstyle is statement_cache.convert_paramstyle


# -- questions about time and about the terms of a hypothetical purchase ---------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "en cuánto tiempo despachan 30 chalecos hasta Sogamoso?",
        "que dias pasa el camion por Chiquinquirá con los 12 cascos",
        "hasta qué hora se pueden recoger los guantes en la sede",
        "si les pido 50 overoles, ¿el logo bordado va sin costo?",
        "si compramos 8 millones en botas, ¿conceden plazo para pagar?",
    ],
)
def test_a_question_about_time_or_terms_is_for_the_company_that_knows_it(message: str) -> None:
    about_company = classify(message, None, product_probe, lambda _: 1.0, lambda _: False).tipo
    assert about_company == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "en cuánto tiempo consiguen 30 chalecos talla XL?",  # no section knows it: about the goods
        "cuanto dura un casco antes de cambiarlo?",  # how long a product lasts is no schedule
        "pido 6 guantes de caucho para cuando llueve",  # "para cuando" is no interrogative
    ],
)
def test_time_words_without_a_company_answer_stay_with_products(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo != "contexto"


# -- a service asked of the company --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "¿ustedes recogen en la planta los 14 arneses para la inspección anual?",
        "nos capacitan a los brigadistas en manejo de extintores?",
        "¿nos pueden estampar el nombre del taller en 25 overoles?",
        "los guantes que les pedí salieron grandes, ¿me los pueden cambiar?",
        "ustedes participan en convocatorias de la gobernación?",
    ],
)
def test_a_service_asked_of_the_company_that_a_section_answers_is_about_the_company(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 1.0, lambda _: False).tipo == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "¿ustedes recogen en la planta los 14 arneses para la inspección anual?",
        "tengo 8 soldadores que nunca han usado careta electrónica, ¿ustedes les enseñan a graduarla?",
    ],
)
def test_a_service_said_to_ustedes_is_the_companys_even_when_no_section_names_it(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo == "contexto"


@pytest.mark.parametrize(
    ("message", "company_knows"),
    [
        ("¿recogen en la planta los 14 arneses para la inspección anual?", 0.0),  # no section answers it
        ("¿me pueden enviar 25 overoles talla L?", 1.0),  # handing goods over is an order
        ("¿cuentan con 3 camillas rígidas?", 1.0),  # having them is stock
        ("¿cuánto cuesta que nos estampen el nombre en 25 overoles?", 1.0),  # a price asked: the pipeline's price rules
        ("los muchachos que riegan el abono terminan empapados de veneno, qué les sirve?", 1.0),  # their subject
        ("en la bodega fría se me entumen los dedos, qué me pongo?", 1.0),  # pronominal "se": nothing asked of them
    ],
)
def test_no_service_is_asked_without_a_section_nor_with_goods_or_someone_elses_verb(
    message: str, company_knows: float
) -> None:
    assert (
        classify(message, None, product_probe, lambda _: company_knows, lambda _: False).motivo
        != "servicio_pedido_a_la_empresa"
    )


# -- a need told by what a generic thing must do ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "Buenas tardes. Necesitamos un aparato que avise cuando falte aire en el tanque antes de entrar. Quedamos atentos.",
        "la empresa necesita unos elementos que aíslen del calor a los que funden aluminio, favor cotizar",
        "solicitamos cotizar lo necesario para atender a un herido en la vereda",
    ],
)
def test_a_generic_thing_described_by_its_function_asks_for_advice(message: str) -> None:
    assert classify(message, None, lambda _: 1.0, lambda _: 0.0, lambda _: False).tipo == "inventario"


@pytest.mark.parametrize(
    "message",
    ["quiero un casco que sea blanco", "necesito 4 equipos que midan gases", "mándeme la careta que tiene visor"],
)
def test_a_product_narrowed_or_counted_is_still_ordered(message: str) -> None:
    assert classify(message, None, lambda _: 1.0, lambda _: 0.0, lambda _: False).tipo == "venta"


# -- a story about a worker that asks the company nothing -----------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "en la bodega del parqueadero los celadores amanecen mareados con el humo de las busetas",
        "el señor encargado del mantenimiento del tanque de la finca vive con las manos peladas del cloro",
        "los operarios de la transportadora no ven nada cuando cargan de madrugada junto al muelle",
    ],
)
def test_a_worker_story_with_company_words_of_the_customers_world_is_about_products(message: str) -> None:
    policy = classify(message, None, lambda _: 1.0, lambda _: 1.0, lambda _: True).tipo
    assert policy == "inventario"


@pytest.mark.parametrize(
    "message",
    [
        "a un operario se le reventó el arnés en la primera caída, ¿la garantía de ustedes responde por eso?",
        "somos 12 celadores, ustedes despachan a Sogamoso?",
        "mis trabajadores no alcanzan a ir, ¿ustedes atienden los sábados?",
        "Estimados señores, ¿qué requisitos piden para abrir un cupo de crédito a 60 días?",  # addressed
    ],
)
def test_a_worker_story_that_asks_the_company_is_about_the_company(message: str) -> None:
    assert classify(message, None, lambda _: 1.0, lambda _: 1.0, lambda _: True).tipo == "contexto"


def test_staff_typing_only_a_customers_name_look_them_up() -> None:
    from agente_vendedor.conversation.classifier import ONLY_A_CUSTOMER

    # a company name whose words are also a product's and a policy's ("Tejar…", "…Seguridad Vial")
    def kind_for(customer: float) -> str:
        return classify(
            "Tejar San Isidro", None, lambda _: 0.35, lambda _: 1.0, lambda _: True, lambda _: customer
        ).tipo

    assert kind_for(ONLY_A_CUSTOMER) == "cliente"
    assert kind_for(0.0) != "cliente"


# -- the price of a service, a wished service asked as possible, a delivery asked about ----------------------------
@pytest.mark.parametrize(
    "message",
    [
        "¿cuánto cobran por recargarme el extintor del carro?",
        "cuanto vale grabarle el nombre a 30 cascos",
        "y si me los despachan a la vereda, eso cuánto cuesta de más?",
        "¿cuánto cuesta que nos estampen el nombre en 25 overoles?",
        "el precio de marcar los cascos con el nombre de cada uno?",
    ],
)
def test_the_price_of_doing_something_is_the_companys_terms(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "¿cuánto vale el casco dieléctrico?",  # goods priced
        "cuanto me sale comprar 20 pares de guantes",  # buying is no service
        "¿cuánto vale el collar cervical?",  # a noun with its article, though it ends like a verb
        "cuanto valen 4 overoles talla S",
    ],
)
def test_the_price_of_goods_stays_with_products(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo != "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "queremos bordar el nombre del taller en 12 camisas, se puede",
        "necesito recargar 4 extintores, ustedes lo hacen?",
        "ya les compramos 20 arneses, ¿ustedes capacitan a la brigada en rescate?",
    ],
)
def test_a_wished_service_asked_as_possible_is_about_the_company_that_does_it(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 1.0, lambda _: False).tipo == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "quiero comprar 10 camisas, se puede?",  # buying is an order
        "queremos 12 camisas bordadas con el nombre",  # no question whether it can be done
        "quiero saber si se puede lavar el overol en lavadora",  # how a product is cared for
        "compramos 20 arneses y necesitamos 20 eslingas más",  # a purchase told, then an order
    ],
)
def test_no_wished_service_without_a_service_verb_a_question_or_with_an_order(message: str) -> None:
    assert (
        classify(message, None, product_probe, lambda _: 1.0, lambda _: False).motivo != "servicio_pedido_a_la_empresa"
    )


@pytest.mark.parametrize(
    "message",
    [
        "me llevan las botas hasta la obra en la vereda",
        "¿pueden entregar los 30 cascos adentro de la planta?",
        "si los pido hoy, me los mandan en avión a Leticia?",
    ],
)
def test_whether_or_how_goods_are_carried_somewhere_is_a_delivery_question(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "envíenme 20 cascos blancos hasta el viernes",  # a command orders
        "me mandan 3 cajas de guantes de nitrilo",  # carried nowhere said
        "el arnés me queda grande en el pecho hasta abajo",  # no verb of carrying said to the company
        "que me manden 30 mangas de carnaza hasta el hombro",  # how far they reach on the arm
        "necesito 4 cascos y guantes que lleguen hasta la muñeca",
    ],
)
def test_no_delivery_question_without_a_carrying_verb_asked_and_a_place(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).motivo != "pregunta_de_entrega"


@pytest.mark.parametrize(
    ("message", "about_company"),
    [
        ("¿desde Pitalito ustedes hacen despachos a La Plata?", True),  # the company's dispatch service
        ("¿dan garantía en las botas de los bodegueros?", True),
        ("el asesor de ustedes cuándo vuelve por la cantera de Pesca", True),  # theirs
        ("los auxiliares de despachos se cortan con los flejes", False),  # the customer's dispatch area: a need
        ("necesito guantes para los de despachos", False),
    ],
)
def test_a_topic_asked_of_the_company_is_its_service_whatever_need_its_words_read(
    message: str, about_company: bool
) -> None:
    kind = classify(message, None, lambda _: DESCRIBES_NEED, lambda _: 0.0, lambda _: False).tipo
    assert (kind == "contexto") is about_company


@pytest.mark.parametrize(
    ("message", "about_company"),
    [
        ("les compré 4 overoles talla S y quedaron cortos, ¿los cambio por M?", True),
        ("me mandaron unas gafas rayadas, ¿las puedo devolver?", True),
        ("¿cambian las botas que les pedí si no me quedan?", True),
        ("¿cambio los guantes negros por unos de látex?", False),  # nothing bought before: a choice
        ("compré 2 cascos, ¿tienen el mismo en azul?", False),  # no exchange asked
    ],
)
def test_exchanging_what_was_bought_before_is_the_exchange_policy(message: str, about_company: bool) -> None:
    kind = classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo
    assert (kind == "contexto") is about_company


@pytest.mark.parametrize(
    "message",
    [
        "a mi hermano le quedaron grandes las botas 40 y ya las cambiamos una vez, ¿se pueden cambiar otra vez?",
        "ayer me llegó la remesa incompleta, vinieron 3 pares de guantes de menos",
        "nos llegaron 2 cajas de tapabocas mojadas",
        "¿qué papeles necesito para comprarles a crédito?",
        "se nos acabaron los tapones y es domingo, ¿habrá alguien que conteste?",
        "Siendo una junta de acción comunal, ¿nos dan 45 días de plazo?",
    ],
)
def test_exchanges_complaints_requirements_and_terms_are_for_the_company(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo == "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "me llegó el casco, ahora quiero 3 pares de guantes",  # arrived fine, then an order
        "¿qué guantes necesito para soldar en altura?",  # what to use, not what is required to buy
        "los guantes se me salieron de la mano, ¿tienen unos más ajustados?",  # no exchange asked
    ],
)
def test_arrivals_needs_and_stories_without_a_company_matter_stay_with_products(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo != "contexto"


@pytest.mark.parametrize(
    "message",
    [
        "¿qué día pasa el vendedor por Marinilla?",  # the company's rounds, asked when
        "¿con cuánto tiempo de anticipación hay que encargar 150 overoles?",  # lead time
        "la compra de guantes del martes todavía no nos llega",  # an order not arrived
        "mi pedido de botas no ha llegado y ya van 6 días",
    ],
)
def test_rounds_lead_times_and_orders_not_arrived_are_for_the_company(message: str) -> None:
    assert classify(message, None, product_probe, lambda _: 1.0, lambda _: False).tipo == "contexto"


def test_a_paper_of_the_sale_sent_is_no_purchase() -> None:
    message = "necesito que me manden la factura electrónica de los guantes al correo"
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).tipo != "venta"


def test_the_price_of_carrying_goods_somewhere_is_a_delivery_question() -> None:
    message = "¿qué me cobran por llevarme 3 cajas de tapones hasta la vereda?"
    assert classify(message, None, product_probe, lambda _: 0.0, lambda _: False).motivo == "pregunta_de_entrega"


@pytest.mark.parametrize(
    "message",
    [
        "el visor de la careta se me partió a los ocho días, qué hago",
        "el detector dejó de pitar y lo compramos en marzo, todavía sirve?",
        "la eslinga de Jairo frenó una caída desde el andamio, ¿la podemos seguir usando?",
        "se nos mojaron los cartuchos en la bodega, aún sirven?",
        "las botas quedaron despegadas al mes, me las cambian?",
    ],
)
def test_goods_damaged_and_what_to_do_asked_is_after_sales(message: str) -> None:
    result = classify(message, product_probe=lambda _: 1.0)
    assert (result.tipo, result.motivo) == ("contexto", "dano_de_lo_comprado")


@pytest.mark.parametrize(
    "message",
    [
        "se me rompieron las botas, necesito unas nuevas talla 40",  # a new pair asked for: a product
        "se me partió la careta, ¿qué careta me recomienda?",  # advice on what to buy
        "¿qué hago para evitar que se empañen las monogafas?",  # no damage told
    ],
)
def test_damage_without_asking_what_to_do_with_it_is_no_after_sales(message: str) -> None:
    assert classify(message, product_probe=lambda _: 1.0).motivo != "dano_de_lo_comprado"

"""Hazard model, GTC 45 'condiciones de seguridad' and emergencies (lexicon/dominio/seguridad_emergencias.json): how
workers describe mechanical, electrical, work-at-height and technological (fire, explosion, leak) hazards, and what
happens after an accident (bleeding, fractures, fainting, eyes, rescue, evacuation), read as the intended rule."""

from __future__ import annotations

import pytest

from tests.lexicon_files import family_rules, rules_read

PREFIX = "se_"

EXAMPLES: dict[str, list[str]] = {
    # --- mecánico ---
    "se_atrapamiento_maquinas": [
        "a un operario casi le coge la mano la banda transportadora",
        "la maquina le atrapo el brazo a un muchacho de la planta",
        "tenemos riesgo de atrapamiento en la laminadora",
        "los engranajes y las poleas estan sin guarda que hago",
        "se le enredo la camisa en el eje de la maquina",
    ],
    "se_mangas_anticorte": [
        "los vidrieros se cortan los antebrazos cargando las laminas",
        "me corto los brazos con las laminas de zinc",
        "algo pa proteger los antebrazos de cortes",
        "instalamos ventaneria y espejos y la gente se corta los brazos",
    ],
    "se_malla_carniceria": [
        "soy carnicero y con el cuchillo ya me he chuzado la mano",
        "en el desposte los operarios se cortan seguido",
        "que le pongo en la mano a los que deshuesan pollo",
        "planta de beneficio de cerdos, los cuchillos cortan mucho",
    ],
    "se_motosierra": [
        "el motosierrista no tiene nada en las piernas",
        "tumbamos arboles y trozamos los troncos en la finca",
        "cortar troncos con motosierra que le pongo en las piernas",
        "los aserradores de la vereda se pueden cortar una pierna",
    ],
    "se_torno_virutas": [
        "trabajo en el torno y me saltan virutas calientes a la cara",
        "soy tornero en un taller de mecanizado",
        "la fresadora bota viruta pa todos lados",
        "en la rectificadora salta refrigerante a los ojos",
    ],
    "se_sierras_carpinteria": [
        "en la carpinteria usamos sierra de mesa y canteadora",
        "cortando con la ingleteadora saltan pedazos de madera",
        "la sierra sinfin del taller de ebanisteria",
        "trabajo con caladora todo el dia",
    ],
    "se_pistola_fijacion": [
        "usamos pistola de fijacion para clavar en concreto",
        "disparos con fulminante pa fijar los perfiles",
        "clavadora neumatica en la fabrica de estibas",
        "la grapadora neumatica a veces rebota las grapas",
    ],
    "se_aire_comprimido": [
        "sopleteamos las maquinas con aire comprimido",
        "limpiar con la pistola de aire me tira mugre a los ojos",
        "toca sopletear el polvo de los tableros",
        "los mecanicos limpian las piezas con aire a presion",
    ],
    "se_hidrolavadora": [
        "lavamos los camiones con hidrolavadora",
        "hacemos hidrolavado de fachadas",
        "con la karcher me salpica todo el mugre",
        "lavado a presion de pisos en la planta",
    ],
    # --- eléctrico ---
    "se_equipo_electrizado": [
        "la lavadora industrial da corriente cuando uno la toca",
        "me pateo la corriente la nevera del casino",
        "la carcasa del motor esta electrizada",
        "la maquina no tiene polo a tierra y corrientea",
    ],
    "se_electrocutado_rescate": [
        "a un compañero le dio la corriente y quedo pegado del cable",
        "que hacemos si alguien se electrocuta",
        "como despegar a una persona electrocutada sin que a uno le de",
        "el electricista quedo pegado de la linea",
    ],
    "se_senal_riesgo_electrico": [
        "letreros de peligro alto voltaje para la subestacion",
        "toca senalizar los tableros de la planta",
        "avisos de riesgo electrico pa la puerta del cuarto",
        "calcomanias de riesgo electrico para las cajas",
    ],
    "se_redes_cercanas": [
        "vamos a trabajar con la grua cerca de las cuerdas de la luz",
        "pasan cables de alta por encima del techo donde trabajamos",
        "el andamio queda cerquita de las redes de energia",
        "hay que podar unos arboles que tocan los cables de la luz",
    ],
    "se_paneles_solares": [
        "instalamos paneles solares en techos de casas",
        "montaje de sistema fotovoltaico en la cubierta de una bodega",
        "los muchachos de energia solar se suben a los tejados",
        "mantenimiento de una granja solar",
    ],
    # --- trabajo en alturas ---
    "se_borde_sin_baranda": [
        "la placa todavia no tiene barandas y los muchachos trabajan en el borde",
        "hay que tapar el hueco del ascensor",
        "aberturas en el piso de la losa sin proteccion",
        "el mezzanine no tiene baranda",
    ],
    "se_cubiertas_fragiles": [
        "hay que cambiar unas tejas de eternit que estan podridas",
        "el techo es de teja traslucida y se puede romper",
        "arreglar unas goteras en la bodega",
        "limpiar las canales del techo antes del invierno",
        "vamos a impermeabilizar la cubierta del colegio",
    ],
    "se_trabajo_vertical_cuerdas": [
        "pintar la fachada desde la guindola",
        "hacemos trabajos verticales tipo rappel",
        "acceso por cuerdas para inspeccionar el puente",
        "los silleteros que lavan los vidrios del edificio",
    ],
    "se_torres_telecom": [
        "somos torreros y subimos antenas de celular",
        "montaje de antenas en torre autosoportada",
        "subir al mastil a cambiar la antena",
        "contratista de telecomunicaciones que trepa torres",
    ],
    "se_rescate_suspension": [
        "si alguien queda colgado del arnes cuanto aguanta",
        "cintas para el trauma de suspension",
        "plan de rescate en alturas que nos pide la arl",
        "kit para bajar a una persona colgada",
        "entrenamiento de autorrescate",
    ],
    "se_zona_bajo_trabajo": [
        "mientras trabajamos arriba pasa gente por debajo",
        "se caen escombros de la fachada a la calle",
        "una red para que no caigan materiales a los de abajo",
        "zona de caida de objetos debajo del andamio",
    ],
    "se_plataforma_elevadora": [
        "trabajamos en un elevador de tijera dentro de la bodega",
        "el brazo articulado necesita arnes",
        "los del camion canasta de alumbrado",
        "plataforma elevadora tipo genie",
    ],
    # --- tecnológico ---
    "se_baterias_litio": [
        "tenemos montacargas con baterias de litio",
        "se incendio la bateria de litio de una patineta",
        "extintor pa carros electricos",
        "cuarto de carga de las motos electricas",
    ],
    "se_metales_clase_d": [
        "mecanizamos magnesio y las virutas pueden prender",
        "con que se apaga un fuego clase d",
        "polvo de aluminio en la planta de pinturas",
        "manejamos sodio metalico en el laboratorio",
    ],
    "se_incendio_forestal": [
        "temporada de incendios forestales en la finca",
        "apagar una quema de potrero que se salio de control",
        "la brigada forestal necesita batefuegos",
        "se prendio el monte detras de la planta",
    ],
    "se_alarma_emergencia": [
        "una sirena para avisar la evacuacion",
        "megafono para el coordinador de emergencias",
        "pitos para la brigada",
        "como doy la alarma en toda la planta",
        "pulsador de alarma manual",
    ],
    "se_escape_humo": [
        "en el hotel quieren capuchas de escape para los huespedes",
        "si el pasillo se llena de humo como salen",
        "inhalo mucho humo en el incendio",
        "autorrescatador para los mineros",
    ],
    # --- emergencias y primeros auxilios ---
    "se_hemorragia": [
        "se corto con la pulidora y sangra mucho",
        "como paro una hemorragia",
        "torniquete para el botiquin de la obra",
        "se mocho un dedo con la sierra",
        "no para de sangrar la herida",
    ],
    "se_contusiones": [
        "se dio un golpe en la rodilla y se le hincho",
        "le salio un chichon",
        "compresas frias para los golpes",
        "se torcio el tobillo bajando del camion",
        "tiene un moreton en la pierna",
    ],
    "se_desmayo_signos": [
        "un trabajador se desmayo en la linea",
        "perdio el conocimiento y volvio en si",
        "le dan convulsiones a un compañero",
        "tomar la presion a los trabajadores",
        "se le bajo el azucar al conductor",
    ],
    "se_rcp_barrera": [
        "mascarilla para dar respiracion boca a boca",
        "la brigada necesita un ambu para reanimar",
        "respiracion artificial sin contagiarse",
        "maniqui para practicar rcp",
    ],
    "se_silla_evacuacion": [
        "como bajamos a una persona en silla de ruedas por las escaleras",
        "evacuar personas con movilidad reducida del edificio",
        "en el hogar hay adultos mayores que no pueden caminar",
        "bajar pacientes por escaleras si hay emergencia",
    ],
    "se_cuerpo_extrano_ojo": [
        "le cayo una limadura en el ojo y lo tiene rojo",
        "tiene algo metido en el ojo y le arde",
        "parche para el ojo despues de sacarle la basura",
        "le entro una basura en el ojo al soldador",
        "cuerpo extrano en el ojo que hago",
    ],
    "se_lavaojos_portatil": [
        "lavaojos para la camioneta que no tenga conexion de agua",
        "no tenemos tuberia en el sitio y piden lavaojos",
        "estacion lavaojos portatil pa campo",
        "solucion para el lavaojos que ya se vencio",
    ],
    "se_reposicion_botiquin": [
        "necesito surtir el botiquin porque se acabaron las gasas",
        "reponer lo que se gasto del botiquin",
        "que elementos debe llevar el botiquin tipo b",
        "insumos de primeros auxilios pa recargar los botiquines",
    ],
    "se_senales_emergencia": [
        "senales para ubicar el botiquin y la camilla",
        "senal de punto de encuentro",
        "senalizacion de emergencia fotoluminiscente para todo el edificio",
        "plano de evacuacion con usted esta aqui",
    ],
    "se_piscinas_rescate": [
        "la piscina del conjunto necesita aro salvavidas por ley",
        "elementos de rescate acuatico para el club",
        "que exige la ley 1209",
        "boya de rescate para el salvavidas",
    ],
    "se_fractura_extremidades": [
        "se quebro la pierna bajando del andamio",
        "un obrero se disloco el hombro",
        "entablillar un brazo quebrado",
        "tiene un hueso roto en la mano",
    ],
}

# Purchases by product name, company questions, staff look-ups and greetings: no rule of this family applies.
NEGATIVES = [
    "quiero 3 cascos blancos",
    "hacen envios a Cali",
    "cuanto vale el arnes de 4 argollas",
    "buenos dias",
    "necesito 20 pares de guantes de nitrilo talla 9",
    "me comunica con la asesora Paola",
    "tienen tapaoidos de espuma en stock",
    "cual es el horario de atencion",
    "quiero cotizar botas punta de acero talla 40",
    "donde queda la bodega de ustedes",
    "el pedido que hice ayer ya salio",
    "me facturan a nombre de la empresa con nit",
    "me regala el numero de cuenta para consignar",
    "quiero 10 respiradores n95",
    "tienen chalecos reflectivos naranja",
    "gracias muy amable",
    "el vendedor Carlos quedo de llamarme",
    "precio de la monogafa antiempanante",
    "aceptan pago con tarjeta de credito",
    "necesito un extintor de 10 libras",
    "cinta de demarcacion amarilla x 500 metros",
    "me manda la ficha tecnica del candado de bloqueo",
    "guantes morados de nitrilo caja x 100",
    "quiero la camilla rigida con correas",
    "tienen overoles talla L en azul",
]


CASES = [(rule_id, message) for rule_id, messages in EXAMPLES.items() for message in messages]


@pytest.mark.parametrize(("rule_id", "message"), CASES)
def test_reads_the_intended_rule(rule_id: str, message: str) -> None:
    assert rule_id in rules_read(message), f"{message!r} -> {sorted(rules_read(message))}"


@pytest.mark.parametrize("message", NEGATIVES)
def test_no_rule_of_the_family_fires(message: str) -> None:
    fired = {rule_id for rule_id in rules_read(message) if rule_id.startswith(PREFIX)}
    assert not fired, f"{message!r} -> {sorted(fired)}"


def test_every_rule_has_examples() -> None:
    assert {rule["id"] for rule in family_rules("seguridad_emergencias")} == set(EXAMPLES)

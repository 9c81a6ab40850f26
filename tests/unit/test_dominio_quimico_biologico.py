"""GTC 45 chemical and biological hazards and confined spaces (`lexicon/dominio/quimico_biologico.json`): the way
workers describe the situation reads the intended rule, and purchases, company questions and greetings read none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agente_vendedor.language.normalization import normalize
from tests.lexicon_files import family_rules, rules_read

EXAMPLES: dict[str, list[str]] = {
    "qb_h2s_sulfhidrico": [
        "en el pozo septico hay un olor a podrido horrible",
        "trabajo en pozos de crudo con h2s y olor a azufre",
        "el colector huele a alcantarilla",
        "en la planta de aguas huele como a huevo podrido, que les sirve",
        "el tanque de la curtiembre bota un olor a huevos podridos",
        "que detector me sirve para acido sulfhidrico",
        "los pozos de petroleo tienen gas agrio y sale sulfuro de hidrogeno",
        "en el colector se siente olor a cloaca muy fuerte y los muchachos se marean",
    ],
    "qb_monoxido_carbono": [
        "los montacargas de gas dentro de la bodega nos dan dolor de cabeza",
        "tenemos una motobomba adentro del sotano",
        "riesgo de monoxido en el parqueadero",
        "tenemos la planta electrica en un cuarto cerrado y los operarios salen con dolor de cabeza",
        "el montacargas a gas trabaja dentro de la bodega todo el dia",
        "en el parqueadero subterraneo se acumula el humo de los carros",
        "que sirve para el monoxido de carbono, el cartucho lo filtra?",
        "los gases del exhosto de la motobomba en el sotano",
    ],
    "qb_gas_combustible_fuga": [
        "como se si hay fuga de gas en la planta",
        "en la mina de carbon hay grisu",
        "el tanque tenia combustible y hay que cortarlo",
        "huele a gas en la cocina del casino, como detecto la fuga",
        "hubo un escape de gas natural en la red",
        "necesitamos medir la explosividad antes de trabajar",
        "vamos a soldar un tanque que tenia gasolina",
        "el biodigestor de la finca produce metano",
    ],
    "qb_medir_atmosfera": [
        "necesito saber el nivel de oxigeno en un tanque",
        "con que medimos gases en la alcantarilla",
        "antes de entrar al pozo que hay que hacer",
        "como se mide el oxigeno antes de entrar al tanque",
        "necesito medir los gases antes de bajar al pozo",
        "hacemos monitoreo de gases en la planta de tratamiento",
        "como sabemos si hay gases adentro de la camara",
        "el porcentaje de oxigeno dentro de la cisterna",
    ],
    "qb_calibrar_detector": [
        "donde calibran detectores de gases",
        "el detector de 4 gases marca mal",
        "cada cuanto se hace el bump test",
        "cada cuanto hay que calibrar el detector de gases",
        "el monitor marca raro, necesito calibrarlo",
        "hacen la prueba bump a los equipos",
        "se vencio el sensor del detector",
        "venden el gas para calibracion de los detectores",
    ],
    "qb_ventilacion_forzada": [
        "en el tanque no circula el aire",
        "algo para ventilar el pozo antes de bajar",
        "queremos extraer los gases del cuarto",
        "como ventilo el tanque antes de que entren",
        "adentro del pozo el aire esta viciado",
        "necesitamos inyectar aire fresco a la boveda",
        "hay muy mala ventilacion en el cuarto de bombas",
        "algo para sacar los gases del sotano",
    ],
    "qb_rescate_confinado": [
        "si alguien queda atrapado adentro del tanque",
        "como sacarlo del pozo si se desmaya",
        "equipo para bajar a la alcantarilla",
        "si uno se desmaya adentro del tanque como lo sacamos",
        "plan de rescate en espacios confinados",
        "con que bajamos al pozo y subimos al trabajador",
        "quedo atrapado en el pozo de inspeccion",
        "como sacar a alguien de la alcantarilla sin meternos",
    ],
    "qb_atmosfera_idlh": [
        "trabajamos donde no hay oxigeno",
        "el cartucho no sirve para esas concentraciones altas",
        "necesitamos aire respirable para entrar",
        "donde no hay oxigeno que equipo se usa",
        "las concentraciones son muy altas, los cartuchos no alcanzan",
        "atmosfera idlh, que nos recomiendan",
        "algo para escapar si hay una fuga grande de amoniaco",
        "necesitamos respirar aire de afuera mientras limpiamos el tanque",
    ],
    "qb_gases_inertes": [
        "usamos nitrogeno para purgar tuberias",
        "la cerveceria tiene tanques de fermentacion con dioxido de carbono",
        "purgamos las lineas con nitrogeno y el gas desplaza el oxigeno",
        "en la planta usan nitrogeno liquido",
        "guardamos hielo seco en un cuarto cerrado",
        "riesgo de asfixia dentro del reactor inertizado",
    ],
    "qb_silos_granos": [
        "se meten a limpiar la tolva de maiz",
        "un trabajador quedo enterrado en el grano del silo",
        "los muchachos se meten al silo de maiz a despegar el grano",
        "limpian las tolvas de arroz por dentro",
        "que no se hunda el trabajador en el grano",
        "secadora de granos y bodega de cafe pergamino",
    ],
    "qb_permiso_confinado": [
        "el vigia de espacios confinados que debe tener",
        "para el permiso de entrada a espacios confinados que equipos piden",
        "cumplir la resolucion 0491 de confinados",
        "el supervisor de entrada del tanque",
    ],
    "qb_boca_pozo_abierta": [
        "el pozo queda destapado mientras trabajamos",
        "se robaron la tapa de la alcantarilla y toca avisar",
        "el manhole queda abierto en la calle",
        "que nadie se caiga por la boca del pozo",
    ],
    "qb_dermatitis_contacto": [
        "me salio eccema en las manos",
        "tengo ronchas por el quimico",
        "las manos se me agrietan con el cemento",
        "con el cemento se me pelan las manos",
        "a las operarias se les resecan las manos con el detergente",
        "tengo las manos cuarteadas de tanto quimico",
        "me arden las manos despues de lavar",
        "le salio una irritacion en la piel por el desengrasante",
    ],
    "qb_quemadura_quimica": [
        "a un man le cayo acido en el brazo",
        "que hacer con una quemadura por soda caustica",
        "un operario tuvo una quemadura quimica en el brazo",
        "le cayo soda caustica en la pierna que hacemos",
        "si a alguien se le riega acido encima",
        "quemadura con acido en la planta",
        "el quimico le toco la piel y le ardia",
    ],
    "qb_diluir_corrosivos": [
        "diluimos acido para lavar las placas",
        "el operario dosifica los quimicos de la caldera",
        "preparamos las soluciones de soda en la planta",
        "hay que reenvasar el hipoclorito en galones",
        "mezclamos quimicos para la limpieza de tanques",
    ],
    "qb_bodega_inflamables": [
        "donde almacenar el acpm de la planta",
        "la bodega de pinturas necesita algo",
        "donde guardo el thinner y las pinturas",
        "almacenamiento de inflamables en la obra",
        "tenemos una bodega de pinturas y solventes",
        "como almaceno la gasolina de las guadanas",
        "las pimpinas de acpm quedan en el taller",
    ],
    "qb_almacen_corrosivos": [
        "como almaceno los acidos en la bodega",
        "la matriz de compatibilidad de los quimicos",
        "que quimicos no se pueden guardar juntos",
        "separar los acidos de las bases",
    ],
    "qb_hojas_seguridad_rotulado": [
        "nos pidieron las fichas de seguridad en la auditoria",
        "toca rotular los envases del laboratorio",
        "me piden las hojas de seguridad pegadas en la bodega",
        "tengo que rotular los quimicos que reenvasamos",
        "como etiquetar los productos con el sistema globalmente armonizado",
        "las fichas de seguridad msds de los solventes",
        "pictogramas sga para los envases",
    ],
    "qb_neutralizar_corrosivos": [
        "con que neutralizo un derrame de acido",
        "como neutralizar la soda que se rego",
        "algo para neutralizar el electrolito de las baterias",
    ],
    "qb_cuarto_baterias": [
        "en el cuarto de baterias cargan los montacargas",
        "el que rellena las baterias con agua destilada",
        "banco de baterias de la subestacion",
        "zona de carga de baterias de los equipos",
    ],
    "qb_mercurio": [
        "se rompieron tubos fluorescentes en la bodega",
        "manejo de mercurio en mineria",
        "se rompio un termometro de mercurio en el consultorio",
        "como recojo el mercurio de las lamparas fluorescentes rotas",
        "en la mina queman la amalgama con mercurio",
        "se quebraron varios bombillos ahorradores en la bodega",
    ],
    "qb_fibras_aislantes": [
        "instalamos lana de vidrio en el cielo raso",
        "la lana mineral me da una piquina en todo el cuerpo",
        "cambiamos el aislamiento termico de las tuberias",
        "forramos los hornos con fibra ceramica",
    ],
    "qb_humos_fundicion": [
        "fundimos bronce y aluminio en el taller",
        "al soldador le dio fiebre de los metales",
        "soldamos acero inoxidable y dicen que el cromo hace daño",
        "en la galvanoplastia hacen cromado duro",
        "se desprende humo de zinc al cortar",
    ],
    "qb_nieblas_aceite": [
        "en los tornos cnc sale una niebla de aceite",
        "el refrigerante de corte salpica y se respira",
        "el operario de la rectificadora respira la taladrina",
        "aplicamos desmoldante con spray todo el dia",
    ],
    "qb_desinfeccion_nebulizacion": [
        "vamos a nebulizar las oficinas con amonio cuaternario",
        "la termonebulizadora para desinfectar bodegas",
        "en la central de esterilizacion usan glutaraldehido",
        "hacemos limpieza terminal de quirofanos con peroxido",
        "sanitizar el camion con acido peracetico",
    ],
    "qb_aguas_residuales": [
        "trabajo destapando sanitarios",
        "operario de ptar que esta en contacto con aguas servidas",
        "trabajamos en la planta de aguas residuales",
        "los de mantenimiento destapan canerias con aguas negras",
        "limpieza de trampas de grasa del restaurante",
        "el operario del vactor succiona lodos",
        "en el relleno sanitario manejan lixiviados",
    ],
    "qb_derrame_biologico": [
        "un paciente vomito en el pasillo, con que lo recogemos",
        "quedo sangre regada en el piso de urgencias",
        "como limpiar un derrame biologico",
        "orina en el piso del bano del hogar geriatrico",
    ],
    "qb_cortopunzantes": [
        "los recicladores se pinchan con agujas",
        "donde botar las lancetas",
        "la enfermera se pincho con una aguja",
        "donde desechamos las jeringas usadas",
        "los barrenderos se chuzan con jeringas en la calle",
        "manejo de cortopunzantes en el laboratorio",
        "un pinchazo con lanceta en la toma de muestras",
    ],
    "qb_residuos_segregacion": [
        "como separamos los residuos biosanitarios",
        "el codigo de colores para la basura del consultorio",
        "la ruta sanitaria de residuos de la clinica",
        "cuarto de almacenamiento de residuos peligrosos",
        "nos exigen el pgirasa en la ips",
    ],
    "qb_hongos_moho": [
        "el sotano esta lleno de moho",
        "tengo que limpiar hongos del cuarto",
        "el archivo esta lleno de hongos",
        "hay que limpiar moho de las paredes",
        "las archivistas manipulan documentos humedos",
        "las esporas del archivo muerto",
    ],
    "qb_excremento_aves": [
        "vamos a limpiar el techo lleno de palomina",
        "hay mucho excremento de paloma en la bodega",
        "en la cueva hay murcielagos y guano",
        "riesgo de histoplasmosis en la limpieza del tejado",
    ],
    "qb_serpientes": [
        "en la plantacion de palma salen muchas serpientes",
        "me da miedo una culebra en el cafetal",
        "en la finca hay muchas culebras",
        "le pico una mapana a un trabajador",
        "accidente ofidico en el cultivo de palma",
        "rozamos rastrojo donde salen serpientes",
        "que botas aguantan una mordedura de culebra",
    ],
    "qb_abejas_avispas": [
        "retirar enjambres de abejas",
        "tenemos colmenas en la finca",
        "hay que quitar un panal de abejas del techo",
        "a los de zonas verdes los picaron las avispas",
        "manejamos colmenas para la cosecha de miel y necesitamos dotacion",
        "un enjambre se metio en la bodega",
        "nos ataco un avispero en el potrero",
    ],
    "qb_mosquitos_zancudos": [
        "trabajadores en zona de malaria",
        "los zancudos nos comen vivos en el llano",
        "en la obra hay demasiado zancudo",
        "la cuadrilla trabaja en zona de dengue y malaria",
        "nos pican los jejenes en la playa",
        "vamos a trabajar en la selva del choco, que llevamos para los mosquitos",
    ],
    "qb_garrapatas_pulgas": [
        "en el potrero se llenan de garrapatas",
        "los vaqueros traen niguas en los pies",
        "la bodega tiene pulgas y chinches",
        "como evito las garrapatas en el campo",
    ],
    "qb_mordeduras_animales": [
        "un perro bravo mordio al mensajero",
        "en la perrera manejan animales agresivos",
        "centro de zoonosis, como sujetar los gatos",
        "al veterinario lo mordio un caballo",
        "mordeduras de perro a los lectores de contadores",
    ],
    "qb_alacranes_aranas": [
        "en la bodega salen alacranes",
        "picadura de escorpion en el almacen",
        "hay aranas en las cajas viejas del archivo",
        "encontramos una viuda negra en la bota",
    ],
    "qb_roedores": [
        "en el archivo hay ratones",
        "riesgo de leptospirosis",
        "la bodega esta llena de ratones",
        "riesgo de leptospirosis por orina de ratas",
        "hay plaga de ratas en la planta",
        "contratamos la desratizacion de la bodega",
    ],
    "qb_cabello_alimentos": [
        "para que no caigan pelos en el pan",
        "los manipuladores tienen que recogerse el cabello",
        "que no caiga pelo en la comida",
        "encontraron un cabello en los alimentos",
        "los cocineros tienen que recogerse el pelo",
        "el panadero tiene barba y le piden taparla",
    ],
    "qb_higiene_manos": [
        "para el lavado de manos de los operarios",
        "necesitan desinfectarse las manos al entrar",
        "protocolo de bioseguridad para la empresa",
        "punto de higienizacion de manos a la entrada",
    ],
    "qb_cilindros_gases": [
        "los cilindros de oxigeno estan sueltos en la bodega",
        "como amarro las balas de acetileno",
        "se cayo un cilindro de gas en el taller",
        "para mover los cilindros de argon",
        "almacenar gases comprimidos",
    ],
    "qb_emergencia_quimica": [
        "armamos la brigada para emergencias quimicas",
        "atender fugas de quimicos en la planta",
        "respuesta a materiales peligrosos matpel",
        "control de fugas de amoniaco en la planta de frio",
    ],
    "qb_intoxicacion_auxilios": [
        "un operario se intoxico con gas, que primeros auxilios",
        "inhalo gases en el tanque y esta mareado",
        "se desmayo por los gases en la alcantarilla",
        "necesitamos una bala de oxigeno para la enfermeria",
        "primeros auxilios para un intoxicado con gases",
    ],
    "qb_zona_clasificada": [
        "es un area clasificada clase 1 division 1",
        "herramienta que no saque chispas para la refineria",
        "en la estacion de gas piden equipos que no hagan chispa",
        "trabajamos en zona atex con vapores inflamables",
    ],
}

NEGATIVES = [
    "quiero 3 cascos blancos",
    "hacen envios a cali?",
    "buenos dias, como estan",
    "cual es el horario de atencion",
    "necesito 10 cajas de guantes de nitrilo",
    "cuanto vale el detector de gases 4 gases",
    "me cotiza un respirador media cara 3M 6200",
    "tienen cartuchos 6003",
    "quiero el kit antiderrames de 20 galones",
    "cuanto cuesta la ducha de emergencia",
    "quiero pagar por transferencia",
    "me regala el numero de la factura",
    "necesito hablar con el asesor comercial",
    "quien es el vendedor de la zona norte",
    "precio de las botas de caucho pantaneras",
    "tienen overol desechable talla L",
    "el tripode de rescate tiene stock?",
    "mandeme la lista de precios por whatsapp",
    "donde queda la bodega de ustedes",
    "hace un rato les escribi por el pedido",
    "quiero 5 extintores de 10 libras",
    "cuanto se demora el despacho a medellin",
    "gracias, muy amable",
    "me pasa el precio de la camilla tipo canasta",
    "tiene tapabocas quirurgicos por caja",
    "tienen detector de gas metano?",
    "cuanto vale el kit de mercurio",
    "tienen bump cap",
    "necesito un arnes de 4 argollas",
    "cual es su nit",
    "que horario tienen el sabado",
    "necesito la hoja de vida del vendedor",
    "ya hice la transferencia",
    "quiero cambiar la talla",
    "las botas me muerden el tobillo",
    "tengo barba y el respirador no me sella",
]


def _cases() -> list[tuple[str, str]]:
    return [(rule_id, message) for rule_id, messages in EXAMPLES.items() for message in messages]


@pytest.mark.parametrize(("rule_id", "message"), _cases())
def test_situation_reads_its_rule(rule_id: str, message: str) -> None:
    assert rule_id in rules_read(message)


@pytest.mark.parametrize("message", NEGATIVES)
def test_purchases_and_questions_read_no_rule_of_the_family(message: str) -> None:
    assert not {r for r in rules_read(message) if r.startswith("qb_")}


CATALOGUE = Path(__file__).resolve().parents[2] / "layers/common/agente_vendedor/ops/demo_data/catalogo.json"


def test_purchases_of_catalogue_products_read_no_rule_of_the_family() -> None:
    products = json.loads(CATALOGUE.read_text("utf-8"))
    messages = [f"{verb} {p['nombre']}" for p in products for verb in ("quiero", "cuanto vale")]
    messages += [f"tienen {synonym}" for p in products for synonym in p.get("sinonimos", [])]
    firing = {m: fired for m in messages if (fired := {r for r in rules_read(m) if r.startswith("qb_")})}
    assert not firing


# Every trigger word becomes a typo-correction target (search/vocabulary.py corrects an unknown word of 5+ letters
# to a lexicon word 1 edit away, 2 from 9 letters): a one-word trigger must not absorb common words this way.
COMMON_WORDS_NEAR_TRIGGERS = [
    "razones",
    "resultado",
    "esperas",
    "esposas",
    "moroso",
    "mocos",
    "incremento",
    "desalojar",
    "codificar",
    "energizar",
    "agricultura",
    "avicultura",
    "caficultura",
    "fitosanitarios",
    "estabilizar",
    "dejen",
    "modos",
    "factor",
    "sella",
    "plaza",
    "piden",
    "combo",
    "reenviado",
    "desmontado",
    "muere",
    "mueren",
    "fases",
    "logos",
    "panales",
    "rayas",
    "ramas",
    "patas",
]


def test_one_word_triggers_do_not_absorb_common_words_as_typos() -> None:
    from rapidfuzz.distance import OSA

    from agente_vendedor.search.needs import word_keys

    single = {
        normalize(t)
        for rule in family_rules("quimico_biologico")
        for t in rule["disparadores"]
        if len(normalize(t).split()) == 1
    }
    absorbed = [
        (word, trigger)
        for word in COMMON_WORDS_NEAR_TRIGGERS
        for trigger in single
        if OSA.distance(word, trigger) <= (1 if len(word) < 9 else 2) and not word_keys(word) & word_keys(trigger)
    ]
    assert not absorbed


def test_every_rule_has_examples() -> None:
    assert {rule["id"] for rule in family_rules("quimico_biologico")} == set(EXAMPLES)

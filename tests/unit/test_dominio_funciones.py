"""The functions family (`lexicon/dominio/funciones.json`): a need said by what the product must do — a verb and what
it acts on, in either order, a few words apart, in any form of the verb — read as the intended rule; the same words
apart, or the verb with another object, read nothing of the family."""

from __future__ import annotations

import pytest

from agente_vendedor.language.normalization import normalize
from agente_vendedor.search.needs import Composition, composition_keys
from tests.lexicon_files import family_rules, rules_read

PREFIX = "fn_"

EXAMPLES: dict[str, list[str]] = {
    "fn_detectar_atmosfera": [
        "antes de bajar a la cisterna queremos saber si el aire esta bueno",
        "algo que pite cuando el gas pase del limite",
        "si se sale el propano en la cocina, de la fuga como nos enteramos",
        "necesito medir cuanto oxigeno queda en la bodega refrigerada",
        "algo que le avise al soldador si se esta intoxicando en el tanque",
    ],
    "fn_detectar_humo": [
        "que algo avise si hay humo en la bodega de papel de noche",
        "un aparato que suene apenas empiece un incendio en el cuarto de servidores",
    ],
    "fn_ventilar": [
        "en la caldera subterranea el aire no circula",
        "el humo de la soldadura se encierra en el cuarto de maquinas",
        "como sacamos los vapores del foso de la pintura",
    ],
    "fn_bloquear_arranque": [
        "mientras cambio la cuchilla que nadie vaya a encender el molino",
        "el electricista quiere estar seguro de que nadie le conecte el circuito",
    ],
    "fn_contener_derrame": [
        "si se derrama gasolina en la estacion con que la recogemos",
        "queremos atajar el aceite que bota la maquina antes de que llegue al canal",
    ],
    "fn_lavar_ojos": [
        "en el laboratorio no hay donde lavarse los ojos si salpica algo",
        "para enjuagar los ojos del que trasvasa cloro",
    ],
    "fn_inmovilizar": [
        "que mantenga quieto el cuello del accidentado mientras llega la ambulancia",
        "para inmovilizar una pierna fracturada en la brigada",
    ],
    "fn_trasladar_herido": [
        "en que bajamos a un lesionado desde el tercer piso",
        "la brigada necesita con que trasladar a un desmayado por las escaleras",
    ],
    "fn_rescatar_del_agua": [
        "que le lanzamos al que cae al rio",
        "los que reparan la bocatoma no saben nadar",
    ],
    "fn_reanimar": [
        "el aparato que da la descarga en el pecho",
        "queremos tener con que reanimar a una persona con un paro",
    ],
    "fn_cargar_baterias": [
        "donde recargamos las baterias de las 20 linternas de la brigada",
        "un equipo para cargar varias lamparas al tiempo",
    ],
    "fn_alumbrar": [
        "algo que alumbre adentro del pozo",
        "para iluminar el socavon sin ocupar las manos",
    ],
    "fn_hacerse_ver": [
        "que los conductores vean al paletero desde lejos",
        "los motociclistas no distinguen a los barrenderos de madrugada",
    ],
    "fn_aislar_zona": [
        "hay que acordonar el area donde se cayo el muro",
        "vamos a cerrar un carril de la autopista para pintar la linea",
    ],
    "fn_hidratar": [
        "los corteros de caña sudan demasiado con el calor del mediodia",
        "en el invernadero la gente se marea por el calor",
    ],
    "fn_evacuar_a_oscuras": [
        "si hay apagon por donde sale la gente del centro comercial",
        "para evacuar el teatro a oscuras",
    ],
    "fn_avisar_piso_mojado": [
        "cuando lavan el pasillo del hospital alguien se puede caer",
        "mientras trapean los banos del colegio",
    ],
    "fn_amarrar_herramientas": [
        "al que trabaja en el andamio se le puede caer el martillo encima de alguien",
        "que no se suelte la llave de la mano del que esta arriba en la torre",
    ],
    "fn_amortiguar_vibracion": [
        "con el martillo demoledor se le duermen las manos al obrero",
        "al rato de usar la apisonadora le hormiguean los dedos",
    ],
    "fn_advertir_peligro": [
        "hay que avisar del peligro a los visitantes de la planta",
        "algo para advertir que esta prohibido fumar en la bodega",
    ],
    "fn_curar_heridas": [
        "con que curamos las cortadas de los empacadores",
        "para vendar una herida en la obra",
    ],
    "fn_curar_quemaduras": [
        "como aliviamos una quemadura de vapor en la lavanderia",
        "que sirva para enfriar las ampollas de una quemadura",
    ],
    "fn_proteger_del_sol": [
        "el sol de la tarde los quema en la cosecha de arroz",
        "a los salvavidas de la playa se les pela la nariz",
        "que crema les sirve para el sol a los que reparten en moto",
    ],
    "fn_verificar_tension": [
        "como sabe el tecnico si le queda voltaje al tomacorriente",
        "algo para comprobar si hay corriente en el tablero",
    ],
    "fn_maniobrar_a_distancia": [
        "para cerrar los seccionadores de la subestacion sin acercarse",
        "con que abre el liniero los fusibles del transformador",
    ],
    "fn_abrigar": [
        "al rescatista lo sacamos tiritando del rio, con que lo abrigamos",
        "para arropar a un herido con hipotermia en el paramo",
    ],
    "fn_repeler_insectos": [
        "a los topografos los pican los zancudos en la cienaga",
        "algo para espantar los jejenes en el cultivo de arroz",
    ],
    "fn_sujetar_casco": [
        "con el viento de la azotea se les vuela el casco a los maestros",
        "cada vez que se agacha al operario se le cae el casco",
    ],
    "fn_oscurecer_solo": [
        "una careta de soldar que se oscurezca sola cuando prende el arco",
        "que se ajuste sola al arco sin levantarla",
    ],
    "fn_filtro_para_respirador": [
        "que le cambio a la mascara de dos roscas para los vapores",
        "para poner en el respirador de media cara cuando fumigo",
    ],
    "fn_calibrar_detector": [
        "con que verificamos que el detector de gases si funciona",
        "el monitor de cuatro gases ya no lee bien, como lo calibramos",
    ],
    "fn_apoyar_rodillas": [
        "los enchapadores pasan arrodillados todo el dia sobre la baldosa",
        "el jardinero se hinca en el suelo a sembrar",
    ],
    "fn_levantar_cargas": [
        "los coteros cargan bultos de 50 kilos todo el dia",
        "para levantar cajas pesadas en la bodega",
    ],
    "fn_escapar_del_humo": [
        "si hay incendio en el hotel con que escapan los huespedes del humo",
        "para evacuar el laboratorio si hay una fuga de gas",
    ],
    "fn_apagar_aceite": [
        "en el restaurante se prendio la freidora, con que se apaga eso",
        "para sofocar el aceite de la paila si se incendia",
    ],
    "fn_mojarse_con_lluvia": [
        "los recolectores quedan empapados por el aguacero de la tarde",
        "con la lluvia los celadores se mojan toda la noche",
    ],
    "fn_mordedura_de_serpiente": [
        "en el cañaduzal a un cortero lo mordio una culebra en el tobillo",
        "hay mucha vibora, algo para que no los pique en el potrero",
    ],
    "fn_almacenar_liquidos": [
        "donde guardamos las canecas de aceite para que no manchen el piso",
        "los tambores de acido gotean en la bodega",
    ],
}

NEGATIVES = [
    "necesito 10 cascos blancos",
    "cuanto vale el detector de 4 gases",
    "la camilla rigida con correas",
    "se me cayo el celular",
    "sabemos que ustedes venden al por mayor",
    "quiero ver el catalogo de guantes",
    "el sol de la tarde nos da en la cara en la oficina",
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
    assert {rule["id"] for rule in family_rules("funciones")} == set(EXAMPLES)


def _composition() -> Composition:
    composition = Composition.parse({"verbos": ["medir", "pitar"], "objetos": ["gas"], "ventana": 3})
    assert composition is not None
    return composition


def _keys(message: str) -> list[frozenset[str]]:
    return [composition_keys(t) for t in normalize(message).split()]


@pytest.mark.parametrize(
    ("message", "positions"),  # the verb's position, then its object's
    [
        ("medimos el gas", [0, 2]),  # a form of the verb, its object after
        ("el gas como lo medimos", [4, 1]),  # the object first (the verb's position comes first)
        ("que pite si hay gas", [1, 4]),  # a short verb, by its dictionary lemma
        ("mida los gases", [0, 2]),  # the object's plural
    ],
)
def test_a_composition_reads_a_verb_and_its_object_in_either_order(message: str, positions: list[int]) -> None:
    assert _composition().match(_keys(message)) == positions


@pytest.mark.parametrize(
    "message",
    [
        "medimos la temperatura de la caldera y aparte hay gas",  # too far apart
        "el gas",  # no verb
        "medimos la bodega",  # no object
    ],
)
def test_a_composition_needs_both_close(message: str) -> None:
    assert _composition().match(_keys(message)) is None


def test_an_object_is_not_its_other_gender() -> None:
    composition = Composition.parse({"verbos": ["llevar"], "objetos": ["herido"]})
    assert composition is not None
    assert composition.match(_keys("llevar al herido")) == [0, 2]
    assert composition.match(_keys("para llevar lo de las heridas")) is None

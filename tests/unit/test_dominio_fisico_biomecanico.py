"""Hazard model, GTC 45 físico, biomecánico, locativo and tránsito (`lexicon/dominio/fisico_biomecanico.json`):
the way workers describe heat, cold, vibration, radiation, lighting, posture, repetitive work, uneven floors and road
work reads the intended rule, and purchases, company questions and greetings read none of them."""

from __future__ import annotations

import pytest

from tests.lexicon_files import family_rules, rules_read

PREFIX = "fb_"

POSITIVES: list[tuple[str, str]] = [
    # físico: calor
    ("fb_estres_termico", "en la obra hace un calor tremendo y los muchachos se estan deshidratando"),
    ("fb_estres_termico", "que me recomienda para el estres termico de los operarios en la planta"),
    ("fb_estres_termico", "trabajamos en tierra caliente a 38 grados que hay para refrescar a la gente"),
    ("fb_estres_termico", "los de la cuadrilla terminan sofocados con ese bochorno"),
    ("fb_estres_termico", "algo para que no les de golpe de calor a los del cultivo"),
    ("fb_estres_termico", "hay chalecos que enfrien el calor en la bodega es insoportable"),
    ("fb_estres_termico", "tienen algo pa la hidratacion del personal que trabaja en el patio"),
    ("fb_golpe_calor_auxilios", "a un trabajador le dio un golpe de calor que debe tener el botiquin"),
    ("fb_golpe_calor_auxilios", "se nos desmayo un muchacho por el calor en la cosecha"),
    ("fb_golpe_calor_auxilios", "que hago si un operario se desmaya del calor"),
    ("fb_golpe_calor_auxilios", "le dieron calambres por el calor y vomito"),
    ("fb_ropa_calurosa", "el overol es muy caluroso hay algo mas fresco"),
    ("fb_ropa_calurosa", "necesito dotacion que no de tanto calor para la costa"),
    ("fb_ropa_calurosa", "camisas de tela fresca que respire para trabajar en barranquilla"),
    ("fb_ropa_calurosa", "la ropa de trabajo les da mucho calor en el llano"),
    # físico: frío
    ("fb_frio_cabeza_pies", "en el cuarto frio se nos congelan las orejas"),
    ("fb_frio_cabeza_pies", "tienen pasamontanas para la camara de congelacion"),
    ("fb_frio_cabeza_pies", "los pies helados en el paramo que botas hay"),
    ("fb_frio_cabeza_pies", "se les congelan los pies dentro del congelador"),
    ("fb_frio_cabeza_pies", "algo para la cabeza del frio en la madrugada"),
    ("fb_criogenico", "manejamos nitrogeno liquido en el laboratorio"),
    ("fb_criogenico", "guantes para manipular hielo seco"),
    ("fb_criogenico", "vamos a trasvasar nitrojeno liquido de un termo"),
    ("fb_criogenico", "llenamos tanques criogenicos de oxigeno"),
    # físico: vibración
    ("fb_vibracion_mano_brazo", "con el rotomartillo se me duermen las manos"),
    ("fb_vibracion_mano_brazo", "algo para la vibracion del martillo demoledor"),
    ("fb_vibracion_mano_brazo", "la guadana me deja hormigueo en los dedos"),
    ("fb_vibracion_mano_brazo", "el apisonador vibra muchisimo"),
    ("fb_vibracion_mano_brazo", "manejo la compactadora todo el dia y quedo con las manos dormidas"),
    ("fb_vibracion_cuerpo_entero", "soy operador de retroexcavadora y el asiento vibra todo el dia"),
    ("fb_vibracion_cuerpo_entero", "para los operadores de maquinaria pesada que pasan el turno en la cabina"),
    ("fb_vibracion_cuerpo_entero", "el tractorista se queja de la vibracion"),
    ("fb_vibracion_cuerpo_entero", "conductores de volqueta con dolor lumbar por las vibraciones"),
    # físico: ruido
    ("fb_medir_ruido", "necesito medir el ruido de la planta"),
    ("fb_medir_ruido", "tienen sonometro"),
    ("fb_medir_ruido", "como se cuantos decibeles hay en el taller"),
    ("fb_medir_ruido", "la arl pide dosimetria de ruido"),
    ("fb_ruido_comunicacion", "orejeras pero que pueda escuchar el radio de comunicacion"),
    ("fb_ruido_comunicacion", "con los tapones no oigo a los companeros"),
    ("fb_ruido_comunicacion", "protector auditivo con bluetooth para escuchar musica"),
    ("fb_ruido_comunicacion", "tienen que oir las alarmas pero hay mucho ruido"),
    # físico: radiaciones
    ("fb_soldadura_terceros", "los que trabajan al lado del soldador se quejan de los ojos"),
    ("fb_soldadura_terceros", "algo para separar el area de soldadura de los demas"),
    ("fb_soldadura_terceros", "el ayudante quedo con ojo de soldador"),
    ("fb_soldadura_terceros", "siento como arena en los ojos despues de ver la soldadura"),
    ("fb_soldadura_terceros", "biombo para aislar el destello de soldar"),
    ("fb_radiacion_solar_piel", "a los del acueducto se les pela la nariz con el sol de la tarde"),
    ("fb_radiacion_solar_piel", "los jardineros del conjunto terminan con la nuca quemada"),
    ("fb_radiacion_solar_piel", "la gente del peaje tiene manchas en la piel de tanto estar afuera"),
    ("fb_radiacion_solar_piel", "que crema me sirve para el sol que no se caiga con el sudor"),
    ("fb_radiacion_solar_piel", "los recolectores quedan con los brazos quemados por el sol"),
    ("fb_uv_artificial", "trabajamos con lamparas uv para curar resina"),
    ("fb_uv_artificial", "gafas para luz ultravioleta germicida"),
    ("fb_uv_artificial", "en el laboratorio usamos luz negra"),
    ("fb_uv_artificial", "cabina de desinfeccion con rayos ultravioleta"),
    ("fb_infrarrojo_hornos", "el resplandor del horno de fundicion me pega en la cara"),
    ("fb_infrarrojo_hornos", "miro el metal fundido todo el dia que careta uso"),
    ("fb_infrarrojo_hornos", "gafas para mirar el vidrio fundido"),
    ("fb_infrarrojo_hornos", "la boca del horno le quema la cara al hornero"),
    ("fb_laser", "tenemos una cortadora laser de acrilico"),
    ("fb_laser", "gafas para grabado laser"),
    ("fb_laser", "trabajo con un laser de fibra"),
    ("fb_rayos_x", "delantal para rayos x del consultorio odontologico"),
    ("fb_rayos_x", "protector de tiroides para radiologia"),
    ("fb_rayos_x", "hacemos gammagrafia industrial a tuberias"),
    ("fb_rayos_x", "el tecnico de radiografias necesita chaleco"),
    # físico: iluminación
    ("fb_fatiga_visual_pantallas", "me arden los ojos de estar en el computador"),
    ("fb_fatiga_visual_pantallas", "gafas con filtro de luz azul para la oficina"),
    ("fb_fatiga_visual_pantallas", "la vista cansada de mirar pantallas todo el dia"),
    ("fb_fatiga_visual_pantallas", "ojos resecos por el monitor"),
    ("fb_linterna_antiexplosiva", "linterna para entrar a tanques con gases"),
    ("fb_linterna_antiexplosiva", "lampara intrinsecamente segura"),
    ("fb_linterna_antiexplosiva", "necesito linterna antiexplosiva para zona clasificada"),
    ("fb_linterna_antiexplosiva", "iluminacion a prueba de explosion"),
    ("fb_iluminacion_emergencia", "lamparas de emergencia para las escaleras del edificio"),
    ("fb_iluminacion_emergencia", "cuando hay cortes de luz queda todo oscuro"),
    ("fb_iluminacion_emergencia", "luz de emergencia para la bodega"),
    ("fb_iluminacion_emergencia", "si se va la energia la gente no ve por donde salir"),
    # físico: humedad
    ("fb_hongos_pies_humedad", "los muchachos tienen hongos en los pies por las botas de caucho"),
    ("fb_hongos_pies_humedad", "con las botas mojadas todo el dia les da pie de atleta"),
    ("fb_hongos_pies_humedad", "algo para que no suden los pies dentro de la bota"),
    ("fb_hongos_pies_humedad", "mal olor en las botas de los operarios"),
    # biomecánico
    ("fb_de_pie_prolongado", "las cajeras pasan 8 horas paradas"),
    ("fb_de_pie_prolongado", "tapete para los que trabajan de pie en la linea"),
    ("fb_de_pie_prolongado", "me duelen las piernas de estar parado"),
    ("fb_de_pie_prolongado", "el personal de empaque tiene varices"),
    ("fb_de_pie_prolongado", "cansancio en las piernas por estar de pie en la maquina"),
    ("fb_sentado_prolongado", "paso sentado todo el dia y me duele la cintura"),
    ("fb_sentado_prolongado", "algo ergonomico para el puesto de oficina"),
    ("fb_sentado_prolongado", "reposapies para las secretarias"),
    ("fb_sentado_prolongado", "dolor de cuello de estar sentada frente al pc"),
    ("fb_munecas_repetitivo", "tengo tunel carpiano de tanto digitar"),
    ("fb_munecas_repetitivo", "algo para el movimiento repetitivo de las operarias"),
    ("fb_munecas_repetitivo", "a las operarias les duele la muñeca de empacar"),
    ("fb_munecas_repetitivo", "tendinitis en la mano por atornillar"),
    ("fb_codos", "me diagnosticaron epicondilitis"),
    ("fb_codos", "codo de tenista por usar el martillo"),
    ("fb_codos", "algo pa los codos por trabajar arrastrado debajo de los carros"),
    ("fb_codos", "me raspo los codos en el socavon"),
    ("fb_carga_hombro", "los coteros se pelan el hombro cargando bultos"),
    ("fb_carga_hombro", "algo para cargar al hombro los costales"),
    ("fb_carga_hombro", "protector de hombro para cargar tubos"),
    ("fb_carga_hombro", "me lastima el hombro cargar las varillas"),
    ("fb_postura_agachada", "trabajo agachado todo el dia sembrando"),
    ("fb_postura_agachada", "paso en cuclillas mucho tiempo"),
    ("fb_postura_agachada", "los que cosechan pasan encorvados"),
    # locativo
    ("fb_desnivel_tropiezo", "la gente se tropieza con un escalon en la entrada"),
    ("fb_desnivel_tropiezo", "como senalizo un desnivel en la bodega"),
    ("fb_desnivel_tropiezo", "hay un cambio de nivel que no se ve"),
    ("fb_desnivel_tropiezo", "los clientes se tropiesan en la rampa"),
    ("fb_terreno_irregular_tobillo", "caminamos por trochas y me tuerzo el tobillo"),
    ("fb_terreno_irregular_tobillo", "terreno destapado y piedras sueltas que botas"),
    ("fb_terreno_irregular_tobillo", "en la finca el terreno es muy quebrado"),
    ("fb_terreno_irregular_tobillo", "botas que sujeten el tobillo para andar por lomas"),
    ("fb_cables_piso", "hay cables por el piso y la gente se enreda"),
    ("fb_cables_piso", "protector para cables en el pasillo"),
    ("fb_cables_piso", "las mangueras atravesadas en el piso del taller"),
    ("fb_cables_piso", "extensiones regadas por el suelo"),
    ("fb_zona_humeda_tapete", "tapete antideslizante para las duchas"),
    ("fb_zona_humeda_tapete", "en el vestier se resbalan al salir del bano"),
    ("fb_zona_humeda_tapete", "la entrada se pone resbalosa cuando llueve"),
    ("fb_zona_humeda_tapete", "zona humeda del lavadero"),
    ("fb_residuos_orden", "punto ecologico para separar residuos"),
    ("fb_residuos_orden", "canecas de colores para el reciclaje"),
    ("fb_residuos_orden", "nos exigen la separacion en la fuente"),
    ("fb_residuos_orden", "codigo de colores de residuos"),
    ("fb_escalera_portatil", "la escalera de tijera se mueve mucho"),
    ("fb_escalera_portatil", "escalera que no se resbale en el piso"),
    ("fb_escalera_portatil", "escalera de fibra para electricista"),
    ("fb_escalera_portatil", "la escalera se patina"),
    # tránsito
    ("fb_senalizacion_obra_via", "senal de hombres trabajando"),
    ("fb_senalizacion_obra_via", "necesito las senales del plan de manejo de transito"),
    ("fb_senalizacion_obra_via", "senalizacion vial para una obra en la carretera"),
    ("fb_senalizacion_obra_via", "aviso de via en reparacion"),
    ("fb_via_noche_luces", "luces intermitentes para la obra de noche"),
    ("fb_via_noche_luces", "flasher para las barricadas"),
    ("fb_via_noche_luces", "balizas para que vean el hueco en la noche"),
    ("fb_via_noche_luces", "lampara para poner encima del cono"),
    ("fb_via_alta_velocidad", "trabajamos en una autopista"),
    ("fb_via_alta_velocidad", "doble calzada con tractomulas pasando"),
    ("fb_via_alta_velocidad", "conos grandes para via rapida"),
    ("fb_vehiculo_varado", "triangulos para cuando se vare el carro"),
    ("fb_vehiculo_varado", "si se pincha una llanta en la carretera que debo llevar"),
    ("fb_vehiculo_varado", "quede varado en la via de noche"),
    ("fb_parqueadero_topes", "topellantas para el parqueadero"),
    ("fb_parqueadero_topes", "los carros golpean las columnas del sotano"),
    ("fb_parqueadero_topes", "esquineros para proteger las columnas"),
    ("fb_parqueadero_topes", "topes de parqueo"),
    ("fb_reductor_velocidad", "los carros entran muy rapido a la planta"),
    ("fb_reductor_velocidad", "hay que bajar la velocidad en la entrada"),
    ("fb_reductor_velocidad", "policias acostados para la entrada"),
    ("fb_reductor_velocidad", "resaltos para el conjunto"),
    ("fb_punto_ciego_espejo", "espejo convexo para la esquina"),
    ("fb_punto_ciego_espejo", "en la curva no se ve quien viene"),
    ("fb_punto_ciego_espejo", "punto ciego a la salida del parqueadero"),
    ("fb_montacargas_peatones", "casi atropellan a un operario con el montacargas"),
    ("fb_montacargas_peatones", "luz azul para los montacargas"),
    ("fb_montacargas_peatones", "alarma de reversa para la estibadora"),
    ("fb_montacargas_peatones", "los peatones y el montacargas se cruzan en la bodega"),
    ("fb_patrulla_escolar", "patrulla escolar a la salida del colegio"),
    ("fb_patrulla_escolar", "para pasar a los ninos la calle"),
    ("fb_patrulla_escolar", "cruce de estudiantes frente al colegio"),
    # other wordings of the same hazards
    ("fb_estres_termico", "el caloron en la bodega de zinc es terrible"),
    ("fb_estres_termico", "que le doy a la gente para que no se deshidrate"),
    ("fb_golpe_calor_auxilios", "un trabajador quedo insolado en el cultivo"),
    ("fb_ropa_calurosa", "camisa que no sea tan caliente para el llano"),
    ("fb_frio_cabeza_pies", "que uso en la cabeza para el cuarto frio"),
    ("fb_criogenico", "llenamos termos de nitrogeno"),
    ("fb_vibracion_mano_brazo", "me quedan los dedos dormidos despues de usar la pulidora"),
    ("fb_vibracion_cuerpo_entero", "los choferes de las volquetas con dolor de espalda"),
    ("fb_medir_ruido", "necesito saber cuanto ruido hay en la planta"),
    ("fb_ruido_comunicacion", "quiero tapones pero que pueda hablar con los compañeros"),
    ("fb_soldadura_terceros", "al ayudante del soldador le arden los ojos"),
    ("fb_linterna_antiexplosiva", "linterna para el pozo con gas"),
    ("fb_iluminacion_emergencia", "se fue la luz y nadie encontraba la salida"),
    ("fb_hongos_pies_humedad", "los pies me sudan mucho con las botas"),
    ("fb_de_pie_prolongado", "las operarias estan todo el dia paradas"),
    ("fb_munecas_repetitivo", "dolor en la muñeca de tanto usar el mouse"),
    ("fb_codos", "me toca arrastrarme debajo de las maquinas"),
    ("fb_postura_agachada", "me toca estar agachado todo el dia"),
    ("fb_zona_humeda_tapete", "en el bano se resbalan"),
    ("fb_via_noche_luces", "luces para la obra de noche en la via"),
    ("fb_vehiculo_varado", "se me varo el carro en la carretera"),
    ("fb_punto_ciego_espejo", "no se ve si viene un carro en la esquina del sotano"),
    ("fb_montacargas_peatones", "el montacargas pasa por donde camina la gente"),
    ("fb_patrulla_escolar", "los niños salen del colegio y hay que pasarlos"),
]

NEGATIVES = [
    "quiero 3 cascos blancos",
    "hacen envios a cali",
    "cual es el horario de atencion",
    "buenas tardes",
    "cuanto vale la faja lumbar",
    "tienen tapaoidos 3m 1100",
    "necesito 10 chalecos reflectivos talla l",
    "me pasa el numero de la factura 123",
    "precio de la cinta de demarcacion",
    "donde queda la bodega de ustedes",
    "quien es el asesor de la zona norte",
    "aceptan pago con tarjeta",
    "gracias muy amable",
    "quiero las gafas lente oscuro",
    "tienen rodilleras en stock",
    "cotizame veinte guantes nitrilo talla m",
    "los conos de 70 cm que precio tienen",
    "busco la senal de piso mojado",
    "el pedido llego incompleto",
    "ustedes tienen parqueadero para clientes",
    "cual es el telefono de la sede de medellin",
    "me regala el correo del vendedor",
    "cuantas botas pantaneras talla 40 hay",
    "necesito una factura electronica a nombre de la empresa",
    "la chaqueta termica para cuarto frio viene en talla xl",
    "la pagina web no carga en el computador",
    "somos un colegio y queremos cotizar extintores",
    "el pedido se quedo parado en la transportadora",
    "me puede llamar al celular el radio no me funciona",
    "quiero un casco con linterna",
    "necesito una escalera para subir al techo",
    "gafas oscuras para manejar",
    "necesito chalecos para los conductores",
    "las gafas con el sol se empañan",
    "cuanto vale el panel solar de la bodega",
]


@pytest.mark.parametrize(("rule_id", "message"), POSITIVES)
def test_a_description_of_the_hazard_reads_its_rule(rule_id: str, message: str) -> None:
    assert rule_id in rules_read(message), rules_read(message)


@pytest.mark.parametrize("message", NEGATIVES)
def test_purchases_and_company_questions_read_no_rule_of_the_family(message: str) -> None:
    assert not {r for r in rules_read(message) if r.startswith(PREFIX)}


def test_every_rule_has_examples() -> None:
    examples = {rule_id for rule_id, _ in POSITIVES}
    assert examples == {r["id"] for r in family_rules("fisico_biomecanico")}
    assert len(POSITIVES) >= 3 * len(examples)


@pytest.mark.parametrize(
    "message",
    ["los mensajeros se queman los brazos con el sol", "a los del techo se les quema la cara por el sol del mediodia"],
)
def test_a_sunburn_is_not_a_hot_surface(message: str) -> None:
    read = rules_read(message)
    assert "fb_radiacion_solar_piel" in read and "calor_manos" not in read, read


def test_a_hot_surface_still_is() -> None:
    assert "calor_manos" in rules_read("me queme las manos sacando las bandejas del horno")

"""Spanish word handling for retrieval: function and chat words, and a light stemmer.

Works on normalised text (lower-case, no accents; see `text_normalization.normalize`). The stemmer only folds
number and gender (`cascos`/`casco`, `dielectricas`/`dielectrico`, `arneses`/`arnes`, `luces`/`luz`) so that it is
predictable; verbs are folded by `verb_root` where a looser match is wanted (needs triggers).
"""

from __future__ import annotations

import re
from functools import lru_cache

from agente_vendedor.language.normalization import normalize

# Words that never identify a product: articles, prepositions, pronouns, chat and purchase phrasing.


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS: frozenset[str] = _word_set(
    """
    a al algo algun alguna algunas alguno algunos alla alli ahi aqui asi aun aunque bien cada casi como con contra cual
    cuales cualquier cuando cuanta cuantas cuanto cuantos de del desde donde dos e el ella ellas ello ellos en entre era
    eramos eran eres es esa esas ese eso esos esta estaba estaban estamos estan estar estas este esto estos estoy fue
    fueron ha hace hacen hacer hacia han has hasta hay he la las le les lo los mas me mi mis mucha muchas mucho muchos
    muy nada ni no nos nosotros nuestra nuestro nuestros o os otra otras otro otros para pero poco por porque pues que
    quien quienes se sea sean ser si sido sin sobre solo son su sus tal tambien tan tanto te ti tiene tienen todo todos
    tu tus u un una unas uno unos usted ustedes va vamos van y ya yo q k x pa pal pq xq porq tmb tb d
    hola buenas buenos dias tardes noches gracias favor porfa porfavor please hi the do you have
    quiero quisiera queria necesito necesita necesitamos necesitan nesecito nesesito necesitaria ocupo ocupamos
    tienes tenemos tengo tendran tendra hay habra vende venden vendes vendan manejan maneja manejas ofrece ofrecen
    busco buscamos buscando conseguir consigo consiguen compro comprar compra compramos comprarles pedir pido pedido
    pedidos cotizar cotizame cotizeme cotizacion cotizaciones precio precios valor vale valen cuesta cuestan cobran
    mandeme mandame manden mande mandar manda envieme enviame deme dame denme regala regalame regaleme separa separe
    sepàreme separeme apartar aparte vendame vendeme despachen despacheme facturar
    disponible disponibles disponibilidad stock existencia existencias inventario quedan queda quedo
    recomienda recomiendan recomiendo recomendar recomendacion sugiere sugieren aconseja sirve sirven servir
    puedo pueden podria podrian puede debo debe tocar toca sera seria sirviera
    cosa cosas eso esto vea oiga oye parce parcero hermano mano don senor senora joven amigo veci vecino
    urgente rapido pronto hoy manana ahora ya listo ok okay bueno dale claro
    uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis veinte treinta
    cuarenta cincuenta sesenta setenta ochenta noventa cien ciento cientos mil docena docenas media medio
    par pares unidad unidades und
    """
)

# Words accepted as correct Spanish although the catalogue does not use them (never "typo-corrected").
COMMON_WORDS: frozenset[str] = STOPWORDS | _word_set(
    """
    trabajo trabajar trabajamos trabajan trabajador trabajadores operario operarios personal gente empresa planta
    obra obras cliente clientes producto productos tienda almacen referencia marca modelo tamano color colores
    bueno buena mejor mejores peor barato barata baratos economico economica caro cara calidad original
    grande grandes pequeno pequena mediano largo larga corto corta alto alta bajo baja nuevo nueva usado
    poner pongo ponerme usar uso usamos llevar llevo cargar cargan tener hacer hago hacemos
    cabeza ojos ojo cara manos mano pies pie cuerpo brazos brazo piernas pierna oidos oido nariz boca espalda
    dia noche semana mes ano vez veces hora horas normal normales actual comun siempre nunca mismo misma igual
    entrada salida adentro afuera arriba abajo encima debajo dentro fuera cerca lejos antes despues mientras
    montando montar armando armar instalar instalando arreglar arreglando cambiar cambio limpiar limpiando lavar
    cortar cortando cargar cargando subir bajar entrar salir caer caerse cayo callo golpe golpes pegar pego
    aguanta aguantar resiste resistir dure duran sirva funcione protege proteger cubra cubrir tapar
    muchachos muchachas senores compañeros companeros jefe patron maestro ayudante cuadrilla turno
    favor gracias saludos buen buenas dias tarde noche
    reparar reparando reparo reparamos reparan mantenimiento encender encienda enciendan prender prenda prendan
    apagar apague evitar evito asegurar asegurado asegurada seguro segura mojar mojamos mojan mojo mojado mojados
    invierno verano lluvia balsa balsas bote botes canoa lancha barco rio quebrada mar lago tunel tuneles
    excavar excavando excavacion zanja hueco huecos maniobrar maniobra celda celdas pozo pozos tanque tanques
    desmaya desmayo herido heridos doliendo duele duelen dolor rodillas hombros cuello orejas espalda libre libres
    """
)

_VOWELS = "aeiou"
VERB_SUFFIXES = (
    "ieron", "aron", "iendo", "ando", "amos", "emos", "imos", "aban", "aba", "ados", "adas", "idos", "idas",
    "ado", "ada", "ido", "ida", "ar", "er", "ir",
)  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold plural and gender of a normalised word; numbers and codes are returned unchanged."""
    if len(word) <= 3 or not word.isalpha():
        return word
    while len(word) > 4 and word.endswith("es"):
        if word.endswith("ces"):
            word = word[:-3] + "z"
        elif word[-3] not in _VOWELS:
            word = word[:-2]
        else:
            break
    if len(word) > 3 and word.endswith("s") and word[-2] in _VOWELS:
        word = word[:-1]
    elif len(word) > 4 and word.endswith("s") and word[-2] not in _VOWELS and word[-2] != "s":
        word = word[:-1]  # a loanword's plural: "jeans", "shorts", "kits"
    if len(word) > 4 and word[-1] in "aeo":
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def verb_root(word: str) -> str:
    """A looser key than `stem` that also folds common verb endings: pintar/pintando/pintado -> pint."""
    if not word.isalpha():
        return word
    for candidate in (word, stem(word)):
        for suffix in VERB_SUFFIXES:
            if candidate.endswith(suffix) and len(candidate) - len(suffix) >= 3:
                return candidate[: -len(suffix)]
    folded = stem(word)
    return folded[:-1] if len(folded) >= 4 and folded[-1] in _VOWELS else folded


def is_content_word(word: str) -> bool:
    """A word that may identify a product: not a stopword and not a bare number (quantities are not products)."""
    return word not in STOPWORDS and not word.replace(".", "").replace("/", "").isdigit()


def head_stem(name: str) -> str:
    """The stem of a product name's first content word: what the product is ("barbuquejo … para casco" is a
    barbuquejo)."""
    return next((stem(w) for w in normalize(name).split() if is_content_word(w) and w.isalpha()), "")


_FOLD = str.maketrans(
    {
        "á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u", "ñ": "n", "à": "a", "è": "e", "ì": "i",
        "ò": "o", "ù": "u", "â": "a", "ê": "e", "î": "i", "ô": "o", "û": "u", "ç": "c", "²": "2", "³": "3",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[^a-z0-9#\-./ ]+")
_LOOSE_PUNCTUATION = re.compile(r"(?<![0-9a-z])[./-]|[./-](?![0-9a-z])")


def fold_words(text: str) -> list[str]:
    """The words `normalize(text).split()` gives, computed faster for ordinary Spanish text (product texts are
    folded by the thousand on large catalogues)."""
    folded = text.lower().translate(_FOLD)
    if not folded.isascii():
        return normalize(text).split()
    return _LOOSE_PUNCTUATION.sub(" ", _NON_WORD.sub(" ", folded)).split()


# --- the Spanish dictionary (simplemma) -------------------------------------------------------------------------------
# One way to ask it, everywhere: the low-memory Spanish data, loaded on first use (about 10 MB, well under a second).

ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}  # what a fast typist drops


def accented_at(word: str, positions: range | list[int]) -> list[str]:
    """The word with the accent (or ñ) put back at each of `positions` that can carry one."""
    return [word[:i] + ACCENTED[word[i]] + word[i + 1 :] for i in positions if word[i] in ACCENTED]


@lru_cache(maxsize=65536)
def dictionary_knows(word: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word, lang="es", low_memory=True))


def _spellings(word: str) -> list[str]:
    """The word and, when it has no accent, each way of writing one ("envios" -> "envíos", "garantia" -> ...)."""
    if word != normalize(word):
        return [word]
    return [word, *accented_at(word, range(len(word)))]


@lru_cache(maxsize=65536)
def known_spelling(word: str) -> str | None:
    """The word as the dictionary knows it, accented where the customer left the accent out; None for a name."""
    return next((s for s in _spellings(word) if dictionary_knows(s)), None)


@lru_cache(maxsize=65536)
def dictionary_lemma(word: str) -> str:
    """simplemma's lemma, case kept (a proper noun's lemma is capitalised)."""
    import simplemma

    return str(simplemma.lemmatize(word, lang="es", low_memory=True))


# capacitación/capacitar, envío/enviar, resbalón/resbalar, aislamiento/aislar -> one family; the quality nouns of
# adjectives in -ido too: validez/válido, rapidez/rápido, solidez/sólido; and the adjectives of doing in -ante/-ente
# (rodante/rodar, absorbente/absorber, refrigerante/refrigeración; not -iente: "caliente" is no "Cali"); a participle
# in the feminine is the masculine's (bordada/bordado/bordar, reforzada/reforzado)
_FAMILY_SUFFIX = re.compile(r"(?:acion|cion|[ai]miento|miento|idez|[ai]d[ao]|ante|(?<!i)ente|on|[aei]r|[aeo])$")


# devolución/devolver, resolución/resolver, disolución/disolver: the noun of a verb in -olver
_OLVER = re.compile(r"olucion$")


_DIMINUTIVE = re.compile(r"^(\w{3,}?)(?:c)?it([oa]s?)$")


def undiminished(token: str) -> str | None:
    """The word a diminutive is made from: "humito" -> "humo", "chispitas" -> "chispas", "quemaditas" ->
    "quemadas" (words of five letters or fewer are left: "cita", "grita"; the base must be a word: "necesita" is no
    "necesa")."""
    match = _DIMINUTIVE.match(token) if len(token) > 5 and token.isalpha() and token not in STOPWORDS else None
    base = match.group(1) + match.group(2) if match else None
    return base if base and dictionary_knows(base) else None


def family(word_lemma: str) -> str:
    """Noun and verb of one family share a key: "recarga"/"recargar" -> "recarg", "resbalón"/"resbalar" -> "resbal"."""
    key = _FAMILY_SUFFIX.sub("", _OLVER.sub("olv", word_lemma))
    return key if len(key) >= 3 else word_lemma

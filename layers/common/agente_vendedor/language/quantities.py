"""Numbers of a customer message and what each one measures, in Colombian Spanish (issue 9).

Spanish puts a count before the noun it counts ("3 respiradores", "tres cascos", "una docena de botas", "x3",
"3 und") and a product's own numbers after it: a reference ("respirador 6200", "kn95"), a measure ("extintor de 20
libras", "de 65 galones"), a size ("talla 41", "botas número 40"), a class ("clase E", "tipo II"), or an elliptic
attribute whose noun is understood ("el de 20"). `read_numbers` binds every number to one role with an ordered table
of such rules; `find_quantities` keeps the counts (and bare articles, as weak counts).

Money ("50 mil", "$250.000"), times ("a las 10"), dates, years, ranges ("3 a 5 días"), addresses ("Cra 4 # 15-20")
and long digit runs (phones, cédulas, NIT) are read too, and never as counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from agente_vendedor.language.attributes import SHOE_SIZE_VERBS
from agente_vendedor.language.normalization import fold
from agente_vendedor.language.people import PEOPLE
from agente_vendedor.language.purchase_verbs import BUY, wants
from agente_vendedor.language.spanish_words import STOPWORDS, dictionary_knows, dictionary_lemma

# The roles a number can have; the same strings as `schemas.turn_plan.NumberRole` (language/ is below schemas/).
ROLE_COUNT = "cantidad"
ROLE_REFERENCE = "referencia"
ROLE_SIZE = "talla"
ROLE_WEIGHT = "peso"
ROLE_CLASS = "clase"
ROLE_CAPACITY = "capacidad"
ROLE_MEASURE = "medida"
ROLE_MONEY = "dinero"
ROLE_DATUM = "dato"
NUMBER_ROLES = (
    ROLE_COUNT, ROLE_REFERENCE, ROLE_SIZE, ROLE_WEIGHT, ROLE_CLASS, ROLE_CAPACITY, ROLE_MEASURE, ROLE_MONEY, ROLE_DATUM,
)  # fmt: skip

# ------------------------------------------------------------------------------------------------ number words
_UNITS = {
    "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9,
}  # fmt: skip
_TEENS = {
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21,
    "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26,
    "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
_TENS = {
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
}  # fmt: skip
_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
    "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500, "seiscientos": 600,
    "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800,
    "novecientos": 900, "novecientas": 900,
}  # fmt: skip
_NUMBER_WORDS = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS, "mil": 1000}
_ARTICLES = {"un", "uno", "una"}
_SCALES = {"mil": 1000, "k": 1000, "millon": 1_000_000, "millones": 1_000_000}  # "50 mil", "60k", "2 millones"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}  # "tipo II", "clase III"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ------------------------------------------------------------------------------------------------ lexicon
# Words right after a number: the unit says what the number measures ("5 lb", "de 65 galones", "72 horas", "10%").
_UNIT_ROLES: dict[str, str] = {
    **dict.fromkeys(
        _words("lb lbs libra libras kg kgs kilo kilos kilogramo kilogramos g gr grs gramo gramos oz onza onzas "
               "ton tonelada toneladas"),
        ROLE_WEIGHT,
    ),  # mass: extinguishers, loads
    **dict.fromkeys(
        _words("gal galon galones l lt lts litro litros ml mililitro mililitros cc m3"),
        ROLE_CAPACITY,
    ),  # volume
    **dict.fromkeys(
        _words("m mt mts metro metros cm centimetro centimetros mm milimetro milimetros km kilometro kilometros "
               "pulgada pulgadas pulg in m2 v kv voltio voltios w watts vatios amp amperios db decibeles nrr kn psi "
               "bar grado grados c mah ah vac vdc kva hz lumen lumenes mils ° hectarea hectareas fanegada fanegadas"),
        ROLE_MEASURE,
    ),  # length, electrical, pressure, noise, temperature, land ("5 hectáreas de papa": a farm, not units)
    **dict.fromkeys(
        _words("h hr hrs hora horas dia dias semana semanas mes meses ano anos minuto minutos min seg segundo "
               "segundos am pm vez veces % porciento"),
        ROLE_DATUM,
    ),  # durations, clock times, times over, percentages
    **dict.fromkeys(_words("pesos cop lucas millon millones palos"), ROLE_MONEY),  # currency and its slang
}  # fmt: skip
_UNIT_BIGRAMS = {("por", "ciento"): ROLE_DATUM}  # "10 por ciento"
_COUNT_UNITS = _words("und unds unid unids unidad unidades uds ud u pzs piezas pieza")  # units of sale, counted
_PAIR_WORDS = _words("par pares")  # "2 pares de guantes": a count of pairs
_DOZEN_WORDS = _words("docena docenas")  # "dos docenas": 24
COUNTING_WORDS = _COUNT_UNITS | _PAIR_WORDS | _DOZEN_WORDS  # what counts units and names no product
# Words right before a number that say what it is.
_KEYWORD_ROLES: dict[str, str] = {
    **dict.fromkeys([*_words("talla tallas numero nro num horma"), *SHOE_SIZE_VERBS], ROLE_SIZE),  # "calzo 42"
    **dict.fromkeys(_words("clase clases tipo nivel niveles categoria grado"), ROLE_CLASS),  # "clase E", "tipo II"
    **dict.fromkeys(
        _words("referencia referencias ref refs modelo modelos codigo cod sku serie version marca opcion item norma"),
        ROLE_REFERENCE,
    ),  # names a model, a code or an option of a list
    **dict.fromkeys(_words("calibre cal espesor diametro nrr"), ROLE_MEASURE),  # gauges, noise rating ("nrr 33")
    **dict.fromkeys(
        _words("nit cc cedula ced documento doc cel celular tel telefono movil whatsapp wpp fijo factura guia "
               "radicado ticket calle cll cl carrera cra kra kr cr avenida av diagonal dg transversal tv tr manzana "
               "mz apto apartamento bodega local oficina piso torre interior int lote etapa bloque sector km "
               "circular autopista casa barrio"),
        ROLE_DATUM,
    ),  # ids, phones, papers and addresses
}  # fmt: skip
_ABBREVIATED_SIZE = {("n", "."), ("n", "°"), ("no", "°"), ("nro", "."), ("num", ".")}  # "N. 40", "N° 40"; "no." negates
_SIZE_LETTERS = _words("xs s m l xl xxl xxxl")  # "talla M"
_CLASS_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz") | _words("ab abc bc") | frozenset(_ROMAN)  # "clase E"
_MONTHS = _words("enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre")
_TIME_BEFORE_ARTICLE = _words("a de desde hasta entre para antes despues tipo como sobre por")  # "a las 10"
_DAY_PARTS = _words("manana tarde noche madrugada")  # "las 3 de la tarde"
_DAY_BEFORE_ARTICLE = _words("para hasta desde antes despues")  # "para el 15": a day of the month
_YEAR_BEFORE = _words("ano anos del desde hasta en")  # "del 2023", "en 2024"
_MONEY_CONTEXT = _words(
    "tengo presupuesto hasta maximo menos alcanza cuesta cuestan vale valen pagar pago precio plata"
)  # a large number shortly after them is an amount
_MONEY_TAIL = {("no", "mas"), ("de", "presupuesto")}  # "5 mil no más", "2 mil de presupuesto"
_BRAND_NUMERALS = _words("3m")  # the PPE brand 3M, written glued; "de 3m" (lower case) stays three metres
# Heads whose "de/x/por/para N" is what they hold, not how many are bought ("caja x 20", "botiquín para 10").
_CONTAINERS = _words(
    "caja cajas bolsa bolsas paquete paquetes paq pack bulto bultos rollo rollos paca pacas estuche display blister "
    "frasco frascos tarro tarros cunete kit kits botiquin botiquines juego set dispensador"
)
_FOOTWEAR = _words("bota botas botin botines zapato zapatos tenis calzado")  # their bare numbers are sizes
# People counted in an order ("dotación de 40 trabajadores", "pa 10 soldadores"): a count, never an attribute.
# Articles and pronouns that stand for an understood noun ("el de 20", "una de 10").
_ELLIPTIC_HEADS = _words(
    "el del la los las lo uno una unos unas otro otra otros otras este esta estos estas ese esa esos esas aquel aquella"
)
# Closed-class words that never head a product's number (a count may follow them), beyond the stopwords.
_NOT_HEADS = (
    STOPWORDS
    | _words(
        "llevo llevamos llevaria llevariamos pido pedimos encargo agrego agregue agreguen agrega sumo sume sumen dejo "
        "deje dejen deja pongo ponga pongan pon cambio cambie cambien cambia suba suban baje quite quiten saque saquen "
        "mande envie envien traiga traigan aliste alisten despache despachen compre compren cotice coticen requiero "
        "requerimos serian seran fueran fuera falta faltan faltarian sobran reserve reserven anote anoten deme denos "
        "llevar poner dejar agregar sumar cambiar enviar encargar reservar separar despachar facturar necesitaria "
        "quisieramos llegaron llegan recibi recibimos hazle hazme somos seremos estamos mando tomo agarro cojo "
        "cotiza cotizas despacha despachas alista alistas separa separas aparta apartas pasa pasas trae traes"
    )  # verb forms customers put before a count that the endings below do not catch ("me cotiza 6 overoles")
    | _words(
        "mejor entonces solamente unicamente exactamente aproximadamente aprox apenas minimo cerca alrededor "
        "menos total cantidad cant orden lote promedio igual sino dotacion solicitud requerimiento suministro remesa "
        "provision"
    )  # adverbs, quantifiers and order nouns that introduce a count ("una dotación de 15 overoles")
    | _words("el la lo al")  # articles are read by their own rule
)
# Verb endings: enclitic imperatives and infinitives ("mándeme", "póngale", "agregarle"), gerunds, the
# 1st plural / preterite / imperfect / future forms and the 3rd plural in -an; nouns rarely end so.
_VERB_FORM = re.compile(
    r"[a-z]+[aeiou]n?(?:me|les?|mel[ao]s?|sel[ao]s?)|[a-z]{2,}[aeiou]n?nos"
    r"|[a-z]{2,}(?:[aei]r(?:me|te|se|les?|l[ao]s?|nos)|ando|iendo|yendo)"
    r"|[a-z]{3,}(?:amos|emos|imos|aron|ieron|aban|are|ere|ire)|[a-z]{4,}an"
)
_NOT_A_COUNT_AFTER_ARTICLE = _words(
    "vez momento poco favor pregunta consulta cotizacion pedido descuento rato ratico segundo minuto dia mes ano "
    "persona empresa obra planta amigo cliente trabajador tecnico electricista soldador restaurante asadero "
    "panaderia cantera bodega forma manera idea duda solo sola total de que y o con para pa"
)  # "una pregunta", "una vez", "un amigo", "un total de": the article does not count goods
_LINKS = _words("y o u e , / de del el la los las")  # what may stand between coordinated numbers
_RANGE_LINKS = _words("a al y o - hasta")  # "3 a 5 días", "entre 10 y 20 libras"
_JOINERS = _words("- / :")  # "15-20", "15/05", "10:30" written without spaces

_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*[a-z%°]*|[a-z]+|[#\-/:$°%,;.!?¿¡()=+*]")
_DIGITS = re.compile(r"(\$?)(\d+(?:[.,]\d+)*)([a-z%°]*)")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")  # "1.000", "1,000", "250.000"


@dataclass(frozen=True)
class NumberReading:
    """A number of the message and what it measures (`role`, one of NUMBER_ROLES); offsets in the original text.
    `value` is None for decimals ("2,5 galones"), letters ("talla M", "clase E") and codes ("kn95", "6200a", "3M")."""

    value: int | None
    text: str
    start: int
    end: int
    role: str


@dataclass(frozen=True)
class Quantity:
    """A count found in a message. `start`/`end` are offsets in the original text."""

    value: int
    start: int
    end: int
    unit: str | None = None  # "par" | "docena" | None
    explicit: bool = True  # False for a bare article ("un casco", "una careta")
    paired_article: bool = False  # "un par de ...": 1 pair, or 2 units of things not sold in pairs


class _Token(NamedTuple):
    text: str
    start: int
    end: int


def _tokenize(folded: str) -> list[_Token]:
    return [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _word_number(tokens: list[_Token], i: int) -> tuple[int, int] | None:
    """Parse a Spanish number written in words starting at token i: (value, tokens used)."""
    total = 0
    current = 0
    j = i
    seen_any = False
    while j < len(tokens):
        word = tokens[j].text
        if word in _HUNDREDS and current % 1000 == 0 and current < 100:
            current += _HUNDREDS[word]
        elif word in _TENS and current % 100 == 0:
            current += _TENS[word]
            if j + 2 < len(tokens) and tokens[j + 1].text == "y" and tokens[j + 2].text in _UNITS:
                current += _UNITS[tokens[j + 2].text]
                j += 2
        elif word in _TEENS and current % 100 == 0:
            current += _TEENS[word]
        elif word in _UNITS and current % 10 == 0 and not (seen_any and word in _ARTICLES and current == 0):
            if seen_any and current % 100 != 0:
                break
            current += _UNITS[word]
        elif word == "mil" and (seen_any or not total):
            total += (current or 1) * 1000
            current = 0
        else:
            break
        seen_any = True
        j += 1
    if not seen_any:
        return None
    return total + current, j - i


def parse_spanish_number(text: str) -> int | None:
    """The value of a number written in digits or words ("25", "veinticinco", "ciento dos"); None otherwise."""
    tokens = _tokenize(fold(text.strip()))
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].text.isdigit():
        return int(tokens[0].text)
    parsed = _word_number(tokens, 0)
    if parsed is None or parsed[1] != len(tokens):
        return None
    return parsed[0]


# ------------------------------------------------------------------------------------------------ scanning
@dataclass(frozen=True)
class _Number:
    """A number expression: tokens [first, last), its value and how it is written."""

    first: int
    last: int
    value: int | None
    kind: str  # "digits" | "words" | "article" (a bare un/una/uno) | "letters" ("talla M", "clase E")
    digits: str = ""  # the digits as written, without "$" or a glued suffix ("6200", "2,5", "1.000")
    suffix: str = ""  # letters glued after the digits ("und" in "3und", "lb" in "5lb", "a" in "6200a")
    dollar: bool = False
    grouped: bool = False  # thousands written with separators ("1.000", "250.000")
    scaled: bool = False  # "50 mil", "dos millones"
    dozen: bool = False  # the span already holds the dozen ("media docena", a bare "docena")


def _scan(tokens: list[_Token]) -> list[_Number]:
    numbers: list[_Number] = []
    i = 0
    while i < len(tokens):
        start = tokens[i].text[0]
        if start.isdigit() or start == "$":
            number = _digit_number(tokens, i)
        elif tokens[i].text in _SPELLED_STARTS:
            number = _spelled_number(tokens, i)
        else:
            number = _letter_number(tokens, i) if tokens[i].text in _CLASS_LETTERS | _SIZE_LETTERS else None
        if number is None:
            i += 1
            continue
        numbers.append(number)
        i = number.last
    return numbers


def _digit_number(tokens: list[_Token], i: int) -> _Number | None:
    match = _DIGITS.fullmatch(tokens[i].text)
    if match is None:
        return None
    dollar, digits, suffix = match.groups()
    grouped = _GROUPED.fullmatch(digits) is not None
    value = int(re.sub(r"[.,]", "", digits)) if grouped or digits.isdigit() else None
    glued_scale = suffix in _SCALES  # "5mil"
    following = "" if suffix or i + 1 >= len(tokens) else tokens[i + 1].text
    scale = suffix if glued_scale else following if following in _SCALES else ""
    if value is not None and scale:
        value *= _SCALES[scale]
    last = i + 2 if scale and not glued_scale else i + 1
    suffix = "" if glued_scale else suffix
    return _Number(i, last, value, "digits", digits, suffix, bool(dollar), grouped, bool(scale))


_SPELLED_STARTS = frozenset(_NUMBER_WORDS) | _DOZEN_WORDS | {"media"}


def _spelled_number(tokens: list[_Token], i: int) -> _Number | None:
    word = tokens[i].text
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if word == "media" and following == "docena":
        return _Number(i, i + 2, 6, "words", "6", dozen=True)
    previous = tokens[i - 1].text if i > 0 else ""
    if word in _DOZEN_WORDS and not (previous in _NUMBER_WORDS or previous[:1].isdigit()):  # else a multiplier
        value = 12 if word == "docena" else 24
        return _Number(i, i + 1, value, "words", str(value), dozen=True)
    if word not in _NUMBER_WORDS or (word == "ciento" and i > 0 and tokens[i - 1].text == "por"):
        return None
    parsed = _word_number(tokens, i)
    if parsed is None:
        return None
    value, used = parsed
    article = used == 1 and word in _ARTICLES and following not in _PAIR_WORDS | _DOZEN_WORDS
    scaled = "mil" in {t.text for t in tokens[i + 1 : i + used]}
    return _Number(i, i + used, value, "article" if article else "words", str(value), scaled=scaled)


def _letter_number(tokens: list[_Token], i: int) -> _Number | None:
    """A letter or roman numeral after a size or class word ("talla M", "clase E", "tipo II")."""
    keyword = _keyword_at(tokens, i)
    word = tokens[i].text
    if (keyword == ROLE_SIZE and word in _SIZE_LETTERS) or (keyword == ROLE_CLASS and word in _CLASS_LETTERS):
        return _Number(i, i + 1, _ROMAN.get(word) if keyword == ROLE_CLASS else None, "letters", word)
    return None


def _keyword_at(tokens: list[_Token], i: int) -> str | None:
    """The role the word before token i gives it ("talla 41", "talla: 41", "No. 40")."""
    before = tokens[i - 1].text if i > 0 else ""
    if before in {":", ".", "°"} and i > 1:
        word = tokens[i - 2].text
        return ROLE_SIZE if (word, before) in _ABBREVIATED_SIZE else _KEYWORD_ROLES.get(word)
    return _KEYWORD_ROLES.get(before)


# ------------------------------------------------------------------------------------------------ context
@dataclass(slots=True)
class _Context:
    text: str  # the original message (letter case tells "3M" from "3m")
    tokens: list[_Token]
    texts: list[str]  # the tokens' texts
    number: _Number
    product_numbers: frozenset[str]
    earlier: list[tuple[_Number, str]]  # the numbers before it, with their roles (read only)

    def before(self, k: int = 1) -> str:
        index = self.number.first - k
        return self.texts[index] if index >= 0 else ""

    def after(self, k: int = 1) -> str:
        index = self.number.last + k - 1
        return self.texts[index] if index < len(self.texts) else ""

    def touches(self, index: int, other: int) -> bool:
        """Whether tokens index and other (index < other) are written without a space between them."""
        size = len(self.tokens)
        return 0 <= index < other < size and self.tokens[index].end == self.tokens[other].start

    def counts_next(self) -> bool:
        """Whether the number is followed by a noun it counts: a content word agreeing in number ("3 respiradores",
        "1 casco"), not a unit and not a code glued to digits ("3 kn95" counts the code)."""
        word = self.after()
        if self.touches(self.number.last, self.number.last + 1):  # "3 kn95" counts the code; "20 m2" is a unit
            return word.isalpha() and word + self.after(2) not in _UNIT_ROLES
        return _is_head_word(word) and word not in _UNIT_ROLES and (self.number.value == 1 or word.endswith("s"))


_NOT_HEAD_UNITS = frozenset(_NUMBER_WORDS) | frozenset(_UNIT_ROLES) | _COUNT_UNITS | _PAIR_WORDS | _DOZEN_WORDS


@lru_cache(maxsize=8192)
def _is_head_word(word: str) -> bool:
    """A content word that may head a product's number (a noun or an adjective of the product, not a verb)."""
    return (
        word.isalpha()
        and len(word) > 1
        and word not in _NOT_HEADS
        and word not in _NOT_HEAD_UNITS
        and (_VERB_FORM.fullmatch(word) is None or _names_something(word) or _plural_of_a_noun_in_l(word))
    )


@lru_cache(maxsize=4096)
def _plural_of_a_noun_in_l(word: str) -> bool:
    """ "overoles", "señales", "metales": the plural of a noun ending in -l, shaped like a verb with "les" ("dígales")
    — the singular is a word the dictionary knows; a verb's stem with "-l" is not ("pongal")."""
    return word.endswith("les") and len(word) > 5 and dictionary_knows(word[:-2])


@lru_cache(maxsize=4096)
def _names_something(word: str) -> bool:
    """A word shaped like a plural verb ("-an", "-en") that the Spanish dictionary does not know is a brand or a
    model ("botín Workman 700", "casco Titan 500"), not a verb (forms with a clitic stay verbs: "mándenme")."""
    return word.endswith(("an", "en")) and not dictionary_knows(word)


def _is_head_token(context: _Context, index: int) -> bool:
    """A head word, or a model code ("3m 6200", "kn95 de 20")."""
    if index < 0:
        return False
    token = context.texts[index]
    if _is_head_word(token) or _hyphenated_code(context, index):
        return True
    match = _DIGITS.fullmatch(token)
    if match is None:
        return False
    glued_code = context.touches(index - 1, index) and context.texts[index - 1].isalpha()
    suffix = match.group(3)
    coded = bool(suffix) and suffix not in _UNIT_ROLES and suffix not in _COUNT_UNITS
    return glued_code or coded or match.group(2) + suffix in _BRAND_NUMERALS


def _hyphenated_code(context: _Context, index: int) -> bool:
    """The end of a code written with a hyphen ("X-am 2500", "V-Gard 500"): letters glued to a hyphen glued to
    letters name a model, whatever the last part looks like ("am" is no hour here)."""
    return (
        index >= 2
        and context.texts[index - 1] == "-"
        and context.texts[index - 2].isalnum()
        and context.touches(index - 2, index - 1)
        and context.touches(index - 1, index)
    )


def _unit_role(context: _Context, index: int) -> str | None:
    """The role the unit at token index gives the number before it ("lb" -> peso); a glued code is no unit."""
    tokens = context.tokens
    if index >= len(tokens):
        return None
    word = tokens[index].text
    if context.touches(index, index + 1) and tokens[index + 1].text[:1].isdigit():
        return _UNIT_ROLES.get(word + tokens[index + 1].text)  # "m2", "m3"; "kn95" is a code
    following = tokens[index + 1].text if index + 1 < len(tokens) else ""
    return _UNIT_ROLES.get(word) or _UNIT_BIGRAMS.get((word, following))


# ------------------------------------------------------------------------------------------------ the rules
def _goods_after_place(context: _Context) -> bool:
    """A place word labels what follows rather than numbering itself: "pal taller 7 pares de polainas" (a unit
    of sale follows), "para la bodega: 8 chalecos" (a colon, then the goods)."""
    following = context.after()
    if following in _COUNT_UNITS | _PAIR_WORDS | _DOZEN_WORDS:
        return True
    return context.before() == ":" and _is_head_word(following) and following not in _KEYWORD_ROLES


def _datum(context: _Context) -> str | None:
    """Ids, phones, addresses, times, dates and years are about the customer or the calendar, not a product."""
    number, before = context.number, context.before()
    if number.kind == "digits" and not number.grouped and len(number.digits) >= 7:
        return ROLE_DATUM  # phones, cédulas, NIT bodies
    if (_keyword_at(context.tokens, number.first) == ROLE_DATUM and not _goods_after_place(context)) or before == "#":
        return ROLE_DATUM  # "cel 300...", "calle 8", "# 15-20"
    if before in {"la", "las"} and context.before(2) in _TIME_BEFORE_ARTICLE:
        return ROLE_DATUM  # "a las 10", "tipo 3 de la tarde"
    if (context.after() == "de" and context.after(2) in _MONTHS) or before in _MONTHS:
        return ROLE_DATUM  # "15 de mayo", "mayo 15"
    if context.after() == "de" and context.after(2) == "la" and context.after(3) in _DAY_PARTS:
        return ROLE_DATUM
    if before == "el" and context.before(2) in _DAY_BEFORE_ARTICLE and 1 <= (number.value or 0) <= 31:
        return ROLE_DATUM
    is_year = number.kind == "digits" and len(number.digits) == 4 and 1900 <= (number.value or 0) <= 2099
    if is_year and number.digits not in context.product_numbers and before in _YEAR_BEFORE:
        return ROLE_DATUM
    return None


def _joined(context: _Context) -> str | None:
    """Digits joined by "-", "/" or ":" ("15-20", "15/05", "10:30", "3-5 días", "1/2 pulgada"): the unit after the
    whole group says what they are, or they are a datum (addresses, dates, times)."""
    number = context.number
    start, end = number.first, number.last
    while _joins(context, start - 2):
        start -= 2
    while _joins(context, end - 1):
        end += 2
    if (start, end) == (number.first, number.last):
        return None
    return _unit_role(context, end) or ROLE_DATUM


def _joins(context: _Context, left: int) -> bool:
    """Whether token left, a joiner and a number are written together ("15-20")."""
    right = left + 2
    return (
        context.touches(left, left + 1)
        and context.touches(left + 1, right)
        and context.texts[left + 1] in _JOINERS
        and context.texts[left][:1].isdigit()
        and context.texts[right][:1].isdigit()
    )


def _money(context: _Context) -> str | None:
    """Amounts of money: "$250.000", "250 mil pesos", "50 mil", "120000", or a large number after a price word."""
    number = context.number
    if number.dollar or context.before() == "$" or _UNIT_ROLES.get(context.after()) == ROLE_MONEY:
        return ROLE_MONEY
    if number.value is None or number.value < 1000:
        return None
    if context.counts_next() or context.after() in _PAIR_WORDS | _DOZEN_WORDS | _COUNT_UNITS:
        return None  # "1.000 guantes", "2 mil pares", "mil tapones": counts
    if _unit_role(context, number.last) is not None:
        return None  # "20.000 V": a measure
    tail = (context.after(), context.after(2)) in _MONEY_TAIL
    if number.value >= 10000 or number.scaled or tail or _money_words_before(context):
        return ROLE_MONEY
    return None


def _money_words_before(context: _Context) -> bool:
    """A price word shortly before ("tengo 50 mil", "cuesta 6200"), unless a noun heads the number ("respirador
    6200")."""
    if _is_head_token(context, context.number.first - 1):
        return False
    return any(context.before(k) in _MONEY_CONTEXT for k in (1, 2, 3))


def _glued_code(context: _Context) -> str | None:
    """Digits glued to letters are a model, a formula or a brand ("kn95", "n-95", "co2", "h2s", "6200a", "3M")."""
    number = context.number
    if number.kind != "digits":
        return None
    if _code_start(context) < number.first:
        return ROLE_REFERENCE
    if number.digits + number.suffix in _BRAND_NUMERALS:
        token = context.tokens[number.first]
        upper = context.text[token.start : token.end].isupper()  # the brand; metres are written "m"
        written_as_brand = upper or (context.before() not in {"de", "a"} and context.after() != "de")
        return ROLE_REFERENCE if written_as_brand else None
    known = number.suffix in _UNIT_ROLES or number.suffix in _COUNT_UNITS or number.suffix in {"", "x"}
    return None if known else ROLE_REFERENCE


def _code_start(context: _Context) -> int:
    """The first token of the code the number is glued into ("kn95", "co2", "n-95"), or the number's own."""
    first, texts = context.number.first, context.texts
    if context.touches(first - 1, first) and texts[first - 1].isalpha() and texts[first - 1] != "x":
        return first - 1
    hyphenated = texts[first - 1 : first] == ["-"] and context.touches(first - 2, first - 1)
    if hyphenated and context.touches(first - 1, first) and texts[first - 2].isalpha():
        return first - 2
    return first


def _keyword(context: _Context) -> str | None:
    """The word before names the role: "talla 41", "clase 2", "tipo II", "ref 6200", "calibre 35"."""
    if context.before() == "tipo" and context.counts_next():
        return None  # "tipo 20 cascos": "tipo" is "about" in Colombian chat
    role = _keyword_at(context.tokens, context.number.first)
    return None if role == ROLE_DATUM and _goods_after_place(context) else role


def _unit(context: _Context) -> str | None:
    """A unit after the number, or after the other end of its range, or the other side of a size ("60 x 90")."""
    number = context.number
    if number.suffix in _UNIT_ROLES:
        return _UNIT_ROLES[number.suffix]  # "5lb", "20l", "72h", "10%"
    role = _unit_role(context, number.last)
    if role is not None:
        return role
    other_end = _number_end(context.tokens, number.last + 1) if context.after() in _RANGE_LINKS else None
    return None if other_end is None else _unit_role(context, other_end)  # "3 a 5 días", "de 10 y 20 libras"


def _dimension(context: _Context) -> str | None:
    """The sides of a size, of like length ("60 x 90", "60x90", "2 x 3"); "6003 x 4" is a model and a count."""
    number, tokens = context.number, context.tokens
    if number.kind != "digits":
        return None
    if number.suffix == "x" and context.touches(number.first, number.last):
        other = tokens[number.last].text
    elif context.after() == "x":
        other = context.after(2)
    elif context.before() == "x" or context.before()[-1:] == "x":
        other = context.before(2) if context.before() == "x" else context.before()
        if _keyword_at(tokens, number.first - (2 if context.before() == "x" else 1)) is not None:
            return None  # "calibre 35 x 50 pares": the first number is a gauge, the second a count
    else:
        return None
    side = re.match(r"\d+", other)
    like = side is not None and abs(len(side.group(0)) - len(re.split(r"[.,]", number.digits)[0])) <= 1
    return ROLE_MEASURE if like else None


def _number_end(tokens: list[_Token], index: int) -> int | None:
    """The token after the number that starts at index, if one does ("5" or "cinco" in "3 a 5 días")."""
    if index >= len(tokens):
        return None
    if tokens[index].text[:1].isdigit():
        return index + 1
    parsed = _word_number(tokens, index) if tokens[index].text in _NUMBER_WORDS else None
    return index + parsed[1] if parsed else None


def _container(context: _Context) -> str | None:
    """What a container holds or a kit serves: "caja x 20", "bolsa de 50 pares", "botiquín para 10 personas"."""
    before = context.before()
    if before in {"x", "de", "por", "con"} and context.before(2) in _CONTAINERS:
        return ROLE_CAPACITY
    serves = before in {"para", "pa", "de"} and context.after() in PEOPLE
    if serves and any(context.before(k) in _CONTAINERS for k in (2, 3, 4)):
        return ROLE_CAPACITY
    return None


def _count_marker(context: _Context) -> str | None:
    """Words that make a count: "2 pares", "dos docenas", "3 und", "x3", "10 soldadores"."""
    number = context.number
    after = context.after()
    if after in _PAIR_WORDS | _DOZEN_WORDS | _COUNT_UNITS or number.suffix in _COUNT_UNITS or after in PEOPLE:
        return ROLE_COUNT
    if number.dozen:
        return ROLE_COUNT  # "media docena", a bare "docena"
    if context.before() == "x" and not context.before(2)[:1].isdigit():
        return ROLE_COUNT
    return None


def _elliptic(context: _Context) -> str | None:
    """A noun, then "de N", names the product by an attribute whose unit is understood ("extintor de 20", "el de 10",
    "arnés de 3 argollas"): its weight or measure when the catalogue has N with a unit, else a reference."""
    if context.before() != "de":
        return None
    head_index = context.number.first - 2
    head = context.before(2)
    counted = bool(context.earlier) and context.earlier[-1][0].last == head_index + 1
    counted = counted and context.earlier[-1][1] == ROLE_COUNT  # "3 de 10": three of the 10-pound one
    if not (head in _ELLIPTIC_HEADS or counted or _is_head_token(context, head_index)):
        return None
    return _catalogue_role(context.number.digits, context.product_numbers) or _head_role(head)


def _coordinated(context: _Context) -> str | None:
    """A number joined by "y"/"o" to a product's number shares its role ("tallas 38 y 40", "6200 y 7502", "el de
    10 y el de 20", "de 10 libras y 20"), unless it counts a noun ("6200 y 3 cartuchos")."""
    if not context.earlier or context.counts_next() or context.after() == "de":
        return None  # "... y 12 de 20": a count of the 20 one
    previous, role = context.earlier[-1]
    gap = [t.text for t in context.tokens[previous.last : context.number.first]]
    if not gap or len(gap) > 4 or not {"y", "o", "u", "e", ","} & set(gap):
        return None
    if any(word not in _LINKS and word not in _UNIT_ROLES for word in gap) or role in {ROLE_COUNT, ROLE_MONEY}:
        return None
    if role in {ROLE_SIZE, ROLE_CLASS} or len(previous.digits) == len(context.number.digits):
        return role
    return None


def _after_noun(context: _Context) -> str | None:
    """Digits right after a noun are the product's reference ("respirador 6200", "casco V-Gard 500", "el 6200"),
    or its size after footwear ("botas 40"), unless they count the noun that follows ("cascos 20 cascos")."""
    number = context.number
    if number.kind != "digits" or number.grouped or number.scaled:
        return None
    in_catalogue = number.digits in context.product_numbers and len(number.digits) >= 3
    if context.counts_next() and not in_catalogue:
        return None
    if context.before() in {"el", "la"}:
        return ROLE_REFERENCE  # "quiero el 6200", "la 2": a model or an option of a list
    if not _is_head_token(context, number.first - 1):
        return None
    return _head_role(context.before())


def _lone_thousand(context: _Context) -> str | None:
    """A bare "mil" with no noun to count is emphasis ("mil gracias"); "mil tapones" counts."""
    number = context.number
    lone = number.kind == "words" and number.last - number.first == 1 and context.tokens[number.first].text == "mil"
    return ROLE_DATUM if lone and not context.counts_next() else None


def _fraction(context: _Context) -> str | None:
    """A decimal with no unit ("1,5") is a measure: a count is never fractional."""
    return ROLE_MEASURE if context.number.value is None else None


def _head_role(head: str) -> str:
    return ROLE_SIZE if head in _FOOTWEAR else ROLE_REFERENCE


def _catalogue_role(digits: str, product_numbers: frozenset[str]) -> str | None:
    """The role of N when the catalogue writes it with one kind of unit ("20 lb" -> peso)."""
    prefix = digits + " "
    roles = {_UNIT_ROLES.get(entry[len(prefix) :]) for entry in product_numbers if entry.startswith(prefix)}
    roles.discard(None)
    return roles.pop() if len(roles) == 1 else None


# Ordered: the first rule with an answer binds the number; a number no rule claims is a count.
_RULES: tuple[Callable[[_Context], str | None], ...] = (
    _datum,
    _joined,
    _money,
    _glued_code,
    _keyword,
    _unit,
    _dimension,
    _container,
    _count_marker,
    _elliptic,
    _coordinated,
    _after_noun,
    _lone_thousand,
    _fraction,
)


def _role(context: _Context) -> str:
    for rule in _RULES:
        role = rule(context)
        if role is not None:
            return role
    return ROLE_COUNT


# ------------------------------------------------------------------------------------------------ reading
@dataclass(frozen=True)
class _Bound:
    number: _Number
    reading: NumberReading | None  # None for a bare article
    quantity: Quantity | None  # the count, for find_quantities


def _bind(text: str, product_numbers: frozenset[str]) -> list[_Bound]:
    tokens = _tokenize(fold(text))
    texts = [token.text for token in tokens]
    bound: list[_Bound] = []
    earlier: list[tuple[_Number, str]] = []
    for number in _scan(tokens):
        context = _Context(text, tokens, texts, number, product_numbers, earlier)
        if number.kind == "article":
            quantity = _make(tokens, number.first, 1, 1, None, False) if _article_counts(context) else None
            if _only_one(context):  # "uno solo", "solo una": a count said on purpose
                quantity = _make(tokens, number.first, 1, 1, None, True)
            bound.append(_Bound(number, None, quantity))
            continue
        role = _role(context)
        earlier.append((number, role))
        quantity = _count(tokens, number) if role == ROLE_COUNT and number.value is not None else None
        bound.append(_Bound(number, _reading(text, context, role, quantity), quantity))
    return bound


def _reading(text: str, context: _Context, role: str, quantity: Quantity | None) -> NumberReading:
    """The reading's span: the count with its marker and multiplier, or the number with the letters glued to it
    ("kn95", "n-95", "6200a", "3M"), whose value is then None (a code, not a number)."""
    if quantity is not None:
        return NumberReading(quantity.value, text[quantity.start : quantity.end], quantity.start, quantity.end, role)
    number, tokens = context.number, context.tokens
    first = _code_start(context)
    start, end = tokens[first].start, tokens[number.last - 1].end - (1 if number.suffix == "x" else 0)  # "60x90"
    code = first < number.first or (bool(number.suffix) and role == ROLE_REFERENCE)
    return NumberReading(None if code else number.value, text[start:end], start, end, role)


def read_numbers(text: str, product_numbers: frozenset[str] = frozenset()) -> list[NumberReading]:
    """Every number of the message with what it measures, in order. `product_numbers` are the number tokens of the
    catalogue's names, synonyms and attributes ("6200", "20", and "20 lb" when written with a unit; see
    `product_number_tokens`). Bare articles ("un casco") are not numbers here; `find_quantities` keeps them."""
    return [item.reading for item in _bind(text, product_numbers) if item.reading is not None]


def product_number_tokens(texts: Iterable[str]) -> frozenset[str]:
    """The `product_numbers` of a catalogue: every number of its texts ("6200"), and with its unit when it has one
    ("20 lb"), so that "extintor de 20" can be read as a weight."""
    found: set[str] = set()
    for text in texts:
        tokens = _tokenize(fold(text))
        for item in _bind(text, frozenset()):
            digits = item.number.digits
            if item.number.kind != "digits":
                continue
            found.add(digits)
            unit = item.number.suffix or (tokens[item.number.last].text if item.number.last < len(tokens) else "")
            if _UNIT_ROLES.get(unit) in {ROLE_WEIGHT, ROLE_CAPACITY, ROLE_MEASURE}:
                found.add(f"{digits} {unit}")
    return frozenset(found)


# ------------------------------------------------------------------------------------------------ counts
def _count(tokens: list[_Token], number: _Number) -> Quantity:
    """The count a number makes with its marker before ("x3") and its multiplier after ("dos docenas y media",
    "un par", "3 und")."""
    first = number.first - 1 if number.first > 0 and tokens[number.first - 1].text == "x" else number.first
    value, last = number.value or 0, number.last
    following = tokens[last].text if last < len(tokens) else ""
    unit: str | None = None
    if following in _DOZEN_WORDS and not number.dozen:
        value, last = value * 12, last + 1
    if number.dozen or following in _DOZEN_WORDS:
        unit = "docena"
        if [t.text for t in tokens[last : last + 2]] == ["y", "media"]:
            value, last = value + 6, last + 2
    elif following in _PAIR_WORDS:
        unit, last = "par", last + 1
    elif following in _COUNT_UNITS:
        last += 1
    article = number.last - number.first == 1 and tokens[number.first].text in _ARTICLES
    return _make(tokens, first, last - first, value, unit, True, paired_article=article and unit == "par")


_ALONE = frozenset({"solo", "sola", "solito", "solita"})


def _only_one(context: _Context) -> bool:
    """ "uno solo", "solo una", "…, una sola": one unit, said as a count, not an article — not "una sola pieza", where
    "una sola" describes the thing (made of one piece)."""
    word, after = context.texts[context.number.first], context.after()
    if word not in ("uno", "una"):
        return False
    if context.before() in _ALONE:
        return not after or not after.isalpha() or after in _AFTER_A_COUNT
    following = context.after(2)
    return after in _ALONE and (not following or following in _AFTER_A_COUNT or not following.isalpha())


_AFTER_A_COUNT = frozenset({"por", "nada", "no", "mas", "y", "porfa", "pues", "gracias", "de", "del"})


def _article_counts(context: _Context) -> bool:
    """Whether a bare "un/una" counts the word after it ("una careta") rather than being idiom ("de una", "una
    vez") or a unit ("un metro")."""
    after = context.after()
    if not after or after in _NOT_A_COUNT_AFTER_ARTICLE or not (after.isalpha() or after[:1].isdigit()):
        return False
    if context.before() == "de" and after in {"de", "que", "y", "por", "pues"}:
        return False
    return _unit_role(context, context.number.last) is None


def _make(
    tokens: list[_Token],
    i: int,
    used: int,
    value: int,
    unit: str | None,
    explicit: bool,
    paired_article: bool = False,
) -> Quantity:
    return Quantity(
        value=value,
        start=tokens[i].start,
        end=tokens[i + used - 1].end,
        unit=unit,
        explicit=explicit,
        paired_article=paired_article,
    )


def find_quantities(text: str, *, product_numbers: frozenset[str] = frozenset()) -> list[Quantity]:
    """Every count in the text, in order of appearance: the numbers read as `cantidad`, and bare articles as weak
    counts (explicit=False); not a count the message denies ("no son 4, son las 2": only 2)."""
    found = [item.quantity for item in _bind(text, product_numbers) if item.quantity is not None]
    folded = fold(text)
    hours = [m.span() for m in _HOURS.finditer(folded)]
    found = [
        q
        for q in found
        if not _DECLARED_MEASURE.match(folded, q.end)
        and not _CONTRASTED_MEASURE.search(folded[: q.start])
        and not any(start <= q.start < end for start, end in hours)
    ]
    if not found or not _NO.search(text):
        return found  # most messages deny nothing: no second pass
    return [quantity for quantity in found if not _DENIED.search(folded[: quantity.start])]


# A number declared to be a size, class or model ("ojo, 9 es la talla"): no count
_DECLARED_MEASURE = re.compile(
    r"\s+(?:es|era|son|seria)\s+(?:la|el|de la|del)\s+(?:talla|numero|referencia|tamano|clase|medida|modelo|calibre|"
    r"capacidad|peso)\b"
)


# A span of the clock ("trabajan de 7 a 3", "de 6 a 4 todos los días"): no count, unless a noun it counts follows
# ("de 6 a 8 cascos")
_HOURS = re.compile(
    r"\bde (?:[01]?\d|2[0-4]) a (?:[01]?\d|2[0-4])\b"
    r"(?!\s+(?!(?:de|del|la|el|los|las|en|y|todos|todas|por|pm|am|horas?|diari\w*|cada|sin|con|que)\b)[a-z]{3,})"
)
# A number set against a size or model just said ("es talla 11, no 10"): the one it is not, no count
_CONTRASTED_MEASURE = re.compile(
    r"\b(?:talla|numero|referencia|tamano|clase|medida|modelo|calibre)\s+\d+\s*,?\s+(?:y\s+)?no\s+$"
)


_NO = re.compile(r"\bno\b", re.IGNORECASE)
# A count right after a negated copula or verb of wanting or saying: "no son 4", "no quiero 10", "no dije 20"
_DENIED = re.compile(
    r"\bno\s+(?:son|es|eran|era|seran|serian|seria|sean|sea|quiero|queremos|necesito|necesitamos|ocupo|ocupamos|"
    r"pedi|pedimos|dije|dijimos|van|iban)\s+(?:(?:las|los|el|la|unas|unos)\s+)?$"
)


def first_quantity(
    text: str, *, explicit_only: bool = False, product_numbers: frozenset[str] = frozenset()
) -> Quantity | None:
    for quantity in find_quantities(text, product_numbers=product_numbers):
        if quantity.explicit or not explicit_only:
            return quantity
    return None


_PAIRED_GOODS = re.compile(
    r"\b(par|pares|guante|guantes|bota|botas|zapato|zapatos|tenis|polaina|polainas|manga|mangas|tapon|tapones)\b"
)


def units_for(quantity: Quantity, product_name: str) -> int:
    """Units of a product a quantity means: "un par de cascos" is 2 cascos, "un par de guantes" is 1 (sold by pairs)."""
    if quantity.paired_article and not _PAIRED_GOODS.search(fold(product_name)):
        return 2
    return quantity.value


_PLURAL_PRESENT = re.compile(r"\w{2,}(?:an|en)")
# "6 ya usan tapones": a count that is the subject of a verb, and what it has or does up to the clause's end
_SUBJECT_COUNT = re.compile(r"(?<![\w.,])\d+\s+ya\s+\w{2,}(?:an|en)\b[^,;.!?\n]*")


_SKIPPED_BEFORE_NOUN = _NOT_HEAD_UNITS | {"de", "del"}


def counted_noun(text: str, quantity: Quantity) -> str | None:
    """The word a count counts: the first after it, past units and packaging ("2 pares de guantes" -> "guantes")."""
    following = _TOKEN.findall(fold(text)[quantity.end :])
    return next((w for w in following if w not in _SKIPPED_BEFORE_NOUN), None)


def subject_count_spans(text: str) -> list[tuple[int, int]]:
    """Spans of counted subjects and what they already have ("somos 12 y 6 ya usan tapones"): nothing ordered."""
    return [match.span() for match in _SUBJECT_COUNT.finditer(fold(text))]


# "tenemos 20 extintores", "hay 8 botiquines": what the customer has, not what they order
_HAVING = frozenset({"tengo", "tenemos", "teniamos", "tenia", "hay", "habia", "habian", "contamos", "manejamos"})


# "las 12 botas que nos despacharon…", "los 6 arneses que compramos…": a definite count opening its clause, whose
# relative clause tells its past — goods the customer already has (a preterite: -aron/-ieron, -amos/-imos, an
# accented -é/-í/-ó); after a verb it is what is ordered again ("mándeme los 6 cascos que le pedí")
_DEFINITE = frozenset({"los", "las", "esos", "esas", "estos", "estas", "mis", "nuestros", "nuestras", "sus"})
_CLAUSE_OPENERS = frozenset({",", ".", ";", ":", "!", "?", "y", "pero", "oiga", "hola", "buenas", "buenos", "dias"})
_PAST_RELATIVE = re.compile(
    r"\s+\w+(?:\s+(?:de|del)\s+\w+)?\s+que\s+(?:(?:me|nos|le|les|se|lo|la|los|las)\s+){0,2}"
    r"(?:\w+(?:aron|ieron|amos|imos)|\w+[éíó])\b",
    re.IGNORECASE,
)


# "3 eslingas de las suyas", "2 de las que les compramos", "4 cascos de los que nos mandaron": some of the goods the
# shop already sold, counted in a story or a complaint — never units ordered now
_THE_SHOPS_GOODS = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:de\s+(?:los|las)\s+(?:suyos|suyas|de\s+ustedes)|"
    r"de\s+(?:los|las)\s+que\s+(?:(?:me|nos|le|les)\s+)?(?:compr|vend|mand|despach|entreg|traj)\w*(?:aron|ieron|amos|imos|e|i|o))\b"
)


def _ordered_before(before: str) -> bool:
    """A verb of buying or wanting earlier in the count's clause: "quiero 3 de los que me mandaron" orders again."""
    clause = re.split(r"[,.;:!?]", before)[-1]
    return bool(BUY.search(clause)) or wants(clause)


def counts_possessions(text: str, quantity: Quantity) -> bool:
    """Whether a count tells what the customer already has ("tenemos 14 camillas en la bodega, ¿les hacen
    mantenimiento?", "contamos con 6 arneses", "las 12 botas que nos despacharon salieron pequeñas"), not units they
    order."""
    folded = fold(text)
    preceding = _TOKEN.findall(folded[: quantity.start])
    if preceding and preceding[-1] == "con" and len(preceding) >= 2:
        preceding = preceding[:-1]  # "contamos con 6"
    opens_clause = len(preceding) < 2 or preceding[-2] in _CLAUSE_OPENERS
    if preceding and preceding[-1] in _DEFINITE and opens_clause and _PAST_RELATIVE.match(text, quantity.end):
        return True
    if _THE_SHOPS_GOODS.match(folded, quantity.end) and not _ordered_before(folded[: quantity.start]):
        return True
    return bool(preceding) and preceding[-1] in _HAVING


# infinitives that hand goods over: their count is units ordered ("pueden mandar 50", "quiero comprar 8")
HANDING_OVER_VERBS = frozenset(
    """
    comprar pedir llevar mandar enviar despachar traer vender cotizar separar apartar facturar conseguir encargar
    ordenar adquirir tener dar entregar agregar anadir poner sumar dejar quitar cambiar
    """.split()  # noqa: SIM905
)
_INFINITIVE = re.compile(r"[a-z]{3,}(?:ar|er|ir)(?:l[aeo]s?|me|nos|se)?$")
_ORDER_NOUNS = frozenset({"pedido", "pedidos", "compra", "orden", "cotizacion", "despacho", "envio"})


def counts_service_objects(text: str, quantity: Quantity) -> bool:
    """Whether a count is what a service is done to ("¿en cuánto me sale grabar el nombre en 40 cascos?", "nos
    cobran por revisar 25 arneses"): an infinitive that hands no goods over governs it, within its clause."""
    preceding = _TOKEN.findall(fold(text)[: quantity.start])[-8:]
    for word in reversed(preceding):
        if word in {",", ".", ";", "y", "pero", "que"} or word[0].isdigit() or word in _ORDER_NOUNS:
            return False  # another clause, another count with its own verb, or an order ("tramitar pedido de 40")
        lemma = dictionary_lemma(word)
        if lemma != word and lemma.endswith(("ar", "er", "ir")) and not _INFINITIVE.fullmatch(word):
            return False  # a conjugated verb governs it: "para marcar la zona necesito 12 conos"
        if _INFINITIVE.fullmatch(word) and dictionary_knows(word) and word not in HANDING_OVER_VERBS:
            return True
    return False


# What happened to people, counted: a story told ("ya llevamos tres caídas", "tuvimos 3 accidentes"), never units.
_INCIDENTS = _words(
    "caida caidas accidente accidentes incidente incidentes lesion lesiones quemadura quemaduras herida heridas "
    "cortada cortadas fractura fracturas golpe golpes intoxicacion intoxicaciones desmayo desmayos"
)


@lru_cache(maxsize=1)
def body_parts() -> frozenset[str]:
    """The body parts of `lexicon/partes_del_cuerpo.json`: "las dos manos", "los 5 dedos" count a person's own."""
    from agente_vendedor.language.lexicon import load_json

    return frozenset(fold(word) for part in load_json("partes_del_cuerpo.json")["partes"] for word in part["palabras"])


def counts_people(text: str, quantity: Quantity) -> bool:
    """Whether a count counts people ("son cuatro mecánicos", "pa 10 soldadores"), their body parts ("algo que le
    proteja las dos rodillas") or what happened to them ("ya llevamos tres caídas"), not units of a product."""
    folded = fold(text)
    preceding = _TOKEN.findall(folded[: quantity.start])
    if preceding and preceding[-1] in {"somos", "seamos", "fuimos"}:
        return True  # "somos 8": the first person counts the people, never the units
    following = _TOKEN.findall(folded[quantity.end :])
    if len(following) >= 2 and following[0] == "ya" and _PLURAL_PRESENT.fullmatch(following[1]):
        return True  # "6 ya usan tapones": the subject of a verb, somebody who has or does something
    return bool(following) and (following[0] in PEOPLE or following[0] in _INCIDENTS or following[0] in body_parts())

"""Quantities in Colombian Spanish: digits ("3", "x3", "3 und") and words ("tres", "veinticinco", "una docena",
"media docena", "un par", "dos pares", "ciento veinte", "mil").

Numbers that are not quantities are skipped: measures ("5 libras", "6 m", "45 cm"), sizes and models ("talla 43",
"calibre 35", "N95"), money ("50 mil", "$250.000"), times ("a las 10"), ranges ("3 a 5 días"), addresses
("Calle 8 # 23-50") and long digit runs (phones, cédulas, NIT).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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

# Words after a number that make it a measure, a size or money rather than a count.
_MEASURE_UNITS = frozenset(
    """
    lb lbs libra libras kg kgs kilo kilos kilogramo kilogramos g gr grs gramo gramos m mt mts metro metros
    cm centimetro centimetros mm milimetro milimetros km kilometro kilometros pulgada pulgadas pulg in gal
    galon galones l lt lts litro litros ml cc v kv voltio voltios w watts vatios amp amperios db decibeles
    nrr kn psi bar h hr hrs hora horas dia dias semana semanas mes meses ano anos minuto minutos min seg
    segundo segundos grado grados c pesos peso cop k lucas barras porciento am pm m2 m3 x oz onza onzas mah
    ah vac vdc
    """.split()  # noqa: SIM905
)
# Words before a number that make it a size, a model, an id, an address or a time.
_NON_COUNT_BEFORE = frozenset(
    """
    calibre talla tallas clase tipo numero nro no n num referencia ref modelo version codigo sku ansi nrr
    fase nivel categoria grado norma iso nit cc cedula ced documento cel celular tel telefono movil whatsapp
    wpp calle cll cl carrera cra kra kr cr avenida av diagonal dg transversal tv tr manzana mz apto
    apartamento bodega local oficina piso torre interior int lote etapa bloque sector km kilometro circular
    autopista
    """.split()  # noqa: SIM905
)
_MONEY_CONTEXT_BEFORE = frozenset(
    [
        "tengo",
        "presupuesto",
        "hasta",
        "maximo",
        "menos",
        "alcanza",
        "cuesta",
        "cuestan",
        "vale",
        "valen",
        "pagar",
        "pago",
        "precio",
        "plata",
    ]
)
_NOT_A_COUNT_AFTER_ARTICLE = frozenset(
    """
    vez momento poco favor pregunta consulta cotizacion pedido descuento rato ratico segundo minuto dia mes
    ano persona empresa obra planta amigo cliente trabajador tecnico electricista soldador restaurante
    asadero panaderia cantera bodega forma manera idea duda solo sola
    """.split()  # noqa: SIM905
)
_PAIR_WORDS = {"par", "pares"}
_DOZEN_WORDS = {"docena", "docenas"}
_COUNT_UNITS = frozenset(
    """
    und unds unid unids unidad unidades uds ud u pzs piezas pieza
    """.split()  # noqa: SIM905
)

_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*[a-z%°]*|[a-z]+|[#\-/:$°%]")


@dataclass(frozen=True)
class Quantity:
    """A count found in a message. `start`/`end` are offsets in the original text."""

    value: int
    start: int
    end: int
    unit: str | None = None  # "par" | "docena" | None
    explicit: bool = True  # False for a bare article ("un casco", "una careta")
    paired_article: bool = False  # "un par de ...": 1 pair, or 2 units of things not sold in pairs


def fold(text: str) -> str:
    """Lower-case and accent-free, keeping every character at its offset (so spans map back to the original)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        low = base.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


@dataclass(frozen=True)
class _Token:
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


def _digits_value(token: str) -> tuple[int, str] | None:
    """'3' -> (3, ''), '3und' -> (3, 'und'), 'x3' handled by the caller; None for decimals, money and long ids."""
    match = re.fullmatch(r"(\$?)(\d+(?:[.,]\d+)*)([a-z%°]*)", token)
    if match is None:
        return None
    dollar, number, suffix = match.groups()
    if dollar or "," in number or "." in number:
        return None
    if len(number) >= 5:  # phones, cédulas, NIT bodies, amounts without separators
        return None
    return int(number), suffix


def _previous_words(tokens: list[_Token], i: int, count: int) -> list[str]:
    return [t.text for t in tokens[max(0, i - count) : i]]


def find_quantities(text: str) -> list[Quantity]:
    """Every count in the text, in order of appearance."""
    folded = fold(text)
    tokens = _tokenize(folded)
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].text
        value: int | None = None
        used = 1
        explicit = True
        if word == "media" and i + 1 < len(tokens) and tokens[i + 1].text == "docena":
            value, used = 6, 2
            found.append(_make(tokens, i, used, value, "docena", True))
            i += used
            continue
        if word == "x" and i + 1 < len(tokens) and tokens[i + 1].text.isdigit() and len(tokens[i + 1].text) <= 4:
            if not (i > 0 and _digits_value(tokens[i - 1].text) is not None):  # "60 x 90" is a size
                found.append(_make(tokens, i, 2, int(tokens[i + 1].text), None, True))
            i += 2
            continue
        if re.fullmatch(r"x\d{1,4}", word):
            found.append(_make(tokens, i, 1, int(word[1:]), None, True))
            i += 1
            continue
        if word in _DOZEN_WORDS and not (i > 0 and tokens[i - 1].text in _NUMBER_WORDS):
            found.append(_make(tokens, i, 1, 12 * (1 if word == "docena" else 2), "docena", True))
            i += 1
            continue
        digits = _digits_value(word)
        if digits is not None and i > 0 and tokens[i - 1].end == tokens[i].start and tokens[i - 1].text.isalpha():
            i += 1  # glued to letters: a model or formula ("kn95", "co2", "h2s"), not a count
            continue
        if digits is not None:
            value, suffix = digits
            if suffix and suffix not in _COUNT_UNITS:
                i += 1  # "3m", "5lb", "72u" (address), "95" in "n95" never reaches here
                continue
            if not suffix and i + 1 < len(tokens) and tokens[i + 1].text == "mil":
                value, used = value * 1000, 2
        elif word in _NUMBER_WORDS:
            parsed = _word_number(tokens, i)
            if parsed is not None:
                value, used = parsed
                explicit = not (used == 1 and word in _ARTICLES)
        if value is None:
            i += 1
            continue
        if not _is_count(tokens, i, used, value, explicit, folded):
            i += used
            continue
        # multipliers after the number: "dos docenas", "una docena y media", "un par", "3 pares"
        unit: str | None = None
        paired_article = False
        nxt = tokens[i + used].text if i + used < len(tokens) else ""
        if nxt in _DOZEN_WORDS:
            value *= 12
            used += 1
            unit = "docena"
            explicit = True
            if tokens[i + used : i + used + 2] and [t.text for t in tokens[i + used : i + used + 2]] == ["y", "media"]:
                value += 6
                used += 2
        elif nxt in _PAIR_WORDS:
            unit = "par"
            paired_article = not explicit
            explicit = True
            used += 1
        elif nxt in _COUNT_UNITS:
            used += 1
        found.append(_make(tokens, i, used, value, unit, explicit, paired_article))
        i += used
    return found


def _is_count(tokens: list[_Token], i: int, used: int, value: int, explicit: bool, folded: str) -> bool:
    before = _previous_words(tokens, i, 2)
    after = tokens[i + used].text if i + used < len(tokens) else ""
    after2 = tokens[i + used + 1].text if i + used + 1 < len(tokens) else ""
    if before and before[-1] in _NON_COUNT_BEFORE | {"#", "-", "/", "$"}:
        return False
    if before[-1:] == [":"] and (len(before) < 2 or before[0].isdigit()):
        return False  # "10:30" is a time; "pedido: 12 impermeables" is a count
    if len(before) == 2 and before[1] in {"la", "las"} and before[0] in {"a", "de", "desde", "hasta", "entre"}:
        return False  # "a las 10": a time
    glued_code = (
        bool(after2)
        and tokens[i + used + 1].start == tokens[i + used].end
        and after2[0].isdigit()
        and after + after2 not in _MEASURE_UNITS  # "m2", "m3" stay units
    )
    if after in {"-", "/", ":", "%", "°"} or (after in _MEASURE_UNITS and not glued_code):
        return False  # "5 lb", "6 m"; but "3 kn95" is three of a model
    if after in {"a", "y", "o"} and after2 and (_digits_value(after2) is not None or after2 in _NUMBER_WORDS):
        following = tokens[i + used + 2].text if i + used + 2 < len(tokens) else ""
        if following in _MEASURE_UNITS:
            return False  # "3 a 5 días", "entre 3 y 5 metros"
    if value >= 1000 or tokens[i + used - 1].text == "mil":
        words_before = set(_previous_words(tokens, i, 3))
        if words_before & _MONEY_CONTEXT_BEFORE or (
            after in {"pesos", "no", "de"} and after2 in {"mas", "presupuesto"}
        ):
            return False
    if not explicit:
        if before and before[-1] == "de" and (not after or after in {"de", "que", "y", "por", "pues"}):
            return False  # "de una" = "right away", not one unit
        if after in _NOT_A_COUNT_AFTER_ARTICLE or after in {"de", "que", "y", "o", "con", "para", "pa", ""}:
            return after in _PAIR_WORDS | _DOZEN_WORDS
    return value > 0 or explicit


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


def first_quantity(text: str, *, explicit_only: bool = False) -> Quantity | None:
    for quantity in find_quantities(text):
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

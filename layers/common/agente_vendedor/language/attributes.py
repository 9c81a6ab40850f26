"""Product attributes written in free text: measures with units, classes, sizes, levels, ratings, and budgets.

"10 libras" and "10 lb" are the same attribute, "2,5 galones" is comparable with "9,5 litros", "tipo I clase E" gives
the classes {1, e}, "tallas 35 a 44" is a range that contains "talla 43", "tengo 70 mil no más" is a budget.
Everything works on text lower-cased and without accents (raw text is accepted and folded here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agente_vendedor.language.normalization import normalize, strip_accents
from agente_vendedor.language.spanish_words import stem

# unit -> (dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "lb": ("masa", 0.45359), "lbs": ("masa", 0.45359), "libra": ("masa", 0.45359), "libras": ("masa", 0.45359),
    "kg": ("masa", 1.0), "kilo": ("masa", 1.0), "kilos": ("masa", 1.0), "kilogramo": ("masa", 1.0),
    "kilogramos": ("masa", 1.0), "g": ("masa", 0.001), "gr": ("masa", 0.001), "gramos": ("masa", 0.001),
    "m": ("longitud", 1.0), "mt": ("longitud", 1.0), "mts": ("longitud", 1.0), "metro": ("longitud", 1.0),
    "metros": ("longitud", 1.0), "cm": ("longitud", 0.01), "cms": ("longitud", 0.01),
    "centimetro": ("longitud", 0.01), "centimetros": ("longitud", 0.01), "mm": ("longitud", 0.001),
    "milimetros": ("longitud", 0.001), '"': ("longitud", 0.0254), "in": ("longitud", 0.0254),
    "pulgada": ("longitud", 0.0254), "pulgadas": ("longitud", 0.0254), "pulg": ("longitud", 0.0254),
    "l": ("volumen", 1.0), "lt": ("volumen", 1.0), "lts": ("volumen", 1.0), "litro": ("volumen", 1.0),
    "litros": ("volumen", 1.0), "ml": ("volumen", 0.001), "cc": ("volumen", 0.001), "gal": ("volumen", 3.7854),
    "galon": ("volumen", 3.7854), "galones": ("volumen", 3.7854),
    "v": ("tension", 1.0), "voltios": ("tension", 1.0), "volts": ("tension", 1.0), "kv": ("tension", 1000.0),
    "kilovoltios": ("tension", 1000.0), "db": ("atenuacion", 1.0), "decibeles": ("atenuacion", 1.0),
    "decibelios": ("atenuacion", 1.0), "kn": ("fuerza", 1.0), "oz": ("onzas", 1.0), "onzas": ("onzas", 1.0),
    "cal/cm2": ("energia_arco", 1.0), "cal/cm": ("energia_arco", 1.0), "cal": ("energia_arco", 1.0),
    "c": ("temperatura", 1.0), "grados": ("temperatura", 1.0),
}  # fmt: skip
_UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_NUMBER = r"(\d+(?:\.\d+)?)"
_FRACTION = r"(?:(\d+)\s+)?(\d+)/(\d+)"
_MEASURE = re.compile(rf"(?<![a-z0-9/.]){_NUMBER}\s*(?:°\s*)?({_UNIT_PATTERN})(?![a-z0-9])")
_FRACTION_MEASURE = re.compile(rf"(?<![a-z0-9/.]){_FRACTION}\s*(\"|pulgadas?|pulg)?(?![a-z0-9/])")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
# "calzo 42", "calza el 38": the verb of wearing shoes gives the shoe size
SHOE_SIZE_VERBS = ("calzo", "calza", "calzan", "calzamos")
_KEYED = re.compile(
    rf"(?<![a-z0-9])(tallas|talla|{'|'.join(SHOE_SIZE_VERBS)}|nivel|clase|tipo|calibre|nrr|categoria|cat|sombra|din|upf"
    r"|grado)(?:\s+el(?=\s+\d))?(?:\s+|(?=\d))"
    r"(\d+(?:\.\d+)?\+?|iv|i{1,3}|v|[a-z]{1,3})(?:\s*(?:a|al|-|y)\s*(\d+|[a-z]{1,3}))?(?![a-z0-9])"
)
_PACK = re.compile(
    r"(?<![a-z0-9])x\s*(\d+)(?![0-9])(?!\s*(?:mm|cm|m|mts?|metros?|pulg\w*)(?![a-z]))"
)  # not "5 cm x 3 m"
# "3 argollas", "4 gases", "10 candados": a count of parts; compared with the same noun in the product
_COUNTED = re.compile(r"(?<![a-z0-9/.,])(\d{1,3})\s+([a-z]{4,})")
_ONE_PART = re.compile(r"\bde (?:un|una|uno) ([a-z]{4,})\b")
_LETTER_SIZES = ("xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl")
_NOT_COUNTED = frozenset({"pares", "unidades", "cajas", "bolsas", "paquetes", "docenas", "meses", "dias", "anos"})
_KEY_ALIASES = {"tallas": "talla", "tipo": "clase", "cat": "categoria", "din": "sombra"} | dict.fromkeys(
    SHOE_SIZE_VERBS, "talla"
)
# A class/type value must be a letter, a roman numeral or a number ("tipo tenis" is not an attribute).
_CLASS_VALUE = re.compile(r"^(\d+|[a-z]|iv|i{1,3})$")


# Colour words (masculine, feminine and plural forms) -> the colour: what tells apart variants of one product
COLOURS: dict[str, str] = {
    form: colour
    for colour, forms in {
        "blanco": ("blanco", "blanca", "blancos", "blancas"),
        "negro": ("negro", "negra", "negros", "negras"),
        "rojo": ("rojo", "roja", "rojos", "rojas"),
        "azul": ("azul", "azules"),
        "amarillo": ("amarillo", "amarilla", "amarillos", "amarillas"),
        "verde": ("verde", "verdes"),
        "naranja": ("naranja", "naranjas", "anaranjado", "anaranjada", "anaranjados", "anaranjadas"),
        "gris": ("gris", "grises"),
        "cafe": ("cafe", "cafes", "marron", "marrones"),
        "morado": ("morado", "morada", "morados", "moradas"),
        "rosado": ("rosado", "rosada", "rosados", "rosadas"),
        "beige": ("beige",),
        "caqui": ("caqui", "kaki", "khaki"),
    }.items()
    for form in forms
}


@dataclass(frozen=True)
class Attribute:
    """`key` is a dimension ("masa", "longitud", ...) with `value` in its base unit, or a keyed attribute
    ("talla", "clase", "nivel", ...) with a text value; `upper` closes a range ("tallas 35 a 44")."""

    key: str
    value: float | str
    upper: float | str | None = None

    def matches(self, other: Attribute) -> bool:
        if self.key != other.key:
            return False
        if isinstance(self.value, float) and isinstance(other.value, float):
            if other.upper is not None and isinstance(other.upper, float):
                return other.value * 0.98 <= self.value <= other.upper * 1.02
            return abs(self.value - other.value) <= 0.03 * max(abs(self.value), abs(other.value), 1e-9)
        if other.upper is not None:
            return _in_range(str(self.value), str(other.value), str(other.upper))
        return self.value == other.value


def _in_range(value: str, low: str, high: str) -> bool:
    if value in _LETTER_SIZES and low in _LETTER_SIZES and high in _LETTER_SIZES:
        return _LETTER_SIZES.index(low) <= _LETTER_SIZES.index(value) <= _LETTER_SIZES.index(high)
    try:
        return float(low) <= float(value) <= float(high)
    except ValueError:
        return value in (low, high)


def fold_numbers(text: str) -> str:
    """Lower-case, accent-free text with Colombian numbers made plain: '2,5' -> '2.5', '20.000' -> '20000'."""
    text = strip_accents(text.lower())
    text = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    return text.replace("²", "2")


def _keyed_value(raw: str) -> str:
    raw = raw.rstrip("+")
    if re.fullmatch(r"\d+\.0+", raw):
        raw = raw.split(".")[0]
    return _ROMAN.get(raw, raw)


def extract_attributes(text: str) -> list[Attribute]:
    folded = fold_numbers(text)
    found: list[Attribute] = []
    for match in _MEASURE.finditer(folded):
        number, unit = match.group(1), match.group(2)
        glued = folded[match.end(1) : match.start(2)] == ""
        if unit == "m" and number == "3" and glued and folded[match.end(2) : match.end(2) + 1] != "t":
            continue  # "3M" is the brand, not three metres ("5 cm x 3 m" is)
        if unit in {"c", "grados"} and not re.search(r"°|grados", match.group(0)):
            continue
        dimension, factor = _UNITS[unit]
        found.append(Attribute(dimension, round(float(number) * factor, 6)))
    for match in _FRACTION_MEASURE.finditer(folded):
        whole, numerator, denominator, unit = match.groups()
        if int(denominator) == 0:
            continue
        inches = int(whole or 0) + int(numerator) / int(denominator)
        found.append(Attribute("fraccion", f"{whole + ' ' if whole else ''}{numerator}/{denominator}"))
        if unit:
            found.append(Attribute("longitud", round(inches * 0.0254, 6)))
    for match in _KEYED.finditer(folded):
        key = _KEY_ALIASES.get(match.group(1), match.group(1))
        value, upper = _keyed_value(match.group(2)), match.group(3)
        if key == "clase" and not _CLASS_VALUE.match(value):
            continue
        if key not in {"talla", "clase"} and not value[0].isdigit():
            continue
        if key == "talla" and value not in _LETTER_SIZES and not value[0].isdigit():
            continue
        if upper is not None and key == "talla":
            found.append(Attribute(key, value, _keyed_value(upper)))
        else:
            found.append(Attribute(key, value))
            if upper is not None and key in {"clase", "sombra"}:
                found.append(Attribute(key, _keyed_value(upper)))
    for match in _PACK.finditer(folded):
        found.append(Attribute("empaque", match.group(1)))
    for match in _COUNTED.finditer(folded):
        noun = match.group(2)
        if noun not in _UNITS and noun not in _NOT_COUNTED:
            found.append(Attribute("cantidad_de_" + stem(noun), match.group(1)))
    for match in _ONE_PART.finditer(folded):  # "eslinga de un gancho": a part counted in words
        if match.group(1) not in _UNITS and match.group(1) not in _NOT_COUNTED:
            found.append(Attribute("cantidad_de_" + stem(match.group(1)), "1"))
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class AttributeMatch:
    matched: int
    conflicting_keyed: int  # another class, size or level: the product is not what was asked
    conflicting_measures: int  # another measure: weaker evidence ("trabajo a 3 metros" is no product length)


def compare_attributes(wanted: list[Attribute], offered: list[Attribute]) -> AttributeMatch:
    """How many wanted attributes the product has, and how many it contradicts (same key, other value)."""
    matched = keyed = measures = 0
    for attribute in wanted:
        same_key = [other for other in offered if other.key == attribute.key]
        if any(attribute.matches(other) for other in same_key):
            matched += 1
        elif same_key:
            if isinstance(attribute.value, float):
                measures += 1
            else:
                keyed += 1
    return AttributeMatch(matched, keyed, measures)


_WORD_NUMBERS = {
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "veinticinco": 25, "treinta": 30,
    "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100,
    "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
    "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
}  # fmt: skip
_MONEY_WORDS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_MONEY = re.compile(
    rf"(?<![a-z0-9.])(?:(\$)\s*)?(\d+(?:\.\d+)?|(?:(?:{_MONEY_WORDS})(?:\s+y\s+|\s+))*(?:{_MONEY_WORDS}))"
    r"\s*(mil|k|lucas|barras|millones|millon|palos|pesos|cop)?(?![a-z0-9])"
    rf"(?!\s*(?:{_UNIT_PATTERN})(?![a-z0-9]))"
)
_BUDGET_CONTEXT = re.compile(
    r"(tengo|presupuesto|maximo|max|hasta|menos de|no mas de|alcanza|alcance|no pasar|que no pase|por debajo|"
    r"no mas|solamente|solo)"
)


def _words_to_number(text: str) -> float:
    return float(sum(_WORD_NUMBERS[word] for word in text.split() if word in _WORD_NUMBERS))


def budget_limit(text: str) -> int | None:
    """The most a customer wants to pay, in COP ("tengo 70 mil no más", "máximo $80.000", "hasta 100k")."""
    folded = fold_numbers(text)
    best: int | None = None
    for match in _MONEY.finditer(folded):
        dollar, number, unit = match.groups()
        value = float(number) if number[0].isdigit() else _words_to_number(number)
        if unit in {"mil", "k", "lucas", "barras"}:
            value *= 1000
        elif unit in {"millones", "millon", "palos"}:
            value *= 1_000_000
        elif not dollar and unit not in {"pesos", "cop"}:
            window = folded[max(0, match.start() - 25) : match.end() + 15]
            if value < 1000 or not _BUDGET_CONTEXT.search(window):
                continue
        if value >= 500 and (best is None or value < best):
            best = int(value)
    return best


def variant_key(name: str) -> frozenset[str]:
    """A product name without its numbers, attribute values and colours: what the variants of one product (sizes,
    classes, measures, colours) share ("Guante … talla 8" and "Guante … talla 9" have one key)."""
    values = {str(a.value) for a in extract_attributes(name)}
    return frozenset(
        stem(w)  # "1 gancho" / "2 ganchos": one family
        for w in normalize(name).split()
        if not any(c.isdigit() for c in w) and w not in values and w not in COLOURS
    )

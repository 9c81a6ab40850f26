"""Customer data in free text: cédula/NIT, phone, e-mail, address, city and name, found, validated or masked.

Extraction is deterministic and validated with the one validators of the package (`colombian_ids`, `phones`); a
value that looks like a field but does not validate is reported in `errores` so the agent can ask again.

Names come after a label ("nombre", "me llamo", "a nombre de", "razón social", "quien recibe:", "soy"...), before a
company's legal form ("Montajes del Norte S.A.S."), or, when the message carries other fields or the agent asked for
the name, at the start of the message. A name needs a label or capitals: words typed in lower case count only when
they read as a name for the Spanish lexicon of `simplemma` (a proper noun, or a word it does not know): "soy juan
perez" is a name, "soy electricista" and "soy alérgico al látex" are not.

Addresses are the street grid ("Cra 12 # 34-56"), blocks ("Mz 4 Casa 12"), roads ("Km 5 vía al mar"), rural places
("Vereda El Placer, finca La Esperanza") and premises ("Bodega 14 Zona Franca"), with their parts ("apto 301",
"barrio Los Almendros"); a known city after them goes to `ciudad`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.language.colombian_ids import parse_colombian_id, parse_nit, parse_unlabelled_id
from agente_vendedor.language.normalization import fold
from agente_vendedor.language.phones import looks_like_phone, normalize_phone
from agente_vendedor.language.spanish_words import (
    COMMON_WORDS,
    STOPWORDS,
    accented_at,
    dictionary_knows,
    dictionary_lemma,
)

Span = tuple[int, int]

# ------------------------------------------------------------------------------------------------ ids and phones
_ID_KEYWORD = (
    r"(?P<label>c[eé]dula de ciudadan[ií]a|c[eé]dula|c\.?\s?c\.?|c[eé]d\.?|documento(?: de identidad)?|doc\.?|"
    r"identificaci[oó]n|n\.?\s?i\.?\s?t\.?|rut)"
)
# thousands grouped with dots or spaces ("80.123.456", "1 144 567 321"), else contiguous digits
_ID_BODY = r"(?P<body>\d{1,3}(?:[.\s]\d{3}){2,3}(?![\d])|\d{1,14}(?![\d]))"
# "-7", "dv 7", "DV: 7", "d.v. 7", "dígito de verificación 7"; a bare " 7" (sep is only blanks) only after "NIT"
_CHECK_DIGIT = (
    r"(?:(?P<sep>\s*,?\s*(?:-|(?<![a-z])d\.?\s?v\.?|d[ií]gito(?:\s+de\s+verificaci[oó]n)?)\s*(?:es\s*)?:?\s*|\s)"
    r"(?P<dv>\d)(?![\d.,]?\d))?"
)
_ID_WITH_KEYWORD = re.compile(
    rf"(?<![a-z0-9]){_ID_KEYWORD}\s*(?:n[o°º]\.?|n[uú]mero|nro\.?|#|:|es|de|\.)?\s*(?:es\s*)?(?::\s*)?"
    rf"{_ID_BODY}{_CHECK_DIGIT}",
    re.IGNORECASE,
)
_NIT_BARE = re.compile(
    r"(?<![\d.])(?P<body>\d{3}\.?\d{3}\.?\d{3})"
    r"(?P<sep>\s*(?:-|(?<![a-z])d\.?\s?v\.?|d[ií]gito(?:\s+de\s+verificaci[oó]n)?)\s*:?\s*)(?P<dv>\d)(?![\d])",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"(?<![\d\-+])(\d{1,3}(?:\.\d{3}){1,3}|\d{6,10})(?![\d-])")
_PHONE_KEYWORD = (
    r"(?:cel(?:ular)?\.?|tel(?:[eé]fono)?\.?|m[oó]vil|whats?app|wpp|wsp|contacto|"
    r"n[uú]mero(?: de (?:contacto|celular|tel[eé]fono))?|llamar al|fijo)"
)
_PHONE_VALUE = (
    r"(\(?\+?\s?57\)?[\s-]?)?(\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}|\d{3}[\s.-]?\d{4}|\d{6,12})(?![\d])"
)
_PHONE_WITH_KEYWORD = re.compile(
    rf"(?<![a-z]){_PHONE_KEYWORD}\s*(?:es|:|#|n[o°º]\.?)?\s*(?:es\s*)?(?::\s*)?{_PHONE_VALUE}", re.IGNORECASE
)
_MOBILE_BARE = re.compile(r"(?<![\d-])(\(?\+?57\)?[\s-]?)?(3\d{2}[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2})(?![\d-])")
_LANDLINE_BARE = re.compile(r"(?<![\d-])(\(?60\d\)?[\s.-]?\d{3}[\s.-]?\d{4})(?![\d-])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# ------------------------------------------------------------------------------------------------ cities
# Valle del Cauca municipalities and the main cities of Colombia, folded.
_CITIES = {
    fold(name): name
    for name in (
        "Cali", "Santiago de Cali", "Yumbo", "Palmira", "Jamundí", "Candelaria", "Florida", "Pradera", "Dagua",
        "Vijes", "La Cumbre", "Restrepo", "Buga", "Guadalajara de Buga", "Tuluá", "Cartago", "Buenaventura",
        "Sevilla", "Caicedonia", "Zarzal", "Roldanillo", "La Unión", "Toro", "Ansermanuevo", "El Cerrito",
        "Ginebra", "Guacarí", "San Pedro", "Yotoco", "Riofrío", "Trujillo", "Bolívar", "Andalucía", "Bugalagrande",
        "El Dovio", "Versalles", "Obando", "La Victoria", "El Águila", "Argelia", "El Cairo", "Alcalá", "Ulloa",
        "Calima", "Darién", "Bogotá", "Medellín", "Barranquilla", "Cartagena", "Bucaramanga", "Pereira",
        "Manizales", "Armenia", "Pasto", "Popayán", "Ibagué", "Neiva", "Villavicencio", "Santa Marta", "Montería",
        "Sincelejo", "Valledupar", "Riohacha", "Cúcuta", "Tunja", "Yopal", "Florencia", "Quibdó", "Mocoa",
        "Leticia", "Arauca", "San Andrés", "Soacha", "Bello", "Itagüí", "Envigado", "Sabaneta", "Rionegro",
        "Dosquebradas", "Santander de Quilichao", "Puerto Tejada", "Girardot", "Chía", "Zipaquirá", "Facatativá",
        "Funza", "Mosquera", "Madrid", "Sogamoso", "Duitama", "Barrancabermeja", "Floridablanca", "Girón",
        "Piedecuesta", "Tumaco", "Ipiales", "Apartadó", "Turbo", "Soledad", "Malambo", "Magangué", "Ocaña",
    )
}  # fmt: skip
_CITY_ALTERNATION = "|".join(re.escape(c) for c in sorted(_CITIES, key=len, reverse=True))
_CITY_PATTERN = re.compile(rf"(?<![a-z])({_CITY_ALTERNATION})(?![a-z])")
# a city right after the address: "…, Cali", "… en Jamundí", "… - Palmira", "… ciudad: Yumbo" (folded text)
_TRAILING_CITY = re.compile(
    rf"\s*(?:,|-|\ben\b|\bde\b)?\s*(?:(?:ciudad|municipio)\s*(?:de\s*)?:?\s*)?({_CITY_ALTERNATION})(?![a-z])"
)

# ------------------------------------------------------------------------------------------------ words
# Words that end a name or a place name when met in it (folded): the labels of the other fields.
_FIELD_WORDS = frozenset(
    """
    cedula cc c.c ced nit rut documento doc identificacion identificado identificada tel telefono cel celular movil
    whatsapp wpp wsp fijo contacto correo email mail e-mail direccion dir domicilio ciudad barrio nro numero dv
    nombre
    """.split()  # noqa: SIM905
)
_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el"})  # "Carlos de los Ríos", "Ferretería El Tornillo"
_CONNECTORS = frozenset({"y", "e", "&"})  # inside company names only: "Extintores y Redes S.A.S."
_NOT_NAME_WORDS = frozenset(
    """
    el la los las un una unos unas de del que quien quiero queremos necesito necesitamos para por con mi mis
    su sus y e o cedula cc nit tel telefono cel celular direccion dir correo email whatsapp alergico
    alergica electricista soldador cliente clientes encargado encargada jefe compras compra comprador
    empresa una persona de desde ingeniero ingeniera el del nuevo nueva interesado interesada yo usted
    ustedes tengo tenemos vivo trabajo hola buenas buenos dias tardes noches gracias si no ok listo dale
    bueno claro señor senor señora senora don dona doña parce mijo hermano amigo
    paisa rolo valluno costeno soy somos
    """.split()  # noqa: SIM905
)  # chat words, occupations, demonyms ("soy paisa") and the verbs of a self-introduction ("Soy de Montajes S.A.S.")
_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ][A-Za-zÁÉÍÓÚÜÑáéíóúüñ'.&-]*")


def _esdrujula_spellings(word: str) -> list[str]:
    """The word with an accent on its antepenultimate vowel group ("alergico" -> "alérgico"). Spanish always marks
    that accent (técnico, eléctrico, alérgico), so it is the one a fast typist drops from a common word; names mostly
    stress the penultimate or last syllable (María, Gómez), whose accent is not tried."""
    groups = list(re.finditer(r"[aeiou]+", word))
    if len(groups) < 3:
        return []
    group = groups[-3]
    return accented_at(word, range(group.start(), group.end()))


@lru_cache(maxsize=4096)
def _is_proper_like(word: str) -> bool:
    """Whether a word reads as a name: a proper noun for the Spanish lexicon ("juan", "gómez"), or a word it does not
    know ("wilmer", "perez"), even with the accent put back that a common word lost ("alergico" is "alérgico")."""
    word = word.lower()
    known = [v for v in [word, *_esdrujula_spellings(word)] if dictionary_knows(v)]
    if any(dictionary_lemma(v)[:1].isupper() for v in known):
        return True
    return not known and fold(word) not in _NOT_NAME_WORDS


def _is_common_word(folded: str) -> bool:
    return folded in STOPWORDS or folded in COMMON_WORDS or folded in _NOT_NAME_WORDS or folded in _FIELD_WORDS


def _capitalise(word: str) -> str:
    return word if fold(word) in _NAME_PARTICLES | _CONNECTORS else word[:1].upper() + word[1:]


# ------------------------------------------------------------------------------------------------ addresses
_STREET_TYPE = (
    r"(?:avenida\s+calle|avenida\s+carrera|avenida|avda\.?|av\.?|calle|cll\.?|cl\.?|carrera|carr\.?|cra\.?|kra\.?|"
    r"kr\.?|cr\.?|diagonal|diag\.?|dg\.?|transversal|transv\.?|tv\.?|tr\.?|circular|circ\.?|autopista|via|ac|ak)"
)
# the letter of a plate number, "72U" or "72 U"; a spaced "y", "o", "e", "u" is a conjunction ("# 5-20 y necesito…")
_PLATE_LETTER = r"(?:(?:[a-z]|\s(?![yoeu](?![a-z]))[a-z])(?![a-z]))"
_STREET = re.compile(
    rf"(?<![a-z]){_STREET_TYPE}\s*"
    r"\d{1,3}\s?[a-z]{0,3}(?:\s?bis)?(?:\s?(?:norte|sur|este|oeste|oe))?\s*"
    r"(?:#|n[o°º]\.?|nro\.?|numero|num\.?)?\s*"
    rf"\d{{1,3}}{_PLATE_LETTER}?(?:\s?bis)?\s*(?:-|\s)\s*\d{{1,3}}{_PLATE_LETTER}?(?![\d])"
    r"(?:\s?(?:sur|norte|este|oeste))?"
)
# "Km 5 vía Cali-Candelaria", "kilómetro 3 vía al mar": the road's destination follows as a place name
_ROAD = re.compile(
    r"(?<![a-z0-9])(?:km|kilometro)\.?\s*\d{1,3}(?:[.,]\d{1,3})?\s*(?:\+\s*\d{1,3}\s*)?"
    r"(?:via|carretera|autopista)\.?\s+(?:(?:a|al|hacia)\s+)?"
)
_BLOCK = re.compile(  # "Mz 4 Casa 12", "Manzana B casa 7", "mz. C lote 3"
    r"(?<![a-z0-9])(?:mz|manzana)\.?\s*[a-z0-9]{1,3}(?![a-z0-9])\s*,?\s*(?:casa|cs|lote|lt|apto|apartamento)\.?\s*"
    r"\d{1,4}[a-z]?(?![a-z0-9])"
)
_RURAL = re.compile(  # "Vereda El Placer", "finca La Esperanza": a proper place name must follow
    r"(?<![a-z0-9])(?:vereda|corregimiento|finca|hacienda|parcela|parcelacion|condominio|granja)\s+"
)
_PREMISES = re.compile(  # "Bodega 14 Zona Franca", "Lote 8 Parque Industrial…": an area or a proper name must follow
    r"(?<![a-z0-9])(?:lote|bodega|galpon|local|oficina|nave)\s*(?:n[o°º]\.?|#)?\s*\d{1,4}[a-z]?(?![a-z0-9])"
)
_NUMBERED_PART = re.compile(  # "apto 301", "bodega 2", "casa 12", "torre B": a part of the address with its number
    r"\s*,?\s*(?:apto|apartamento|ap|bodega|bod|oficina|of|local|casa|torre|interior|int|piso|bloque|manzana|mz|"
    r"etapa|lote|lt|galpon|nave)\.?\s*(?:n[o°º]\.?|#)?\s*(?:[a-z]?\d{1,4}[a-z]?(?:-\d{1,4})?|[a-z])(?![a-z0-9])"
)
# named parts of an address, with whether a place name must follow ("zona franca" alone is a place)
_NAMED_PARTS: tuple[tuple[str, bool], ...] = (
    (r"barrio|b/|urbanizacion|urb\.?", True),  # neighbourhood: "barrio Los Almendros"
    (r"conjunto(?:\s+residencial)?|unidad\s+residencial|edificio|ed\.|condominio", True),  # building or estate
    (r"sector|vereda|corregimiento|finca|hacienda|parcela", True),  # rural places: "finca La Esperanza"
    (r"parque\s+industrial|zona\s+franca|zona\s+industrial|centro\s+(?:comercial|empresarial)", False),  # areas
)
_NAMED_PART = re.compile(
    r"\s*,?\s*(?:" + "|".join(f"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(_NAMED_PARTS)) + r")\s*"
)
_PART_KEYWORDS = re.compile(_NUMBERED_PART.pattern + "|" + _NAMED_PART.pattern)
_ADDRESS_KEYWORD = re.compile(
    r"(?<![a-z])(?:direccion|dir\.?|domicilio|entregar en|envia(?:r|lo|los)? a|despachar a)"
    r"\s*(?:es|de entrega|:)?\s*:?\s*"
    r"([^,;\n]{4,120})",
)
_PLACE_DASH = re.compile(r"[ \t]+-[ \t]+(?=[A-ZÁÉÍÓÚÑ])")
_PLACE_TOKEN = re.compile(r"[ \t]{0,2}(?:(?P<number>\d{1,3})(?![\d])|(?P<word>[^\W\d_][\w'-]*))")


_PLACE_PARTICLES = _NAME_PARTICLES | {"al", "san", "santa"}  # "vía al mar", "barrio San Fernando"


def _ends_place(folded: str, common_ok: bool) -> bool:
    """Whether a lower-case word ends a place name: a function word or a field label, or any common word unless
    common nouns are allowed (a road's destination: "vía al mar")."""
    return folded in STOPWORDS or folded in _FIELD_WORDS or (not common_ok and _is_common_word(folded))


def _place_end(text: str, start: int, *, proper: bool, common_ok: bool = False) -> int | None:
    """End of a place name starting at `start` ("Los Almendros", "Cali-Candelaria"), at most 5 words. With `proper`,
    it must be written as a proper name: a capital, or an article first ("la esperanza"); with `common_ok`, common
    nouns count too (a road's destination: "vía al mar")."""
    folded = fold(text)
    position, last_end, words, pending = start, None, 0, False
    while words < 5:
        dash = _PLACE_DASH.match(text, position) if words else None
        if dash is not None:  # "vía San Gil - Mogotes": a road between two places
            position = dash.end()
        token = _PLACE_TOKEN.match(text, position)
        if token is None or _PART_KEYWORDS.match(folded, position) or (token.group("number") and not words):
            break
        word = token.group("word") or ""
        low = fold(word)
        if low in _PLACE_PARTICLES:
            pending = True
        elif word[:1].islower() and _ends_place(low, common_ok):
            break
        elif proper and not words and word[:1].islower():
            return None
        else:
            pending = False
        words, position = words + 1, token.end()
        last_end = last_end if pending else position
    return last_end


def _head_end(text: str, folded: str, match: re.Match[str]) -> int | None:
    """Where an address head ends once its required place name is read; None: not an address."""
    pattern = match.re
    if pattern is _ROAD:
        return _place_end(text, match.end(), proper=False, common_ok=True)
    if pattern is _RURAL:
        return _place_end(text, match.end(), proper=True)
    if pattern is _PREMISES:
        if _NAMED_PART.match(folded, match.end()):
            return match.end()  # "Bodega 14 Zona Franca": the area is read as a part of the address
        return _place_end(text, match.end(), proper=True)  # "Local 3 Unicentro"
    return match.end()


def _address_head(text: str, folded: str) -> tuple[int, int] | None:
    candidates = []
    for pattern in (_STREET, _ROAD, _BLOCK, _RURAL, _PREMISES):
        for match in pattern.finditer(folded):
            end = _head_end(text, folded, match)
            if end is not None:
                candidates.append((match.start(), end))
                break
    return min(candidates) if candidates else None


def _address_parts_end(text: str, folded: str, end: int) -> int:
    """Extend an address over its parts: "apto 301", "barrio Los Almendros", ", finca La Esperanza"."""
    while True:
        numbered = _NUMBERED_PART.match(folded, end)
        if numbered is not None:
            end = numbered.end()
            continue
        named = _NAMED_PART.match(folded, end)
        if named is None:
            return end
        required = _NAMED_PARTS[int((named.lastgroup or "p0")[1:])][1]
        place = _place_end(text, named.end(), proper=False, common_ok=True)
        if place is None and required:
            return end
        end = place if place is not None else named.end()


def _tidy_address(raw: str) -> str:
    raw = re.sub(r"\s+", " ", raw).strip(" ,.;")
    raw = re.sub(r"\s*#\s*", " # ", raw)
    return re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", raw)


def _split_tail_city(address: str) -> tuple[str, str | None]:
    """A known city closing the address is split off: "… barrio Los Almendros Cali" -> ("… barrio Los Almendros",
    "Cali"); a city that names the road ("vía Cali-Candelaria", "vía a Jamundí") or a neighbourhood ("barrio La
    Florida") stays."""
    folded = fold(address)
    tail = next((m for m in _CITY_PATTERN.finditer(folded) if m.end() == len(folded)), None)
    if tail is None:
        return address, None
    before = folded[: tail.start()]
    previous = before.split()[-1:] or [""]
    if not re.search(r"[\s,]$", before) or previous[0] in _NAME_PARTICLES | {"via", "a", "al", "hacia", "de"}:
        return address, None
    if len(before.split()) < 2:
        return address, None
    return address[: tail.start()].strip(" ,-"), _CITIES[tail.group(1)]


def find_address(text: str) -> tuple[str | None, str | None, Span | None]:
    """(street address, city, span): "Cra 12 # 34-56, Pereira" -> ("Cra 12 # 34-56", "Pereira"); also blocks ("Mz 4 Casa
    12 barrio Los Almendros"), roads ("Km 5 vía Cali-Candelaria"), rural places ("Vereda El Placer, finca La
    Esperanza") and premises ("Bodega 14 Zona Franca"). The city is split off when it is a known Colombian city."""
    folded = fold(text)
    head = _address_head(text, folded)
    if head is not None:
        start, end = head
        end = _address_parts_end(text, folded, end)
    else:
        keyword = _ADDRESS_KEYWORD.search(folded)
        if keyword is None or not re.search(r"\d", keyword.group(1)) or len(keyword.group(1).strip()) < 4:
            return None, None, None
        start, end = keyword.start(1), keyword.end(1)
    address, city = _split_tail_city(_tidy_address(text[start:end]))
    trailing = _TRAILING_CITY.match(folded, end) if city is None else None
    if trailing is not None:
        city, end = _CITIES[trailing.group(1)], trailing.end()
    return address, city, (start, end)


# ------------------------------------------------------------------------------------------------ names
_NameMode = Literal["form", "weak", "lead"]


@dataclass(frozen=True)
class _NameLabel:
    pattern: str  # on folded text
    mode: _NameMode  # form: a form label, lower-case words count; weak: lower-case words must read as names
    company: bool  # a company name may follow: "y"/"&" inside it, and a legal form at its end


# the person a name may be introduced as: "a nombre de mi esposa Martha Ruiz"
_RELATIVE = r"(?:mi|nuestr[oa]|el|la)\s+(?:espos[oa]|herman[oa]|hij[oa]|mama|papa|jef[ea]|soci[oa]|contadora?|senora?)"
_NAME_LABELS: tuple[_NameLabel, ...] = (
    _NameLabel(r"mi\s+nombre\s+(?:completo\s+)?(?:es|:)", "form", False),  # "mi nombre es Ana Ruiz"
    _NameLabel(r"me\s+llamo", "form", False),  # "me llamo Ana Ruiz"
    _NameLabel(r"a\s+nombre\s+de\s+(?:la\s+)?(?:empresa|compania|sociedad|firma)", "form", True),  # invoice to
    _NameLabel(  # "a nombre de Pedro Gómez", "a nombre de mi esposa Martha Ruiz"
        rf"(?:factura(?:r|da)?\s+)?a\s+nombre\s+de(?:\s+{_RELATIVE})?", "form", True
    ),
    _NameLabel(r"nombre\s+de\s+(?:la\s+)?(?:empresa|compania)\s*(?:es\b|:)?", "form", True),  # "nombre de la empresa:"
    _NameLabel(  # "nombre: Ana", "nombre completo: Ana", "el nombre del cliente es Ana"
        r"nombre\s+(?:completo\s+)?(?:del?\s+(?:cliente|comprador|titular|contacto)\s+)?(?:es\b|:)", "form", False
    ),
    _NameLabel(  # "Mis datos: nombre Ana Ruiz", "nombre de contacto Ana Ruiz"
        r"(?:^|(?<=[,;:.(\n]))\s*nombre(?:\s+completo|\s+del?\s+(?:cliente|comprador|titular|contacto))?", "form", False
    ),
    _NameLabel(r"(?:mis\s+)?datos(?:\s+son)?\s*:|datos\s+son", "form", False),  # "mis datos: Ana Ruiz, cc …"
    _NameLabel(r"(?:la\s+)?razon\s+social(?:\s+es\b|\s*:)?", "form", True),  # "razón social: Montajes S.A.S."
    _NameLabel(  # who receives the order: "quien recibe: Ana Ruiz", "recibe mi esposa Ana Ruiz"
        rf"(?:(?:quien|persona\s+que)\s+recibe(?:\s+es\b|\s+sera\b|\s*:)?|recibe\s*:)(?:\s+{_RELATIVE})?", "form", False
    ),
    _NameLabel(rf"(?:^|(?<=[,;:.\n]))\s*recibe(?:\s+{_RELATIVE})?", "weak", False),  # "…, recibe Ana Ruiz"
    _NameLabel(  # form fields: "cliente: Ana", "empresa: Montajes S.A.S."
        r"(?:cliente|comprador|titular|destinatario|facturar\s+a|empresa)\s*:", "form", True
    ),
    _NameLabel(  # "Datos de facturación: Ferretería El Tornillo S.A.S."
        r"datos\s+(?:de\s+(?:facturacion|envio|despacho|entrega)|del\s+(?:cliente|comprador))\s*:", "form", True
    ),
    _NameLabel(r"(?:yo\s+)?soy", "weak", False),  # "soy Ana Ruiz" (and not "soy electricista")
    _NameLabel(r"(?:le|te|les)\s+(?:habla|escribe)|habla|de\s+parte\s+de", "weak", False),  # "le habla Ana Ruiz"
    _NameLabel(r"somos|(?:la\s+)?empresa\s+es|el\s+cliente\s+es", "weak", True),  # "somos Pinturas Arcoíris S.A.S."
    _NameLabel(  # "para la empresa Transportes Risaralda S.A.S.", "…, empresa Montajes del Sur"
        r"(?:(?:para|de|por|desde)\s+(?:la\s+|nuestra\s+|mi\s+)?|^\s*|(?<=[,;:.\n])\s*)"
        r"(?:empresa|compania|firma|sociedad)",
        "weak",
        True,
    ),
)
_NAME_LABEL_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<l{i}>{label.pattern})" for i, label in enumerate(_NAME_LABELS))
    + r")(?![a-z0-9])"
)
_LABEL_SEPARATOR = re.compile(r"[ \t]*[:=-]?[ \t]*")
# a company's legal form closing its name: S.A.S., Ltda., & Cía., E.U., S.A. E.S.P., S.A.S. BIC
_LEGAL_FORM_BODY = (
    r"(?P<legal>(?:&|y)\s?c[ií]a\.?(?:\s?s\.?\s?(?:en\s?c|a\.?\s?s)\.?)?|s\.?\s?a\.?\s?s\.?|"
    r"s\.?\s?en\s?c\.?(?:\s?s\.?)?|s\.?\s?c\.?\s?a\.?|s\.?\s?a\.?|ltda\.?|limitada|e\.?\s?u\.?|e\.?\s?s\.?\s?p\.?|bic)"
    r"(?![\w&])"
)
_LEGAL_FORM = re.compile(r"[ \t]{0,2},?[ \t]{0,2}" + _LEGAL_FORM_BODY, re.IGNORECASE)
_ANY_LEGAL_FORM = re.compile(r"(?<![\w&.])" + _LEGAL_FORM_BODY, re.IGNORECASE)
_CAPITALISED_WORD = re.compile(r"(?<![\w&.'’-])[A-ZÁÉÍÓÚÜÑ][^\W\d_]*")
_NAME_TOKEN = re.compile(
    r"[ \t]{0,2}(?:(?P<amp>&)|(?P<word>[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*)(?P<dot>\.)?)(?![\d])"
)
_MAX_NAME_WORDS = 8
_QUESTION_WORDS = frozenset({"quien", "que", "cual", "cuales", "como", "donde", "cuanto"})  # "a nombre de quién…?"


@dataclass
class _Piece:
    text: str
    start: int
    end: int
    kind: Literal["name", "particle", "connector", "legal"]


def _word_kind(word: str, first: _Piece | None) -> Literal["name", "particle", "connector", "stop"]:
    folded = fold(word).strip(".")
    if folded in _FIELD_WORDS or folded in _QUESTION_WORDS:
        return "stop"
    if folded in _NAME_PARTICLES:
        return "particle"
    if folded in _CONNECTORS:
        return "connector"
    if word[0].isupper():
        return "stop" if folded in _NOT_NAME_WORDS else "name"
    if _is_common_word(folded) or (first is not None and first.text[0].isupper()):
        return "stop"  # a lower-case word does not continue a capitalised name ("Pedro Gómez necesita…")
    return "name"


def _name_pieces(text: str, start: int) -> list[_Piece]:
    """The run of name words from `start`: names, particles between them, connectors, a closing legal form."""
    pieces: list[_Piece] = []
    pending: list[_Piece] = []
    pos = start
    while sum(p.kind == "name" for p in pieces) < _MAX_NAME_WORDS:
        legal = _LEGAL_FORM.match(text, pos) if pieces else None
        if legal is not None:
            pieces.append(_Piece(legal.group("legal"), legal.start("legal"), legal.end(), "legal"))
            pending, pos = [], legal.end()
            continue
        token = _NAME_TOKEN.match(text, pos)
        if token is None or (pieces and pieces[-1].kind == "legal"):
            break  # a legal form closes the name, but for another one ("S.A. E.S.P.")
        word = token.group("amp") or token.group("word")
        kind = _word_kind(word, pieces[0] if pieces else None)
        from_city = bool(pending) and fold(pending[-1].text) in {"de", "del"} and fold(word) in _CITIES
        if kind == "stop" or (kind != "name" and not pieces) or from_city:
            break  # "Pedro Gómez de Cali": a city after "de" is where the person is from ("La Pradera" is a name)
        piece = _Piece(word, token.start("amp") if token.group("amp") else token.start("word"), token.end(), kind)
        pos = token.end()
        if kind != "name":
            pending.append(piece)
            continue
        pieces += [*pending, piece]
        pending = []
        if token.group("dot") and len(word) > 1:
            pieces[-1].end -= 1
            break  # the end of a sentence; "J." is an initial and goes on
    return pieces


def _cut(pieces: list[_Piece], company: bool) -> list[_Piece]:
    """The name the label introduces. Without a legal form, "y" ends a person's name ("soy Juan y quiero…"); with
    one, a person's name ends at the first "de" after two name words ("soy Pedro Gómez de Montajes S.A.S.": the
    company is found on its own)."""
    has_legal_form = any(p.kind == "legal" for p in pieces)
    names = 0
    for index, piece in enumerate(pieces):
        names += piece.kind == "name"
        ends_person = names >= 2 and fold(piece.text) in {"de", "del"} and has_legal_form
        if not company and ((piece.kind == "connector" and not has_legal_form) or ends_person):
            return pieces[:index]
    return pieces


def _reads_as_name(pieces: list[_Piece], mode: _NameMode, company: bool) -> bool:
    """Capitalised words are a name; lower-case ones must read as one: after a form label at least one name word
    ("nombre: luisa rincon", not "me llamó ayer"), after a weak label most of them ("soy juan perez", not "soy
    técnico electricista"), and a company's common words only with a legal form ("montajes del norte sas")."""
    names = [p for p in pieces if p.kind == "name"]
    if not names or (len(names) == 1 and len(names[0].text) < 3 and not company):
        return False
    lower = [p.text for p in names if p.text[0].islower()]
    if not lower or (company and any(p.kind == "legal" for p in pieces)):
        return True
    proper = sum(_is_proper_like(w) for w in lower)
    if mode == "form":
        return proper >= 1
    return not company and 2 * proper >= len(lower)


def _format_name(pieces: list[_Piece]) -> str:
    def shown(piece: _Piece) -> str:
        if piece.kind == "legal" and piece.text == piece.text.lower():
            return piece.text.upper() if len(piece.text.replace(".", "")) <= 3 else piece.text.title()
        return _capitalise(piece.text) if piece.kind == "name" and piece.text.islower() else piece.text

    return " ".join(shown(p) for p in pieces)


def _labelled_name(text: str) -> tuple[str, Span] | None:
    for label in _NAME_LABEL_RE.finditer(fold(text)):
        spec = _NAME_LABELS[int((label.lastgroup or "l0")[1:])]
        separator = _LABEL_SEPARATOR.match(text, label.end())
        start = separator.end() if separator else label.end()
        pieces = _cut(_name_pieces(text, start), spec.company)
        if _reads_as_name(pieces, spec.mode, spec.company):
            return _format_name(pieces), (label.start(), pieces[-1].end)
    return None


def _companies_by_legal_form(text: str) -> list[tuple[str, Span]]:
    """Company names told by their legal form alone, with no label: "… de Constructora Bolívar S.A.S. y …"."""
    found: list[tuple[str, Span]] = []
    if not _ANY_LEGAL_FORM.search(text):
        return found
    position = 0
    for word in _CAPITALISED_WORD.finditer(text):
        if word.start() < position:
            continue
        pieces = _name_pieces(text, word.start())
        if pieces and pieces[-1].kind == "legal":
            found.append((_format_name(pieces), (pieces[0].start, pieces[-1].end)))
            position = pieces[-1].end
    return found


_LEAD_IN = re.compile(
    r"\s*(?:(?:hola|buenas|buenos d[ií]as|buenas tardes|ok|listo|bueno|claro|s[ií]|dale|de una|perfecto|vale)"
    r"[,.!\s]+)*",
    re.I,
)
_NAME_DELIMITER = re.compile(  # what may follow a name given without a label: "Hugo Perea, cc …"
    r"\s*(?:[,;\n]|[.!](?:\s|$)|$|-\s|y\s+(?:mi|c[eé]dula|cc|tel|cel)|"
    r"\s+(?:c\.?c\.?|c[eé]dula|nit|tel|tel[eé]fono|cel|celular|direcci[oó]n|dir|correo|documento|identificad[oa])\b)",
    re.IGNORECASE,
)


def _leading_name(text: str) -> tuple[str, Span] | None:
    """A name opening the message, "Hugo Perea, cc …": 2+ words, ended by punctuation or a field label."""
    lead = _LEAD_IN.match(text)
    start = lead.end() if lead else 0
    pieces = _cut(_name_pieces(text, start), company=False)
    names = [p for p in pieces if p.kind == "name"]
    if len(names) < 2 or any(len(p.text) < 2 for p in names) or not _reads_as_name(pieces, "lead", False):
        return None
    if not _NAME_DELIMITER.match(text, pieces[-1].end):
        return None
    return _format_name(pieces), (pieces[0].start, pieces[-1].end)


def find_name_span(
    text: str, *, expecting_name: bool = False, has_other_fields: bool = False
) -> tuple[str, Span] | None:
    """`find_name` with where the name (and its label) is, to mask it."""
    found = _labelled_name(text) or next(iter(_companies_by_legal_form(text)), None)
    if found is None and (has_other_fields or expecting_name):
        found = _leading_name(text)
    return found


def find_name(text: str, *, expecting_name: bool = False, has_other_fields: bool = False) -> str | None:
    """A person or company name: "soy X", "me llamo X", "nombre X", "a nombre de X", "razón social: X S.A.S.",
    "quien recibe: X"; or, when the message carries other customer data or the agent just asked for the name, a
    leading run of name words ("Hugo Perea, cc ...")."""
    found = find_name_span(text, expecting_name=expecting_name, has_other_fields=has_other_fields)
    return found[0] if found else None


def _is_bare_capitalised_name(text: str) -> bool:
    """The whole message is 2-6 capitalised words (name particles aside), one of them a name: "Claudia Marín"."""
    words = text.strip(" \t\n.,;!").split()
    if not 2 <= len(words) <= 6 or not all(_WORD.fullmatch(w) for w in words):
        return False
    names = [w for w in words if fold(w) not in _NAME_PARTICLES]
    # surnames are often common words ("Julián Cuesta Sierra"): capitalised, none a chat or shop word, is a name
    return (
        all(w[0].isupper() and fold(w) not in _NOT_NAME_WORDS for w in names)
        and fold(words[0]) not in _NAME_PARTICLES
        and (any(_is_proper_like(w) for w in names) or not any(_is_common_or_shop_word(fold(w)) for w in names))
    )


def _is_common_or_shop_word(folded: str) -> bool:
    """A chat word or a word of the shop's vocabulary ("Casco Blanco" names a product, not a person)."""
    from agente_vendedor.language.lexicon import synonym_lexicon  # the lexicon only when a bare name is weighed

    return _is_common_word(folded) or folded in synonym_lexicon().vocabulary


def bare_name(text: str) -> str | None:
    """A whole message that is only a name, even in lower case ("pedro pablo salazar"): 2-5 letter-only words, no
    Spanish function or chat word among them, and one of them a name for the Spanish lexicon (not "perfecto
    entonces"). Only for a reply to the request for the name that named no product."""
    words = text.strip(" \t\n.,;!").split()
    if not 2 <= len(words) <= 5 or not all(re.fullmatch(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+", w) for w in words):
        return None
    folded = [fold(w) for w in words]
    if folded[0] in _NAME_PARTICLES or folded[-1] in _NAME_PARTICLES:
        return None
    names = [w for w, f in zip(words, folded, strict=True) if f not in _NAME_PARTICLES]
    if any(_is_common_word(fold(w)) for w in names) or not any(_is_proper_like(w) for w in names):
        return None
    return " ".join(_capitalise(w) for w in words)


# ------------------------------------------------------------------------------------------------ the fields
@dataclass(frozen=True)
class FieldError:
    campo: str
    mensaje: str


@dataclass
class CustomerData:
    """Customer fields found in one message: valid ones in `datos`, the ones that failed validation in `errores`."""

    datos: dict[str, str] = field(default_factory=dict)
    errores: list[FieldError] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # where the fields (and a name's label) were, to mask them

    def __bool__(self) -> bool:
        return bool(self.datos or self.errores)


def _clean_digits(raw: str) -> str:
    return re.sub(r"[\s.]", "", raw)


def _parse_id_match(match: re.Match[str]) -> tuple[str | None, str | None, Span]:
    """(canonical id, error, span) of a keyword or bare-NIT match."""
    label = fold(re.sub(r"[\s.]", "", match.groupdict().get("label") or ""))
    is_nit = label in {"nit", "rut"}
    body, dv, end = _clean_digits(match.group("body")), match.group("dv"), match.end()
    if dv is not None and not match.group("sep").strip() and not is_nit:
        dv, end = None, match.end("body")  # "cc 80123456 2 cascos": the 2 is not a check digit
    try:
        if is_nit or dv is not None:
            parsed = parse_nit(body, dv) if is_nit else parse_colombian_id(f"{body}-{dv}")
        else:  # "cédula"/"cc" keep the digits; "documento", "identificación" may name a NIT
            parsed = parse_colombian_id(body) if label.startswith("c") else parse_unlabelled_id(body)
    except InvalidInputError as exc:
        return None, exc.message, (match.start(), end)
    return parsed.number, None, (match.start(), end)


def _bare_id(text: str) -> re.Match[str] | None:
    """A lone 6–10 digit number (dots allowed) that is not a phone."""
    return next((m for m in _BARE_NUMBER.finditer(text) if not looks_like_phone(_clean_digits(m.group(1)))), None)


def find_colombian_id(text: str, *, allow_bare: bool = False) -> tuple[str | None, str | None, Span | None]:
    """(canonical id, error, span). With `allow_bare`, a lone 6–10 digit number that is not a phone counts too.

    After "NIT" the check digit may come apart ("NIT 900123456 dv 7", "dígito de verificación 7") or be missing (then
    it is computed, see `parse_nit`); so may a lone number: ten digits starting with 8 or 9 whose last digit is the
    DIAN one are a NIT (`parse_unlabelled_id`). A number called a cédula ("cc …") is kept as a cédula."""
    match = _ID_WITH_KEYWORD.search(text) or _NIT_BARE.search(text)
    if match is not None:
        return _parse_id_match(match)
    bare = _bare_id(text) if allow_bare else None
    if bare is None:
        return None, None, None
    try:
        return parse_unlabelled_id(_clean_digits(bare.group(1))).number, None, bare.span()
    except InvalidInputError as exc:
        return None, exc.message, bare.span()


def find_phone(text: str, *, exclude: list[Span] | None = None) -> tuple[str | None, str | None, Span | None]:
    """(normalised phone, error, span): keyword first ("cel 315..."), else a bare mobile or landline."""
    exclude = exclude or []

    def free(span: Span) -> bool:
        return not any(span[0] < e and s < span[1] for s, e in exclude)

    for pattern in (_PHONE_WITH_KEYWORD, _MOBILE_BARE, _LANDLINE_BARE):
        for match in pattern.finditer(text):
            if not free(match.span()):
                continue
            raw = "".join(part for part in match.groups() if part)
            try:
                return normalize_phone(raw), None, match.span()
            except InvalidInputError as exc:
                if pattern is _PHONE_WITH_KEYWORD:
                    return None, exc.message, match.span()
    return None, None, None


def find_email(text: str) -> tuple[str | None, Span | None]:
    match = _EMAIL.search(text)
    return (match.group(0).strip(".").lower(), match.span()) if match else (None, None)


def find_city(text: str) -> str | None:
    match = _CITY_PATTERN.search(fold(text))
    return _CITIES[match.group(1)] if match else None


def _add_contact_fields(result: CustomerData, text: str, expecting: tuple[str, ...]) -> None:
    """E-mail, address, id and phone, each looked for in the text with the fields found before blanked."""
    email, email_span = find_email(text)
    if email and email_span:
        result.datos["email"] = email
        result.spans.append(email_span)
    # a company's name with its legal form is no address ("somos Granja Avícola La Pradera S.A.S.")
    companies = [span for _, span in _companies_by_legal_form(text)]
    address, city, address_span = find_address(blank_spans(text, result.spans + companies))
    if address and address_span:
        result.datos["direccion"] = address
        result.spans.append(address_span)
        if city:
            result.datos["ciudad"] = city
    masked = blank_spans(text, result.spans)
    cedula, id_error, id_span = find_colombian_id(masked, allow_bare="cedula" in expecting)
    if id_span:
        result.spans.append(id_span)
    phone, phone_error, phone_span = find_phone(blank_spans(text, result.spans))
    if phone_span:
        result.spans.append(phone_span)
    for campo, value, error in (("cedula", cedula, id_error), ("telefono", phone, phone_error)):
        if value:
            result.datos[campo] = value
        elif error:
            result.errores.append(FieldError(campo, error))


def extract_customer_data(text: str, *, expecting: tuple[str, ...] = ()) -> CustomerData:
    """Every customer field in the message; `expecting` lists the fields the agent just asked for (bare values
    allowed for those)."""
    result = CustomerData()
    _add_contact_fields(result, text, expecting)
    masked = blank_spans(text, result.spans)
    asked_name = "nombre" in expecting and (len(expecting) <= 2 or _is_bare_capitalised_name(masked))
    name = find_name_span(masked, expecting_name=asked_name, has_other_fields=bool(result.datos))
    if name:
        result.datos["nombre"] = name[0]
        result.spans.append(name[1])
    result.spans += [span for _, span in _companies_by_legal_form(masked)]  # "Pedro Gómez de Montajes S.A.S."
    if "ciudad" not in result.datos:
        city_only = find_city(masked) if ("ciudad" in expecting or "direccion" in result.datos) else None
        if city_only:
            result.datos["ciudad"] = city_only
    return result


def is_company_name(name: str) -> bool:
    """A name with a legal form ("Talleres Unidos S.A.S.", "Lácteos del Valle Ltda."): a company, not a person."""
    return _ANY_LEGAL_FORM.search(name) is not None


def blank_spans(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            chars[index] = " "
    return "".join(chars)


def mask_customer_data(text: str) -> str:
    """The message with customer fields blanked (same length): names with their labels, company names, ids, phones,
    e-mails and addresses, so their words and digits are not read as products or quantities."""
    return blank_spans(text, extract_customer_data(text).spans)

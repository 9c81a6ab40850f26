"""Contact fields in free text: e-mail, street address (and the city after it), cédula/NIT and phone, each found where
it is and validated with the one validators of the package (`colombian_ids`, `phones`).

Addresses are the street grid ("Cra 12 # 34-56"), blocks ("Mz 4 Casa 12"), roads ("Km 5 vía al mar"), rural places
("Vereda El Placer, finca La Esperanza") and premises ("Bodega 14 Zona Franca"), with their parts ("apto 301",
"barrio Los Almendros"); a known city after them is read apart.

Two readers share these finders: `customer_data`, which also reads names and gathers a message's fields, and
`redaction`, which masks every value in a log line or before the model. The log masking of every Lambda function
loads this module at init, and only this one: the name readers and their patterns load where names are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.language.colombian_ids import parse_colombian_id, parse_nit, parse_unlabelled_id
from agente_vendedor.language.normalization import fold
from agente_vendedor.language.phones import looks_like_phone, normalize_phone
from agente_vendedor.language.spanish_words import COMMON_WORDS, STOPWORDS

Span = tuple[int, int]


class _OnFirstUse:
    """A regex compiled the first time it is used. The patterns that read an address past its head (its parts, the
    place names, the city after it) wait for the first address found: log masking runs these finders on every record
    of every function, mostly ids and counts with no address, and a function's init would compile them for nothing."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    @cached_property
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._compiled.match(text, pos)

    def search(self, text: str) -> re.Match[str] | None:
        return self._compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._compiled.finditer(text)


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
CITIES = {
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
_CITY_ALTERNATION = "|".join(re.escape(c) for c in sorted(CITIES, key=len, reverse=True))
_CITY_PATTERN = _OnFirstUse(rf"(?<![a-z])({_CITY_ALTERNATION})(?![a-z])")
# a city right after the address: "…, Cali", "… en Jamundí", "… - Palmira", "… ciudad: Yumbo" (folded text)
_TRAILING_CITY = _OnFirstUse(
    rf"\s*(?:,|-|\ben\b|\bde\b)?\s*(?:(?:ciudad|municipio)\s*(?:de\s*)?:?\s*)?({_CITY_ALTERNATION})(?![a-z])"
)

# ------------------------------------------------------------------------------------------------ words
# Words that end a name or a place name when met in it (folded): the labels of the other fields.
FIELD_WORDS = frozenset(
    """
    cedula cc c.c ced nit rut documento doc identificacion identificado identificada tel telefono cel celular movil
    whatsapp wpp wsp fijo contacto correo email mail e-mail direccion dir domicilio ciudad barrio nro numero dv
    nombre
    """.split()  # noqa: SIM905
)
NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el"})  # "Carlos de los Ríos", "Ferretería El Tornillo"
NOT_NAME_WORDS = frozenset(
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


def is_common_word(folded: str) -> bool:
    return folded in STOPWORDS or folded in COMMON_WORDS or folded in NOT_NAME_WORDS or folded in FIELD_WORDS


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
# a street named rather than numbered, with its plate: "Avenida Los Fundadores # 21-140", "Anillo Vial Occidental
# No. 32-15", "Diagonal Santander # 4-20" (up to four words of name between the way's type and the plate)
_NAMED_STREET = re.compile(
    r"(?<![a-z])(?:avenida|avda\.?|av\.?|anillo\s+vial|anillo|troncal|variante|circunvalar|autopista|diagonal|"
    r"transversal|calle|carrera|via)\s+(?:[a-z]+\.?\s+){0,3}[a-z]{3,}\.?\s*"
    rf"(?:#|n[o°º]\.?|nro\.?|numero)\s*\d{{1,3}}{_PLATE_LETTER}?\s*-\s*\d{{1,3}}{_PLATE_LETTER}?(?![\d])"
)
# a named street whose houses are numbered by block: "Avenida La Ribera manzana 9 casa 3", "Calle Real mz B lote 3"
_NAMED_STREET_BLOCK = re.compile(
    r"(?<![a-z])(?:avenida|avda\.?|av\.?|calle|carrera|transversal|diagonal|via|callejon|pasaje)\s+"
    r"(?:[a-z]+\.?\s+){0,3}[a-z]{3,}\s*,?\s*(?=(?:mz|manzana)\.?\s*[a-z0-9]{1,3}(?![a-z0-9]))"
)
# "Vía Los Naranjos km 6", "carretera a Tibú kilómetro 12": the road named first, then its kilometre
_ROAD_NAMED_FIRST = re.compile(
    r"(?<![a-z])(?:via|carretera|autopista)\s+(?:(?:a|al|hacia)\s+)?(?:[a-z]+\s+){0,3}?"
    r"(?:km|kilometro)\.?\s*\d{1,3}(?:[.,]\d{1,3})?(?![\d])"
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
_NUMBERED_PART = _OnFirstUse(  # "apto 301", "bodega 2", "casa 12", "torre B": a part of the address with its number
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
_NAMED_PART = _OnFirstUse(
    r"\s*,?\s*(?:" + "|".join(f"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(_NAMED_PARTS)) + r")\s*"
)
_PART_KEYWORDS = _OnFirstUse(_NUMBERED_PART.pattern + "|" + _NAMED_PART.pattern)
_ADDRESS_KEYWORD = re.compile(
    r"(?<![a-z])(?:direccion|dir\.?|domicilio|entregar en|envia(?:r|lo|los)? a|despachar a)"
    r"\s*(?:es|de entrega|:)?\s*:?\s*"
    r"([^,;\n]{4,120})",
)
_PLACE_DASH = _OnFirstUse(r"[ \t]+-[ \t]+(?=[A-ZÁÉÍÓÚÑ])")
_PLACE_TOKEN = _OnFirstUse(r"[ \t]{0,2}(?:(?P<number>\d{1,3})(?![\d])|(?P<word>[^\W\d_][\w'-]*))")


_PLACE_PARTICLES = NAME_PARTICLES | {"al", "san", "santa"}  # "vía al mar", "barrio San Fernando"


def _ends_place(folded: str, common_ok: bool) -> bool:
    """Whether a lower-case word ends a place name: a function word or a field label, or any common word unless
    common nouns are allowed (a road's destination: "vía al mar")."""
    return folded in STOPWORDS or folded in FIELD_WORDS or (not common_ok and is_common_word(folded))


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
    for pattern in (_STREET, _NAMED_STREET, _NAMED_STREET_BLOCK, _ROAD_NAMED_FIRST, _ROAD, _BLOCK, _RURAL, _PREMISES):
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
    if not re.search(r"[\s,]$", before) or previous[0] in NAME_PARTICLES | {"via", "a", "al", "hacia", "de"}:
        return address, None
    if len(before.split()) < 2:
        return address, None
    return address[: tail.start()].strip(" ,-"), CITIES[tail.group(1)]


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
        city, end = CITIES[trailing.group(1)], trailing.end()
    return address, city, (start, end)


# ------------------------------------------------------------------------------------------------ the finders
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
    return CITIES[match.group(1)] if match else None


def blank_spans(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            chars[index] = " "
    return "".join(chars)

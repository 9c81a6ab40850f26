"""Customer data in free text: cédula/NIT, phone, e-mail, address, city and name, found, validated or masked.

Extraction is deterministic and validated with the one validators of the package (`colombian_ids`, `phones`); a
value that looks like a field but does not validate is reported in `errores` so the agent can ask again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.language.colombian_ids import parse_colombian_id
from agente_vendedor.language.phones import normalize_phone
from agente_vendedor.language.quantities import fold

# ------------------------------------------------------------------------------------------------ ids and phones
_ID_KEYWORD = (
    r"(?:c[eé]dula de ciudadan[ií]a|c[eé]dula|c\.?\s?c\.?|c[eé]d\.?|documento(?: de identidad)?|doc\.?|"
    r"identificaci[oó]n|n\.?\s?i\.?\s?t\.?|rut)"
)
_ID_VALUE = r"(\d[\d.\s]{4,14}\d(?:\s?-\s?\d)?(?![\d])|\d{1,14}(?:-\d)?(?![\d]))"
_ID_WITH_KEYWORD = re.compile(
    rf"(?<![a-z0-9]){_ID_KEYWORD}\s*(?:n[o°º]\.?|n[uú]mero|nro\.?|#|:|es|de|\.)?\s*(?:es\s*)?(?::\s*)?{_ID_VALUE}",
    re.IGNORECASE,
)
_NIT_BARE = re.compile(r"(?<![\d.])(\d{3}\.?\d{3}\.?\d{3}\s?-\s?\d)(?![\d])")
_PHONE_KEYWORD = (
    r"(?:cel(?:ular)?\.?|tel(?:[eé]fono)?\.?|m[oó]vil|whats?app|wpp|wsp|contacto|"
    r"n[uú]mero(?: de (?:contacto|celular|tel[eé]fono))?|llamar al|fijo)"
)
_PHONE_VALUE = r"(\+?\s?57[\s-]?)?(\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}|\d{3}[\s.-]?\d{4}|\d{6,12})(?![\d])"
_PHONE_WITH_KEYWORD = re.compile(
    rf"(?<![a-z]){_PHONE_KEYWORD}\s*(?:es|:|#|n[o°º]\.?)?\s*(?:es\s*)?(?::\s*)?{_PHONE_VALUE}", re.IGNORECASE
)
_MOBILE_BARE = re.compile(r"(?<![\d-])(\+?57[\s-]?)?(3\d{2}[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2})(?![\d-])")
_LANDLINE_BARE = re.compile(r"(?<![\d-])(\(?60\d\)?[\s.-]?\d{3}[\s.-]?\d{4})(?![\d-])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# ------------------------------------------------------------------------------------------------ addresses
_STREET_TYPE = (
    r"(?:avenida\s+calle|avenida\s+carrera|avenida|avda\.?|av\.?|calle|cll\.?|cl\.?|carrera|carr\.?|cra\.?|kra\.?|"
    r"kr\.?|cr\.?|diagonal|diag\.?|dg\.?|transversal|transv\.?|tv\.?|tr\.?|circular|circ\.?|autopista|ac|ak)"
)
_ADDRESS = re.compile(
    rf"(?<![a-z]){_STREET_TYPE}\s*"
    r"\d{1,3}\s?[a-z]{0,3}(?:\s?bis)?(?:\s?(?:norte|sur|este|oeste|oe))?\s*"
    r"(?:#|n[o°º]\.?|nro\.?|n[uú]mero|num\.?)?\s*"
    r"\d{1,3}(?:\s?[a-z](?![a-záéíóúñ]))?(?:\s?bis)?\s*(?:-|\s)\s*\d{1,3}(?:\s?[a-z](?![a-záéíóúñ]))?(?![\d])"
    r"(?:\s?(?:sur|norte|este|oeste))?"
    r"(?:\s*,?\s*(?:apto|apartamento|ap|bodega|bod|oficina|of|local|casa|torre|interior|int|piso|bloque|manzana|mz|"
    r"etapa|lote|conjunto|edificio|ed)\.?\s*[\w-]+)*",
    re.IGNORECASE,
)
_ADDRESS_KEYWORD = re.compile(
    r"(?<![a-záéíóúñ])(?:direcci[oó]n|dir\.?|domicilio|entregar en|env[ií]a(?:r|lo|los)? a|despachar a)"
    r"\s*(?:es|de entrega|:)?\s*:?\s*"
    r"([^,;\n]{4,120})",
    re.IGNORECASE,
)

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
_CITY_PATTERN = re.compile(
    r"(?<![a-z])(" + "|".join(re.escape(c) for c in sorted(_CITIES, key=len, reverse=True)) + r")(?![a-z])"
)

# ------------------------------------------------------------------------------------------------ names
_NAME_INTRO = re.compile(
    r"(?<![a-záéíóúñ])(?:(?:yo\s+)?soy|me\s+llamo|mi\s+nombre\s+(?:es|completo\s+es)|nombre\s*(?:completo)?\s*:|"
    r"a\s+nombre\s+de|(?:le|te|les)\s+(?:habla|escribe)|habla|de\s+parte\s+de|somos|la\s+empresa\s+es|"
    r"raz[oó]n\s+social\s*:?|el\s+cliente\s+es|factura\s+a\s+nombre\s+de|"
    r"datos\s+(?:de\s+(?:facturaci[oó]n|env[ií]o|despacho|entrega)|del\s+(?:cliente|comprador))\s*:|"
    r"(?:cliente|comprador|empresa|facturar\s+a)\s*:)\s+",
    re.IGNORECASE,
)
_COMPANY_INTRO = re.compile(
    r"(?<![a-záéíóúñ])(?:para|de|por|desde)\s+(?:la\s+|nuestra\s+)?(?:empresa|compañ[ií]a|compania|firma|sociedad)\s+",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(
    r"^(?:s\.?a\.?s\.?|s\.?a\.?|ltda\.?|e\.?u\.?|s\.?c\.?a\.?|c[ií]a\.?|&|e\.?s\.?p\.?)$", re.I
)
_NAME_PARTICLES = {"de", "del", "la", "las", "los", "y"}
_NOT_NAME_WORDS = frozenset(
    """
    el la los las un una unos unas de del que quien quiero queremos necesito necesitamos para por con mi mis
    su sus y e o cedula cc nit tel telefono cel celular direccion dir correo email whatsapp alergico
    alergica electricista soldador cliente clientes encargado encargada jefe compras compra comprador
    empresa una persona de desde ingeniero ingeniera el del nuevo nueva interesado interesada yo usted
    ustedes tengo tenemos vivo trabajo hola buenas buenos dias tardes noches gracias si no ok listo dale
    bueno claro señor senor señora senora don dona doña parce mijo hermano amigo
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ][A-Za-zÁÉÍÓÚÜÑáéíóúüñ'.&-]*")


@dataclass(frozen=True)
class FieldError:
    campo: str
    mensaje: str


@dataclass
class CustomerData:
    """Customer fields found in one message: valid ones in `datos`, the ones that failed validation in `errores`."""

    datos: dict[str, str] = field(default_factory=dict)
    errores: list[FieldError] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where the fields were, to mask them elsewhere

    def __bool__(self) -> bool:
        return bool(self.datos or self.errores)


def _clean_digits(raw: str) -> str:
    return re.sub(r"[\s.]", "", raw)


def find_colombian_id(text: str, *, allow_bare: bool = False) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(canonical id, error, span). With `allow_bare`, a lone 6–10 digit number that is not a phone counts too."""
    match = _ID_WITH_KEYWORD.search(text)
    if match is None:
        match = _NIT_BARE.search(text)
    if match is None and allow_bare:
        for candidate in re.finditer(r"(?<![\d\-+])(\d{1,3}(?:\.\d{3}){1,3}|\d{6,10})(?![\d-])", text):
            digits = _clean_digits(candidate.group(1))
            if (len(digits) == 10 and digits[0] == "3") or (digits.startswith("60") and len(digits) == 10):
                continue  # a phone
            match = candidate
            break
    if match is None:
        return None, None, None
    raw = match.group(1).strip()
    value = re.sub(r"\s+", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:-\d)?", value):
        value = value.replace(".", "")
    try:
        return parse_colombian_id(value).number, None, match.span()
    except InvalidInputError as exc:
        return None, exc.message, match.span()


def find_phone(
    text: str, *, exclude: list[tuple[int, int]] | None = None
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(normalised phone, error, span): keyword first ("cel 315..."), else a bare mobile or landline."""
    exclude = exclude or []

    def free(span: tuple[int, int]) -> bool:
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


def find_email(text: str) -> tuple[str | None, tuple[int, int] | None]:
    match = _EMAIL.search(text)
    return (match.group(0).strip(".").lower(), match.span()) if match else (None, None)


def find_city(text: str) -> str | None:
    match = _CITY_PATTERN.search(fold(text))
    return _CITIES[match.group(1)] if match else None


def _tidy_address(raw: str) -> str:
    raw = re.sub(r"\s+", " ", raw).strip(" ,.;")
    raw = re.sub(r"\s*#\s*", " # ", raw)
    return re.sub(r"\s*-\s*", "-", raw)


def find_address(text: str) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(street address, city, span): "Calle 8 # 23-50, Cali" -> ("Calle 8 # 23-50", "Cali")."""
    match = _ADDRESS.search(text)
    if match is not None:
        address = _tidy_address(match.group(0))
        end = match.end()
    else:
        keyword = _ADDRESS_KEYWORD.search(text)
        if keyword is None:
            return None, None, None
        address = _tidy_address(keyword.group(1))
        if len(address) < 4 or not re.search(r"\d", address):
            return None, None, None
        end = keyword.end()
        match = keyword
    rest = text[end:]
    city = None
    city_match = re.match(
        r"\s*(?:,|-|\ben\b)?\s*(?:ciudad\s*:?\s*)?([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,2})",
        rest,
    )
    if city_match is not None:
        candidate = city_match.group(1)
        known = _CITIES.get(fold(candidate))
        if known is not None or fold(candidate.split()[0]) not in _FIELD_WORDS:
            city = known or candidate
            end += city_match.end()
    if city is None:
        city = find_city(rest[:40]) if re.match(r"\s*(?:,|\ben\b)", rest) else None
    # the city inside a keyword-captured address ("dirección Cra 5 12 34 Cali") is split off too
    if city is None and match is not None:
        tail = _CITY_PATTERN.search(fold(address))
        if tail is not None and tail.end() == len(address):
            city = _CITIES[tail.group(1)]
            address = address[: tail.start()].strip(" ,")
    return address, city, (match.start(), end)


_FIELD_WORDS = {
    "cel",
    "celular",
    "tel",
    "telefono",
    "cedula",
    "cc",
    "nit",
    "correo",
    "email",
    "whatsapp",
    "movil",
    "barrio",
}


_FIELD_STOP_WORDS = {
    "cedula", "cc", "c.c", "nit", "tel", "cel", "celular", "telefono", "direccion", "correo", "email", "whatsapp", "mi",
    "con", "y", "quiero", "necesito", "queremos", "necesitamos", "identificado", "identificada", "documento", "rut",
}  # fmt: skip


def _particle_continues(text: str, position: int, all_lower: bool) -> bool:
    """After "de"/"la"/"del" inside a name: does a real name word follow (past more particles)?"""
    for following in _WORD.finditer(text, position):
        if text[position : following.start()].strip():
            return False
        folded = fold(following.group(0))
        if folded in _NAME_PARTICLES - {"y"}:
            position = following.end()
            continue
        return (all_lower and folded not in _NOT_NAME_WORDS) or following.group(0)[0].isupper()
    return False


def _name_from(text: str, start: int) -> tuple[str, int] | None:
    words: list[str] = []
    words_end = start
    all_lower = text == text.lower()
    for match in _WORD.finditer(text, start):
        gap = text[words_end : match.start()]
        if gap.strip(" \t") and (words or re.search(r"[\d\n]", gap)):
            break
        word = match.group(0)
        folded = fold(word).strip(".")
        if _COMPANY_SUFFIX.match(word) and words:
            words.append(word)
            words_end = match.end()
            continue
        if folded in _NAME_PARTICLES and words:
            if folded == "y" or not _particle_continues(text, match.end(), all_lower):
                break
            words.append(word)
            words_end = match.end()
            continue
        if words and not all_lower:
            if not word[0].isupper() or folded in _FIELD_STOP_WORDS:
                break
        elif folded in _NOT_NAME_WORDS or (not all_lower and not word[0].isupper()):
            break
        if word.endswith(".") and not _COMPANY_SUFFIX.match(word):
            words.append(word.rstrip("."))
            words_end = match.end()
            break
        words.append(word)
        words_end = match.end()
        if len(words) >= 7:
            break
    while words and fold(words[-1]) in _NAME_PARTICLES:
        words.pop()
    if not words or (len(words) == 1 and len(words[0]) < 3):
        return None
    name = " ".join(words)
    end = (
        text.find(words[-1], start) + len(words[-1])
        if len(words) == 1
        else text.rfind(words[-1], start, words_end + 1) + len(words[-1])
    )
    return (name.title() if all_lower else name), end


def find_name(text: str, *, expecting_name: bool = False, has_other_fields: bool = False) -> str | None:
    """A person or company name: "soy X", "me llamo X", "a nombre de X", "somos X S.A.S."; or, when the message carries
    other customer data or the agent just asked for the name, a leading run of capitalised words
    ("Hugo Perea, cc ...")."""
    for intro in _NAME_INTRO.finditer(text):
        found = _name_from(text, intro.end())
        if found:
            return found[0]
    for intro in _COMPANY_INTRO.finditer(text):
        found = _name_from(text, intro.end())
        # "para la empresa Transportes Risaralda S.A.S.": a company only when written as a proper name
        if found and (text != text.lower() or any(_COMPANY_SUFFIX.match(w) for w in found[0].split())):
            return found[0]
    if has_other_fields or expecting_name:
        lead = re.match(
            r"\s*(?:(?:hola|buenas|buenos d[ií]as|buenas tardes|ok|listo|bueno|claro|s[ií])[,.!\s]+)?", text, re.I
        )
        found = _name_from(text, lead.end() if lead else 0)
        if found is None:
            return None
        name, end = found
        words = name.split()
        delimited = re.match(
            r"\s*(?:[,;\n]|[.!](?:\s|$)|$|-\s|y\s+(?:mi|c[eé]dula|cc|tel|cel)|"
            r"\s+(?:c\.?c\.?|c[eé]dula|nit|tel|tel[eé]fono|cel|celular|direcci[oó]n|dir|correo|documento)\b)",
            text[end:],
            re.IGNORECASE,
        )
        if delimited and len(words) >= 2 and all(len(word) > 1 for word in words):
            return name
    return None


def _is_bare_capitalised_name(text: str) -> bool:
    """The whole message is 2-6 capitalised words (name particles aside): "Claudia Patricia Marín"."""
    words = text.strip(" \t\n.,;!").split()
    if not 2 <= len(words) <= 6 or not all(_WORD.fullmatch(w) for w in words):
        return False
    return (
        all(fold(w) in _NAME_PARTICLES or (w[0].isupper() and fold(w) not in _NOT_NAME_WORDS) for w in words)
        and fold(words[0]) not in _NAME_PARTICLES
    )


def bare_name(text: str) -> str | None:
    """A whole message that is only a name, even in lower case ("pedro pablo salazar"): 2-5 letter-only words, no
    Spanish function or chat word among them. Only for a reply to the request for the name that named no product."""
    from agente_vendedor.language.spanish_words import COMMON_WORDS, STOPWORDS

    words = text.strip(" \t\n.,;!").split()
    if not 2 <= len(words) <= 5 or not all(re.fullmatch(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+", w) for w in words):
        return None
    folded = [fold(w) for w in words]
    if folded[0] in _NAME_PARTICLES or folded[-1] in _NAME_PARTICLES:
        return None
    if any(w not in _NAME_PARTICLES and (w in _NOT_NAME_WORDS or w in STOPWORDS or w in COMMON_WORDS) for w in folded):
        return None
    return " ".join(w if f in _NAME_PARTICLES else w[:1].upper() + w[1:] for w, f in zip(words, folded, strict=True))


def extract_customer_data(text: str, *, expecting: tuple[str, ...] = ()) -> CustomerData:
    """Every customer field in the message; `expecting` lists the fields the agent just asked for (bare values
    allowed for those)."""
    result = CustomerData()
    email, email_span = find_email(text)
    if email and email_span:
        result.datos["email"] = email
        result.spans.append(email_span)
    masked = blank_spans(text, result.spans)
    address, city, address_span = find_address(masked)
    if address and address_span:
        result.datos["direccion"] = address
        result.spans.append(address_span)
        if city:
            result.datos["ciudad"] = city
    masked = blank_spans(text, result.spans)
    cedula, id_error, id_span = find_colombian_id(masked, allow_bare="cedula" in expecting)
    if id_span:
        result.spans.append(id_span)
    masked = blank_spans(text, result.spans)
    phone, phone_error, phone_span = find_phone(masked)
    if phone_span:
        result.spans.append(phone_span)
    if cedula is None and id_error is None and "cedula" in expecting and phone is None and phone_span is None:
        cedula, id_error, id_span = find_colombian_id(masked, allow_bare=True)
    if cedula:
        result.datos["cedula"] = cedula
    elif id_error:
        result.errores.append(FieldError("cedula", id_error))
    if phone:
        result.datos["telefono"] = phone
    elif phone_error:
        result.errores.append(FieldError("telefono", phone_error))
    masked = blank_spans(text, result.spans)
    asked_name = "nombre" in expecting and (len(expecting) <= 2 or _is_bare_capitalised_name(masked))
    name = find_name(masked, expecting_name=asked_name, has_other_fields=bool(result.datos))
    if name:
        result.datos["nombre"] = name
    if "ciudad" not in result.datos:
        city_only = find_city(masked) if ("ciudad" in expecting or "direccion" in result.datos) else None
        if city_only:
            result.datos["ciudad"] = city_only
    return result


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            chars[index] = " "
    return "".join(chars)


def mask_customer_data(text: str) -> str:
    """The message with customer fields blanked (same length), so their words and digits are not read as products
    or quantities."""
    data = extract_customer_data(text)
    spans = list(data.spans)
    name = data.datos.get("nombre")
    if name:
        start = fold(text).find(fold(name))
        if start >= 0:
            spans.append((start, start + len(name)))
    return blank_spans(text, spans)

"""Customer data in free text: the contact fields (`contact_fields`: cédula/NIT, phone, e-mail, address and city)
and the name, gathered from one message, validated or masked.

Extraction is deterministic and validated with the one validators of the package (`colombian_ids`, `phones`); a
value that looks like a field but does not validate is reported in `errores` so the agent can ask again.

Names come after a label ("nombre", "me llamo", "a nombre de", "razón social", "quien recibe:", "soy"...), before a
company's legal form ("Montajes del Norte S.A.S."), or, when the message carries other fields or the agent asked for
the name, at the start of the message. A name needs a label or capitals: words typed in lower case count only when
they read as a name for the Spanish lexicon of `simplemma` (a proper noun, or a word it does not know): "soy juan
perez" is a name, "soy electricista" and "soy alérgico al látex" are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from agente_vendedor.language.contact_fields import (
    CITIES,
    FIELD_WORDS,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    Span,
    blank_spans,
    find_address,
    find_city,
    find_colombian_id,
    find_email,
    find_phone,
    is_common_word,
)
from agente_vendedor.language.normalization import fold
from agente_vendedor.language.spanish_words import accented_at, dictionary_knows, dictionary_lemma

# ------------------------------------------------------------------------------------------------ words
_CONNECTORS = frozenset({"y", "e", "&"})  # inside company names only: "Extintores y Redes S.A.S."
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
    return not known and fold(word) not in NOT_NAME_WORDS


def _capitalise(word: str) -> str:
    return word if fold(word) in NAME_PARTICLES | _CONNECTORS else word[:1].upper() + word[1:]


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
    _NameLabel(r"a\s+(?:mi\s+nombre|nombre\s+mio)", "form", False),  # "a nombre mío Jairo Pantoja", "a mi nombre:"
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


# Nouns that open the name of an organisation, whose town is part of its name ("Cooperativa de Lecheros de
# Guachucal", "Hospital San José de Túquerres"), unlike a person's ("Pedro Gómez de Cali" is from Cali).
_ORGANISATIONS = frozenset(
    """
    cooperativa asociacion fundacion corporacion federacion consorcio union junta hospital clinica colegio
    institucion instituto universidad alcaldia gobernacion empresa empresas distribuidora ferreteria constructora
    comercializadora inversiones transportes industrias inmobiliaria drogueria almacen almacenes hotel restaurante
    parroquia cabildo resguardo acueducto cooperativo centro
    """.split()  # noqa: SIM905
)


def _word_kind(word: str, first: _Piece | None) -> Literal["name", "particle", "connector", "stop"]:
    folded = fold(word).strip(".")
    if folded in FIELD_WORDS or folded in _QUESTION_WORDS:
        return "stop"
    if folded in NAME_PARTICLES:
        return "particle"
    if folded in _CONNECTORS:
        return "connector"
    if word[0].isupper():
        return "stop" if folded in NOT_NAME_WORDS else "name"
    if is_common_word(folded) or (first is not None and first.text[0].isupper()):
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
        from_city = bool(pending) and fold(pending[-1].text) in {"de", "del"} and fold(word) in CITIES
        from_city = from_city and fold(pieces[0].text) not in _ORGANISATIONS
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
    if pieces and fold(pieces[0].text) in _ORGANISATIONS:
        return pieces  # "Empresas Municipales de Garagoa E.S.P.": an organisation's name, "de" and all
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
    r"\s*(?:[,;\n]|[.!](?:\s|$)|$|[-–—/|]\s|y\s+(?:mi|c[eé]dula|cc|tel|cel)|"  # "Ana Ruiz – CC …", "Ana Ruiz / …"
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
    names = [w for w in words if fold(w) not in NAME_PARTICLES]
    # surnames are often common words ("Julián Cuesta Sierra"): capitalised, none a chat or shop word, is a name
    return (
        all(w[0].isupper() and fold(w) not in NOT_NAME_WORDS for w in names)
        and fold(words[0]) not in NAME_PARTICLES
        and (any(_is_proper_like(w) for w in names) or not any(_is_common_or_shop_word(fold(w)) for w in names))
    )


def _is_common_or_shop_word(folded: str) -> bool:
    """A chat word or a word of the shop's vocabulary ("Casco Blanco" names a product, not a person)."""
    from agente_vendedor.language.lexicon import synonym_lexicon  # the lexicon only when a bare name is weighed

    return is_common_word(folded) or folded in synonym_lexicon().vocabulary


def bare_name(text: str) -> str | None:
    """A whole message that is only a name, even in lower case ("pedro pablo salazar"): 2-5 letter-only words, no
    Spanish function or chat word among them, and one of them a name for the Spanish lexicon (not "perfecto
    entonces"). Only for a reply to the request for the name that named no product."""
    words = text.strip(" \t\n.,;!").split()
    if not 2 <= len(words) <= 5 or not all(re.fullmatch(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+", w) for w in words):
        return None
    folded = [fold(w) for w in words]
    if folded[0] in NAME_PARTICLES or folded[-1] in NAME_PARTICLES:
        return None
    names = [w for w, f in zip(words, folded, strict=True) if f not in NAME_PARTICLES]
    if any(is_common_word(fold(w)) for w in names) or not any(_is_proper_like(w) for w in names):
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


def mask_customer_data(text: str) -> str:
    """The message with customer fields blanked (same length): names with their labels, company names, ids, phones,
    e-mails and addresses, so their words and digits are not read as products or quantities."""
    return blank_spans(text, extract_customer_data(text).spans)

"""Colombian identification numbers: cédula and NIT with the DIAN check digit, validated only here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agente_vendedor.core.errors import InvalidInputError

# DIAN weights, applied from the rightmost digit of the NIT body leftwards.
_DIAN_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)

_CEDULA_RE = re.compile(r"^\d{6,10}$")
_NIT_RE = re.compile(r"^(\d{9})-?(\d)$")
# The DIAN gives companies 9-digit NITs in the 800 and 900 ranges; 10-digit cédulas start with 1. So ten digits
# starting with 8 or 9 are a company NIT body followed by its check digit, never a cédula.
_COMPANY_NIT_FIRST_DIGITS = frozenset("89")


def nit_check_digit(body: str) -> int:
    """The DIAN check digit (dígito de verificación) of a NIT body of digits."""
    total = sum(int(d) * w for d, w in zip(reversed(body), _DIAN_WEIGHTS, strict=False))
    remainder = total % 11
    return remainder if remainder in (0, 1) else 11 - remainder


@dataclass(frozen=True)
class ColombianId:
    number: str  # canonical: cédula digits, or NIT as "900318642-1"
    kind: Literal["cedula", "nit"]

    @property
    def tipo_cliente(self) -> Literal["persona", "empresa"]:
        return "empresa" if self.kind == "nit" else "persona"


def _clean(raw: str) -> str:
    return re.sub(r"[\s.]", "", raw.strip())


def split_check_digit(digits: str) -> tuple[str, str] | None:
    """Ten digits that are a company NIT body and its right check digit, split: "9001234568" -> ("900123456", "8")."""
    company_like = len(digits) == 10 and digits[0] in _COMPANY_NIT_FIRST_DIGITS and digits.isdigit()
    if company_like and nit_check_digit(digits[:9]) == int(digits[9]):
        return digits[:9], digits[9]
    return None


def parse_colombian_id(raw: str) -> ColombianId:
    """Parse a cédula (6–10 digits) or a NIT (9 digits + check digit, hyphen optional); raise InvalidInputError."""
    value = _clean(raw)
    nit = _NIT_RE.match(value)
    if nit and "-" in value:
        body, digit = nit.groups()
        expected = nit_check_digit(body)
        if int(digit) != expected:
            raise InvalidInputError(
                f"El NIT {body}-{digit} no es válido: el dígito de verificación debería ser {expected}."
            )
        return ColombianId(f"{body}-{digit}", "nit")
    if _CEDULA_RE.match(value):
        return ColombianId(value, "cedula")
    if re.fullmatch(r"\d{9}-\d+", value):
        raise InvalidInputError("El NIT debe tener 9 dígitos, un guion y un dígito de verificación.")
    raise InvalidInputError(
        "La cédula debe tener entre 6 y 10 dígitos, o el NIT 9 dígitos, guion y dígito de verificación "
        "(por ejemplo 900123456-7)."
    )


def parse_nit(raw: str, check_digit: str | None = None) -> ColombianId:
    """A number the customer labelled NIT (or RUT), with the check digit given apart ("dv 7") or not.

    - a check digit given (hyphen, "dv 7", "dígito de verificación 7") is checked: a wrong one is an error;
    - ten digits starting with 8 or 9 are a company NIT body and its check digit, which must be right;
    - nine digits alone are the body, completed with its computed check digit: the DIAN derives the digit from the
      body, so nothing is guessed, and the canonical form lets the customer be found again. An unlabelled 9-digit
      number is not completed (it may be a cédula), which is why only a labelled one is;
    - any other number is a person's NIT, which is their cédula number."""
    value = _clean(raw)
    if check_digit is not None:
        return parse_colombian_id(f"{value}-{check_digit}")
    if len(value) == 10 and value[0] in _COMPANY_NIT_FIRST_DIGITS:
        return parse_colombian_id(f"{value[:9]}-{value[9]}")
    if re.fullmatch(r"\d{9}", value):
        return ColombianId(f"{value}-{nit_check_digit(value)}", "nit")
    return parse_colombian_id(value)


def parse_unlabelled_id(raw: str) -> ColombianId:
    """A number written alone, as the answer to the request for the cédula or NIT: ten digits that are a company NIT
    body and its right check digit ("9001234568") are that NIT, 900123456-8; anything else as `parse_colombian_id`.
    (A number the customer called a cédula stays one: the API and "cc 9001234568" keep the digits as given.)"""
    split = split_check_digit(_clean(raw))
    return ColombianId(f"{split[0]}-{split[1]}", "nit") if split else parse_colombian_id(raw)


def is_valid_colombian_id(raw: str) -> bool:
    try:
        parse_colombian_id(raw)
    except InvalidInputError:
        return False
    return True

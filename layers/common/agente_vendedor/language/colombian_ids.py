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


def is_valid_colombian_id(raw: str) -> bool:
    try:
        parse_colombian_id(raw)
    except InvalidInputError:
        return False
    return True

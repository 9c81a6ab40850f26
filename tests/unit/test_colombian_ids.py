from __future__ import annotations

import pytest

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.language.colombian_ids import is_valid_colombian_id, nit_check_digit, parse_colombian_id


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("900318642", 1),
        ("901077215", 6),
        ("901527384", 4),
        ("860002964", 4),
        ("890903938", 8),
        ("800197268", 4),
    ],
)
def test_dian_check_digit(body: str, digit: int) -> None:
    assert nit_check_digit(body) == digit


@pytest.mark.parametrize(
    ("raw", "number", "kind"),
    [
        ("1061789234", "1061789234", "cedula"),
        ("31.456.789", "31456789", "cedula"),
        (" 123456 ", "123456", "cedula"),
        ("900318642-1", "900318642-1", "nit"),
        ("900.318.642-1", "900318642-1", "nit"),
        ("900318642 - 1", "900318642-1", "nit"),
    ],
)
def test_valid_ids_are_canonicalised(raw: str, number: str, kind: str) -> None:
    parsed = parse_colombian_id(raw)
    assert (parsed.number, parsed.kind) == (number, kind)
    assert parsed.tipo_cliente == ("empresa" if kind == "nit" else "persona")


@pytest.mark.parametrize("raw", ["12345", "12345678901", "abc123456", "", "900318642-2", "90031864-1", "1234-5678"])
def test_invalid_ids_are_refused_in_spanish(raw: str) -> None:
    assert not is_valid_colombian_id(raw)
    with pytest.raises(InvalidInputError) as error:
        parse_colombian_id(raw)
    assert "NIT" in error.value.message or "cédula" in error.value.message


def test_wrong_check_digit_names_the_right_one() -> None:
    with pytest.raises(InvalidInputError, match="debería ser 1"):
        parse_colombian_id("900318642-7")

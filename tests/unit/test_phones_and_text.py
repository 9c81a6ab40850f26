from __future__ import annotations

import pytest

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.language.normalization import clean_user_text, normalize
from agente_vendedor.language.phones import normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3124458812", "3124458812"),
        ("312 445 8812", "3124458812"),
        ("+57 312-445-8812", "3124458812"),
        ("(602) 395 1122", "6023951122"),
        ("6026651020", "6026651020"),
    ],
)
def test_colombian_phones(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "2124458812", "31244588", "phone"])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(InvalidInputError, match="celular"):
        normalize_phone(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cáscó  Dieléctrico!", "casco dielectrico"),
        ("¿Tienen guantes de NITRILO?", "tienen guantes de nitrilo"),
        ("N-95 con válvula, 3/4", "n-95 con valvula 3/4"),
        ("Extintor 10 lb.", "extintor 10 lb"),
        ("Señalización", "senalizacion"),
        ("SKU DV-CAB-001", "sku dv-cab-001"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_clean_user_text_removes_nul_and_lone_surrogates() -> None:
    assert clean_user_text("hola\x00 mundo") == "hola  mundo"
    cleaned = clean_user_text("casco \ud800 rojo")
    cleaned.encode("utf-8")  # storable
    assert cleaned.startswith("casco")

"""Colombian phone numbers: mobiles (3xx, 10 digits) and landlines (60 + area code + 7 digits)."""

from __future__ import annotations

import re

from agente_vendedor.core.errors import InvalidInputError


def looks_like_phone(digits: str) -> bool:
    """Ten digits that can only be a phone: a mobile (3xx) or a landline with its area code (60x)."""
    return len(digits) == 10 and digits.isdigit() and (digits[0] == "3" or digits.startswith("60"))


def normalize_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("57") and len(digits) == 12:
        digits = digits[2:]
    if looks_like_phone(digits):
        return digits
    if len(digits) == 7:  # legacy landline without area code
        return digits
    raise InvalidInputError(
        "El teléfono debe ser un celular colombiano de 10 dígitos que empiece por 3 (por ejemplo 3001234567) "
        "o un fijo con indicativo (por ejemplo 6023951122)."
    )

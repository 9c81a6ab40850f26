"""The customer's rights over their own personal data (Ley 1581 de 2012: to know, update, rectify and ask for the
suppression of their data, and to be told how it is treated), asked in Spanish: "que borren mis datos", "¿qué hacen
con mis datos?". Such a question is for the company's data policy, never a lookup of a customer's record."""

from __future__ import annotations

from agente_vendedor.language.normalization import whole_words

_DATA_RIGHTS = whole_words(
    r"(?:borr|elimin|supri|rectific|corrij|correg|actualic|actualiz|revoc|retir)\w*(?: \w+){0,2} "
    r"(?:mis|sus|los|nuestros) datos",
    r"tratamiento de (?:mis |sus |los )?datos",
    r"(?:que|q|como) (?:hacen|usan|manejan|tratan|guardan)(?: ustedes)? (?:con )?(?:mis|sus|los) datos",
    r"habeas data",
    r"proteccion de datos",
)


def asks_about_data_rights(normalized: str) -> bool:
    """Whether a normalised message asks about the customer's rights over their own data."""
    return bool(_DATA_RIGHTS.search(normalized))

"""The prompts that go with a file: reading a customer's photo (structured, `PHOTO_SCHEMA`) and transcribing a voice
note (plain text). The file travels as an inline part after the text (`GeminiProvider._contents`); the customer's
words, masked of personal data, are the only other `user` content."""

from __future__ import annotations

from typing import Any

from agente_vendedor.platform.llm.prompts import PersonalDataPlaceholders, Prompt, response_schema
from agente_vendedor.schemas.photo_reading import PhotoReading

PHOTO_SCHEMA: dict[str, Any] = response_schema(PhotoReading)
PHOTO_NO_TEXT = "(foto sin mensaje)"

_PHOTO_SYSTEM = """Un cliente de un distribuidor colombiano de elementos de seguridad industrial envió una foto. \
Clasifícala en tipo:
- producto: se ve un producto (o su etiqueta, caja o alguien que lo usa). En atributos escribe qué es y sus rasgos \
visibles, en español y en pocas palabras cada uno (tipo de producto, color, material, marca, norma o clase legible).
- lista: una lista escrita, un pedido a mano o una orden de compra. En lineas, cada producto como está escrito (sin \
la cantidad) y sus unidades (null si no las dice).
- otro: cualquier otra cosa. atributos y lineas vacíos.
No escribas precios, totales, referencias inventadas ni datos personales. Responde solo el JSON."""

_TRANSCRIBE_SYSTEM = """Transcribe literalmente la nota de voz de un cliente, en español de Colombia. Escribe solo \
lo que dice, sin comentarios, etiquetas ni comillas. Si no se entiende nada, no escribas nada."""


def photo_prompt(mensaje: str) -> Prompt:
    """The customer's text (masked) goes with the photo: it may say what they want with it."""
    hide = PersonalDataPlaceholders()
    return Prompt(system=_PHOTO_SYSTEM, contents=(("user", hide(mensaje.strip()) or PHOTO_NO_TEXT),))


def transcription_prompt() -> Prompt:
    return Prompt(system=_TRANSCRIBE_SYSTEM, contents=(("user", "Transcribe esta nota de voz."),))

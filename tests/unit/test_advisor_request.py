"""A customer asking for a person, read from Spanish constructions (`language.advisor_request`)."""

from __future__ import annotations

import pytest

from agente_vendedor.language.advisor_request import asks_for_person

ASKS = [
    "Quiero hablar con una persona",
    "quiero hablar con un asesor",
    "Necesito hablar con alguien, por favor",
    "¿Puedo hablar con un humano?",
    "quisiera comunicarme con una asesora",
    "Me gustaría hablar con alguien de ventas",
    "¿me comunica con un asesor?",
    "Páseme con una persona real por favor",
    "pásame con el de ventas",
    "¿No me puede comunicar con un vendedor?",
    "prefiero que me atienda una persona",
    "quiero que un asesor me llame",
    "¿alguien me puede atender?",
    "necesito una persona que me ayude con esta compra",
    "Necesito un asesor",
    "No, quiero hablar con una persona",
    "ya no quiero seguir con el bot, quiero un humano",
    "atención humana por favor",
    "llámenme al celular que les dejé",
    "¿me pueden llamar?",
    "¿Con quién puedo hablar para una cotización grande?",
    "hablar con asesor",
    "ASESOR",
    "un humano, ya",
    "¿hay forma de hablar con el gerente?",
    "cómo hago para comunicarme con un asesor",
    "Esto no me sirve, pero quiero hablar con alguien de la empresa",
]

DOES_NOT_ASK = [
    "¿Eres una persona o un robot?",
    "¿Estoy hablando con un humano?",
    "¿hablo con una persona?",
    "no quiero hablar con nadie, solo dame el precio",
    "No quiero hablar con un asesor, solo cotizar",
    "no necesito que me llame un asesor",
    "el asesor me llamó ayer y me dijo que había descuento",
    "la persona que me atendió fue muy amable",
    "necesito guantes para 5 personas",
    "quiero un arnés para una persona de 100 kilos",
    "me llamo Juan y quiero 3 cascos",
    "¿me puedes ayudar con un casco dieléctrico?",
    "no puedo hablar con un asesor ahora, escríbeme por aquí",
    "¿cuánto vale el extintor de 20 libras?",
    "los asesores de ustedes van a la obra?",
    "sin hablar con un asesor, ¿me dices el precio?",
]


@pytest.mark.parametrize("message", ASKS)
def test_asks_for_a_person(message: str) -> None:
    assert asks_for_person(message)


@pytest.mark.parametrize("message", DOES_NOT_ASK)
def test_does_not_ask_for_a_person(message: str) -> None:
    assert not asks_for_person(message)

"""What goes to Gemini carries no personal data: history, message, draft and facts go with placeholders that the
reply gets its values back from; only the extraction prompt reads the customer's own current message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.llm.base import HistoryTurn, PhraseRequest, PlanRequest
from agente_vendedor.platform.llm.gemini import GeminiProvider
from agente_vendedor.platform.llm.prompts import (
    PLACEHOLDER_RULE,
    Prompt,
    classify_prompt,
    extract_prompt,
    phrase_prompt,
    plan_prompt,
)

CEDULA, PHONE, EMAIL = "1098765432", "3157654321", "diana.rios@example.com"
ADDRESS = "Calle 72 # 28D-15"
PERSONAL = (CEDULA, PHONE, EMAIL, ADDRESS, "315 765 4321")
HISTORY = (
    HistoryTurn("cliente", "quiero 2 cascos"),
    HistoryTurn("agente", "Listo. Para despacharlo necesito tu nombre, cédula, teléfono y dirección."),
    HistoryTurn("cliente", f"Diana Ríos, cc {CEDULA}, cel 315 765 4321, {ADDRESS} Cali, correo {EMAIL}"),
)
DRAFT = (
    f"Tu pedido: 2 x Casco clase E — $98.000. A nombre de: Diana Ríos · CC {CEDULA} · tel. {PHONE} · "
    f"{ADDRESS}, Cali · {EMAIL}. ¿Confirmas la compra?"
)


def _request(mensaje: str = "sí, mi correo es " + EMAIL) -> PhraseRequest:
    return PhraseRequest(
        tipo="venta",
        tono="amigable",
        mensaje=mensaje,
        borrador=DRAFT,
        hechos={"cliente": CEDULA, "pedido": {"total": 98000, "items": [{"sku": "T-CAB-001", "cantidad": 2}]}},
        historial=HISTORY,
        numeros_permitidos=frozenset({98000, 2}),
    )


def _assert_no_personal_data(prompt: Prompt) -> None:
    leaked = [value for value in PERSONAL if value in prompt.text]
    assert leaked == []


def test_the_phrase_prompt_sends_placeholders_for_history_message_draft_and_facts() -> None:
    prompt = phrase_prompt(_request())
    _assert_no_personal_data(prompt)
    assert PLACEHOLDER_RULE in prompt.system
    assert "$98.000" in prompt.system and "2 x Casco clase E" in prompt.system  # prices and quantities stay
    cedula = next(p for p, v in prompt.placeholders.items() if v == CEDULA)
    assert f"CC {cedula}" in prompt.system and f"cc {cedula}" in prompt.contents[-1][1]  # one value, one placeholder
    assert f'"cliente":"{cedula}"' in prompt.system
    email = next(p for p, v in prompt.placeholders.items() if v == EMAIL)
    assert prompt.contents[-1][1].endswith(f"correo {email}\nsí, mi correo es {email}")
    assert set(prompt.placeholders.values()) >= {CEDULA, PHONE, EMAIL}


def test_a_prompt_without_personal_data_has_no_placeholder_rule() -> None:
    request = PhraseRequest(tipo="inventario", tono="formal", mensaje="¿tienen cascos?", borrador="Sí: $38.000.")
    prompt = phrase_prompt(request)
    assert prompt.placeholders == {} and PLACEHOLDER_RULE not in prompt.system
    assert prompt.restore("Sí, $38.000 [dato1]") == "Sí, $38.000 [dato1]"


def test_the_reply_gets_the_values_back_also_when_streamed_in_pieces() -> None:
    prompt = phrase_prompt(_request())
    by_value = {value: placeholder for placeholder, value in prompt.placeholders.items()}
    reply = f"Perfecto, Diana: factura a CC {by_value[CEDULA]}, te llamamos al {by_value[PHONE]}. [dato99]"
    expected = f"Perfecto, Diana: factura a CC {CEDULA}, te llamamos al {PHONE}. [dato99]"
    assert prompt.restore(reply) == expected
    pieces = [reply[i : i + 5] for i in range(0, len(reply), 5)]  # placeholders cut between pieces
    assert "".join(prompt.restore_stream(pieces)) == expected
    assert "".join(prompt.restore_stream(["texto sin datos [", "otro"])) == "texto sin datos [otro"


def test_a_placeholder_typed_by_the_customer_is_never_restored_to_a_value() -> None:
    prompt = phrase_prompt(_request(mensaje="¿qué es [dato1]?"))
    assert prompt.contents[-1][1].endswith("\n¿qué es (dato1)?")


def test_the_plan_and_classify_prompts_carry_no_personal_data() -> None:
    plan = plan_prompt(PlanRequest(mensaje=f"agrega otro, mi cel es {PHONE}", historial=HISTORY))
    _assert_no_personal_data(plan)
    assert "agrega otro" in plan.contents[-1][1]
    classify = classify_prompt(f"mi cédula es {CEDULA} y mi correo {EMAIL}", HISTORY, "recolectando_datos")
    _assert_no_personal_data(classify)
    assert "mi cédula es [dato" in classify.contents[-1][1]


def test_only_the_extraction_prompt_reads_the_current_message_as_written() -> None:
    message = f"Diana Ríos, cc {CEDULA}, cel {PHONE}"
    assert extract_prompt(message).contents == (("user", message),)


class CapturingGemini(GeminiProvider):
    """The real phrase/stream logic around a model that answers with the placeholders it was given."""

    def __init__(self) -> None:
        super().__init__(Settings(llm_provider="gemini", google_api_key="k"))
        self.prompts: list[Prompt] = []

    def _reply(self, prompt: Prompt) -> str:
        self.prompts.append(prompt)
        cedula = next(p for p, v in prompt.placeholders.items() if v == CEDULA)
        return f"¡Listo! Queda a nombre de CC {cedula}, total $98.000. ¿Confirmas?"

    def _generate_text(self, prompt: Prompt, max_output_tokens: int, schema: Any, timeout_s: float, usage: Any) -> str:
        return self._reply(prompt)

    def _stream_text(self, prompt: Prompt, end: float, usage: Any) -> Iterator[str]:
        reply = self._reply(prompt)
        yield from (reply[i : i + 3] for i in range(0, len(reply), 3))


def test_gemini_sends_placeholders_and_returns_the_customer_their_data() -> None:
    provider = CapturingGemini()
    expected = f"¡Listo! Queda a nombre de CC {CEDULA}, total $98.000. ¿Confirmas?"
    assert provider.phrase(_request()) == expected
    assert "".join(provider.stream_phrase(_request())) == expected
    for prompt in provider.prompts:
        _assert_no_personal_data(prompt)

"""The turn plan through the real google-genai SDK against the local fake Gemini server: what goes on the wire,
the plan that comes back, malformed and mismatched plans, thinking per model family, and what a turn spends."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.llm.base import HistoryTurn, PhraseRequest, PlanCandidate, PlanLine, PlanRequest
from agente_vendedor.platform.llm.fallback import FallbackProvider
from agente_vendedor.platform.llm.gemini import PLAN_MAX_OUTPUT_TOKENS, GeminiProvider, LLMCallError, UsageCounter
from agente_vendedor.platform.llm.offline import OfflineProvider
from agente_vendedor.platform.llm.prompts import PLAN_SCHEMA
from agente_vendedor.schemas.turn_plan import ModelTurnPlan
from tests.fake_gemini import FakeGemini, FakeReply

pytestmark = pytest.mark.integration

CANDIDATES = (
    PlanCandidate("SG-GUA-031", "Guantes de nitrilo desechables", "caja x100; talla M"),
    PlanCandidate("SG-RES-007", "Respirador media cara", "doble cartucho; talla M"),
    PlanCandidate("SG-CON-012", "Cono de señalización vial", "90 cm; reflectivo"),
)
REQUEST = PlanRequest(
    mensaje="quiero 4 conos para la obra",
    historial=(HistoryTurn("cliente", "buen día"), HistoryTurn("agente", "Buen día, ¿en qué le ayudo?")),
    estado_venta="pendiente",
    pedido=(PlanLine("SG-GUA-031", "Guantes de nitrilo desechables", 2),),
    candidatos=CANDIDATES,
)
PHRASE = PhraseRequest(
    tipo="venta",
    tono="amigable",
    mensaje=REQUEST.mensaje,
    borrador="Listo, agregué 4 conos SG-CON-012. ¿Algo más?",
    numeros_permitidos=frozenset({4}),
)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGemini]:
    import google.genai  # noqa: F401 - imported once here, not inside timed tests

    with FakeGemini() as server:
        yield server


@pytest.fixture
def server(fake: FakeGemini) -> FakeGemini:
    fake.reset()
    return fake


def _provider(server: FakeGemini, model: str = "gemini-3.5-flash-lite", timeout_s: float = 3.0) -> GeminiProvider:
    settings = Settings(
        llm_provider="gemini",
        google_api_key="clave-falsa",
        gemini_base_url=server.base_url,
        gemini_model=model,
        llm_timeout_s=timeout_s,
    )
    return GeminiProvider(settings, backoff_base_s=0.05)


def _turn(server: FakeGemini, **options: float) -> tuple[FallbackProvider, list[tuple[str, str]]]:
    failures: list[tuple[str, str]] = []
    container = FallbackProvider(primary=_provider(server), secondary=OfflineProvider())
    return container.for_turn(on_failure=lambda k, d: failures.append((k, d)), **options), failures


def test_plan_on_the_wire_and_back(server: FakeGemini) -> None:
    usage = UsageCounter()
    plan = _provider(server).plan(REQUEST, usage=usage)

    assert isinstance(plan, ModelTurnPlan)
    assert plan.actos == ["pedido"] and plan.tipo == "venta"
    assert [(op.accion, op.sku, op.cantidad) for op in plan.operaciones] == [("agregar", "SG-CON-012", 4)]
    assert [(n.valor, n.rol) for n in plan.numeros] == [(4, "cantidad")]

    [request] = server.requests
    assert request.is_plan and request.path == "/v1beta/models/gemini-3.5-flash-lite:generateContent"
    config = request.generation_config
    assert config["responseMimeType"] == "application/json"
    assert config["maxOutputTokens"] == PLAN_MAX_OUTPUT_TOKENS
    schema = config["responseSchema"]
    assert list(schema["properties"]) == list(PLAN_SCHEMA["properties"])
    assert schema["propertyOrdering"] == list(PLAN_SCHEMA["properties"])  # added by the SDK, in our order
    assert schema["properties"]["operaciones"]["items"]["properties"]["sku"] == {"nullable": True, "type": "STRING"}
    assert "SG-CON-012 | Cono de señalización vial | 90 cm; reflectivo" in request.system_text
    assert "quiero 4 conos" not in request.system_text
    assert [c["role"] for c in request.contents] == ["user", "model", "user"]

    assert usage.calls == 1
    assert usage.prompt_tokens == request.prompt_tokens and usage.output_tokens > 0
    assert request.prompt_tokens < 800
    assert "property_ordering" not in PLAN_SCHEMA  # the SDK rewrote a copy, not our constant


def test_a_question_gets_no_operations(server: FakeGemini) -> None:
    plan = _provider(server).plan(PlanRequest(mensaje="¿los conos son reflectivos?", candidatos=CANDIDATES))
    assert plan.actos == ["pregunta"] and plan.operaciones == []


def test_plan_and_phrase_make_two_calls_in_the_turn(server: FakeGemini) -> None:
    turn, failures = _turn(server)
    assert turn.plan(REQUEST) is not None
    assert turn.phrase(PHRASE) == PHRASE.borrador
    assert failures == [] and turn.usage.calls == 2
    assert turn.usage.prompt_tokens == sum(r.prompt_tokens for r in server.requests)
    assert turn.usage.prompt_tokens < 1500


# -- wrong plans --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (FakeReply.wrong_plan("json_malformado"), "json_invalido"),
        (FakeReply.wrong_plan("campo_extra"), "esquema_invalido"),
        (FakeReply.of_plan(precio=1000), "esquema_invalido"),
        (FakeReply.of_plan(actos=["regateo"]), "esquema_invalido"),
        (FakeReply.of_plan(confianza=3), "esquema_invalido"),
        (FakeReply.of_json({"actos": []}), "esquema_invalido"),
        (FakeReply.of_text(""), "respuesta_vacia"),
        (FakeReply.of_text('{"actos": ["pedido"], "tipo": "ven', finish_reason="MAX_TOKENS"), "respuesta_truncada"),
    ],
)
def test_unusable_plans_raise_and_fall_back_to_none(server: FakeGemini, reply: FakeReply, kind: str) -> None:
    server.enqueue(reply)
    with pytest.raises(LLMCallError) as caught:
        _provider(server).plan(REQUEST)
    assert caught.value.kind == kind and len(server.requests) == 1  # not retried: a third call would be too many

    server.enqueue(reply)
    turn, failures = _turn(server)
    assert turn.plan(REQUEST) is None
    assert [k for k, _ in failures] == [kind] and turn.fell_back


@pytest.mark.parametrize(
    "kind", ["sku_desconocido", "cantidad_cero", "cantidad_enorme", "talla_como_cantidad", "salto_de_estado"]
)
def test_plans_that_fit_the_schema_reach_the_validator(server: FakeGemini, kind: str) -> None:
    server.enqueue(FakeReply.wrong_plan(kind, sku="SG-CON-012"))
    turn, failures = _turn(server)
    plan = turn.plan(REQUEST)
    assert plan is not None and plan.operaciones and failures == []  # the provider checks shape, not the catalogue


def test_500_then_a_plan_is_retried_and_both_calls_counted(server: FakeGemini) -> None:
    server.enqueue(FakeReply.error(503), FakeReply.of_plan(actos=["saludo"], tipo="contexto"))
    turn, failures = _turn(server)
    plan = turn.plan(REQUEST)
    assert plan is not None and plan.actos == ["saludo"]
    assert failures == [] and turn.usage.calls == 2


def test_a_slow_plan_gives_up_within_the_turn_budget(server: FakeGemini) -> None:
    server.enqueue(FakeReply.slow(3.0))
    turn, failures = _turn(server, deadline=time.monotonic() + 0.8)
    assert turn.plan(REQUEST) is None  # the slow plan would have arrived within the call's own budget
    assert failures[0][0] == "tiempo_agotado"


# -- thinking per model family ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "thinking", "temperature"),
    [
        ("gemini-3.5-flash-lite", {"thinkingLevel": "MINIMAL"}, None),
        ("gemini-3.1-pro-preview", {"thinkingLevel": "LOW"}, None),
        ("gemini-2.5-flash", {"thinkingBudget": 0}, 0.3),
        ("gemini-2.5-pro", {"thinkingBudget": 128}, 0.3),
        ("gemini-2.0-flash", None, 0.3),
    ],
)
def test_thinking_config_on_the_wire(
    server: FakeGemini, model: str, thinking: dict[str, object] | None, temperature: float | None
) -> None:
    provider = _provider(server, model=model)
    provider.plan(REQUEST)
    provider.phrase(PHRASE)
    for request in server.requests:
        config = request.generation_config
        assert config.get("thinkingConfig") == thinking  # one knob per family, never both
        assert config.get("temperature") == temperature

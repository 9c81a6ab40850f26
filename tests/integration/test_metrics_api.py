"""`GET /metricas` (PostgreSQL, moto): exact figures over a scripted set of conversations and sales, percentiles over
rows of known latency, the date filters, and the model's usage as the Gemini provider reports it (fake server)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import ConversationMessage
from agente_vendedor.platform import llm
from tests.conftest import STAFF
from tests.fake_gemini.server import FakeGemini
from tests.integration.chat_setup import Conversation, chat_client

pytestmark = pytest.mark.integration
__all__ = ["chat_client"]

FIELDS = {
    "conversaciones", "mensajes_por_tipo", "latencia_ms", "exito_por_tipo", "conversion", "ventas_por_dia",
    "top_productos", "llm", "almacenamiento",
}  # fmt: skip
FIXTURE_SALE = ("T-MAN-001", 12, 12 * 9800)  # the manual sale chat_client records


def _metrics(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/metricas", params=params, headers=STAFF)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _script(client: TestClient) -> Counter[str]:
    """Four customer conversations (one sale, one open order) and a staff member's own chat; the customers'
    message types as the answers reported them."""
    said: list[dict[str, Any]] = []
    browsing = Conversation(client, "m-catalogo")
    said += [browsing.say("¿tienen cascos azules?"), browsing.say("¿tienen motosierras?")]
    buyer = Conversation(client, "m-compra")
    said += [buyer.say("necesito 2 cascos azules")]
    said += [buyer.say("Hernán Valencia, cédula 10123456, teléfono 3006612233, dirección Calle 8 # 8-20, Cali")]
    said += [buyer.say("sí, confirmo")]
    assert buyer.estado == "cerrada"
    company = Conversation(client, "m-empresa")
    said += [company.say("hola"), company.say("¿cuál es la política de devoluciones?")]
    said += [Conversation(client, "m-carrito").say("quiero 3 extintores para carro")]
    Conversation(client, "m-personal", staff=True).say("¿cuánto vale el casco azul?")
    return Counter(answer["tipo_mensaje"] for answer in said)


def test_staff_only(chat_client: TestClient) -> None:
    assert chat_client.get("/metricas").status_code == 401


def test_metrics_of_a_scripted_day(chat_client: TestClient) -> None:
    types = _script(chat_client)
    body = _metrics(chat_client)
    assert set(body) == FIELDS
    assert body["conversaciones"] == 4, "the staff member's own chat is not a customer conversation"
    assert body["mensajes_por_tipo"] == {"inventario": 0, "venta": 0, "cliente": 0, "contexto": 0, **types}
    assert sum(body["mensajes_por_tipo"].values()) == 8
    assert body["exito_por_tipo"]["inventario"] == 0.5, "cascos found, motosierras not"
    assert body["exito_por_tipo"]["contexto"] == 0.5, "the greeting helped, the unknown policy did not"
    assert body["exito_por_tipo"]["venta"] == 1.0
    assert body["conversion"] == {"conversaciones": 4, "con_pedido": 2, "ventas": 1, "tasa": 0.25}
    today = datetime.now(UTC).date().isoformat()
    assert body["ventas_por_dia"] == [{"fecha": today, "ventas": 2, "total": FIXTURE_SALE[2] + 98000}]
    assert body["top_productos"] == [
        {"sku": "T-MAN-001", "nombre": "Guante de carnaza corto (par)", "cantidad": 12, "total": FIXTURE_SALE[2]},
        {"sku": "T-CAB-001", "nombre": "Casco dieléctrico clase E azul con ratchet", "cantidad": 2, "total": 98000},
    ]
    latency = body["latencia_ms"]
    assert 0 <= latency["p50"] <= latency["p95"]
    assert body["llm"] == {
        "llamadas": 0, "fallos": 0, "tokens_entrada": 0, "tokens_salida": 0, "costo_estimado_usd": 0.0,
    }, "the offline engine calls no model"  # fmt: skip
    assert body["almacenamiento"] == {"objetos": 0, "bytes": 0}


def test_date_filters(chat_client: TestClient) -> None:
    _script(chat_client)
    today = datetime.now(UTC).date()
    tomorrow, yesterday = (today + timedelta(days=1)).isoformat(), (today - timedelta(days=1)).isoformat()
    assert _metrics(chat_client, desde=today.isoformat(), hasta=today.isoformat())["conversaciones"] == 4
    for params in ({"desde": tomorrow}, {"hasta": yesterday}):
        empty = _metrics(chat_client, **params)
        assert empty["conversaciones"] == 0 and empty["conversion"]["tasa"] == 0.0
        assert empty["mensajes_por_tipo"] == {"inventario": 0, "venta": 0, "cliente": 0, "contexto": 0}
        assert empty["latencia_ms"] == {"p50": None, "p95": None} and empty["exito_por_tipo"] == {}
        assert empty["ventas_por_dia"] == [] and empty["top_productos"] == []
    refused = chat_client.get("/metricas", params={"desde": tomorrow, "hasta": yesterday}, headers=STAFF)
    assert refused.status_code == 422 and "desde" in refused.json()["detail"]
    assert chat_client.get("/metricas", params={"desde": "ayer"}, headers=STAFF).status_code == 422


def test_percentiles_and_llm_usage_of_known_rows(chat_client: TestClient) -> None:
    day = datetime(2026, 1, 5, 12, tzinfo=UTC)
    rows = [
        {"chat_id": f"p-{n % 7}", "rol": "agente", "contenido": "…", "tipo_mensaje": "inventario", "productos": [],
         "fecha": day, "latencia_ms": n, "proveedor_llm": "gemini", "exito": n % 4 != 0, "llm_llamadas": 1,
         "llm_fallos": int(n == 100), "tokens_entrada": 10_000, "tokens_salida": 5_000}
        for n in range(1, 101)
    ]  # fmt: skip
    with session_scope() as session:
        session.execute(insert(ConversationMessage), rows)
    body = _metrics(chat_client, desde="2026-01-05", hasta="2026-01-05")
    assert body["latencia_ms"] == {"p50": 50.5, "p95": 95.0}  # percentile_cont over 1..100: 50.5 and 95.05
    assert body["exito_por_tipo"] == {"inventario": 0.75}
    assert body["llm"] == {
        "llamadas": 100, "fallos": 1, "tokens_entrada": 1_000_000, "tokens_salida": 500_000,
        "costo_estimado_usd": 0.3,  # 1 M x $0.10 + 0.5 M x $0.40
    }  # fmt: skip
    assert body["conversaciones"] == 0, "no customer message that day"


@pytest.fixture
def gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    import google.genai  # noqa: F401 - the SDK imported outside the measured turns

    with FakeGemini() as server:
        monkeypatch.setenv("LLM_PROVIDER", "gemini")
        monkeypatch.setenv("GOOGLE_API_KEY", "clave-de-prueba")
        monkeypatch.setenv("GEMINI_BASE_URL", server.base_url)
        monkeypatch.setenv("LLM_TIMEOUT_S", "1.0")
        get_settings.cache_clear()
        llm.reset_provider()
        yield server
    get_settings.cache_clear()
    llm.reset_provider()


def _answers() -> list[ConversationMessage]:
    with session_scope() as session:
        query = select(ConversationMessage).where(ConversationMessage.rol == "agente").order_by(ConversationMessage.id)
        return list(session.scalars(query))


def test_the_models_usage_is_recorded_per_answer(gemini: FakeGemini, chat_client: TestClient) -> None:
    answered = Conversation(chat_client, "m-gemini").say("¿cuánto vale el casco dieléctrico azul?")
    assert answered["metadatos"]["proveedor_llm"] == "gemini"
    calls = len(gemini.generation_requests())
    gemini.fail_with("error_500")
    fallback = Conversation(chat_client, "m-gemini-falla").say("¿cuánto vale el casco dieléctrico azul?")
    assert fallback["metadatos"]["proveedor_llm"] == "offline" and fallback["metadatos"]["llm_respaldo"] is True
    first, second = _answers()
    assert (first.proveedor_llm, first.llm_llamadas, first.llm_fallos, first.exito) == ("gemini", calls, 0, True)
    assert first.tokens_entrada and first.tokens_entrada > 0 and first.tokens_salida and first.tokens_salida > 0
    assert first.latencia_ms is not None and first.latencia_ms >= 0
    assert (second.proveedor_llm, second.llm_fallos) == ("offline", 1)
    assert second.llm_llamadas and second.llm_llamadas >= 1, "the failed attempts are calls too"
    usage = _metrics(chat_client)["llm"]
    assert usage["llamadas"] == first.llm_llamadas + second.llm_llamadas
    assert (usage["fallos"], usage["tokens_entrada"]) == (1, first.tokens_entrada + (second.tokens_entrada or 0))
    assert usage["costo_estimado_usd"] > 0

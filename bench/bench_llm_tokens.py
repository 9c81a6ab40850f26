"""LLM prompt size and calls per chat turn, measured through the real chat pipeline against the fake Gemini server.

Runs the dev-eval queries (one fresh chat each) and the multi-turn scenarios through
`agente_vendedor.conversation.turn_pipeline.process_message` with LLM_PROVIDER=gemini and GEMINI_BASE_URL pointing at
`tests/fake_gemini` (which answers phrasing with the draft it finds in the prompt, so conversations go as offline, and
turn plans with its simple default plan).
Everything runs in this process: a throw-away PostgreSQL database, moto for DynamoDB/S3, the dev-eval data loaded
through the HTTP API in-process. No network beyond 127.0.0.1.

Input tokens are what the fake server counts: the prompt text (system instruction, contents, response schema)
length / 4, the usual estimate for Spanish with Gemini's tokenizer. Goals (issue 9, turn plan + phrasing): median
≤ 1,500 input tokens per turn, at most 2 LLM calls in any turn.

    .venv/bin/python bench/bench_llm_tokens.py [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_EVAL = REPO_ROOT.parent / "shared" / "dev-eval"
MEDIAN_TOKENS_GOAL = 1500
MAX_CALLS_PER_TURN_GOAL = 2


@dataclass
class TurnMeasure:
    chat_id: str
    kind: str  # "consulta" | "escenario"
    calls: int
    prompt_tokens: int
    methods: list[str] = field(default_factory=list)
    call_tokens: list[int] = field(default_factory=list)  # input tokens of each call, in `methods` order
    latency_ms: float = 0.0


def _percentile(values: list[int], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))])


def summarize(turns: list[TurnMeasure]) -> dict[str, Any]:
    def block(selected: list[TurnMeasure]) -> dict[str, Any]:
        tokens = [t.prompt_tokens for t in selected if t.calls]
        calls = [t.calls for t in selected]
        return {
            "turnos": len(selected),
            "turnos_con_llm": len(tokens),
            "llamadas_por_turno": round(statistics.fmean(calls), 3) if calls else 0.0,
            "llamadas_max": max(calls, default=0),
            "tokens_entrada_mediana": statistics.median(tokens) if tokens else 0,
            "tokens_entrada_p90": _percentile(tokens, 0.9),
            "tokens_entrada_max": max(tokens, default=0),
            "latencia_ms_mediana": round(statistics.median([t.latency_ms for t in selected]), 1) if selected else 0,
        }

    everything = block(turns)
    return {
        "total": everything,
        "consultas": block([t for t in turns if t.kind == "consulta"]),
        "escenarios": block([t for t in turns if t.kind == "escenario"]),
        "metodos": _method_counts(turns),
        "tokens_entrada_mediana_por_metodo": _method_medians(turns),
        "objetivos": {
            "tokens_entrada_mediana<=": MEDIAN_TOKENS_GOAL,
            "llamadas_max<=": MAX_CALLS_PER_TURN_GOAL,
            "cumple": everything["tokens_entrada_mediana"] <= MEDIAN_TOKENS_GOAL
            and everything["llamadas_max"] <= MAX_CALLS_PER_TURN_GOAL,
        },
    }


def _method_counts(turns: list[TurnMeasure]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for turn in turns:
        for method in turn.methods:
            counts[method] = counts.get(method, 0) + 1
    return counts


def _method_medians(turns: list[TurnMeasure]) -> dict[str, float]:
    """Median input tokens of each kind of call (plan, phrase, ...), over the calls of that kind."""
    tokens: dict[str, list[int]] = {}
    for turn in turns:
        for method, count in zip(turn.methods, turn.call_tokens, strict=True):
            tokens.setdefault(method, []).append(count)
    return {method: statistics.median(counts) for method, counts in sorted(tokens.items())}


@contextmanager
def bench_environment(fake_url: str) -> Iterator[str]:
    """A migrated throw-away database, moto for AWS, the Gemini provider pointed at the fake server."""
    from moto import mock_aws

    from local_stack.postgres import create_database, drop_database, ensure_postgres

    admin_url = ensure_postgres()
    name = f"agente_bench_{uuid.uuid4().hex[:10]}"
    database_url = create_database(admin_url, name)
    token = secrets.token_urlsafe(16)
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "AGENTE_DEMO_DATA": "0",
            "AGENTE_ADMIN_TOKEN": token,
            "LLM_PROVIDER": "gemini",
            "GOOGLE_API_KEY": "clave-de-benchmark",
            "GEMINI_BASE_URL": fake_url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "STORAGE_BACKEND": "s3",
        }
    )
    for variable in ("AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "GEMINI_SECRET_ARN"):
        os.environ.pop(variable, None)
    try:
        with mock_aws():
            _reset_caches()
            from agente_vendedor.core.settings import get_settings
            from agente_vendedor.db.migrations import upgrade
            from agente_vendedor.platform.aws_clients import client
            from local_stack.aws_resources import create_resources

            upgrade(database_url)
            create_resources(client("dynamodb"), client("s3"), get_settings())
            yield token
            _reset_caches()
    finally:
        drop_database(admin_url, name)


def _reset_caches() -> None:
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.db.engine import reset_engine
    from agente_vendedor.platform import llm
    from agente_vendedor.platform.aws_clients import reset_clients

    get_settings.cache_clear()
    reset_engine()
    reset_clients()
    llm.reset_provider()


def load_dev_eval(token: str) -> None:
    """Catalogue, company, customers and their past sales, through the HTTP API (in-process)."""
    from fastapi.testclient import TestClient

    from agente_vendedor.api.app import create_app

    staff = {"Authorization": f"Bearer {token}"}
    setup = json.loads((DEV_EVAL / "setup.json").read_text("utf-8"))
    with TestClient(create_app()) as http:
        catalog = json.loads((DEV_EVAL / "catalog.json").read_text("utf-8"))
        _expect(http.post("/productos/importar", json=catalog, headers=staff), 200)
        empresa = json.loads((DEV_EVAL / "empresa.json").read_text("utf-8"))
        _expect(http.put("/empresa", json=empresa, headers=staff), 200)
        for cliente in setup.get("clientes", []):
            _expect(http.post("/clientes/", json=cliente, headers=staff), 201)
        for venta in setup.get("ventas", []):
            body = {"cliente": {"cedula": venta["cedula"]}, "items": venta["items"]}
            _expect(http.post("/ventas/", json=body, headers=staff), 201)


def _expect(response: Any, status: int) -> None:
    if response.status_code != status:
        raise SystemExit(
            f"{response.request.method} {response.request.url.path}: {response.status_code} {response.text}"
        )


def run_turns(fake: Any, limit: int | None) -> list[TurnMeasure]:
    from agente_vendedor.conversation import turn_pipeline

    queries = [json.loads(line) for line in (DEV_EVAL / "queries.jsonl").read_text("utf-8").splitlines() if line]
    scenarios = [json.loads(line) for line in (DEV_EVAL / "scenarios.jsonl").read_text("utf-8").splitlines() if line]
    plan: list[tuple[str, str, str, bool]] = [
        (f"bench-{q['id']}", q["mensaje"], "consulta", q["tipo"] == "cliente") for q in queries[:limit]
    ]
    for scenario in scenarios[:limit]:
        plan.extend((f"bench-{scenario['id']}", turn, "escenario", False) for turn in scenario["turnos"])

    measures: list[TurnMeasure] = []
    for chat_id, mensaje, kind, staff in plan:
        before = len(fake.requests)
        started = time.perf_counter()
        turn_pipeline.process_message(chat_id, mensaje, "amigable", staff=staff)
        elapsed_ms = (time.perf_counter() - started) * 1000
        made = [r for r in fake.requests[before:] if r.method in {"generateContent", "streamGenerateContent"}]
        measures.append(
            TurnMeasure(
                chat_id=chat_id,
                kind=kind,
                calls=len(made),
                prompt_tokens=sum(r.prompt_tokens for r in made),
                methods=[_call_label(r) for r in made],
                call_tokens=[r.prompt_tokens for r in made],
                latency_ms=elapsed_ms,
            )
        )
    return measures


def _call_label(request: Any) -> str:
    if not request.is_structured:
        return "phrase"
    if request.is_plan:
        return "plan"
    properties = request.generation_config.get("responseSchema", {}).get("properties", {})
    return "classify" if "tipo_mensaje" in properties else "extract_customer_data"


def llm_failures() -> dict[str, int]:
    """llm_fallo audit events by kind (guard rejections of the draft itself would show up here)."""
    from sqlalchemy.orm import Session

    from agente_vendedor.commerce.audit import AuditFilter, recent_events
    from agente_vendedor.db.engine import get_engine

    counts: dict[str, int] = {}
    with Session(get_engine()) as session:
        for event in recent_events(session, AuditFilter(tipo="llm_fallo"), limit=1000):
            kind = str((event.detalle or {}).get("tipo", "?"))
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N queries and N scenarios")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary here")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT))  # tests.fake_gemini and local_stack live at the repository root
    from tests.fake_gemini import FakeGemini

    try:
        import agente_vendedor.conversation.turn_pipeline  # noqa: F401
    except ImportError:
        print("agente_vendedor.conversation.turn_pipeline no existe todavía: no hay nada que medir.", file=sys.stderr)
        return 2

    with FakeGemini() as fake, bench_environment(fake.base_url) as token:
        load_dev_eval(token)
        fake.reset()
        turns = run_turns(fake, args.limit)
        summary = summarize(turns)
        summary["fallos_llm"] = llm_failures()

    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    return 0 if summary["objetivos"]["cumple"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

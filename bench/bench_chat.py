"""`make bench-chat`: a warm chat turn with the offline provider, server side (process_message), with PostgreSQL and
DynamoDB (moto_server over HTTP) included; then the cold start (import + first request) of the chat and classify
Lambda handlers, each in a fresh interpreter.

Goals: warm p50 ≤ 25 ms and p95 ≤ 60 ms. Then, with Gemini configured but hanging (the fake Gemini server in its
"colgado" mode), the turns after the circuit breaker opened: goal under 1.5 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_DIR = REPO.parent / "shared" / "dev-eval"
GOAL_P50_MS = 25.0
GOAL_P95_MS = 60.0
GOAL_BREAKER_OPEN_MS = 1500.0

# A realistic mix: product questions, company questions, a sale that goes from cart to the summary.
TURNS = [
    "cuánto vale el casco azul dieléctrico?",
    "a qué hora abren los sábados?",
    "quiero 2 arneses dielectricos",
    "mejor que sean cuatro",
    "Esteban Lozada, CC 1130456987, cel 3005557788, Calle 16 # 100-30, Cali",
    "tienen guantes de carnaza?",
    "cuánto vale el domicilio en cali",
    "necesito 50 pares de guantes punteados",
]

COLD_START = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, {repo!r})
from tests.lambda_functions import load_handler
handler = load_handler({function!r})
imported = time.perf_counter()
class Context:
    function_name = {function!r}
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "bench"
    def get_remaining_time_in_millis(self):
        return 20000
event = json.load(open({event!r}))
result = handler(event, Context())
done = time.perf_counter()
assert result["statusCode"] == 200, result
print(json.dumps({{"import_ms": (imported - started) * 1000, "first_request_ms": (done - imported) * 1000}}))
"""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _load_data() -> None:
    from agente_vendedor.commerce import catalog, company
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.schemas.company import CompanyIO

    products = json.loads((DEV_DIR / "catalog.json").read_text("utf-8"))
    empresa = json.loads((DEV_DIR / "empresa.json").read_text("utf-8"))
    with session_scope() as session:
        catalog.import_products(session, products)
        company.replace_company(session, CompanyIO.model_validate(empresa))


def warm_turns(conversations: int) -> list[float]:
    from agente_vendedor.conversation.turn_pipeline import process_message

    for warm in range(2):
        for message in TURNS:
            process_message(f"calentar-{warm}", message)
    timings: list[float] = []
    run = uuid.uuid4().hex[:6]
    for n in range(conversations):
        for message in TURNS:
            started = time.perf_counter()
            process_message(f"bench-{run}-{n}", message)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def turns_with_gemini_hanging(turns: int = 10) -> tuple[int, list[float]]:
    """Gemini configured but hanging: the turns it takes to open the breaker, then the time of each turn after."""
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.platform import llm
    from tests.fake_gemini.server import FakeGemini

    with FakeGemini() as fake:
        fake.fail_with("colgado")
        os.environ.update(
            {"LLM_PROVIDER": "gemini", "GOOGLE_API_KEY": "clave-bench", "GEMINI_BASE_URL": fake.base_url,
             "LLM_TIMEOUT_S": "2"}
        )  # fmt: skip
        get_settings.cache_clear()
        llm.reset_provider()
        from agente_vendedor.conversation.turn_pipeline import process_message

        run = uuid.uuid4().hex[:6]
        opening = get_settings().breaker_failure_threshold  # failed model calls that open it (one per turn here)
        for n in range(opening):
            process_message(f"colgado-{run}-abre-{n}", TURNS[0])
        timings: list[float] = []
        for n in range(turns):
            started = time.perf_counter()
            process_message(f"colgado-{run}-{n}", TURNS[n % len(TURNS)])
            timings.append((time.perf_counter() - started) * 1000)
        fake.fail_with(None)  # lets go of the hung requests
    for name in ("LLM_PROVIDER", "GOOGLE_API_KEY", "GEMINI_BASE_URL", "LLM_TIMEOUT_S"):
        os.environ.pop(name, None)
    os.environ["LLM_PROVIDER"] = "offline"
    get_settings.cache_clear()
    llm.reset_provider()
    return opening, timings


def cold_start(function: str, event: Path, env: dict[str, str]) -> dict[str, float]:
    code = COLD_START.format(repo=str(REPO), function=function, event=str(event))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"cold start of {function} failed:\n{result.stderr[-2000:]}")
    timings: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_chat", description=__doc__)
    parser.add_argument("--conversations", type=int, default=25)
    args = parser.parse_args(argv)

    from local_stack.moto_server import MotoServer
    from local_stack.postgres import create_database, drop_database, ensure_postgres

    admin_url = ensure_postgres()
    database = f"agente_bench_{uuid.uuid4().hex[:8]}"
    database_url = create_database(admin_url, database)
    try:
        with MotoServer() as moto:
            os.environ.update(moto.client_env)
            os.environ.update({"DATABASE_URL": database_url, "LLM_PROVIDER": "offline", "AGENTE_DEMO_DATA": "0"})
            os.environ.pop("GOOGLE_API_KEY", None)
            from agente_vendedor.core.settings import get_settings
            from agente_vendedor.db.migrations import upgrade
            from local_stack.aws_resources import create_resources

            get_settings.cache_clear()
            upgrade(database_url)
            create_resources(moto.client("dynamodb"), moto.client("s3"), get_settings())
            _load_data()

            timings = warm_turns(args.conversations)
            p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
            print(f"Turno de chat en caliente (offline, PostgreSQL + DynamoDB en moto_server), {len(timings)} turnos:")
            print(f"  p50 {p50:.1f} ms (meta ≤ {GOAL_P50_MS:.0f})   p95 {p95:.1f} ms (meta ≤ {GOAL_P95_MS:.0f})")
            print(f"  mín {min(timings):.1f} ms   máx {max(timings):.1f} ms")
            opening, hung = turns_with_gemini_hanging()
            print(f"Gemini colgado: el cortocircuito se abrió tras {opening} turnos; después, {len(hung)} turnos:")
            goal = f"meta < {GOAL_BREAKER_OPEN_MS:.0f} ms"
            print(f"  p50 {statistics.median(hung):.0f} ms   máx {max(hung):.0f} ms ({goal})")

            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "layers" / "common"), str(REPO)])}
            print("Arranque en frío (proceso nuevo: importar el handler + primera solicitud):")
            for function, event in (("chat", "http_api_chat_texto.json"), ("classify", "http_api_classify.json")):
                cold = cold_start(function, REPO / "events" / event, env)
                total = cold["import_ms"] + cold["first_request_ms"]
                print(
                    f"  {function:<9} import {cold['import_ms']:.0f} ms + primera solicitud "
                    f"{cold['first_request_ms']:.0f} ms = {total:.0f} ms"
                )
    finally:
        drop_database(admin_url, database)
    return 0 if p50 <= GOAL_P50_MS and p95 <= GOAL_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())

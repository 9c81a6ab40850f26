"""WebSocket benchmark: chat latency over the local WebSocket (offline LLM, and Gemini streaming) and the ws_connect
cold start.

- Turn latency: one connection sends `--turns` catalogue/sales messages one after another; for each, the time to
  the first `response_chunk` and to `response_end` (p50/p95/max), plus the `$connect` handshake and a ping.
- Gemini streaming: the same over a local stack whose model is the fake Gemini server, streaming SSE paced so that
  each reply takes `--gemini-reply-s` seconds to generate (`--gemini-turns` turns; 0 skips it). The sentences leave as
  the guard accepts them, so the first chunk should come long before the reply is written.
- Cold start: `--cold-starts` fresh interpreters each import functions/ws_connect/app.py (Lambda init) and
  handle the sample `$connect` event once and then once more (warm), against moto_server DynamoDB.

    python -m bench.bench_ws [--url http://127.0.0.1:8001] [--turns 30] [--cold-starts 5] [--gemini-turns 20]
                             [--gemini-reply-s 2.0] [--json out.json]

Without --url it starts `python -m local_stack.dev` on a free port with a database of its own, and stops it after
(the Gemini part always starts its own).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from local_stack.subprocess_stack import run_local_stack

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Hola, ¿tienen cascos de seguridad dieléctricos?",
    "¿Qué guantes de nitrilo venden y a qué precio?",
    "Necesito botas de seguridad con puntera de acero talla 40",
    "¿Tienen gafas de seguridad antiempañantes?",
    "Quiero comprar tres cascos blancos con ratchet",
    "¿Cuál es el horario de atención y dónde están ubicados?",
    "¿Venden arneses para trabajo en alturas?",
    "Necesito respiradores N95 para polvo",
]

# Runs in a fresh interpreter: the Lambda init (module import) and two invocations, timed from inside.
COLD_START_CHILD = """
import json, sys, time
started = time.perf_counter()
import importlib.util
spec = importlib.util.spec_from_file_location("ws_connect_app", "functions/ws_connect/app.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
imported = time.perf_counter()
from local_stack.lambda_context import LambdaContext
event = json.load(open("events/ws_connect.json"))
result = module.handler(event, LambdaContext("WsConnectFunction", timeout_s=10))
first = time.perf_counter()
event["requestContext"]["connectionId"] = "warm-" + event["requestContext"]["connectionId"]
module.handler(event, LambdaContext("WsConnectFunction", timeout_s=10))
second = time.perf_counter()
heavy = sorted(m for m in ("fastapi", "sqlalchemy", "google.genai", "mangum") if m in sys.modules)
print(json.dumps({"status": result["statusCode"], "init_ms": (imported - started) * 1000,
                  "first_ms": (first - imported) * 1000, "warm_ms": (second - first) * 1000,
                  "modules": len(sys.modules), "heavy": heavy}))
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "max_ms": round(max(values), 1),
    }


# ---------------------------------------------------------------- turn latency


async def measure_turns(ws_url: str, turns: int) -> dict[str, Any]:
    from tests.e2e.ws_client import open_chat, ping, send_message

    chat_id = f"bench_{uuid.uuid4().hex[:10]}"
    started = time.perf_counter()
    async with await open_chat(ws_url, chat_id) as ws:
        connect_ms = (time.perf_counter() - started) * 1000
        ping_started = time.perf_counter()
        await ping(ws)
        ping_ms = (time.perf_counter() - ping_started) * 1000
        first_chunk: list[float] = []
        total: list[float] = []
        chunks: list[int] = []
        for index in range(turns):
            turn = await send_message(ws, QUESTIONS[index % len(QUESTIONS)])
            if turn.end["type"] != "response_end":
                raise RuntimeError(f"turn {index} ended with {turn.end}")
            if turn.streamed_text != turn.end["respuesta"]:
                raise RuntimeError(f"turn {index}: the chunks do not add up to the answer")
            if turn.first_chunk_s is not None:
                first_chunk.append(turn.first_chunk_s * 1000)
            total.append((turn.total_s or 0.0) * 1000)
            chunks.append(turn.types.count("response_chunk"))
    return {
        "turns": turns,
        "connect_ms": round(connect_ms, 1),
        "ping_ms": round(ping_ms, 1),
        "time_to_first_chunk": summary(first_chunk),
        "whole_turn": summary(total),
        "chunks_per_reply": {"median": statistics.median(chunks), "max": max(chunks)},
    }


def measure_gemini_turns(turns: int, reply_s: float) -> dict[str, Any]:
    """`measure_turns` over a local stack whose Gemini is the fake server pacing each streamed reply over `reply_s`."""
    from tests.fake_gemini.server import FakeGemini

    with FakeGemini(reply_duration_s=reply_s) as fake:
        env = {"LLM_PROVIDER": "gemini", "GOOGLE_API_KEY": "clave-de-banco", "GEMINI_BASE_URL": fake.base_url}
        with run_local_stack(demo_data=True, llm_env=env) as stack:
            results = asyncio.run(measure_turns(stack.ws_url, turns))
        generation = [s.duration_s * 1000 for s in fake.streams if s.duration_s is not None]
    if len(generation) < turns:
        raise RuntimeError(f"only {len(generation)} of {turns} turns streamed from the model")
    return {**results, "reply_generation": summary(generation), "paced_reply_s": reply_s}


# ---------------------------------------------------------------- ws_connect cold start


def measure_cold_starts(runs: int) -> dict[str, Any]:
    from agente_vendedor.core.settings import get_settings
    from local_stack.aws_resources import create_resources
    from local_stack.moto_server import MotoServer

    with MotoServer() as moto:
        settings = get_settings()
        create_resources(moto.client("dynamodb"), moto.client("s3"), settings)
        env = {**os.environ, **moto.client_env, "AGENTE_ADMIN_TOKEN": "bench-token", "POWERTOOLS_TRACE_DISABLED": "1"}
        samples = []
        for _ in range(runs):
            process_started = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", COLD_START_CHILD], cwd=REPO, env=env, capture_output=True, text=True, check=True
            )
            sample = json.loads(out.stdout.strip().splitlines()[-1])
            sample["process_ms"] = (time.perf_counter() - process_started) * 1000
            if sample["status"] != 200:
                raise RuntimeError(f"$connect answered {sample['status']}")
            samples.append(sample)
    return {
        "runs": runs,
        "init_ms": summary([s["init_ms"] for s in samples]),
        "first_connect_ms": summary([s["first_ms"] for s in samples]),
        "warm_connect_ms": summary([s["warm_ms"] for s in samples]),
        "process_ms": summary([s["process_ms"] for s in samples]),
        "modules_loaded": samples[0]["modules"],
        "heavy_modules": samples[0]["heavy"],
    }


def _stats_line(name: str, stats: dict[str, float]) -> str:
    return f"  {name:20} p50 {stats['p50_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f} ms  max {stats['max_ms']:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_ws", description=__doc__)
    parser.add_argument("--url", help="a running local stack (http://127.0.0.1:8001); default: start one")
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--cold-starts", type=int, default=5)
    parser.add_argument("--gemini-turns", type=int, default=20, help="turns with the paced fake Gemini (0: none)")
    parser.add_argument("--gemini-reply-s", type=float, default=2.0, help="how long each paced reply takes")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {"ws_connect_cold_start": measure_cold_starts(args.cold_starts)}
    if args.url:
        base_url = args.url.rstrip("/")
        results["websocket_turns"] = asyncio.run(measure_turns(base_url.replace("http", "ws", 1) + "/ws", args.turns))
    else:
        with run_local_stack(demo_data=True) as stack:
            results["websocket_turns"] = asyncio.run(measure_turns(stack.ws_url, args.turns))

    if args.gemini_turns:
        results["websocket_turns_gemini"] = measure_gemini_turns(args.gemini_turns, args.gemini_reply_s)

    cold, turns = results["ws_connect_cold_start"], results["websocket_turns"]
    print("WebSocket chat (offline LLM, local stack)")
    print(f"  $connect handshake {turns['connect_ms']} ms, ping {turns['ping_ms']} ms")
    for name in ("time_to_first_chunk", "whole_turn"):
        stats = turns[name]
        print(
            f"  {name:20} p50 {stats['p50_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f} ms  max {stats['max_ms']:7.1f} ms"
        )
    print(
        f"  chunks per reply     median {turns['chunks_per_reply']['median']}, max {turns['chunks_per_reply']['max']}"
    )
    gemini = results.get("websocket_turns_gemini")
    if gemini:
        print(f"WebSocket chat (Gemini streaming: fake server pacing each reply over {gemini['paced_reply_s']} s)")
        for name in ("time_to_first_chunk", "whole_turn", "reply_generation"):
            print(_stats_line(name, gemini[name]))
    print("ws_connect cold start (fresh interpreter, moto_server DynamoDB)")
    for name in ("init_ms", "first_connect_ms", "warm_connect_ms", "process_ms"):
        stats = cold[name]
        print(
            f"  {name:20} p50 {stats['p50_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f} ms  max {stats['max_ms']:7.1f} ms"
        )
    print(f"  modules loaded {cold['modules_loaded']}, heavy ones: {cold['heavy_modules'] or 'none'}")
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench-coldstart`: each Lambda function's init (its entry module imported by a fresh interpreter), median
of `--runs`, against the goals of issue 13; then the unzipped size of the built layer when `sam build` has run.

The functions and their handlers are read from template.yaml, so a function moved to another module is measured
where it now lives. Each run is a new interpreter that times, from inside, only the import of the entry module
(the Lambda init phase: the code's imports and its module-level setup), with the offline LLM, a DATABASE_URL (the
engine is created, nothing connects) and dummy AWS credentials (clients are created, nothing is called).
"CPU" is the process time of the same import (what a busy machine changes least). "cebado" is the time of the
primers that SnapStart's before-snapshot hook runs (`ops.bootstrap.prime`): work a restored environment has already
done, and that the first request does instead when there is no SnapStart.

    python -m bench.bench_coldstart [--runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LAYER_BUILD = REPO / ".aws-sam" / "build" / "CommonLayer"
GOAL_LAYER_MB = 50.0

# function (template.yaml logical id) -> (name in the table, goal in ms)
GOALS_MS: dict[str, tuple[str, float]] = {
    "ChatFunction": ("chat (HTTP API)", 900.0),
    "ChatWsFunction": ("WebSocket message", 500.0),
    "WsConnectFunction": ("ws_connect", 250.0),
    "ClassifyFunction": ("classify", 500.0),
    "ExportsFunction": ("exports", 700.0),
}
HEAVY_MODULES = ("fastapi", "starlette", "mangum", "sqlalchemy", "google.genai", "rapidfuzz", "simplemma", "pydantic")

CHILD = """
import importlib.util, json, sys, time
started, cpu = time.perf_counter(), time.process_time()
sys.path.insert(0, {code_dir!r})
spec = importlib.util.spec_from_file_location("lambda_entry", {file!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
heavy = [name for name in {heavy!r} if name in sys.modules]
modules = len(sys.modules)
bootstrap = sys.modules.get("agente_vendedor.ops.bootstrap")
started = time.perf_counter()
if bootstrap is not None:
    bootstrap.prime()  # what SnapStart's before-snapshot hook runs
primed = (time.perf_counter() - started) * 1000
print(json.dumps({{"import_ms": elapsed, "cpu_ms": cpu, "priming_ms": primed, "modules": modules, "heavy": heavy}}))
"""


def function_entries() -> dict[str, tuple[Path, Path]]:
    """logical id -> (code directory, entry module file), from template.yaml."""
    from local_stack.aws_resources import load_template

    resources = load_template()["Resources"]
    entries = {}
    for logical_id in GOALS_MS:
        props = resources[logical_id]["Properties"]
        code_dir = REPO / props["CodeUri"]
        module = str(props["Handler"]).rpartition(".")[0]
        entries[logical_id] = (code_dir, code_dir / f"{module.replace('.', '/')}.py")
    return entries


def child_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "GEMINI_", "LLM_"))}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(REPO / "layers" / "common"), str(REPO)]),
            "PYTHONDONTWRITEBYTECODE": "",
            "DATABASE_URL": "postgresql+pg8000://agente:agente@127.0.0.1:5432/agente_bench_import",
            "LLM_PROVIDER": "offline",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            "AGENTE_DEMO_DATA": "0",
        }
    )
    return env


def measure(code_dir: Path, file: Path, runs: int) -> dict[str, Any]:
    code = CHILD.format(code_dir=str(code_dir), file=str(file), heavy=HEAVY_MODULES)
    samples = []
    env = child_environment()
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        if out.returncode != 0:
            raise RuntimeError(f"importing {file} failed:\n{out.stderr[-2000:]}")
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    times = [s["import_ms"] for s in samples]
    return {
        "median_ms": round(statistics.median(times), 1),
        "cpu_median_ms": round(statistics.median(s["cpu_ms"] for s in samples), 1),
        "priming_median_ms": round(statistics.median(s["priming_ms"] for s in samples), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "modules": samples[0]["modules"],
        "heavy": samples[0]["heavy"],
    }


def layer_size_mb(directory: Path = LAYER_BUILD) -> float | None:
    """The unzipped size of the built layer (`make sam-build`), or None when it was not built."""
    if not directory.is_dir():
        return None
    total = sum(path.stat().st_size for path in directory.rglob("*") if path.is_file() and not path.is_symlink())
    return total / 1_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_coldstart", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {}
    print(f"Arranque en frío: importar el módulo de entrada en un intérprete nuevo (mediana de {args.runs})")
    print(
        f"  {'función':<20} {'mediana':>9} {'mín':>8} {'máx':>8} {'meta':>7} {'CPU':>8} {'cebado':>8}  módulos  pesados"
    )
    ok = True
    for logical_id, (code_dir, file) in function_entries().items():
        name, goal = GOALS_MS[logical_id]
        stats = measure(code_dir, file, args.runs)
        stats["goal_ms"] = goal
        results[logical_id] = stats
        ok &= stats["median_ms"] <= goal
        print(
            f"  {name:<20} {stats['median_ms']:>6.0f} ms {stats['min_ms']:>5.0f} ms {stats['max_ms']:>5.0f} ms "
            f"{goal:>4.0f} ms {stats['cpu_median_ms']:>5.0f} ms {stats['priming_median_ms']:>5.0f} ms  "
            f"{stats['modules']:>7}  {', '.join(stats['heavy']) or '—'}"
        )
    size = layer_size_mb()
    results["layer_mb"] = None if size is None else round(size, 1)
    if size is None:
        print("Capa: sin construir (make sam-build), tamaño no medido")
    else:
        ok &= size <= GOAL_LAYER_MB
        print(f"Capa CommonLayer descomprimida: {size:.1f} MB (meta ≤ {GOAL_LAYER_MB:.0f} MB)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

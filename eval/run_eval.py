"""`make eval`: the dev-eval set and every held-out set, each against its own fresh local stack, over HTTP.

Starts `python -m local_stack.dev` on a free port per set (fresh database, AGENTE_DEMO_DATA=0, LLM_PROVIDER=offline,
a staff token) unless EVAL_BASE_URL points at a stack already running (its staff token in EVAL_TOKEN or
AGENTE_ADMIN_TOKEN; then only one set, EVAL_DIR, is run). Prints per set: intent accuracy per class with a confusion
matrix, retrieval recall@1/@3 and MRR (normal and hard), company facts, sale scenarios, quantities, the probes that
must leave the order untouched, the 30 concurrent buyers, the PII check and latency; then issue 9's figures side by
side. Exits 1 when the dev set misses its thresholds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import time
from pathlib import Path

import httpx

from eval.devset import DEFAULT_DEV_DIR, TARGETS, THRESHOLDS, DevSet, Report, evaluate
from local_stack.subprocess_stack import run_local_stack

HELDOUT_ROOT = Path(__file__).resolve().parent / "heldout"


def _sets(explicit: str | None) -> list[Path]:
    if explicit:
        return [Path(d) for d in explicit.split(os.pathsep) if d]
    if not HELDOUT_ROOT.exists():
        return [DEFAULT_DEV_DIR]
    return [DEFAULT_DEV_DIR, *sorted(p for p in HELDOUT_ROOT.iterdir() if (p / "catalog.json").exists())]


def _run_one(directory: Path, base_url: str | None, token: str | None, load: bool) -> Report:
    dev = DevSet.load(directory)
    with contextlib.ExitStack() as stack:
        if base_url:
            url, staff_token = base_url.rstrip("/"), token or ""
        else:
            print(f"Iniciando el stack local para {directory} (offline, base de datos nueva)…", flush=True)
            running = stack.enter_context(run_local_stack(demo_data=False, token=secrets.token_urlsafe(18)))
            url, staff_token = running.base_url, running.token
        client = stack.enter_context(httpx.Client(base_url=url, timeout=60))
        started = time.monotonic()
        report = evaluate(client, {"Authorization": f"Bearer {staff_token}"}, dev, load=load, concurrency=True)
    print(f"\n=== {directory} ===")
    print(report.render())
    print(f"Tiempo: {time.monotonic() - started:.1f} s")
    return report


def _side_by_side(reports: dict[str, Report]) -> str:
    names = list(reports)
    lines = ["", "Cifras del issue 9 (meta → " + ", ".join(f"{k} ≥ {v}" for k, v in TARGETS.items()) + "):"]
    lines.append(f"  {'':<28}" + "".join(f"{n[:22]:>24}" for n in names))
    keys = list(dict.fromkeys(k for r in reports.values() for k in r.targets()))
    for key in keys:
        row = "".join(f"{reports[n].targets().get(key, float('nan')):>24.3f}" for n in names)
        lines.append(f"  {key:<28}{row}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run_eval", description=__doc__)
    parser.add_argument("--dirs", default=os.environ.get("EVAL_DIR"), help=f"sets separated by '{os.pathsep}'")
    parser.add_argument("--base-url", default=os.environ.get("EVAL_BASE_URL"))
    parser.add_argument("--token", default=os.environ.get("EVAL_TOKEN") or os.environ.get("AGENTE_ADMIN_TOKEN"))
    parser.add_argument("--no-load", action="store_true", help="the data is already loaded")
    args = parser.parse_args(argv)
    directories = _sets(args.dirs)[:1] if args.base_url else _sets(args.dirs)
    reports = {d.name: _run_one(d, args.base_url, args.token, not args.no_load) for d in directories}
    print(_side_by_side(reports))
    dev = reports.get(DEFAULT_DEV_DIR.name)
    failures = dev.failures() if dev is not None else []
    if failures:
        print("NO CUMPLE (dev-eval): " + "; ".join(failures))
        return 1
    print("dev-eval CUMPLE: " + ", ".join(f"{name} ≥ {value}" for name, value in THRESHOLDS.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

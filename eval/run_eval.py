"""`make eval`: the dev-eval set against the running product, over HTTP, with the issue's thresholds.

Starts `python -m local_stack.dev` on a free port (fresh database, AGENTE_DEMO_DATA=0, LLM_PROVIDER=offline, a staff
token) unless EVAL_BASE_URL points at a stack already running (its staff token in EVAL_TOKEN or
AGENTE_ADMIN_TOKEN). Prints intent accuracy per class with a confusion matrix, retrieval recall@1/@3 and MRR
(normal and hard), company facts, sale scenarios, quantities, the PII check and latency; exits 1 below a threshold.
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

from eval.devset import DEFAULT_DEV_DIR, THRESHOLDS, DevSet, evaluate
from local_stack.subprocess_stack import run_local_stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run_eval", description=__doc__)
    parser.add_argument("--dev-dir", type=Path, default=Path(os.environ.get("EVAL_DIR", DEFAULT_DEV_DIR)))
    parser.add_argument("--base-url", default=os.environ.get("EVAL_BASE_URL"))
    parser.add_argument("--token", default=os.environ.get("EVAL_TOKEN") or os.environ.get("AGENTE_ADMIN_TOKEN"))
    parser.add_argument("--no-load", action="store_true", help="the data is already loaded")
    args = parser.parse_args(argv)
    dev = DevSet.load(args.dev_dir)
    with contextlib.ExitStack() as stack:
        if args.base_url:
            base_url, token = args.base_url.rstrip("/"), args.token or ""
        else:
            print("Iniciando el stack local (offline, base de datos nueva)…", flush=True)
            running = stack.enter_context(run_local_stack(demo_data=False, token=secrets.token_urlsafe(18)))
            base_url, token = running.base_url, running.token
        client = stack.enter_context(httpx.Client(base_url=base_url, timeout=30))
        started = time.monotonic()
        report = evaluate(client, {"Authorization": f"Bearer {token}"}, dev, load=not args.no_load)
    print(report.render())
    print(f"Tiempo total: {time.monotonic() - started:.1f} s")
    failures = report.failures()
    if failures:
        print("NO CUMPLE: " + "; ".join(failures))
        return 1
    print("CUMPLE: " + ", ".join(f"{name} ≥ {value}" for name, value in THRESHOLDS.items()) + ", sin fugas de datos")
    return 0


if __name__ == "__main__":
    sys.exit(main())

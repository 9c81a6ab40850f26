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
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

from eval.devset import DEFAULT_DEV_DIR, THRESHOLDS, DevSet, evaluate

REPO_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 120.0


@contextlib.contextmanager
def local_stack() -> Iterator[tuple[str, str]]:
    """A fresh local stack: (base URL, staff token); stopped (and its database dropped) on exit."""
    from local_stack.ports import free_port
    from local_stack.postgres import create_database, drop_database, ensure_postgres

    admin_url = ensure_postgres()
    database = f"agente_eval_{uuid.uuid4().hex[:10]}"
    database_url = create_database(admin_url, database)
    port = free_port()
    token = secrets.token_urlsafe(18)
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "AGENTE_ADMIN_TOKEN": token,
        "AGENTE_DEMO_DATA": "0",
        "LLM_PROVIDER": "offline",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("AWS_ENDPOINT_URL", None)
    env.pop("GOOGLE_API_KEY", None)
    log = tempfile.NamedTemporaryFile(prefix="eval-stack-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "local_stack.dev", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base_url, process, Path(log.name))
        yield base_url, token
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        drop_database(admin_url, database)


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"el stack local terminó con {process.returncode}:\n{log_path.read_text(errors='replace')}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.25)
    raise SystemExit(f"el stack local no respondió en {STARTUP_TIMEOUT_S:.0f} s (log: {log_path})")


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
            base_url, token = stack.enter_context(local_stack())
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

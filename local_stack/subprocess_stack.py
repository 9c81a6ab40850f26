"""The whole local stack (`python -m local_stack.dev`) in a subprocess with a fresh database of its own.

Used by the end-to-end tests, `make eval` and the benchmarks: start, wait for `GET /health`, use, stop, drop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from local_stack.ports import free_port
from local_stack.postgres import create_database, drop_database, ensure_postgres

REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0


class StackStartError(RuntimeError):
    """The stack exited or did not answer in time; the message carries what it printed."""


@dataclass(frozen=True)
class RunningStack:
    base_url: str  # http://127.0.0.1:PORT
    ws_url: str  # ws://127.0.0.1:PORT/ws (add ?chat_id=...)
    token: str  # staff bearer token
    database_url: str
    log_path: Path

    @property
    def staff_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def output(self) -> str:
        """Everything the stack printed so far (handler tracebacks included)."""
        return self.log_path.read_text(errors="replace")


@contextmanager
def run_local_stack(
    *,
    demo_data: bool,
    token: str = "test-token",  # noqa: S107 - a local, throwaway stack
    log_path: Path | None = None,
    startup_timeout_s: float = STARTUP_TIMEOUT_S,
    llm_env: Mapping[str, str] | None = None,
) -> Iterator[RunningStack]:
    """`llm_env` sets the model for the stack (e.g. `LLM_PROVIDER=gemini` with `GEMINI_BASE_URL` of a fake Gemini
    server); without it the stack answers offline."""
    admin_url = ensure_postgres()
    database = f"agente_stack_{uuid.uuid4().hex[:10]}"
    database_url = create_database(admin_url, database)
    port = free_port()
    if log_path is None:
        log_path = Path(tempfile.mkdtemp(prefix="agente-stack-")) / "stack.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "AGENTE_ADMIN_TOKEN": token,
        "AGENTE_DEMO_DATA": "1" if demo_data else "0",
        "LLM_PROVIDER": "offline",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("AWS_ENDPOINT_URL", None)  # the stack starts its own moto_server
    env.pop("GOOGLE_API_KEY", None)
    env.update(llm_env or {})
    stack = RunningStack(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws", token, database_url, log_path)
    try:
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "local_stack.dev", "--port", str(port)],
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_until_healthy(stack, process, startup_timeout_s)
            yield stack
        finally:
            _stop(process)
    finally:
        drop_database(admin_url, database)


def _wait_until_healthy(stack: RunningStack, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackStartError(f"the local stack exited with {process.returncode}:\n{stack.output()}")
        try:
            if httpx.get(f"{stack.base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise StackStartError(f"the local stack did not answer GET /health in {timeout_s:.0f} s:\n{stack.output()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the stack's process group (the stack stops moto_server itself), SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

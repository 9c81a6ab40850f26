"""End-to-end tests talk to ``python -m local_stack.dev`` started as a subprocess, over HTTP and WebSocket."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from local_stack.ports import free_port
from local_stack.postgres import create_database, drop_database, ensure_postgres

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class LocalStack:
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    admin_url = ensure_postgres()
    database = f"agente_e2e_{uuid.uuid4().hex[:10]}"
    database_url = create_database(admin_url, database)
    port = free_port()
    log_path = tmp_path_factory.mktemp("local_stack") / "stack.log"
    token = "test-token"
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "AGENTE_ADMIN_TOKEN": token,
        "LLM_PROVIDER": "offline",
        "AGENTE_DEMO_DATA": os.environ.get("AGENTE_DEMO_DATA", "1"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("AWS_ENDPOINT_URL", None)  # the stack starts its own moto_server
    stack = LocalStack(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws", token, database_url, log_path)
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
        _wait_until_healthy(stack, process)
        yield stack
    finally:
        _stop(process)
        drop_database(admin_url, database)


def _wait_until_healthy(stack: LocalStack, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the local stack exited with {process.returncode}:\n{stack.output()}")
        try:
            if httpx.get(f"{stack.base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    pytest.fail(f"the local stack did not answer GET /health in {STARTUP_TIMEOUT_S:.0f} s:\n{stack.output()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the stack's process group (the stack stops moto_server itself), SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

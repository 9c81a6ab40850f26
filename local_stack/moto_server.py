"""moto_server as a subprocess: a local AWS endpoint (DynamoDB, S3, ...) over HTTP."""

# Not moto.server.ThreadedMotoServer: a thread shares moto's in-process backends, which every mock_aws() in the
# same process resets, and shares the GIL with the handlers and benchmarks it serves; a process does neither.

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any, Self

from local_stack.ports import LocalServer
from local_stack.processes import kill_with_parent

DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
DEFAULT_REGION = "us-east-1"


class MotoServerError(RuntimeError):
    pass


class MotoServer(LocalServer):
    """``with MotoServer() as moto: boto3.client("s3", endpoint_url=moto.url)``.

    Starting it also puts dummy credentials into ``os.environ`` (unless ``export_credentials=False``),
    so boto3 clients never look for real ones. ``client_env`` holds what a subprocess or handler needs.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int | None = None,
        *,
        region: str = DEFAULT_REGION,
        log_path: Path | None = None,
        startup_timeout_s: float = 30.0,
        export_credentials: bool = True,
    ) -> None:
        super().__init__(host, port)
        self.region = region
        self.log_path = log_path
        self.startup_timeout_s = startup_timeout_s
        self.export_credentials = export_credentials
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def client_env(self) -> dict[str, str]:
        return {
            **DUMMY_CREDENTIALS,
            "AWS_ENDPOINT_URL": self.url,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
        }

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        if self.running:
            return self
        if self.export_credentials:
            os.environ.update(DUMMY_CREDENTIALS)
            os.environ.setdefault("AWS_DEFAULT_REGION", self.region)
        self._log = self._open_log()
        executable = Path(sys.executable).parent / "moto_server"
        command = [str(executable), "-H", self.host, "-p", str(self.port)]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=kill_with_parent,
        )
        self._wait_until_ready()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def client(self, service_name: str) -> Any:
        """A boto3 client for ``service_name`` against this server."""
        import boto3

        make_client: Any = boto3.client  # service_name is not a literal, so skip the stubs' overloads
        return make_client(
            service_name,
            endpoint_url=self.url,
            region_name=self.region,
            aws_access_key_id=DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=DUMMY_CREDENTIALS["AWS_SESSION_TOKEN"],
        )

    def _open_log(self) -> IO[bytes]:
        if self.log_path is None:
            return tempfile.TemporaryFile()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        return self.log_path.open("w+b")

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if not self.running:
                raise MotoServerError(f"moto_server exited during start-up:\n{self._log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1):
                    return
            except urllib.error.HTTPError:
                return  # it answered
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise MotoServerError(f"moto_server did not answer on {self.url} within {self.startup_timeout_s} s")

    def _log_text(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-4000:]

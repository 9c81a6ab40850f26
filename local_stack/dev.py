"""``make dev``: the whole serverless stack on 127.0.0.1, without Docker or AWS.

PostgreSQL (DATABASE_URL, else 127.0.0.1:5432 when it answers, else an embedded server keeping its data in
``.local/pgdata``), moto_server for DynamoDB and S3 (unless AWS_ENDPOINT_URL), migrations and demo data,
then the local API Gateway calling the real Lambda handlers. Ctrl-C or SIGTERM stops everything it started.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import secrets
import signal
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from local_stack.postgres import DEFAULT_DATA_DIR, create_database, ensure_postgres, stop_postgres

log = logging.getLogger("local_stack.dev")

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCAL_DIR = REPO_ROOT / ".local"
DEV_DATABASE = "agente_dev"
HOST = "127.0.0.1"


class StartupError(RuntimeError):
    pass


class _Stop(BaseException):
    """Raised by the SIGTERM handler so that clean-up runs as for Ctrl-C."""


def _llm_description() -> str:
    from agente_vendedor.core.settings import get_settings
    from agente_vendedor.platform.llm import provider_name

    get_settings.cache_clear()  # the environment was completed above
    settings = get_settings()
    name = provider_name()
    if name == "gemini":
        detail = f"modelo {settings.gemini_model}"
    else:
        detail = "motor determinista" + ("" if settings.llm_provider == "offline" else ", sin GOOGLE_API_KEY")
    return f"{name} ({detail}; LLM_PROVIDER={settings.llm_provider})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack.dev", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8001")))
    parser.add_argument(
        "--embedded-postgres",
        action="store_true",
        help="use the embedded PostgreSQL even when 127.0.0.1:5432 answers (ignored with DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    _configure_logging()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with contextlib.ExitStack() as cleanup:
            serve(args.port, cleanup, prefer_tcp=not args.embedded_postgres)
    except StartupError as error:
        log.error("%s", error)
        return 1
    except (KeyboardInterrupt, _Stop):
        pass
    log.info("stopped")
    return 0


def serve(port: int, cleanup: contextlib.ExitStack, *, prefer_tcp: bool = True) -> None:
    _ensure_port_free(port)
    database_url, database_label = _database(cleanup, prefer_tcp=prefer_tcp)
    aws_endpoint, aws_label = _aws_endpoint(cleanup)
    os.environ.update(handler_environment(port, database_url, aws_endpoint))

    from local_stack.aws_resources import load_template
    from local_stack.gateway import gateway_from_template
    from local_stack.gateway_server import uvicorn_config

    template = load_template(REPO_ROOT / "template.yaml")
    for name, value in template_literal_environment(template).items():
        os.environ.setdefault(name, value)
    _create_aws_resources(aws_endpoint)
    _prepare_database(database_url)

    gateway = gateway_from_template(template, REPO_ROOT)
    for failure in gateway.runtime.preload(gateway.functions()):
        log.error("handler not loaded: %s", failure)
    _print_banner(port, database_label, aws_label)

    import uvicorn

    uvicorn.Server(uvicorn_config(gateway, HOST, port)).run()


def handler_environment(port: int, database_url: str, aws_endpoint: str) -> dict[str, str]:
    """What the Lambda handlers read (agente_vendedor.core.settings), pointed at the local services."""
    base = f"http://{HOST}:{port}"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return {
        "DATABASE_URL": database_url,
        "AWS_ENDPOINT_URL": aws_endpoint,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "WS_ENDPOINT_URL": f"{base}/local",
        "LOCAL_PUBLIC_URL": base,
        "PORT": str(port),
        "STORAGE_BACKEND": os.environ.get("STORAGE_BACKEND", "s3"),
        "AGENTE_ADMIN_TOKEN": os.environ.get("AGENTE_ADMIN_TOKEN") or secrets.token_urlsafe(24),
        # Signs the staff accounts' session tokens: a new one per run (tokens of an earlier run stop working).
        "AGENTE_JWT_SECRET": os.environ.get("AGENTE_JWT_SECRET") or secrets.token_urlsafe(48),
        "LLM_PROVIDER": os.environ.get("LLM_PROVIDER", "auto"),
        "POWERTOOLS_TRACE_DISABLED": os.environ.get("POWERTOOLS_TRACE_DISABLED", "true"),
    }


def template_literal_environment(template: Mapping[str, Any]) -> dict[str, str]:
    """Globals.Function.Environment variables whose values are plain strings (intrinsics need AWS)."""
    function_globals = (template.get("Globals") or {}).get("Function") or {}
    variables = (function_globals.get("Environment") or {}).get("Variables") or {}
    return {name: value for name, value in variables.items() if isinstance(value, str)}


def _database(cleanup: contextlib.ExitStack, *, prefer_tcp: bool) -> tuple[str, str]:
    if url := os.environ.get("DATABASE_URL"):
        return url, "DATABASE_URL"
    LOCAL_DIR.mkdir(exist_ok=True)
    admin_url = ensure_postgres(DEFAULT_DATA_DIR, prefer_tcp=prefer_tcp)
    if "unix_sock=" in admin_url:
        cleanup.callback(stop_postgres)
        label = f"embedded PostgreSQL ({DEFAULT_DATA_DIR.relative_to(REPO_ROOT)}), database {DEV_DATABASE}"
    else:
        label = f"PostgreSQL on 127.0.0.1:5432, database {DEV_DATABASE}"
    return create_database(admin_url, DEV_DATABASE, exist_ok=True), label


def _aws_endpoint(cleanup: contextlib.ExitStack) -> tuple[str, str]:
    if url := os.environ.get("AWS_ENDPOINT_URL"):
        for name, value in _dummy_credentials().items():
            os.environ.setdefault(name, value)
        return url, f"AWS_ENDPOINT_URL {url}"
    from local_stack.moto_server import MotoServer

    moto = cleanup.enter_context(MotoServer(host=HOST, log_path=LOCAL_DIR / "moto_server.log"))
    return moto.url, f"moto_server {moto.url} (in memory; log in .local/moto_server.log)"


def _dummy_credentials() -> dict[str, str]:
    from local_stack.moto_server import DUMMY_CREDENTIALS

    return DUMMY_CREDENTIALS


def _create_aws_resources(endpoint: str) -> None:
    import boto3

    from agente_vendedor.core.settings import get_settings
    from local_stack.aws_resources import create_resources

    get_settings.cache_clear()
    settings = get_settings()
    region = settings.aws_region
    create_resources(
        boto3.client("dynamodb", endpoint_url=endpoint, region_name=region),
        boto3.client("s3", endpoint_url=endpoint, region_name=region),
        settings,
    )


def _prepare_database(database_url: str) -> None:
    try:
        from agente_vendedor.db.migrations import upgrade
        from agente_vendedor.ops.demo_data import load_demo_data_if_empty
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("agente_vendedor"):
            raise
        log.warning("migrations/demo data not available yet (%s): database left as it is", error.name)
        return
    from agente_vendedor.core.settings import get_settings

    upgrade(database_url)
    if not get_settings().demo_data:
        log.info("AGENTE_DEMO_DATA=0: no demo data")
        return
    loaded = load_demo_data_if_empty(database_url)
    log.info("demo data: %s", ", ".join(f"{n} {k}" for k, n in loaded.items()) if loaded else "already present")


def _ensure_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError as error:
            raise StartupError(f"port {port} on {HOST} is in use ({error.strerror}); set PORT=…") from error


def _print_banner(port: int, database: str, aws: str) -> None:
    base = f"http://{HOST}:{port}"
    lines = [
        "",
        "Agente Vendedor: local stack ready",
        f"  HTTP API     {base}/",
        f"  WebSocket    ws://{HOST}:{port}/ws?chat_id=demo_001",
        f"  API docs     {base}/docs",
        f"  Demo widget  {base}/demo/",
        f"  Staff panel  {base}/admin/",
        f"  Staff token  {os.environ['AGENTE_ADMIN_TOKEN']}  (break-glass admin)",
        '  Staff login  POST /auth/ {"usuario", "clave"}; create the first admin account with',
        f"               DATABASE_URL='{os.environ['DATABASE_URL']}' make crear-admin USUARIO=<usuario>",
        f"  Database     {database}",
        f"  AWS          {aws}",
        f"  LLM          {_llm_description()}",
        "Ctrl-C stops it.",
        "",
    ]
    print("\n".join(lines), flush=True)


def _configure_logging() -> None:
    from agente_vendedor.platform.log_privacy import install_log_masking

    install_log_masking()  # as in the Lambdas: no cédula, phone, e-mail or address in any log line
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)-5s %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stdout,
    )
    for noisy in ("botocore", "boto3", "urllib3", "pgserver", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Stop


if __name__ == "__main__":
    sys.exit(main())

"""boto3 clients, created once per container, with short timeouts (AWS_ENDPOINT_URL is honoured by boto3 itself)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.tracing import trace_aws_calls


@lru_cache(maxsize=16)
def client(service: str, endpoint_url: str | None = None) -> Any:
    import boto3
    from botocore.config import Config

    settings = get_settings()
    config = Config(
        connect_timeout=2,
        read_timeout=5,
        retries={"max_attempts": 3, "mode": "standard"},
        region_name=settings.aws_region,
        s3={"addressing_style": "path"} if service == "s3" and (endpoint_url or settings.aws_endpoint_url) else None,
    )
    made = boto3.client(service, endpoint_url=endpoint_url or settings.aws_endpoint_url, config=config)  # type: ignore[call-overload]
    trace_aws_calls(made)  # X-Ray subsegments, with Lambda's active tracing only
    return made


def reset_clients() -> None:
    client.cache_clear()

"""AWS clients, created once per container, with short timeouts (AWS_ENDPOINT_URL is honoured by botocore itself).

Plain botocore clients (what `boto3.client` returns, without importing boto3 and its s3transfer, ~0.1 s of every
cold start): nothing here uses boto3's resources or its S3 transfer methods."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.tracing import trace_aws_calls


@lru_cache(maxsize=16)
def client(service: str, endpoint_url: str | None = None) -> Any:
    from botocore.config import Config

    settings = get_settings()
    config = Config(
        connect_timeout=2,
        read_timeout=5,
        retries={"max_attempts": 3, "mode": "standard"},
        region_name=settings.aws_region,
        s3={"addressing_style": "path"} if service == "s3" and (endpoint_url or settings.aws_endpoint_url) else None,
    )
    made = _session().create_client(service, endpoint_url=endpoint_url or settings.aws_endpoint_url, config=config)
    trace_aws_calls(made)  # X-Ray subsegments, with Lambda's active tracing only
    return made


@lru_cache(maxsize=1)
def _session() -> Any:
    import botocore.session

    from agente_vendedor.platform.botocore_data import data_loader, fits_this_botocore

    session = botocore.session.get_session()
    if fits_this_botocore():  # the faster loader only where botocore's internals are what it overrides
        session.register_component("data_loader", data_loader(session.get_config_variable("data_path")))
    return session


def reset_clients() -> None:
    client.cache_clear()
    _session.cache_clear()

"""Secrets: a value set in the environment wins; in AWS, Secrets Manager through Powertools parameters.

One cache per container (Powertools keeps each value `SECRET_MAX_AGE_S` seconds), so a rotated secret is picked up
within five minutes and a warm function does not call Secrets Manager on every request. The Gemini key is kept one
minute only (`GEMINI_KEY_MAX_AGE_S`), and read again at once (`fresh=True`) after Google rejects it, so a key put in
its secret after the deploy, or rotated, is used within a minute, without waiting for the containers to recycle.
Secrets Manager failing (throttled, unreachable, the secret missing) is `SecretUnavailableError`, a 503 with a
Spanish `detail`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from agente_vendedor.core.errors import ServiceUnavailableError
from agente_vendedor.core.settings import Settings

SECRET_MAX_AGE_S = 300
GEMINI_KEY_MAX_AGE_S = 60
SECRET_UNAVAILABLE_MESSAGE = "No se pudo verificar la credencial en este momento. Intenta de nuevo en unos segundos."  # noqa: S105

logger = logging.getLogger(__name__)


class SecretUnavailableError(ServiceUnavailableError):
    def __init__(self, message: str = SECRET_UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


def _get_secret(
    arn: str, transform: str | None = None, *, max_age: int = SECRET_MAX_AGE_S, force_fetch: bool = False
) -> Any:
    """Powertools' cached read; any failure of Secrets Manager or its client becomes SecretUnavailableError."""
    from aws_lambda_powertools.utilities import parameters  # boto3 underneath: only when a secret is really read
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError, TransformParameterError
    from botocore.exceptions import BotoCoreError, ClientError

    read_secret: Callable[..., Any] = parameters.get_secret  # its overloads type `transform` by literal value
    try:
        return read_secret(arn, transform=transform, max_age=max_age, force_fetch=force_fetch)
    except (GetParameterError, TransformParameterError, BotoCoreError, ClientError) as error:
        logger.warning("Secrets Manager did not answer (%s)", type(error).__name__)
        raise SecretUnavailableError() from error


def secret_text(arn: str, *, max_age: int = SECRET_MAX_AGE_S, fresh: bool = False) -> str | None:
    """The plain-string secret at `arn`, stripped; None when it is empty. `fresh` skips the cache."""
    text = str(_get_secret(arn, max_age=max_age, force_fetch=fresh) or "").strip()
    return text or None


def secret_json(arn: str) -> dict[str, Any]:
    """The JSON secret at `arn` (e.g. the Aurora credentials: username, password, host, port, dbname)."""
    value: dict[str, Any] = _get_secret(arn, transform="json")
    return value


def configured_secret(value: str | None, arn: str | None) -> str | None:
    """`value` from the environment when set (local runs), else the secret at `arn` (AWS), else None."""
    if value and value.strip():
        return value.strip()
    return secret_text(arn) if arn else None


def gemini_api_key(settings: Settings, *, fresh: bool = False) -> str | None:
    """GOOGLE_API_KEY, or the plain-string secret at GEMINI_SECRET_ARN (cached a minute; `fresh` reads it now)."""
    if settings.google_api_key and settings.google_api_key.strip():
        return settings.google_api_key.strip()
    arn = settings.gemini_secret_arn
    return secret_text(arn, max_age=GEMINI_KEY_MAX_AGE_S, fresh=fresh) if arn else None

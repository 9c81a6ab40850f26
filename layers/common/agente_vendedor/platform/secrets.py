"""Secrets: a value set in the environment wins; in AWS, Secrets Manager through Powertools parameters.

One cache per container (Powertools keeps each value `SECRET_MAX_AGE_S` seconds), so a rotated secret is picked up
within five minutes and a warm function does not call Secrets Manager on every request.
"""

from __future__ import annotations

from typing import Any

from agente_vendedor.core.settings import Settings

SECRET_MAX_AGE_S = 300


def secret_text(arn: str) -> str | None:
    """The plain-string secret at `arn`, stripped; None when it is empty."""
    from aws_lambda_powertools.utilities import parameters  # boto3 underneath: only when a secret is really read

    text = str(parameters.get_secret(arn, max_age=SECRET_MAX_AGE_S) or "").strip()
    return text or None


def secret_json(arn: str) -> dict[str, Any]:
    """The JSON secret at `arn` (e.g. the Aurora credentials: username, password, host, port, dbname)."""
    from aws_lambda_powertools.utilities import parameters

    value: dict[str, Any] = parameters.get_secret(arn, transform="json", max_age=SECRET_MAX_AGE_S)
    return value


def configured_secret(value: str | None, arn: str | None) -> str | None:
    """`value` from the environment when set (local runs), else the secret at `arn` (AWS), else None."""
    if value and value.strip():
        return value.strip()
    return secret_text(arn) if arn else None


def gemini_api_key(settings: Settings) -> str | None:
    """GOOGLE_API_KEY, or the plain-string secret at GEMINI_SECRET_ARN."""
    return configured_secret(settings.google_api_key, settings.gemini_secret_arn)

"""Staff authentication: a bearer token (AGENTE_ADMIN_TOKEN locally, Secrets Manager in AWS)."""

from __future__ import annotations

import hmac

from agente_vendedor.core.settings import get_settings


def staff_token() -> str | None:
    settings = get_settings()
    if settings.admin_token:
        return settings.admin_token
    if settings.admin_token_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        value = parameters.get_secret(settings.admin_token_secret_arn, max_age=300)
        return str(value) if value else None
    return None


def is_staff_token(candidate: str | None) -> bool:
    expected = staff_token()
    if not candidate or not expected:
        return False
    return hmac.compare_digest(candidate.encode("utf-8", "ignore"), expected.encode("utf-8"))


def bearer_token(authorization_header: str | None) -> str | None:
    if not authorization_header:
        return None
    scheme, _, token = authorization_header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None

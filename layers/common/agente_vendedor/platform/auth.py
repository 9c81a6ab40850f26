"""Staff authentication: a bearer token (AGENTE_ADMIN_TOKEN locally, Secrets Manager in AWS)."""

from __future__ import annotations

import hmac

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.secrets import configured_secret


def staff_token() -> str | None:
    settings = get_settings()
    return configured_secret(settings.admin_token, settings.admin_token_secret_arn)


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

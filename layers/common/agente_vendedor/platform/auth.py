"""The break-glass staff credential: a bearer token (AGENTE_ADMIN_TOKEN locally, Secrets Manager in AWS) that is an
`admin`; everyday staff use their own accounts (`agente_vendedor.staff`).

The expected token is read only when a caller presents one: an anonymous request never reaches Secrets Manager,
so a Secrets Manager outage cannot break the public chat. For a caller that does present a token, the outage is
`SecretUnavailableError` (503), never a 500 and never a silent "not staff".
"""

from __future__ import annotations

import hmac

from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.secrets import configured_secret


def admin_token() -> str | None:
    settings = get_settings()
    return configured_secret(settings.admin_token, settings.admin_token_secret_arn)


def is_admin_token(candidate: str | None) -> bool:
    if not candidate:
        return False  # anonymous: the secret is not read
    expected = admin_token()
    if not expected:
        return False
    return hmac.compare_digest(candidate.encode("utf-8", "ignore"), expected.encode("utf-8"))


def bearer_token(authorization_header: str | None) -> str | None:
    if not authorization_header:
        return None
    scheme, _, token = authorization_header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None

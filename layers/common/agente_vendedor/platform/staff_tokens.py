"""Staff session tokens: short-lived JWTs (HS256) naming the account, its role and the account version they were
issued for. The signing key is AGENTE_JWT_SECRET locally, the secret at JWT_SECRET_ARN in AWS, and it is read only
when a token is issued or presented (an anonymous request never reaches Secrets Manager)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agente_vendedor.core.errors import ServiceUnavailableError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.secrets import configured_secret

ALGORITHM = "HS256"
ISSUER = "agente-vendedor"
AUDIENCE = "personal"
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "rol", "ver"]
LOGIN_NOT_CONFIGURED = (
    "El inicio de sesión del personal no está configurado (falta AGENTE_JWT_SECRET); use el token de emergencia."
)


@dataclass(frozen=True)
class TokenClaims:
    usuario: str
    rol: str
    version: int
    expira_en: datetime


def _signing_key() -> str | None:
    settings = get_settings()
    return configured_secret(settings.jwt_secret, settings.jwt_secret_arn)


def issue(usuario: str, rol: str, version: int, *, now: datetime | None = None) -> tuple[str, datetime]:
    """A signed token for the account and when it expires; ServiceUnavailableError when no key is configured."""
    key = _signing_key()
    if not key:
        raise ServiceUnavailableError(LOGIN_NOT_CONFIGURED)
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    expires = issued + timedelta(seconds=get_settings().staff_token_ttl_s)
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": usuario,
        "rol": rol,
        "ver": version,
        "iat": issued,
        "exp": expires,
    }
    import jwt  # PyJWT loads `cryptography` (~50 ms): only when a staff token is issued or checked

    return jwt.encode(claims, key, algorithm=ALGORITHM), expires


def looks_like_token(candidate: str) -> bool:
    """A compact JWS (three base64url parts, a JSON header): only those are checked against the signing key."""
    return candidate.count(".") == 2 and candidate.startswith("eyJ")


def decode(candidate: str) -> TokenClaims | None:
    """The claims of a valid, unexpired token of ours; None for anything else (never an exception but the key's
    secret being unreadable, a 503)."""
    if not looks_like_token(candidate):
        return None
    key = _signing_key()
    if not key:
        return None
    import jwt

    try:
        payload = jwt.decode(
            candidate,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            audience=AUDIENCE,
            options={"require": _REQUIRED_CLAIMS},
        )
    except jwt.InvalidTokenError:
        return None
    usuario, rol, version = payload.get("sub"), payload.get("rol"), payload.get("ver")
    if not (isinstance(usuario, str) and isinstance(rol, str) and type(version) is int):
        return None
    return TokenClaims(usuario, rol, version, datetime.fromtimestamp(int(payload["exp"]), UTC))

"""Identifiers shaped like the ones API Gateway and X-Ray issue."""

from __future__ import annotations

import base64
import secrets
import string
import time


def gateway_id() -> str:
    """16 characters of base64, like an API Gateway request id or WebSocket connection id."""
    return base64.urlsafe_b64encode(secrets.token_bytes(11)).decode()


def api_id() -> str:
    """10 lower-case letters and digits, like an API Gateway API id."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(10))


def trace_id() -> str:
    return f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}"

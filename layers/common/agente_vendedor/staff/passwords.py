"""Passwords: argon2id hashes (argon2-cffi's defaults, RFC 9106 low-memory profile); never stored or logged as text.

A login for an unknown or disabled account still verifies against a dummy hash, so the answer takes as long as for
a wrong password.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(clave: str) -> str:
    return _hasher.hash(clave)


@cache
def _dummy_hash() -> str:
    return _hasher.hash("clave-de-relleno-para-tiempo-constante")


def verify_password(stored_hash: str | None, clave: str) -> bool:
    """Whether `clave` matches; with no stored hash, the same work against a dummy one, and False."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), clave) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)

"""Staff accounts without a database: the signed tokens, who a token is (account cache, break-glass token), the role
table, password hashing, and the signing key read from Secrets Manager only when a token is issued or presented."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import jwt
import pytest
from argon2 import PasswordHasher
from moto import mock_aws
from pydantic import ValidationError

from agente_vendedor.core.errors import ServiceUnavailableError
from agente_vendedor.core.settings import Settings, get_settings
from agente_vendedor.platform import staff_tokens
from agente_vendedor.staff import authentication, passwords
from agente_vendedor.staff.identity import BREAK_GLASS
from agente_vendedor.staff.roles import ROLE_AREAS, ROLES, Area, reaches
from tests.conftest import STAFF_TOKEN, reset_caches

KEY = os.environ["AGENTE_JWT_SECRET"]  # tests/conftest.py


@pytest.fixture
def accounts(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, authentication.AccountState]]:
    """Account states as the database would give them (a dict instead of PostgreSQL)."""
    known: dict[str, authentication.AccountState] = {
        "ana": authentication.AccountState("ana", "Ana Gómez", "ventas", activo=True, version=4),
        "ivan": authentication.AccountState("ivan", "Iván", "inventario", activo=False, version=2),
    }
    monkeypatch.setattr(authentication, "_load_account", known.get)
    authentication.ACCOUNTS.clear()
    yield known
    authentication.ACCOUNTS.clear()


# --- tokens -------------------------------------------------------------------------------------------------------


def test_an_issued_token_decodes_to_its_account_role_and_version() -> None:
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    token, expires = staff_tokens.issue("ana", "ventas", 4, now=now)
    assert expires == now + timedelta(seconds=get_settings().staff_token_ttl_s)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "HS256"
    assert jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_exp": False}, audience="personal")["sub"] == (
        "ana"
    )
    fresh, _ = staff_tokens.issue("ana", "ventas", 4)
    claims = staff_tokens.decode(fresh)
    assert claims is not None and (claims.usuario, claims.rol, claims.version) == ("ana", "ventas", 4)


def _signed(payload: dict[str, Any], key: str = KEY, algorithm: str = "HS256") -> str:
    base = {"iss": "agente-vendedor", "aud": "personal", "sub": "ana", "rol": "ventas", "ver": 4}
    now = datetime.now(UTC)
    return jwt.encode({**base, "iat": now, "exp": now + timedelta(minutes=5), **payload}, key, algorithm=algorithm)


@pytest.mark.parametrize(
    "token",
    [
        _signed({"exp": datetime.now(UTC) - timedelta(seconds=1)}),  # expired
        _signed({}, key="otra-clave-de-firma-que-no-es-la-nuestra-" + "0" * 30),  # someone else's key
        _signed({"iss": "otro-emisor"}),
        _signed({"aud": "clientes"}),
        _signed({"ver": "4"}),  # a version that is not a number
        _signed({}, algorithm="HS512"),  # only HS256 is accepted
        jwt.encode({"sub": "ana", "rol": "admin", "ver": 4}, None, algorithm="none"),  # unsigned
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.firma-inventada",
        "no-es-un-jwt",
        "",
    ],
)
def test_anything_but_a_valid_token_of_ours_decodes_to_nothing(token: str) -> None:
    assert staff_tokens.decode(token) is None


def test_a_tampered_role_breaks_the_signature() -> None:
    token, _ = staff_tokens.issue("ana", "ventas", 4)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "rol": "admin"}).encode()).rstrip(b"=").decode()
    assert staff_tokens.decode(f"{header}.{forged}.{signature}") is None


def test_without_a_signing_key_no_token_is_issued_and_none_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    token, _ = staff_tokens.issue("ana", "ventas", 4)
    monkeypatch.setenv("AGENTE_JWT_SECRET", "")
    get_settings.cache_clear()
    try:
        with pytest.raises(ServiceUnavailableError) as raised:
            staff_tokens.issue("ana", "ventas", 4)
        assert "AGENTE_JWT_SECRET" in raised.value.message
        assert staff_tokens.decode(token) is None
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_account_cache_lives_at_most_60_seconds() -> None:
    with pytest.raises(ValidationError):
        Settings(staff_cache_ttl_s=61)
    assert Settings(staff_cache_ttl_s=60).staff_cache_ttl_s == 60


# --- who a token is -----------------------------------------------------------------------------------------------


def test_a_token_is_its_account_while_active_at_the_same_version(accounts: dict[str, Any]) -> None:
    token, expires = staff_tokens.issue("ana", "ventas", 4)
    staff = authentication.authenticate(token)
    assert staff is not None
    assert (staff.usuario, staff.rol, staff.nombre, staff.version, staff.expira_en) == (
        "ana",
        "ventas",
        "Ana Gómez",
        4,
        expires,
    )
    assert authentication.authenticate(staff_tokens.issue("ana", "ventas", 3)[0]) is None  # an older version
    assert authentication.authenticate(staff_tokens.issue("ivan", "inventario", 2)[0]) is None  # disabled
    assert authentication.authenticate(staff_tokens.issue("nadie", "admin", 1)[0]) is None  # no such account


def test_the_role_is_the_accounts_current_one_not_the_tokens(accounts: dict[str, Any]) -> None:
    staff = authentication.authenticate(staff_tokens.issue("ana", "admin", 4)[0])
    assert staff is not None and staff.rol == "ventas"


def test_the_account_is_read_once_per_cache_lifetime(
    accounts: dict[str, authentication.AccountState], monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    now = [0.0]
    monkeypatch.setattr(authentication.ACCOUNTS, "clock", lambda: now[0])
    monkeypatch.setattr(authentication, "_load_account", lambda usuario: reads.append(usuario) or accounts.get(usuario))
    token, _ = staff_tokens.issue("ana", "ventas", 4)
    for _ in range(3):
        assert authentication.authenticate(token) is not None
    assert reads == ["ana"]
    accounts["ana"] = authentication.AccountState("ana", "Ana Gómez", "ventas", activo=False, version=5)
    now[0] += get_settings().staff_cache_ttl_s
    assert authentication.authenticate(token) is None
    assert reads == ["ana", "ana"]


def test_the_break_glass_token_is_an_admin_and_anything_else_is_nobody(accounts: dict[str, Any]) -> None:
    assert authentication.authenticate(STAFF_TOKEN) == BREAK_GLASS
    assert BREAK_GLASS.rol == "admin" and ":" in BREAK_GLASS.usuario  # never the name of an account
    for token in (None, "", "otro-token", STAFF_TOKEN + "x"):
        assert authentication.authenticate(token) is None
    assert authentication.still_valid(BREAK_GLASS.usuario, None) == BREAK_GLASS
    assert authentication.still_valid("ana", 4) is not None
    assert authentication.still_valid("ana", 3) is None
    assert authentication.still_valid(None, None) is None  # a staff connection recorded without its account


# --- roles --------------------------------------------------------------------------------------------------------


def test_the_role_table_follows_the_contract() -> None:
    assert set(ROLES) == set(ROLE_AREAS) == {"admin", "ventas", "inventario"}
    assert ROLE_AREAS["admin"] == frozenset(Area)
    assert {a.value for a in ROLE_AREAS["ventas"]} == {
        "panel", "chats", "pedidos", "ventas", "clientes", "exportes", "metricas",
    }  # fmt: skip
    assert {a.value for a in ROLE_AREAS["inventario"]} == {"panel", "catalogo", "empresa"}
    assert not reaches("desconocido", Area.PANEL)


# --- passwords ----------------------------------------------------------------------------------------------------


def test_passwords_are_salted_argon2id_hashes() -> None:
    first, second = passwords.hash_password("una clave larga"), passwords.hash_password("una clave larga")
    assert first.startswith("$argon2id$") and first != second and "una clave" not in first
    assert passwords.verify_password(first, "una clave larga")
    assert not passwords.verify_password(first, "otra clave larga")
    assert not passwords.verify_password("no-es-un-hash", "una clave larga")


def test_an_unknown_account_costs_the_same_hashing_work(monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher())
    assert passwords.verify_password(None, "clave-de-relleno-para-tiempo-constante") is False
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")


# --- the signing key in AWS ---------------------------------------------------------------------------------------


def test_the_signing_key_is_read_from_secrets_manager_only_for_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    from aws_lambda_powertools.utilities import parameters
    from aws_lambda_powertools.utilities.parameters.base import clear_caches

    reads: list[str] = []
    real_get_secret = parameters.get_secret

    def counted(arn: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(arn)
        return real_get_secret(arn, *args, **kwargs)

    with mock_aws():
        boto3.client("secretsmanager", region_name="us-east-1").create_secret(
            Name="agente/jwt", SecretString="clave-de-firma-en-secrets-manager-de-64-caracteres-000000000000"
        )
        monkeypatch.setattr(parameters, "get_secret", counted)
        monkeypatch.setenv("AGENTE_JWT_SECRET", "")
        monkeypatch.setenv("JWT_SECRET_ARN", "agente/jwt")
        clear_caches()
        reset_caches()
        try:
            assert authentication.authenticate(None) is None
            assert staff_tokens.decode("no-es-un-jwt") is None
            assert reads == []
            token, _ = staff_tokens.issue("ana", "ventas", 4)
            assert staff_tokens.decode(token) is not None
            assert reads == ["agente/jwt", "agente/jwt"]
        finally:
            clear_caches()
            monkeypatch.undo()
            reset_caches()

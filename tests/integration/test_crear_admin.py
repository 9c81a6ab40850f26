"""`python -m agente_vendedor.ops.crear_admin` (`make crear-admin`): the first admin account, its password from
AGENTE_ADMIN_CLAVE or typed twice, never an argument."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agente_vendedor.db.engine import session_scope
from agente_vendedor.db.models import StaffAccount
from agente_vendedor.ops import crear_admin
from agente_vendedor.staff.passwords import verify_password

pytestmark = pytest.mark.integration


def _stored() -> list[tuple[str, str, str, bool]]:
    with session_scope() as session:
        rows = session.scalars(select(StaffAccount)).all()
        return [(a.usuario, a.nombre, a.rol, verify_password(a.clave_hash, "clave-del-admin-2026")) for a in rows]


def test_the_password_comes_from_the_environment(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AGENTE_ADMIN_CLAVE", "clave-del-admin-2026")
    assert crear_admin.main(["--usuario", "Ana", "--nombre", "Ana Gómez"]) == 0
    assert _stored() == [("ana", "Ana Gómez", "admin", True)]
    assert "Administrador 'ana' creado" in capsys.readouterr().out
    assert crear_admin.main(["--usuario", "ana"]) == 1  # already there
    assert "Ya existe" in capsys.readouterr().err


def test_the_password_is_typed_twice(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AGENTE_ADMIN_CLAVE", raising=False)
    typed = iter(["clave-del-admin-2026", "clave-del-admin-2026"])
    monkeypatch.setattr(crear_admin.getpass, "getpass", lambda prompt: next(typed))
    assert crear_admin.main(["--usuario", "luis"]) == 0
    assert _stored() == [("luis", "luis", "admin", True)]


@pytest.mark.parametrize(
    ("usuario", "typed", "error"),
    [
        ("luis", ["clave-del-admin-2026", "otra-clave-distinta"], "no coinciden"),
        ("luis", ["corta", "corta"], "La clave: "),
        ("con espacio", ["clave-del-admin-2026"] * 2, "El usuario: "),
        ("agente", ["clave-del-admin-2026"] * 2, "reservado"),
    ],
)
def test_a_bad_account_is_not_created(
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    usuario: str,
    typed: list[str],
    error: str,
) -> None:
    monkeypatch.delenv("AGENTE_ADMIN_CLAVE", raising=False)
    answers = iter(typed)
    monkeypatch.setattr(crear_admin.getpass, "getpass", lambda prompt: next(answers))
    assert crear_admin.main(["--usuario", usuario]) == 1
    assert error in capsys.readouterr().err
    assert _stored() == []

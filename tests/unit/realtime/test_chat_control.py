"""chat_control: pause/resume, and the advisor's reply stored and pushed to every open connection of the chat; each
action updates the conversation's inbox row (recorded here; the row itself is tested on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy.orm import Session

from agente_vendedor.commerce import audit
from agente_vendedor.conversation import chat_ownership, inbox, session_memory
from agente_vendedor.realtime import chat_control, connections
from agente_vendedor.schemas.inbox import ChatSummary
from tests.conftest import reset_caches

from .conftest import ManagementApi

LOCAL_ENDPOINT = "http://127.0.0.1:8001/local"


class _RecordingSession:
    """Stands in for the database session: audit.record_event is replaced, rows added are kept."""

    def __init__(self) -> None:
        self.added: list[Any] = []

    def add(self, row: Any) -> None:
        self.added.append(row)


RECORDED = _RecordingSession()
NO_DB = cast(Session, RECORDED)


@pytest.fixture
def inbox_actions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool, bool]]:
    """The inbox row updates (chat_id, paused, resolves), recorded instead of written."""
    actions: list[tuple[str, bool, bool]] = []

    def record(_db: Session, chat_id: str, *, paused: bool, resolves: bool) -> ChatSummary:
        actions.append((chat_id, paused, resolves))
        return ChatSummary(
            chat_id=chat_id, ultimo_mensaje="", actualizado=datetime.now(UTC), estado_venta=None, total_pedido=None,
            pausado=paused, requiere_asesor=False, motivo=None,
        )  # fmt: skip

    monkeypatch.setattr(inbox, "record_staff_action", record)
    return actions


@pytest.fixture
def audited(
    monkeypatch: pytest.MonkeyPatch, aws: None, inbox_actions: list[tuple[str, bool, bool]]
) -> list[tuple[str, dict[str, Any]]]:
    """Audit events, recorded instead of written (no database in unit tests); sessions are real (moto)."""
    events: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        audit, "record_event", lambda _db, tipo, actor, **detail: events.append((tipo, {"actor": actor, **detail}))
    )
    monkeypatch.setenv("WS_ENDPOINT_URL", LOCAL_ENDPOINT)
    reset_caches()
    return events


def test_pause_and_resume(
    audited: list[tuple[str, dict[str, Any]]], inbox_actions: list[tuple[str, bool, bool]]
) -> None:
    assert chat_control.set_paused(NO_DB, "c1", True, actor="ana").pausado is True
    assert session_memory.is_paused("c1")
    assert chat_control.set_paused(NO_DB, "c1", False, actor="luis").pausado is False
    assert not session_memory.is_paused("c1")
    assert audited == [
        ("chat_pausado", {"actor": "ana", "chat_id": "c1"}),
        ("chat_reanudado", {"actor": "luis", "chat_id": "c1"}),
    ]
    # pausing only flags the chat; resuming also settles whatever needed a person
    assert inbox_actions == [("c1", True, False), ("c1", False, True)]


def test_staff_reply_reaches_every_connection_of_the_chat_and_forgets_gone_ones(
    audited: list[tuple[str, dict[str, Any]]], management: Callable[[str], ManagementApi]
) -> None:
    owner = chat_ownership.open_for_message("c1", None, staff=False).chat_token
    for connection_id, chat_id, token in [("a1=", "c1", owner), ("a2=", "c1", owner), ("muerta=", "c1", owner),
                                          ("intruso=", "c1", None), ("ajeno=", "c1", "otro-secreto"),
                                          ("otro=", "c2", None)]:  # fmt: skip
        connections.put_connection(connections.new_record(connection_id, chat_id, staff=False, chat_token=token))
    connections.put_connection(connections.new_record("personal=", "c1", staff=True, usuario="token:admin"))
    api = management(LOCAL_ENDPOINT)
    api.gone.add("muerta=")
    chat_control.set_paused(NO_DB, "c1", True, actor="ana")
    reply = chat_control.staff_reply(NO_DB, "c1", "Hola, soy Ana, asesora de Sextinvalle.", actor="ana")
    assert (reply.conexiones, reply.pausado) == (3, True)
    assert [(m.rol, m.contenido) for m in session_memory.history("c1")] == [
        ("asesor", "Hola, soy Ana, asesora de Sextinvalle.")
    ]
    assert audited[-1] == ("respuesta_asesor", {"actor": "ana", "chat_id": "c1", "conexiones": 3})
    # a connection without the conversation's secret (opened before the chat started, or with a wrong one) gets nothing
    assert sorted(target for target, _ in api.posts) == ["a1=", "a2=", "muerta=", "personal="]
    for _, event in api.posts:
        assert event["type"] == "asesor"
        assert event["chat_id"] == "c1"
        assert event["mensaje"] == "Hola, soy Ana, asesora de Sextinvalle."
    assert connections.get_connection("muerta=") is None
    assert connections.get_connection("a1=") is not None
    assert connections.get_connection("otro=") is not None


def test_staff_reply_without_connections_is_only_stored(
    audited: list[tuple[str, dict[str, Any]]], inbox_actions: list[tuple[str, bool, bool]]
) -> None:
    RECORDED.added.clear()
    reply = chat_control.staff_reply(NO_DB, "c9", "¿Sigues ahí?", actor="ana")
    assert inbox_actions == [("c9", False, True)], "a reply settles whatever needed a person"
    assert reply.resumen.chat_id == "c9"
    assert [(row.rol, row.contenido) for row in RECORDED.added] == [("asesor", "¿Sigues ahí?")], "kept for exports"
    assert (reply.conexiones, reply.pausado) == (0, False)
    assert [(m.rol, m.contenido) for m in session_memory.history("c9")] == [("asesor", "¿Sigues ahí?")]


def test_a_push_reaches_a_staff_connection_only_while_its_account_allows_it(
    audited: list[tuple[str, dict[str, Any]]],
    management: Callable[[str], ManagementApi],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agente_vendedor.staff import authentication

    accounts = {
        "ana": authentication.AccountState("ana", "Ana", "ventas", activo=True, version=3),
        "luis": authentication.AccountState("luis", "Luis", "ventas", activo=False, version=1),  # disabled
        "eva": authentication.AccountState("eva", "Eva", "ventas", activo=True, version=2),  # password changed
        "ivan": authentication.AccountState("ivan", "Iván", "inventario", activo=True, version=1),  # role changed
    }
    monkeypatch.setattr(authentication, "_load_account", accounts.get)
    for connection_id, usuario, version in [("ana=", "ana", 3), ("luis=", "luis", 1), ("eva=", "eva", 1),
                                            ("ivan=", "ivan", 1), ("viejo=", None, None)]:  # fmt: skip
        record = connections.new_record(connection_id, "c1", staff=True, usuario=usuario, version=version)
        connections.put_connection(record)
    api = management(LOCAL_ENDPOINT)
    reply = chat_control.staff_reply(NO_DB, "c1", "Hola", actor="ana")
    assert reply.conexiones == 1
    assert [target for target, _ in api.posts] == ["ana="]

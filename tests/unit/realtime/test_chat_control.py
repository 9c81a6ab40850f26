"""chat_control: pause/resume, and the advisor's reply stored and pushed to every open connection of the chat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from agente_vendedor import audit, chat_control, connection_store, session_store

from tests.conftest import reset_caches

from .conftest import ManagementApi

LOCAL_ENDPOINT = "http://127.0.0.1:8001/local"


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, aws: None) -> dict[str, list[Any]]:
    """session_store and audit calls, recorded instead of performed (no database in unit tests)."""
    calls: dict[str, list[Any]] = {"paused": [], "messages": [], "audit": []}
    state: dict[str, bool] = {}

    def set_paused(chat_id: str, paused: bool) -> None:
        state[chat_id] = paused
        calls["paused"].append((chat_id, paused))

    monkeypatch.setattr(session_store, "set_paused", set_paused)
    monkeypatch.setattr(session_store, "is_paused", lambda chat_id: state.get(chat_id, False))
    monkeypatch.setattr(
        session_store,
        "append_message",
        lambda chat_id, rol, contenido, **_: calls["messages"].append((chat_id, rol, contenido)),
    )
    monkeypatch.setattr(audit, "record_event", lambda _db, tipo, actor, **detail: calls["audit"].append((tipo, detail)))
    monkeypatch.setenv("WS_ENDPOINT_URL", LOCAL_ENDPOINT)
    reset_caches()
    return calls


def test_pause_and_resume(recorded: dict[str, list[Any]]) -> None:
    assert chat_control.set_paused(None, "c1", True) is True  # type: ignore[arg-type]
    assert chat_control.set_paused(None, "c1", False) is False  # type: ignore[arg-type]
    assert recorded["paused"] == [("c1", True), ("c1", False)]
    assert [tipo for tipo, _ in recorded["audit"]] == ["chat_pausado", "chat_reanudado"]


def test_staff_reply_reaches_every_connection_of_the_chat_and_forgets_gone_ones(
    recorded: dict[str, list[Any]], management: Callable[[str], ManagementApi]
) -> None:
    for connection_id, chat_id in [("a1=", "c1"), ("a2=", "c1"), ("muerta=", "c1"), ("otro=", "c2")]:
        connection_store.put_connection(connection_store.new_record(connection_id, chat_id, staff=False))
    api = management(LOCAL_ENDPOINT)
    api.gone.add("muerta=")
    chat_control.set_paused(None, "c1", True)  # type: ignore[arg-type]
    reply = chat_control.staff_reply(None, "c1", "Hola, soy Ana, asesora de Sextinvalle.")  # type: ignore[arg-type]
    assert (reply.conexiones, reply.pausado) == (2, True)
    assert recorded["messages"] == [("c1", "asesor", "Hola, soy Ana, asesora de Sextinvalle.")]
    assert sorted(target for target, _ in api.posts) == ["a1=", "a2=", "muerta="]
    for _, event in api.posts:
        assert event["type"] == "asesor"
        assert event["chat_id"] == "c1"
        assert event["mensaje"] == "Hola, soy Ana, asesora de Sextinvalle."
    assert connection_store.get_connection("muerta=") is None
    assert connection_store.get_connection("a1=") is not None
    assert connection_store.get_connection("otro=") is not None


def test_staff_reply_without_connections_is_only_stored(recorded: dict[str, list[Any]]) -> None:
    reply = chat_control.staff_reply(None, "c9", "¿Sigues ahí?")  # type: ignore[arg-type]
    assert reply.conexiones == 0
    assert recorded["messages"] == [("c9", "asesor", "¿Sigues ahí?")]

"""conversation.chat_ownership: the first message claims a chat_id; later requests need its token (contract §2)."""

from __future__ import annotations

import pytest

from agente_vendedor.conversation import chat_ownership, session_memory
from agente_vendedor.core.errors import ForbiddenError


def test_the_first_message_claims_the_chat_and_only_its_token_opens_it_again(aws: None) -> None:
    first = chat_ownership.open_for_message("c1", None, staff=False)
    assert first.claimed_now and first.chat_token and len(first.chat_token) >= 40
    again = chat_ownership.open_for_message("c1", first.chat_token, staff=False)
    assert (again.claimed_now, again.chat_token) == (False, first.chat_token)
    for wrong in (None, "", "adivinado", first.chat_token + "x", first.chat_token.upper()):
        with pytest.raises(ForbiddenError, match="chat_token"):
            chat_ownership.open_for_message("c1", wrong, staff=False)


def test_only_the_hash_is_stored(aws: None) -> None:
    token = chat_ownership.open_for_message("c1", None, staff=False).chat_token
    assert token is not None
    stored = session_memory.owner_hash("c1")
    assert stored == chat_ownership.token_hash(token) and token not in stored


def test_staff_open_any_conversation_without_getting_its_token(aws: None) -> None:
    token = chat_ownership.open_for_message("c1", None, staff=False).chat_token
    staff = chat_ownership.open_for_message("c1", None, staff=True)
    assert (staff.staff, staff.chat_token, staff.claimed_now) == (True, None, False)
    assert chat_ownership.open_for_message("c1", token, staff=True).chat_token == token


def test_a_first_message_that_loses_the_race_to_claim_the_chat_is_refused(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read "nobody owns it"; the conditional write lets only the first claim it (DynamoDB's guarantee; moto's
    in-memory table does not lock, so the race is staged instead of run on threads)."""
    winner = chat_ownership.open_for_message("carrera", None, staff=False).chat_token
    real_owner_hash = session_memory.owner_hash
    reads = iter([None])  # the loser's first read happened before the winner's write
    monkeypatch.setattr(session_memory, "owner_hash", lambda chat_id: next(reads, real_owner_hash(chat_id)))
    with pytest.raises(ForbiddenError):
        chat_ownership.open_for_message("carrera", None, staff=False)
    assert not session_memory.claim_owner("carrera", chat_ownership.token_hash("otro"))
    assert chat_ownership.verified_token("carrera", winner, staff=False) == winner


def test_sessions_table_down_is_a_spanish_503(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import EndpointConnectionError

    from agente_vendedor.core.errors import ServiceUnavailableError

    def down(chat_id: str) -> str | None:
        raise EndpointConnectionError(endpoint_url="https://dynamodb")

    monkeypatch.setattr(session_memory, "owner_hash", down)
    for call in (
        lambda: chat_ownership.open_for_message("c1", None, staff=False),
        lambda: chat_ownership.verified_token("c1", "t", staff=False),
    ):
        with pytest.raises(ServiceUnavailableError, match="Intenta de nuevo"):
            call()


def test_a_failed_first_turn_leaves_the_chat_unused(aws: None) -> None:
    access = chat_ownership.open_for_message("c1", None, staff=False)
    access.release_if_new()
    assert session_memory.owner_hash("c1") is None
    later = chat_ownership.open_for_message("c1", None, staff=False)
    assert later.claimed_now and later.chat_token != access.chat_token
    # releasing is only for the claim that failed, never for one that someone else holds now
    access.release_if_new()
    assert session_memory.owner_hash("c1") == chat_ownership.token_hash(later.chat_token or "")


def test_pausing_keeps_the_conversation_secret(aws: None) -> None:
    token = chat_ownership.open_for_message("c1", None, staff=False).chat_token
    session_memory.set_paused("c1", True)
    session_memory.set_paused("c1", False)
    assert chat_ownership.verified_token("c1", token, staff=False) == token


def test_reading_an_unused_chat_proves_nothing_and_needs_nothing(aws: None) -> None:
    assert chat_ownership.verified_token("nadie", None, staff=False) is None
    assert chat_ownership.verified_token("nadie", "cualquiera", staff=False) is None

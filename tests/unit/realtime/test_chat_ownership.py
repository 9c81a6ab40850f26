"""conversation.chat_ownership: the first message claims a chat_id; later requests need its token (contract §2)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

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


def test_of_many_first_messages_at_once_exactly_one_claims_the_chat(aws: None) -> None:
    def attempt(_: int) -> str | None:
        try:
            return chat_ownership.open_for_message("carrera", None, staff=False).chat_token
        except ForbiddenError:
            return None

    with ThreadPoolExecutor(8) as pool:
        tokens = list(pool.map(attempt, range(16)))
    winners = [t for t in tokens if t]
    assert len(winners) == 1
    assert chat_ownership.verified_token("carrera", winners[0], staff=False) == winners[0]


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

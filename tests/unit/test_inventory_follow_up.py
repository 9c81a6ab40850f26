"""A question that names no product ("¿y cuánto vale?") is about the products the previous answer showed."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("message", "follow_up"),
    [("cuanto vale?", True), ("¿y de qué marca es?", True), ("cuántos quedan", True), ("y el precio?", True),
     ("tienen camillas?", False), ("cuanto vale el casco", False), ("", False)],
)  # fmt: skip
def test_follow_up_questions_refer_to_the_previous_products(message: str, follow_up: bool) -> None:
    from agente_vendedor.conversation.intents.inventory import refers_to_previous_products

    assert refers_to_previous_products(message) is follow_up

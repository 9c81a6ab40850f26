"""A domain listing (`(items, total)`) turned into the contract's `Page`, each item converted to its schema."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from agente_vendedor.schemas.common import Page

T = TypeVar("T")


def to_page(found: tuple[Sequence[Any], int], convert: Callable[[Any], T], limit: int, offset: int) -> Page[T]:
    items, total = found
    return Page[T](items=[convert(item) for item in items], total=total, limit=limit, offset=offset)

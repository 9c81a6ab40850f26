"""One page of a query and how many rows match in all: what every listing (`Page` in the contract) returns."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def fetch_page(session: Session, query: Select[Any], *order_by: Any, limit: int, offset: int) -> tuple[list[Any], int]:
    """`limit` rows of `query` from `offset`, in `order_by` order, and the count of all its rows."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*order_by).limit(limit).offset(offset)).unique().all()
    return list(rows), total

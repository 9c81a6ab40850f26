"""`desde`/`hasta` filters (sales listing, exports): a date or an ISO-8601 datetime, in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time


def as_utc_datetime(value: date | datetime | None, *, end_of_day: bool = False) -> datetime | None:
    """A date means the whole day (from its first or to its last microsecond); naive datetimes are UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.max if end_of_day else time.min, tzinfo=UTC)

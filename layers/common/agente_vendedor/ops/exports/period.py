"""The `desde`/`hasta` filter of an export, turned into SQL literals (COPY cannot take bind parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from agente_vendedor.core.date_filters import as_utc_datetime
from agente_vendedor.core.errors import InvalidInputError


@dataclass(frozen=True)
class Period:
    desde: datetime | None = None
    hasta: datetime | None = None  # inclusive

    @classmethod
    def from_query(cls, desde: date | datetime | None, hasta: date | datetime | None) -> Period:
        period = cls(as_utc_datetime(desde), as_utc_datetime(hasta, end_of_day=True))
        if period.desde and period.hasta and period.desde > period.hasta:
            raise InvalidInputError("La fecha 'desde' debe ser anterior o igual a 'hasta'.")
        return period

    def condition(self, column: str) -> str:
        """A SQL condition on a timestamptz column. The literals come from datetime objects, never from raw input."""
        parts = []
        if self.desde:
            parts.append(f"{column} >= '{self.desde.isoformat()}'::timestamptz")
        if self.hasta:
            parts.append(f"{column} <= '{self.hasta.isoformat()}'::timestamptz")
        return " AND ".join(parts) or "TRUE"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "desde": self.desde.isoformat() if self.desde else None,
            "hasta": self.hasta.isoformat() if self.hasta else None,
        }

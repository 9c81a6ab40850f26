"""What the agent proposed last turn that a plain "sí" accepts (stored with the agent's message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Offer:
    """Something the agent proposed last turn: add these units or set them (stock), which a plain "sí" accepts; or
    "elegir": several products fit, the customer picks one (by name or position) and gets the units asked for."""

    accion: str  # "agregar" | "ajustar" | "elegir"
    items: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"accion": self.accion, "items": self.items}

    @classmethod
    def from_json(cls, data: Any) -> Offer | None:
        if not isinstance(data, dict) or data.get("accion") not in {"agregar", "ajustar", "elegir"}:
            return None
        items = {str(k): int(v) for k, v in (data.get("items") or {}).items() if isinstance(v, int | float) and v > 0}
        return cls(str(data["accion"]), items) if items else None

    @property
    def acceptable(self) -> bool:
        """A plain "sí" accepts it (a choice needs the customer to say which)."""
        return self.accion != "elegir"

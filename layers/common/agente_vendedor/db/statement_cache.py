"""pg8000 rewrites every statement's placeholders (`%s` → `$1`) by scanning the SQL text character by character in
Python, on every execution: ~0.5 ms for a turn's longer statements (the inbox upsert, the message inserts). The
rewrite depends only on the placeholder style and the text, so it is memoised here; the arguments are mapped exactly
as pg8000 maps them (positional styles pass them through, named styles pick them by name)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pg8000.dbapi
import pg8000.legacy

_ORIGINAL = pg8000.dbapi.convert_paramstyle


class _Names(dict[Any, Any]):
    """Stands for the arguments while the statement is scanned: a named style asks for each name and gets it back."""

    def __missing__(self, key: Any) -> Any:
        return key


@lru_cache(maxsize=2048)
def _rewrite(style: str, query: str) -> tuple[str, tuple[Any, ...] | None]:
    names = _Names()
    statement, picked = _ORIGINAL(style, query, names)
    return statement, (None if picked is names else tuple(picked))


def convert_paramstyle(style: str, query: str, args: Any) -> tuple[str, Any]:
    statement, names = _rewrite(style, query)
    return statement, (args if names is None else tuple(args[name] for name in names))


def install() -> None:
    """Once per process, before the first statement (idempotent)."""
    pg8000.dbapi.convert_paramstyle = convert_paramstyle
    pg8000.legacy.convert_paramstyle = convert_paramstyle

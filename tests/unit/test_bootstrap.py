"""ops.bootstrap: the SnapStart runtime hooks (the Lambda runtime's `snapshot_restore_py`, faked here), the primers
they run before the snapshot, and what a restore refreshes."""

from __future__ import annotations

import random
import sys
import types
from collections.abc import Callable, Iterator

import pytest

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db import engine
from agente_vendedor.ops import bootstrap


class FakeRuntimeHooks(types.ModuleType):
    def __init__(self) -> None:
        super().__init__("snapshot_restore_py")
        self.before: list[Callable[[], None]] = []
        self.after: list[Callable[[], None]] = []

    def register_before_snapshot(self, hook: Callable[[], None]) -> None:
        self.before.append(hook)

    def register_after_restore(self, hook: Callable[[], None]) -> None:
        self.after.append(hook)


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRuntimeHooks]:
    runtime = FakeRuntimeHooks()
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", runtime)
    monkeypatch.setattr(bootstrap, "_primers", [])
    monkeypatch.setattr(bootstrap, "_hooks_registered", False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+pg8000://agente:agente@127.0.0.1:5432/sin_conexion")
    get_settings.cache_clear()
    yield runtime
    get_settings.cache_clear()


def test_primers_run_before_the_snapshot_not_at_init(hooks: FakeRuntimeHooks, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    created: list[bool] = []
    monkeypatch.setattr(bootstrap, "_create_engine", lambda: created.append(True))
    bootstrap.prepare_container(primers=[lambda: ran.append("lexicons")])
    bootstrap.prepare_container(primers=[lambda: ran.append("second")])  # a second call registers no second hook
    assert ran == [] and created == []  # init: nothing heavy yet
    assert len(hooks.before) == 1 and len(hooks.after) == 1
    hooks.before[0]()
    assert ran == ["lexicons", "second"]
    assert created == [True]  # the database engine (no connection) is primed too


def test_without_the_runtime_hooks_nothing_is_primed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)  # not importable: the local stack, tests
    monkeypatch.setattr(bootstrap, "_primers", [])
    monkeypatch.setattr(bootstrap, "_hooks_registered", False)
    ran: list[str] = []
    bootstrap.prepare_container(primers=[lambda: ran.append("lexicons")])
    assert ran == [] and not bootstrap._hooks_registered


def test_a_restore_reseeds_random_and_drops_pooled_connections(
    hooks: FakeRuntimeHooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    disposed: list[bool] = []

    class Engine:
        def dispose(self, *, close: bool) -> None:
            disposed.append(close)

    monkeypatch.setattr(engine, "_engine", Engine())
    bootstrap.prepare_container()
    random.seed(1234)  # the state every environment restored from one snapshot would share
    shared = random.getstate()
    hooks.after[0]()
    assert random.getstate() != shared
    assert disposed == [False]  # the pool is emptied; connections checked out elsewhere are not closed

"""End-to-end tests talk to ``python -m local_stack.dev`` started as a subprocess, over HTTP and WebSocket."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_stack.subprocess_stack import RunningStack, StackStartError, run_local_stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    log_path = tmp_path_factory.mktemp("local_stack") / "stack.log"
    demo_data = os.environ.get("AGENTE_DEMO_DATA", "1") != "0"
    try:
        with run_local_stack(demo_data=demo_data, log_path=log_path) as stack:
            yield stack
    except StackStartError as error:
        pytest.fail(str(error))

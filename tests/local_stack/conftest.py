"""Tests of the local stack itself (local_stack/).

The pure ones (events, routes, CORS) never touch the network: pytest-socket blocks every socket but Unix ones,
as for tests/unit. Those marked ``integration`` (the gateway over real sockets, moto_server, the embedded
PostgreSQL) keep real sockets. tests/conftest.py still sets the safe defaults (dummy AWS credentials, no LLM key).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import pytest_socket


@pytest.fixture(autouse=True)
def _no_network_unless_integration(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("integration") is not None:
        yield
        return
    pytest_socket.disable_socket(allow_unix_socket=True)
    yield
    pytest_socket.enable_socket()

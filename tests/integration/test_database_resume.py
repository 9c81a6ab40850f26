"""Aurora auto-pause, as the engine sees it on a real PostgreSQL: the first connection after a pause waits for the
server to come back (refused meanwhile) instead of failing, and a connection the server closed for being idle (what
lets Aurora pause while containers stay warm) is replaced on the next checkout without an error in the logs."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import text

from agente_vendedor.core.settings import Settings
from agente_vendedor.db.engine import build_engine

pytestmark = pytest.mark.integration
RESUMING_PORT = 8651  # this helper's port range; nothing listens while "resuming"


class ResumingProxy:
    """Nothing listens on the port until `resume()`; then every connection is piped to the real server."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener: socket.socket | None = None
        self.accepted = 0

    def resume(self) -> None:
        listener = socket.create_server(("127.0.0.1", RESUMING_PORT), reuse_port=False)
        self.listener = listener
        threading.Thread(target=self._serve, args=(listener,), daemon=True).start()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            self.accepted += 1
            upstream = socket.create_connection(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()

    def close(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            self.listener.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxy(database_url: str) -> Iterator[tuple[ResumingProxy, str]]:
    parts = urlsplit(database_url)
    resuming = ResumingProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    netloc = parts.netloc.rsplit("@", 1)
    through_proxy = urlunsplit(parts._replace(netloc=f"{netloc[0]}@127.0.0.1:{RESUMING_PORT}"))
    yield resuming, through_proxy
    resuming.close()


def test_the_first_connection_waits_for_the_database_to_resume(proxy: tuple[ResumingProxy, str]) -> None:
    resuming, url = proxy
    engine = build_engine(url, Settings(db_connect_timeout_s=15))
    threading.Timer(1.5, resuming.resume).start()  # refused until then, like a paused Aurora
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    assert resuming.accepted == 1
    engine.dispose()


def test_a_database_that_stays_away_fails_once_the_connect_budget_is_spent(proxy: tuple[ResumingProxy, str]) -> None:
    _, url = proxy
    engine = build_engine(url, Settings(db_connect_timeout_s=1))
    with pytest.raises(Exception, match=r"(?i)connect|refused|network"):
        engine.connect()
    engine.dispose()


def test_a_server_that_answers_no_is_not_retried(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    wrong = urlunsplit(urlsplit(database_url)._replace(path="/no_existe_esta_base"))
    engine = build_engine(wrong, Settings(db_connect_timeout_s=15))
    with caplog.at_level(logging.INFO, logger="agente_vendedor.db.engine"), pytest.raises(Exception, match="3D000"):
        engine.connect()
    assert "not ready" not in caplog.text
    engine.dispose()


def test_a_connection_closed_by_the_server_for_idling_is_replaced_quietly(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = build_engine(database_url, Settings(db_idle_session_timeout_ms=500))
    with engine.connect() as connection:
        first = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert connection.execute(text("SHOW idle_session_timeout")).scalar_one() == "500ms"
    time.sleep(1.2)  # the server closes the pooled connection meanwhile
    with caplog.at_level(logging.DEBUG, logger="sqlalchemy.pool"), engine.connect() as connection:
        second = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert second != first
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    engine.dispose()

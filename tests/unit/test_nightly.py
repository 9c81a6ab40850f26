from __future__ import annotations

from typing import Any

import pytest

from agente_vendedor.ops import nightly


def test_embedding_failures_never_break_the_nightly_job(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []

    class FakeSession:
        pass

    class FakeScope:
        def __enter__(self) -> FakeSession:
            return FakeSession()

        def __exit__(self, *exc: object) -> None:
            calls.append(exc[0])

    def failing_refresh(_session: object) -> int:
        raise TimeoutError("Gemini did not answer")

    monkeypatch.setattr(nightly, "session_scope", FakeScope)
    monkeypatch.setattr(nightly, "refresh_product_embeddings", failing_refresh)
    assert nightly.refresh_embeddings_safely() == 0
    assert calls == [TimeoutError], "the session saw the error (rolled back) and the job went on"

    monkeypatch.setattr(nightly, "refresh_product_embeddings", lambda _session: 7)
    assert nightly.refresh_embeddings_safely() == 7

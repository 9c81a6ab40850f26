"""A local fake Gemini REST server (see server.py)."""

from tests.fake_gemini.server import FakeGemini, FakeReply, RecordedRequest

__all__ = ["FakeGemini", "FakeReply", "RecordedRequest"]

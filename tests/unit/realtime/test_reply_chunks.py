"""ChunkBatcher: a streamed reply becomes a handful of frames that concatenate to the reply."""

from __future__ import annotations

from agente_vendedor.realtime.chunks import ChunkBatcher


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_first_piece_goes_out_at_once_then_batches_of_about_120_characters() -> None:
    sent: list[str] = []
    clock = Clock()
    batcher = ChunkBatcher(sent.append, clock=clock)
    words = [f"palabra{i:03d} " for i in range(100)]  # 11 characters each, no time passing
    for word in words:
        batcher.add(word)
    batcher.close()
    assert sent[0] == words[0]
    assert "".join(sent) == "".join(words) == batcher.text
    assert all(len(batch) <= 120 + 11 for batch in sent)
    assert len(sent) <= 11
    assert batcher.emitted == len(sent)


def test_slow_pieces_flush_after_150_ms() -> None:
    sent: list[str] = []
    clock = Clock()
    batcher = ChunkBatcher(sent.append, clock=clock)
    batcher.add("Hola")
    batcher.add(", ")
    assert sent == ["Hola"]
    clock.now = 0.2
    batcher.add("¿cómo estás?")
    assert sent == ["Hola", ", ¿cómo estás?"]
    batcher.close()
    assert sent == ["Hola", ", ¿cómo estás?"]


def test_huge_pieces_are_split_under_the_frame_limit() -> None:
    sent: list[str] = []
    batcher = ChunkBatcher(sent.append)
    batcher.add("ñ" * 10_000)
    batcher.close()
    assert [len(s) for s in sent] == [4000, 4000, 2000]


def test_empty_pieces_and_empty_close_send_nothing() -> None:
    sent: list[str] = []
    batcher = ChunkBatcher(sent.append)
    batcher.add("")
    batcher.close()
    assert sent == []

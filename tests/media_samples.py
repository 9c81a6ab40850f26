"""Real photos and voice notes made at test time: Spanish speech from Debian's `espeak-ng`, converted with `ffmpeg` to
the containers phones and browsers record (OGG/Opus, WebM, MP3, M4A), and PNG images drawn here (zlib, no Pillow).

Tests that need the tools skip with a clear reason when they are missing (`apt-get install espeak-ng ffmpeg`).
"""

from __future__ import annotations

import random
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

# ffmpeg arguments per container: what WhatsApp-style recorders (OGG/Opus), browsers (WebM/Opus), and phones send
ENCODERS: dict[str, list[str]] = {
    "wav": [],
    "ogg": ["-c:a", "libopus", "-b:a", "24k"],
    "webm": ["-c:a", "libopus", "-b:a", "24k"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "32k"],
    "m4a": ["-c:a", "aac", "-b:a", "32k"],
}
SNIFFED: dict[str, str] = {
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "webm": "audio/webm",
    "mp3": "audio/mp3",
    "m4a": "audio/mp4",
}


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} no está instalado (apt-get install {tool})")
    return path


def spoken(text: str, container: str = "wav") -> bytes:
    """`text` spoken in Spanish by espeak-ng, in `container` (a key of ENCODERS)."""
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "voz.wav"
        subprocess.run([_need("espeak-ng"), "-v", "es", "-w", str(wav), text], check=True, capture_output=True)
        if container == "wav":
            return wav.read_bytes()
        out = Path(folder) / f"voz.{container}"
        command = [_need("ffmpeg"), "-loglevel", "error", "-y", "-i", str(wav), *ENCODERS[container], str(out)]
        subprocess.run(command, check=True, capture_output=True)
        return out.read_bytes()


def long_recording(seconds: int, container: str = "wav") -> bytes:
    """A real recording of `seconds` (a quiet tone, 16 kHz mono), e.g. 330 s of WAV is just over 10 MB."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"largo.{container}"
        source = f"sine=frequency=220:sample_rate=16000:duration={seconds}"
        command = [_need("ffmpeg"), "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-ac", "1",
                   *ENCODERS[container], str(out)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return out.read_bytes()


Pixel = tuple[int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_from_rgb(width: int, height: int, rgb: bytes) -> bytes:
    """An RGB PNG of `width` x `height` from its raw pixels (3 bytes each, row after row)."""
    stride = width * 3
    rows = b"".join(b"\x00" + rgb[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 6)) + _chunk(b"IEND", b"")
    )


def png(width: int, height: int, paint: Callable[[int, int], Pixel]) -> bytes:
    """An RGB PNG whose pixel (x, y) is `paint(x, y)`."""
    return png_from_rgb(width, height, b"".join(bytes(paint(x, y)) for y in range(height) for x in range(width)))


def product_photo(nombre: str, color: Pixel, size: int = 96) -> bytes:
    """A catalogue product's picture: a shape of its colour on white, and its name in a tEXt chunk (what a label in
    the photo would say), so the fake model can tell which product it is looking at."""
    centre = size // 2

    def paint(x: int, y: int) -> Pixel:  # a dome (a helmet's shape) over a brim
        dome = (x - centre) ** 2 + (y - centre) ** 2 < (size // 3) ** 2 and y < centre
        brim = centre <= y < centre + size // 12 and size // 8 < x < size - size // 8
        return color if dome or brim else (255, 255, 255)

    image = png(size, size, paint)
    label = _chunk(b"tEXt", b"Title\x00" + nombre.encode("latin-1", "replace"))
    return image[:-12] + label + image[-12:]  # before IEND


def photo_label(data: bytes) -> str | None:
    """The name a `product_photo` carries (None for any other image)."""
    marker = data.find(b"tEXtTitle\x00")
    if marker < 4:
        return None
    length = struct.unpack(">I", data[marker - 4 : marker])[0]
    return data[marker + 4 + 6 : marker + 4 + length].decode("latin-1")


def large_png(size_bytes: int) -> bytes:
    """A valid PNG of about `size_bytes` (noise does not compress): for the upload limits."""
    side = int((size_bytes / 3) ** 0.5) + 1
    return png_from_rgb(side, side, random.Random(7).randbytes(side * side * 3))

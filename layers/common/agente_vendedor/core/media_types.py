"""What a file really is, from its first bytes (the type a client declares is not trusted).

Photos: JPEG, PNG, WebP, HEIC/HEIF and GIF. Voice notes: OGG (Opus or Vorbis, WhatsApp-style recorders), WebM (browser
MediaRecorder), MP3 (with or without an ID3 tag), M4A/MP4 and WAV. Each rule is a row of a table: the bytes at an
offset (or a predicate) and the MIME type the model is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from agente_vendedor.core.errors import InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError
from agente_vendedor.core.size_limits import AUDIO_LIMIT, IMAGE_LIMIT, too_large

MediaKind = Literal["imagen", "audio"]
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"heif"})
_MP4_AUDIO_BRANDS = frozenset(
    {b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"iso5", b"dash", b"3gp4", b"3gp5"}
)


def _starts(prefix: bytes, offset: int = 0) -> Callable[[bytes], bool]:
    return lambda data: data[offset : offset + len(prefix)] == prefix


def _riff(form: bytes) -> Callable[[bytes], bool]:
    return lambda data: data[:4] == b"RIFF" and data[8:12] == form


def _ftyp(brands: frozenset[bytes]) -> Callable[[bytes], bool]:
    """An ISO base media file (MP4, HEIF) whose major brand is one of `brands`."""
    return lambda data: data[4:8] == b"ftyp" and data[8:12] in brands


def _mp3_frame(data: bytes) -> bool:
    """An MPEG audio frame sync (11 bits set) with layer III, as a file without an ID3 tag starts."""
    return len(data) > 2 and data[0] == 0xFF and (data[1] & 0xE0) == 0xE0 and (data[1] & 0x06) == 0x02


@dataclass(frozen=True)
class MediaRule:
    matches: Callable[[bytes], bool]
    mime_type: str  # what the model is told (Gemini's names)
    name: str  # what the customer is told
    model_reads: bool = True  # Gemini takes it inline (its model pages list the type)


IMAGE_RULES: tuple[MediaRule, ...] = (
    MediaRule(_starts(b"\xff\xd8\xff"), "image/jpeg", "JPEG"),
    MediaRule(_starts(b"\x89PNG\r\n\x1a\n"), "image/png", "PNG"),
    MediaRule(_riff(b"WEBP"), "image/webp", "WebP"),
    MediaRule(_ftyp(_HEIF_BRANDS), "image/heic", "HEIC"),
    # the contract takes GIFs, but Gemini lists no image/gif: the chat answers them as a photo it cannot read
    MediaRule(_starts(b"GIF87a"), "image/gif", "GIF", model_reads=False),
    MediaRule(_starts(b"GIF89a"), "image/gif", "GIF", model_reads=False),
)
AUDIO_RULES: tuple[MediaRule, ...] = (
    MediaRule(_starts(b"OggS"), "audio/ogg", "OGG"),
    MediaRule(_starts(b"\x1a\x45\xdf\xa3"), "audio/webm", "WebM"),
    MediaRule(_starts(b"ID3"), "audio/mp3", "MP3"),
    MediaRule(_mp3_frame, "audio/mp3", "MP3"),
    MediaRule(_ftyp(_MP4_AUDIO_BRANDS), "audio/mp4", "M4A"),
    MediaRule(_riff(b"WAVE"), "audio/wav", "WAV"),
)


@dataclass(frozen=True)
class MediaSpec:
    """One kind of file the chat takes: its rules, size limit and the Spanish words for errors."""

    kind: MediaKind
    rules: tuple[MediaRule, ...]
    limit: int
    label: str  # "archivo de imagen"
    expected: str  # the formats, for the customer


SPECS: dict[MediaKind, MediaSpec] = {
    "imagen": MediaSpec("imagen", IMAGE_RULES, IMAGE_LIMIT, "archivo de imagen", "JPEG, PNG, WebP, HEIC o GIF"),
    "audio": MediaSpec("audio", AUDIO_RULES, AUDIO_LIMIT, "audio", "OGG/Opus, WebM, MP3, M4A o WAV"),
}


@dataclass(frozen=True)
class MediaFile:
    """A checked file: its bytes and the MIME type its content shows."""

    data: bytes
    mime_type: str
    kind: MediaKind
    model_reads: bool = True

    @property
    def size(self) -> int:
        return len(self.data)


def _rule(data: bytes, kind: MediaKind) -> MediaRule | None:
    return next((rule for rule in SPECS[kind].rules if rule.matches(data)), None)


def sniff(data: bytes, kind: MediaKind) -> str | None:
    """The MIME type the bytes show for this kind of file, or None when they are none of its formats."""
    rule = _rule(data, kind)
    return rule.mime_type if rule is not None else None


def check_media(data: bytes, kind: MediaKind) -> MediaFile:
    """The file if its size and content fit the kind; else the typed error (413, 415, or 422 when empty)."""
    spec = SPECS[kind]
    if len(data) > spec.limit:
        raise PayloadTooLargeError(too_large(spec.limit, spec.label))
    if not data:
        raise InvalidInputError(f"El {spec.label} está vacío.")
    rule = _rule(data, kind)
    if rule is None:
        raise UnsupportedMediaTypeError(
            f"El contenido del {spec.label} no es un formato admitido: envíe {spec.expected}."
        )
    return MediaFile(data, rule.mime_type, kind, rule.model_reads)

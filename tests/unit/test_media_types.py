"""Files are recognised by their content (core/media_types.py): real recordings made by espeak-ng and ffmpeg, real
PNGs, and headers of the other image formats; anything else is a typed 415, an oversized file a 413."""

from __future__ import annotations

import pytest

from agente_vendedor.core.errors import InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError
from agente_vendedor.core.media_types import check_media, sniff
from agente_vendedor.core.size_limits import AUDIO_LIMIT, IMAGE_LIMIT
from tests.media_samples import ENCODERS, SNIFFED, product_photo, spoken

IMAGE_HEADERS = {
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    "webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    "heic": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic"),
    "gif": (b"GIF89a\x01\x00\x01\x00", "image/gif"),
}


@pytest.mark.parametrize("container", list(ENCODERS))
def test_real_voice_notes_are_recognised(container: str) -> None:
    audio = spoken("necesito dos extintores", container)
    assert sniff(audio, "audio") == SNIFFED[container]
    assert check_media(audio, "audio").mime_type == SNIFFED[container]
    assert sniff(audio, "imagen") is None


@pytest.mark.parametrize("name", list(IMAGE_HEADERS))
def test_image_formats_are_recognised_by_their_header(name: str) -> None:
    header, mime_type = IMAGE_HEADERS[name]
    assert sniff(header + b"\x00" * 64, "imagen") == mime_type


def test_a_png_is_a_png_and_not_audio() -> None:
    photo = product_photo("Casco", (255, 255, 255))
    assert check_media(photo, "imagen").mime_type == "image/png"
    with pytest.raises(UnsupportedMediaTypeError) as refused:
        check_media(photo, "audio")
    assert refused.value.http_status == 415 and "OGG" in refused.value.message


@pytest.mark.parametrize(
    "data", [b"hola, esto es texto", b"%PDF-1.7\n", b"PK\x03\x04zip", b"RIFF\x00\x00\x00\x00AVI LIST"]
)
def test_other_content_is_refused_whatever_it_claims(data: bytes) -> None:
    for kind in ("imagen", "audio"):
        with pytest.raises(UnsupportedMediaTypeError):
            check_media(data, kind)  # type: ignore[arg-type]


def test_limits_and_empty_files() -> None:
    with pytest.raises(PayloadTooLargeError) as big_image:
        check_media(b"\x89PNG\r\n\x1a\n" + b"0" * IMAGE_LIMIT, "imagen")
    assert big_image.value.http_status == 413 and "5 MB" in big_image.value.message
    with pytest.raises(PayloadTooLargeError) as big_audio:
        check_media(b"OggS" + b"0" * AUDIO_LIMIT, "audio")
    assert "10 MB" in big_audio.value.message
    with pytest.raises(InvalidInputError):
        check_media(b"", "audio")

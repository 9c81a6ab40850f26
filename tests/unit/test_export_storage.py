"""Storage backends: S3 multipart streaming and presigned URLs (moto in-process), local disk with signed URLs."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from moto import mock_aws

from agente_vendedor.core.errors import InvalidInputError
from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.storage import Storage, build_storage, validate_key
from agente_vendedor.platform.storage.local import LocalStorage, SignatureRejectedError
from agente_vendedor.platform.storage.s3 import MIN_PART_SIZE, S3MultipartWriter, S3Storage, s3_client

BUCKET = "agente-exportes-unit"
MB = 1024 * 1024


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = s3_client(Settings())
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def storage(s3: Any) -> S3Storage:
    return S3Storage(s3, BUCKET, retention_days=7, part_size=MIN_PART_SIZE)


@pytest.fixture
def local(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "exports", "http://127.0.0.1:8001/", "clave-de-prueba", retention_days=7)


def _write_then_fail(storage: Storage, key: str, data: bytes) -> None:
    with storage.open_writer(key, "text/csv") as writer:
        writer.write(data)
        raise RuntimeError("la consulta falló")


@pytest.mark.parametrize("key", ["ventas_20261125T101500Z_ab12cd.csv", "programados/2026/11/25/x_1.zip", "a-b_c.d"])
def test_valid_keys(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize("key", ["", "../x.csv", "a/../b.csv", "/etc/passwd", "a//b", ".oculto", "a/.b", "a b", "a\\b"])
def test_keys_that_could_escape_are_refused(key: str) -> None:
    with pytest.raises(InvalidInputError, match="no válido"):
        validate_key(key)


def test_small_object_is_a_single_put(storage: S3Storage, s3: Any) -> None:
    with storage.open_writer("ventas.csv", "text/csv; charset=utf-8") as writer:
        writer.write(b"\xef\xbb\xbfa,b\r\n")
    head = s3.head_object(Bucket=BUCKET, Key="ventas.csv")
    assert head["ContentType"] == "text/csv; charset=utf-8"
    assert head["ContentDisposition"] == 'attachment; filename="ventas.csv"'
    assert "-" not in head["ETag"]  # not a multipart ETag
    assert writer.bytes_written == 8


def test_large_object_goes_in_parts_of_at_least_5_mb(storage: S3Storage, s3: Any) -> None:
    chunk = bytes(range(256)) * 4096  # 1 MiB
    with storage.open_writer("programados/2026/11/25/grande.zip", "application/zip") as writer:
        for _ in range(12):
            writer.write(chunk)
    assert isinstance(writer, S3MultipartWriter)
    assert writer.parts_uploaded == 3  # 5 + 5 + 2 MiB
    body = s3.get_object(Bucket=BUCKET, Key="programados/2026/11/25/grande.zip")
    assert body["ETag"].strip('"').endswith("-3")
    assert body["Body"].read() == chunk * 12


def test_an_error_aborts_the_upload_and_leaves_nothing(storage: S3Storage, s3: Any) -> None:
    with pytest.raises(RuntimeError, match="falló"):
        _write_then_fail(storage, "roto.csv", b"x" * (6 * MB))  # one part already sent
    assert not storage.exists("roto.csv")
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []


def test_part_size_below_the_s3_minimum_is_refused(s3: Any) -> None:
    with pytest.raises(ValueError, match="part_size"):
        S3MultipartWriter(s3, BUCKET, "k", "text/csv", part_size=MIN_PART_SIZE - 1)


def test_presigned_url_is_sigv4_with_the_expiry(storage: S3Storage) -> None:
    with storage.open_writer("ventas.csv", "text/csv") as writer:
        writer.write(b"a\r\n")
    query = parse_qs(urlsplit(storage.presigned_url("ventas.csv", 3600)).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["3600"]
    assert parse_qs(urlsplit(storage.presigned_url("ventas.csv", 10**9)).query)["X-Amz-Expires"] == ["604800"]


def test_stat_list_info_and_expiry(storage: S3Storage) -> None:
    for key in ("a.csv", "programados/2026/11/25/b.zip"):
        with storage.open_writer(key, "text/csv") as writer:
            writer.write(b"1234")
    assert storage.stat("nada.csv") is None
    stat = storage.stat("a.csv")
    assert stat is not None and stat.size == 4
    assert [o.key for o in storage.list_objects("programados/")] == ["programados/2026/11/25/b.zip"]
    assert storage.info() == {"backend": "s3", "bucket": BUCKET, "objetos": 2, "bytes": 8, "retencion_dias": 7}
    assert storage.delete_expired(datetime.now(UTC)) == 0
    assert storage.delete_expired(datetime.now(UTC) + timedelta(days=8)) == 2
    assert storage.info()["objetos"] == 0


def test_s3_compatible_endpoint_uses_path_style_and_its_own_keys() -> None:
    settings = Settings(
        s3_endpoint_url="http://minio.local:9000", s3_access_key_id="minio", s3_secret_access_key="secreto"
    )
    client = s3_client(settings)
    assert client.meta.config.signature_version == "s3v4"
    url = client.generate_presigned_url("get_object", Params={"Bucket": "exportes", "Key": "a.csv"}, ExpiresIn=60)
    assert url.startswith("http://minio.local:9000/exportes/a.csv?")
    assert "Credential=minio%2F" in url


def test_build_storage_follows_the_setting(tmp_path: Path) -> None:
    local = build_storage(Settings(storage_backend="local", local_exports_dir=str(tmp_path)))
    assert isinstance(local, LocalStorage) and local.location == str(tmp_path.resolve())
    assert isinstance(build_storage(Settings(storage_backend="s3")), S3Storage)


def test_local_write_is_atomic(local: LocalStorage) -> None:
    with pytest.raises(RuntimeError, match="falló"):
        _write_then_fail(local, "roto.csv", b"medio archivo")
    assert not local.exists("roto.csv")
    assert list(local.directory.rglob("*.part")) == []
    with local.open_writer("programados/2026/11/25/ok.csv", "text/csv") as writer:
        writer.write(b"a,b\r\n")
    assert (local.directory / "programados/2026/11/25/ok.csv").read_bytes() == b"a,b\r\n"
    assert local.info() == {
        "backend": "local",
        "bucket": str(local.directory),
        "objetos": 1,
        "bytes": 5,
        "retencion_dias": 7,
    }


def _signed(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return parts.path.removeprefix("/files/local/"), query["expira"][0], query["firma"][0]


def test_local_signed_url_accepts_the_original_and_refuses_changes(local: LocalStorage) -> None:
    with local.open_writer("ventas_1.csv", "text/csv") as writer:
        writer.write(b"x")
    url = local.presigned_url("ventas_1.csv", 3600)
    assert url.startswith("http://127.0.0.1:8001/files/local/ventas_1.csv?expira=")
    key, expira, firma = _signed(url)
    assert local.verified_path(key, expira, firma) == local.directory / "ventas_1.csv"
    tampered = [
        ("ventas_2.csv", expira, firma),
        (key, str(int(expira) + 3600), firma),
        (key, expira, firma[:-1] + ("0" if firma[-1] != "0" else "1")),
        (key, expira, ""),
        (key, "", firma),
        (key, "１２３", firma),
    ]
    for args in tampered:
        with pytest.raises(SignatureRejectedError, match="firma"):
            local.verified_path(*args)


def test_local_signed_url_expires(local: LocalStorage) -> None:
    key, expira, firma = _signed(local.presigned_url("a.csv", 60))
    with pytest.raises(SignatureRejectedError, match="expirado"):
        local.verified_path(key, expira, firma, now=time.time() + 61)


def test_local_expired_files_are_removed(local: LocalStorage) -> None:
    for key in ("viejo.csv", "programados/2026/11/01/viejo.zip", "nuevo.csv"):
        with local.open_writer(key, "text/csv") as writer:
            writer.write(b"x")
    old = time.time() - 8 * 24 * 3600
    for key in ("viejo.csv", "programados/2026/11/01/viejo.zip"):
        os.utime(local.directory / key, (old, old))
    assert local.delete_expired() == 2
    assert [o.key for o in local.list_objects()] == ["nuevo.csv"]
    assert not (local.directory / "programados").exists()  # empty dated folders go too
    with local.open_writer("otro.csv", "text/csv") as writer:  # writing prunes too
        writer.write(b"x")
    assert {o.key for o in local.list_objects()} == {"nuevo.csv", "otro.csv"}

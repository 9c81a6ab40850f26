"""Exports in S3, or any S3-compatible endpoint (MinIO...): streamed multipart uploads and SigV4 presigned URLs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import Any

from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.storage.base import (
    ObjectWriter,
    Storage,
    StoredObject,
    UploadForm,
    clamp_expiry,
    validate_key,
)

logger = logging.getLogger(__name__)

MIN_PART_SIZE = 5 * 1024 * 1024  # S3's minimum for every part but the last
DEFAULT_PART_SIZE = 8 * 1024 * 1024
DELETE_BATCH = 1000  # DeleteObjects limit


def s3_client(settings: Settings) -> Any:
    """A client for the exports bucket: SigV4 always, path-style on custom endpoints, explicit keys when given."""
    import boto3
    from botocore.config import Config

    endpoint = settings.s3_endpoint_url or settings.aws_endpoint_url
    config = Config(
        signature_version="s3v4",
        connect_timeout=2,
        read_timeout=30,
        retries={"max_attempts": 3, "mode": "standard"},
        region_name=settings.aws_region,
        s3={"addressing_style": "path" if endpoint else "virtual"},
    )
    explicit_keys = bool(settings.s3_access_key_id and settings.s3_secret_access_key)
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        config=config,
        aws_access_key_id=settings.s3_access_key_id if explicit_keys else None,
        aws_secret_access_key=settings.s3_secret_access_key if explicit_keys else None,
    )


class S3MultipartWriter:
    """Streams an object to S3 holding at most two parts in memory, whatever the object's size.

    While one full part uploads in a background thread, the next one fills. Objects smaller than one part go
    in a single PutObject; larger ones as a multipart upload that `complete()` finishes and `abort()` discards.
    """

    def __init__(
        self, client: Any, bucket: str, key: str, content_type: str, part_size: int = DEFAULT_PART_SIZE
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes")
        self._client = client
        self._bucket = bucket
        self._key = key
        self._part_size = part_size
        self._object_args = {
            "ContentType": content_type,
            "ContentDisposition": f'attachment; filename="{PurePosixPath(key).name}"',
        }
        self._buffer = bytearray()
        self._parts: list[dict[str, Any]] = []
        self._upload_id: str | None = None
        self._uploader: ThreadPoolExecutor | None = None
        self._in_flight: Future[dict[str, Any]] | None = None
        self._bytes = 0

    @property
    def bytes_written(self) -> int:
        return self._bytes

    @property
    def parts_uploaded(self) -> int:
        return len(self._parts)

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._bytes += len(data)
        if len(self._buffer) >= self._part_size:
            self._send_part()
        return len(data)

    def flush(self) -> None:
        """Parts are sent when full; nothing to do until then."""

    def _send_part(self) -> None:
        if self._upload_id is None:
            created = self._client.create_multipart_upload(Bucket=self._bucket, Key=self._key, **self._object_args)
            self._upload_id = created["UploadId"]
            self._uploader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="s3-part")
        assert self._uploader is not None
        self._wait_for_part_in_flight()
        number = len(self._parts) + 1
        self._in_flight = self._uploader.submit(self._upload_part, number, bytes(self._buffer))
        self._buffer.clear()

    def _upload_part(self, number: int, body: bytes) -> dict[str, Any]:
        answer = self._client.upload_part(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, PartNumber=number, Body=body
        )
        return {"PartNumber": number, "ETag": answer["ETag"]}

    def _wait_for_part_in_flight(self) -> None:
        if self._in_flight is not None:
            in_flight, self._in_flight = self._in_flight, None
            self._parts.append(in_flight.result())

    def complete(self) -> None:
        try:
            if self._upload_id is None:
                body = bytes(self._buffer)
                self._client.put_object(Bucket=self._bucket, Key=self._key, Body=body, **self._object_args)
                return
            if self._buffer:
                self._send_part()
            self._wait_for_part_in_flight()
            self._client.complete_multipart_upload(
                Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, MultipartUpload={"Parts": self._parts}
            )
        finally:
            self._release()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._wait_for_part_in_flight()
        self._release()
        if self._upload_id is None:
            return
        try:
            self._client.abort_multipart_upload(Bucket=self._bucket, Key=self._key, UploadId=self._upload_id)
        except Exception:  # the bucket lifecycle rule cleans up incomplete uploads anyway
            logger.warning("could not abort multipart upload %s of %s", self._upload_id, self._key, exc_info=True)

    def _release(self) -> None:
        self._buffer = bytearray()
        if self._uploader is not None:
            self._uploader.shutdown(wait=True)
            self._uploader = None


class S3Storage(Storage):
    backend = "s3"

    def __init__(self, client: Any, bucket: str, retention_days: int, part_size: int = DEFAULT_PART_SIZE) -> None:
        self._client = client
        self.location = bucket
        self.retention_days = retention_days
        self._part_size = part_size

    @contextmanager
    def open_writer(self, key: str, content_type: str) -> Iterator[ObjectWriter]:
        writer = S3MultipartWriter(self._client, self.location, validate_key(key), content_type, self._part_size)
        try:
            yield writer
            writer.complete()
        except BaseException:
            writer.abort()
            raise

    def presigned_url(self, key: str, expires_s: int) -> str:
        url: str = self._client.generate_presigned_url(
            "get_object", Params={"Bucket": self.location, "Key": validate_key(key)}, ExpiresIn=clamp_expiry(expires_s)
        )
        return url

    def stat(self, key: str) -> StoredObject | None:
        from botocore.exceptions import ClientError

        try:
            head = self._client.head_object(Bucket=self.location, Key=validate_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return StoredObject(key=key, size=int(head["ContentLength"]), modified=head["LastModified"])

    def upload_form(self, key: str, content_type: str, max_bytes: int, expires_s: int) -> UploadForm:
        """S3 itself refuses a POST with another key, another Content-Type or a size outside 1..`max_bytes`."""
        form = self._client.generate_presigned_post(
            Bucket=self.location,
            Key=validate_key(key),
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=clamp_expiry(expires_s),
        )
        return UploadForm(url=str(form["url"]), fields={str(k): str(v) for k, v in form["fields"].items()})

    def read_bytes(self, key: str, max_bytes: int) -> bytes | None:
        from botocore.exceptions import ClientError

        try:
            answer = self._client.get_object(Bucket=self.location, Key=validate_key(key), Range=f"bytes=0-{max_bytes}")
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "InvalidRange":  # an empty object has no byte 0
                return b""
            if code in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        body = answer["Body"]
        try:
            return bytes(body.read(max_bytes + 1))
        finally:
            body.close()

    def list_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        paginator = self._client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.location, Prefix=prefix):
            for item in page.get("Contents", []):
                yield StoredObject(key=item["Key"], size=int(item["Size"]), modified=item["LastModified"])

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), DELETE_BATCH):
            batch = [{"Key": key} for key in keys[start : start + DELETE_BATCH]]
            self._client.delete_objects(Bucket=self.location, Delete={"Objects": batch, "Quiet": True})

    def check(self) -> None:
        self._client.head_bucket(Bucket=self.location)


def s3_storage(settings: Settings) -> S3Storage:
    return S3Storage(s3_client(settings), settings.exports_bucket, settings.export_retention_days)

"""Files larger than a Lambda request (6 MB) go through a presigned S3 POST (moto, bucket from template.yaml): a 5 MB
photo and a 10 MB voice note are uploaded with the form POST /chat/subida gives, then sent by their `clave`; the key
is bound to the conversation, and the object is checked again by its content and size."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
import requests
from fastapi.testclient import TestClient

from agente_vendedor.core.settings import get_settings
from agente_vendedor.core.size_limits import AUDIO_LIMIT, IMAGE_LIMIT
from tests.chat_tokens import chat_headers, keep_token
from tests.integration.chat_setup import chat_client  # noqa: F401 - fixture
from tests.media_samples import large_png, long_recording

pytestmark = pytest.mark.integration


def _ask_upload(client: TestClient, chat_id: str, tipo: str, tipo_contenido: str) -> dict[str, Any]:
    response = client.post(
        "/chat/subida",
        json={"chat_id": chat_id, "tipo": tipo, "tipo_contenido": tipo_contenido},
        headers=chat_headers(chat_id),
    )
    assert keep_token(chat_id, response).status_code == 200, response.text
    return dict(response.json())


def _upload(form: dict[str, Any], data: bytes, content_type: str) -> requests.Response:
    """What the browser does: the form's fields, then the file, as multipart/form-data to the bucket."""
    return requests.post(form["url"], data=form["campos"], files={"file": ("archivo", data, content_type)}, timeout=60)


def test_a_5_mb_photo_through_the_presigned_path(chat_client: TestClient) -> None:  # noqa: F811
    photo = large_png(IMAGE_LIMIT - 64 * 1024)
    assert 4.9 * 1024 * 1024 < len(photo) <= IMAGE_LIMIT
    form = _ask_upload(chat_client, "subida-foto", "imagen", "image/png")
    assert form["clave"].startswith("subidas/subida-foto/imagen-") and form["tamano_maximo"] == IMAGE_LIMIT
    assert form["campos"]["Content-Type"] == "image/png" and form["campos"]["key"] == form["clave"]
    assert form["chat_token"]  # the upload opened the conversation
    assert _upload(form, photo, "image/png").status_code in {200, 204}
    stored = boto3.client("s3").head_object(Bucket=get_settings().exports_bucket, Key=form["clave"])
    assert stored["ContentLength"] == len(photo)
    response = chat_client.post(
        "/chat/imagen",
        data={"chat_id": "subida-foto", "clave": form["clave"], "mensaje": "tienen extintores para carro?"},
        headers=chat_headers("subida-foto"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "no puedo analizar fotos" in body["respuesta"] and body["productos"][0]["sku"] == "T-FUE-001"


def test_a_10_mb_voice_note_through_the_presigned_path(chat_client: TestClient) -> None:  # noqa: F811
    audio = long_recording(320)  # 16 kHz mono WAV: 320 s is just under 10 MB
    assert 9.5 * 1024 * 1024 < len(audio) <= AUDIO_LIMIT
    form = _ask_upload(chat_client, "subida-voz", "audio", "audio/wav")
    assert form["tamano_maximo"] == AUDIO_LIMIT
    assert _upload(form, audio, "audio/wav").status_code in {200, 204}
    response = chat_client.post(
        "/chat/audio", data={"chat_id": "subida-voz", "clave": form["clave"]}, headers=chat_headers("subida-voz")
    )
    assert response.status_code == 200, response.text
    assert response.json()["transcripcion"] == "" and "audio" in response.json()["respuesta"]


def test_a_key_is_bound_to_its_conversation_kind_and_content(chat_client: TestClient) -> None:  # noqa: F811
    form = _ask_upload(chat_client, "subida-a", "imagen", "image/jpeg")
    assert _upload(form, b"esto no es una foto" * 10, "image/jpeg").status_code in {200, 204}
    other = _ask_upload(chat_client, "subida-b", "imagen", "image/jpeg")
    stolen = chat_client.post(
        "/chat/imagen", data={"chat_id": "subida-b", "clave": form["clave"]}, headers=chat_headers("subida-b")
    )
    assert stolen.status_code == 422 and "no corresponde" in stolen.json()["detail"]
    as_audio = chat_client.post(
        "/chat/audio", data={"chat_id": "subida-a", "clave": form["clave"]}, headers=chat_headers("subida-a")
    )
    assert as_audio.status_code == 422
    sniffed = chat_client.post(
        "/chat/imagen", data={"chat_id": "subida-a", "clave": form["clave"]}, headers=chat_headers("subida-a")
    )
    assert sniffed.status_code == 415  # the declared image/jpeg was text
    never_uploaded = chat_client.post(
        "/chat/imagen", data={"chat_id": "subida-b", "clave": other["clave"]}, headers=chat_headers("subida-b")
    )
    assert never_uploaded.status_code == 422 and "súbalo de nuevo" in never_uploaded.json()["detail"]


def test_bad_upload_requests_are_clear_4xx(chat_client: TestClient) -> None:  # noqa: F811
    wrong_kind = chat_client.post(
        "/chat/subida", json={"chat_id": "subida-c", "tipo": "imagen", "tipo_contenido": "audio/ogg"}
    )
    assert wrong_kind.status_code == 422 and "no corresponde" in wrong_kind.json()["detail"]
    neither = chat_client.post("/chat/imagen", data={"chat_id": "subida-c"})
    assert neither.status_code == 422 and "uno de los dos" in neither.json()["detail"]
    both = chat_client.post(
        "/chat/imagen",
        data={"chat_id": "subida-c", "clave": "subidas/subida-c/imagen-x"},
        files={"archivo": ("f.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, "image/png")},
    )
    assert both.status_code == 422


def test_the_bucket_expires_uploads_and_takes_browser_posts() -> None:
    from tests.conftest import aws_from_template

    with aws_from_template():
        s3 = boto3.client("s3")
        bucket = get_settings().exports_bucket
        rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        [uploads] = [rule for rule in rules if rule["ID"] == "expirar-subidas"]
        assert uploads["Filter"]["Prefix"] == "subidas/" and uploads["Expiration"]["Days"] == 1
        [cors] = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
        assert cors["AllowedMethods"] == ["POST"]

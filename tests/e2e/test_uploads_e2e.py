"""Large photos and voice notes on the local stack (S3 on moto_server, the local API Gateway and Lambda runtime): the
browser's path for files over a Lambda request's 6 MB. POST /chat/subida → the presigned POST to the bucket → the
chat route with the `clave`, whose own event stays small."""

from __future__ import annotations

from typing import Any

import httpx

from local_stack.subprocess_stack import RunningStack
from tests.media_samples import large_png, long_recording


def _upload_through_storage(
    stack: RunningStack, chat_id: str, tipo: str, content_type: str, data: bytes, headers: dict[str, str] | None = None
) -> Any:
    form = httpx.post(
        f"{stack.base_url}/chat/subida",
        json={"chat_id": chat_id, "tipo": tipo, "tipo_contenido": content_type},
        headers=headers,
        timeout=30,
    )
    assert form.status_code == 200, form.text
    body = form.json()
    stored = httpx.post(body["url"], data=body["campos"], files={"file": ("f", data, content_type)}, timeout=120)
    assert stored.status_code in {200, 201, 204}, stored.text
    return body


def test_a_5_mb_photo_and_a_10_mb_voice_note_reach_the_chat_through_storage(local_stack: RunningStack) -> None:
    photo = _upload_through_storage(
        local_stack, "e2e_subida", "imagen", "image/png", large_png(5 * 1024 * 1024 - 65536)
    )
    headers = {"X-Chat-Token": photo["chat_token"]}
    answer = httpx.post(
        f"{local_stack.base_url}/chat/imagen",
        data={"chat_id": "e2e_subida", "clave": photo["clave"], "mensaje": "¿tienen guantes de nitrilo?"},
        headers=headers,
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["productos"] and "foto" in answer.json()["respuesta"]

    audio = long_recording(320)
    assert len(audio) > 9.5 * 1024 * 1024
    anonymous = httpx.post(
        f"{local_stack.base_url}/chat/subida",
        json={"chat_id": "e2e_subida", "tipo": "audio", "tipo_contenido": "audio/wav"},
        timeout=30,
    )
    assert anonymous.status_code == 403  # the conversation is the token holder's
    note = _upload_through_storage(local_stack, "e2e_subida", "audio", "audio/wav", audio, headers)
    voice = httpx.post(
        f"{local_stack.base_url}/chat/audio",
        data={"chat_id": "e2e_subida", "clave": note["clave"]},
        headers=headers,
        timeout=60,
    )
    assert voice.status_code == 200, voice.text
    assert voice.json()["transcripcion"] == ""
    history = httpx.get(f"{local_stack.base_url}/chat/historial/e2e_subida", headers=headers, timeout=10).json()
    assert [m["contenido"].split()[0] for m in history["mensajes"] if m["rol"] == "cliente"] == ["[imagen]", "[audio]"]

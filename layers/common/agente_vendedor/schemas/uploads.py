"""A photo or voice note uploaded straight to storage (`POST /chat/subida`), for files a Lambda request cannot carry
(API Gateway and Lambda take at most 6 MB)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from agente_vendedor.schemas.common import ChatId, Schema

ContentType = Annotated[str, StringConstraints(max_length=80, pattern=r"^(image|audio|video)/[A-Za-z0-9.+-]+$")]
UploadKey = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"^subidas/[A-Za-z0-9._/-]+$")]


class UploadRequest(Schema):
    chat_id: ChatId
    tipo: Literal["imagen", "audio"] = Field(
        description="Qué se va a subir: una foto (≤ 5 MB) o una nota de voz (≤ 10 MB)"
    )
    tipo_contenido: ContentType = Field(
        description="El Content-Type con el que el navegador subirá el archivo (p. ej. image/jpeg, audio/webm); el "
        "formato real se vuelve a comprobar por el contenido al usarlo."
    )


class UploadResponse(Schema):
    clave: str = Field(description="La clave del objeto: envíela como `clave` a /chat/imagen o /chat/audio")
    url: str = Field(description="Adonde el navegador hace el POST multipart/form-data")
    campos: dict[str, str] = Field(description="Los campos del formulario, en este orden, antes del archivo (`file`)")
    tipo_contenido: str
    tamano_maximo: int = Field(description="Bytes como máximo que el almacenamiento acepta")
    expira_en: datetime
    chat_token: str | None = Field(default=None, description="El secreto de la conversación, como en ChatRespuesta")

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from agente_vendedor.schemas.common import Schema


class ExportOut(Schema):
    archivo: str = Field(description="Nombre del archivo en el almacenamiento (usable en /files/exports/{archivo})")
    url: str = Field(description="Enlace de descarga firmado; un GET simple lo descarga hasta que expira")
    expira_en: datetime = Field(description="Cuándo deja de funcionar el enlace (ISO-8601, UTC)")
    filas: int = Field(description="Filas de datos exportadas (sin encabezados)")
    bytes: int = Field(description="Tamaño del archivo")
    formato: Literal["csv", "zip"]


class StorageInfoOut(Schema):
    backend: Literal["s3", "local"]
    bucket: str = Field(description="Bucket S3, o carpeta en el backend local")
    objetos: int
    bytes: int
    retencion_dias: int

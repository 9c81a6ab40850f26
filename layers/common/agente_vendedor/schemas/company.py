from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from agente_vendedor.schemas.common import Schema


class CompanySectionIO(Schema):
    titulo: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    contenido: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class CompanyIO(Schema):
    nombre: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    secciones: list[CompanySectionIO] = Field(default_factory=list, max_length=200)

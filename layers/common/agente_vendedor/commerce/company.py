"""Company knowledge: the sections the chat answers company questions from (and only from)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from agente_vendedor.db.models import CompanyProfile, CompanySection
from agente_vendedor.schemas.company import CompanyIO, CompanySectionIO
from agente_vendedor.search.document import build_search_document

DEFAULT_COMPANY_NAME = "Sextinvalle"


def get_company(session: Session) -> CompanyIO:
    profile = session.scalar(select(CompanyProfile).limit(1))
    sections = session.scalars(select(CompanySection).order_by(CompanySection.orden)).all()
    return CompanyIO(
        nombre=profile.nombre if profile else DEFAULT_COMPANY_NAME,
        secciones=[CompanySectionIO(titulo=s.titulo, contenido=s.contenido) for s in sections],
    )


def company_sections(session: Session) -> list[CompanySection]:
    return list(session.scalars(select(CompanySection).order_by(CompanySection.orden)))


def replace_company(session: Session, data: CompanyIO) -> CompanyIO:
    session.execute(delete(CompanySection))
    profile = session.scalar(select(CompanyProfile).limit(1).with_for_update())
    if profile is None:
        profile = CompanyProfile(id=1, nombre=data.nombre)
        session.add(profile)
    profile.nombre = data.nombre
    for order, section in enumerate(data.secciones):
        session.add(
            CompanySection(
                orden=order,
                titulo=section.titulo,
                contenido=section.contenido,
                search_document=build_search_document([section.titulo, section.titulo, section.contenido]),
            )
        )
    session.flush()
    return data


def company_name(session: Session) -> str:
    return session.scalar(select(CompanyProfile.nombre).limit(1)) or DEFAULT_COMPANY_NAME

"""búsqueda: versión del catálogo y embeddings opcionales

A one-row counter bumped by a statement trigger whenever product text changes (not on stock or price changes), so
each container can cheaply tell whether its cached search vocabulary is stale. An `embedding vector(768)` column is
added only where the pgvector extension can be created (never required).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT_COLUMNS = "nombre, descripcion, categoria, marca, sinonimos, activo, search_document"


def upgrade() -> None:
    op.create_table(
        "catalogo_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO catalogo_version (id, version) VALUES (1, 0)")
    op.execute(
        """
        CREATE FUNCTION catalogo_version_incrementar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE catalogo_version SET version = version + 1 WHERE id = 1;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER productos_catalogo_version
        AFTER INSERT OR DELETE OR UPDATE OF {_TEXT_COLUMNS} ON productos
        FOR EACH STATEMENT EXECUTE FUNCTION catalogo_version_incrementar()
        """
    )
    op.execute(
        """
        CREATE TRIGGER productos_catalogo_version_truncate AFTER TRUNCATE ON productos
        FOR EACH STATEMENT EXECUTE FUNCTION catalogo_version_incrementar()
        """
    )
    # pgvector is optional (Aurora has it; Debian's PostgreSQL 15 usually does not): failure here is not an error.
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
                BEGIN
                    CREATE EXTENSION IF NOT EXISTS vector;
                    ALTER TABLE productos ADD COLUMN IF NOT EXISTS embedding vector(768);
                    -- a product whose text changes needs a new embedding
                    CREATE OR REPLACE FUNCTION productos_embedding_obsoleto() RETURNS trigger
                    LANGUAGE plpgsql AS $f$
                    BEGIN
                        IF NEW.search_document IS DISTINCT FROM OLD.search_document THEN
                            NEW.embedding := NULL;
                        END IF;
                        RETURN NEW;
                    END $f$;
                    CREATE TRIGGER productos_embedding_obsoleto BEFORE UPDATE OF search_document ON productos
                    FOR EACH ROW EXECUTE FUNCTION productos_embedding_obsoleto();
                EXCEPTION WHEN OTHERS THEN
                    RAISE NOTICE 'pgvector no disponible: %', SQLERRM;
                END;
            END IF;
        END $$
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS productos_embedding_obsoleto ON productos")
    op.execute("DROP FUNCTION IF EXISTS productos_embedding_obsoleto()")
    op.execute("ALTER TABLE productos DROP COLUMN IF EXISTS embedding")
    op.execute("DROP TRIGGER IF EXISTS productos_catalogo_version_truncate ON productos")
    op.execute("DROP TRIGGER IF EXISTS productos_catalogo_version ON productos")
    op.execute("DROP FUNCTION IF EXISTS catalogo_version_incrementar()")
    op.drop_table("catalogo_version")

"""mensajes pendientes: the turn's outbox towards the sessions table (DynamoDB)

A turn's messages are written here in the same transaction as the order and the sale, copied to DynamoDB after the
commit, and deleted once copied; a row left behind (DynamoDB failed) is copied by the chat's next turn or by the
nightly job.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 19:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mensajes_pendientes",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("items", postgresql.JSONB(), nullable=False),
        sa.Column("creado", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
    )
    op.create_index("ix_mensajes_pendientes_chat", "mensajes_pendientes", ["chat_id"])


def downgrade() -> None:
    op.drop_index("ix_mensajes_pendientes_chat", table_name="mensajes_pendientes")
    op.drop_table("mensajes_pendientes")

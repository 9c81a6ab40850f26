"""pedidos.retirados: the lines the customer took out of the order, with their quantities

"póngame otra vez los arneses" after "saque los arneses" puts back the units removed (not one): the order remembers,
per SKU, the units of the line taken out and the number of the removal (`conversation.removed_lines`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-11 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "pedidos",
        sa.Column("retirados", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
    )


def downgrade() -> None:
    op.drop_column("pedidos", "retirados")

"""usuarios: staff accounts with roles, failed-login throttling, audit events by usuario

- `usuarios`: one account per staff member (`admin`, `ventas`, `inventario`), the password only as an argon2 hash;
  `version` grows on every change of role, state or password (a token is valid only for its version).
- `intentos_acceso`: failed logins per `usuario:<name>` / `ip:<address>` key and the key's lock, shared by every
  Lambda container.
- `eventos_auditoria.actor` indexed: `GET /logs/?usuario=` filters by it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 20:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usuarios",
        sa.Column("usuario", sa.String(40), primary_key=True),
        sa.Column("nombre", sa.String(120), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("clave_hash", sa.String(255), nullable=False),
        sa.Column("activo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("creado", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actualizado", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rol IN ('admin', 'ventas', 'inventario')", name="ck_usuarios_rol"),
    )
    op.create_table(
        "intentos_acceso",
        sa.Column("clave", sa.String(200), primary_key=True),
        sa.Column("fallos", sa.Integer(), nullable=False),
        sa.Column("desde", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bloqueado_hasta", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_eventos_auditoria_actor", "eventos_auditoria", ["actor"])


def downgrade() -> None:
    op.drop_index("ix_eventos_auditoria_actor", table_name="eventos_auditoria")
    op.drop_table("intentos_acceso")
    op.drop_table("usuarios")

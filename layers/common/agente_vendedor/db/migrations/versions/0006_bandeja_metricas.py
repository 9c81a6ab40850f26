"""bandeja y métricas: the staff inbox (`conversaciones`) and per-answer figures on `mensajes`

- `conversaciones`: one row per customer conversation, upserted by each customer turn inside its transaction and by
  staff control (pause, resume, advisor reply): the customer's last message, the latest order's state and total, the
  pause flag and the reasons a person should step in (`pidio_asesor`, `espera_decision`, `sin_ayuda_seguidas`), with
  `requiere_asesor` a generated column. Existing conversations are filled from `mensajes` and `pedidos`.
- `mensajes`: `solo_personal` (a staff member's message and its answer) and, on the agent's answers, `latencia_ms`,
  `proveedor_llm`, `exito`, `llm_llamadas`, `llm_fallos`, `tokens_entrada`, `tokens_salida` (for `GET /metricas`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_METRIC_COLUMNS = (
    ("latencia_ms", sa.Integer()),
    ("proveedor_llm", sa.String(20)),
    ("exito", sa.Boolean()),
    ("llm_llamadas", sa.Integer()),
    ("llm_fallos", sa.Integer()),
    ("tokens_entrada", sa.Integer()),
    ("tokens_salida", sa.Integer()),
)


def upgrade() -> None:
    op.add_column("mensajes", sa.Column("solo_personal", sa.Boolean(), server_default=sa.false(), nullable=False))
    for name, type_ in _METRIC_COLUMNS:
        op.add_column("mensajes", sa.Column(name, type_, nullable=True))
    op.create_table(
        "conversaciones",
        sa.Column("chat_id", sa.String(64), primary_key=True),
        sa.Column("ultimo_mensaje", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("creado", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actualizado", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("estado_venta", sa.String(24), nullable=True),
        sa.Column("total_pedido", sa.BigInteger(), nullable=True),
        sa.Column("pausado", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("pidio_asesor", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("espera_decision", sa.String(24), nullable=True),
        sa.Column("sin_ayuda_seguidas", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "requiere_asesor",
            sa.Boolean(),
            sa.Computed("pidio_asesor OR espera_decision IS NOT NULL OR sin_ayuda_seguidas >= 2", persisted=True),
            nullable=False,
        ),
        sa.CheckConstraint(
            "espera_decision in ('stock_insuficiente', 'cliente_difiere')", name="ck_conversaciones_espera_decision"
        ),
    )
    op.create_index("ix_conversaciones_actualizado", "conversaciones", ["actualizado"])
    # Conversations that already exist: their last customer message and their latest order.
    op.execute(
        """
        INSERT INTO conversaciones (chat_id, ultimo_mensaje, creado, actualizado, estado_venta, total_pedido)
        SELECT m.chat_id,
               coalesce((SELECT c.contenido FROM mensajes c WHERE c.chat_id = m.chat_id AND c.rol = 'cliente'
                         ORDER BY c.fecha DESC, c.id DESC LIMIT 1), ''),
               min(m.fecha), max(m.fecha), p.estado,
               CASE WHEN p.id IS NOT NULL THEN
                   (SELECT coalesce(sum(l.cantidad * coalesce(l.precio_unitario, pr.precio)), 0)
                      FROM pedido_lineas l JOIN productos pr ON pr.id = l.producto_id WHERE l.pedido_id = p.id)
               END
        FROM mensajes m
        LEFT JOIN LATERAL (SELECT id, estado FROM pedidos WHERE pedidos.chat_id = m.chat_id
                           ORDER BY creado DESC LIMIT 1) p ON true
        GROUP BY m.chat_id, p.id, p.estado
        """
    )


def downgrade() -> None:
    op.drop_index("ix_conversaciones_actualizado", table_name="conversaciones")
    op.drop_table("conversaciones")
    for name, _ in reversed(_METRIC_COLUMNS):
        op.drop_column("mensajes", name)
    op.drop_column("mensajes", "solo_personal")

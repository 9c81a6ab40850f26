"""ventas: el cliente como se dio en la venta; pedidos: precios del resumen confirmado

- `ventas.cliente_datos` (JSONB): the customer data the sale was made with (the chat's snapshot, or the record for a
  manual sale); existing sales get their customer's record as it is now.
- `ventas.cliente_difiere`: the chat's data differ from the stored record (the record was left as it was), for staff
  to review.
- `ventas.consentimiento_en`: when the buyer consented to the processing of personal data (Ley 1581), from the order.
- `pedido_lineas.precio_unitario`: the unit price shown in the summary the customer confirms; the sale charges it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ventas", sa.Column("cliente_datos", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column("ventas", sa.Column("cliente_difiere", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("ventas", sa.Column("consentimiento_en", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        """
        UPDATE ventas v
        SET cliente_datos = jsonb_build_object(
            'cedula', c.cedula, 'tipo', c.tipo, 'nombre', c.nombre, 'telefono', c.telefono,
            'email', c.email, 'direccion', c.direccion, 'ciudad', c.ciudad)
        FROM clientes c
        WHERE c.id = v.cliente_id
        """
    )
    op.execute(
        """
        UPDATE ventas v SET consentimiento_en = p.consentimiento_en
        FROM pedidos p
        WHERE p.venta_id = v.id
        """
    )
    op.alter_column("ventas", "cliente_datos", nullable=False)
    op.add_column("pedido_lineas", sa.Column("precio_unitario", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("pedido_lineas", "precio_unitario")
    op.drop_column("ventas", "consentimiento_en")
    op.drop_column("ventas", "cliente_difiere")
    op.drop_column("ventas", "cliente_datos")

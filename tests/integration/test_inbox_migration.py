"""Migration 0006 fills the inbox from the conversations that already exist (their messages and latest order)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from agente_vendedor.db.migrations import downgrade, upgrade
from local_stack.postgres import create_database, drop_database, ensure_postgres

pytestmark = pytest.mark.integration

BEFORE = """
INSERT INTO productos (id, sku, nombre, descripcion, categoria, precio, stock, sinonimos, activo, search_document,
                       creado, actualizado)
VALUES (1, 'CAS-1', 'Casco', '', 'Cabeza', 40000, 10, '{}', true, 'casco', now(), now());
INSERT INTO mensajes (chat_id, rol, contenido, productos, fecha) VALUES
  ('viejo-1', 'cliente', 'hola', '{}', '2026-11-01 10:00+00'),
  ('viejo-1', 'agente', 'Hola, ¿qué buscas?', '{}', '2026-11-01 10:00:01+00'),
  ('viejo-1', 'cliente', 'quiero 3 cascos', '{}', '2026-11-01 10:05+00'),
  ('viejo-1', 'agente', 'Listo, 3 cascos.', '{CAS-1}', '2026-11-01 10:05:01+00'),
  ('viejo-2', 'asesor', 'Hola, soy Ana.', '{}', '2026-11-02 09:00+00');
INSERT INTO pedidos (id, chat_id, estado, datos_cliente, creado, actualizado) VALUES
  ('p-antiguo', 'viejo-1', 'cancelada', '{}', '2026-10-01 08:00+00', '2026-10-01 08:00+00'),
  ('p-1', 'viejo-1', 'pendiente', '{}', '2026-11-01 10:05+00', '2026-11-01 10:05+00');
INSERT INTO pedido_lineas (pedido_id, producto_id, cantidad) VALUES ('p-1', 1, 3);
"""


def test_existing_conversations_fill_the_inbox() -> None:
    admin_url = ensure_postgres()
    name = f"agente_mig6_{uuid.uuid4().hex[:8]}"
    url = create_database(admin_url, name)
    try:
        upgrade(url, "0005")
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            for statement in BEFORE.split(";"):
                if statement.strip():
                    connection.execute(sa.text(statement))
        upgrade(url)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT chat_id, ultimo_mensaje, creado, actualizado, estado_venta, total_pedido, pausado, "
                    "requiere_asesor FROM conversaciones ORDER BY chat_id"
                )
            ).all()
            figures = connection.execute(sa.text("SELECT count(*) FROM mensajes WHERE solo_personal")).scalar()
        engine.dispose()
        assert [(r.chat_id, r.ultimo_mensaje, r.estado_venta, r.total_pedido, r.pausado, r.requiere_asesor)
                for r in rows] == [
            ("viejo-1", "quiero 3 cascos", "pendiente", 120000, False, False),
            ("viejo-2", "", None, None, False, False),
        ]  # fmt: skip
        assert rows[0].creado.isoformat() == "2026-11-01T10:00:00+00:00"
        assert rows[0].actualizado.isoformat() == "2026-11-01T10:05:01+00:00"
        assert figures == 0
        downgrade(url, "0005")
    finally:
        drop_database(admin_url, name)

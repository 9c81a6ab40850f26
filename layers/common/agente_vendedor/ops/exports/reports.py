"""What each report contains: one SQL query per CSV file, with Spanish column names and ISO-8601 UTC dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from agente_vendedor.ops.exports.period import Period


class ReportType(StrEnum):
    INVENTARIO = "inventario"
    CLIENTES = "clientes"
    VENTAS = "ventas"
    CONVERSACIONES_RAG = "conversaciones-rag"
    REPORTE_COMPLETO = "reporte-completo"


TOP_PRODUCTS = 20


def iso(expression: str) -> str:
    """An ISO-8601 UTC timestamp (`2026-11-25T10:15:00Z`) from a timestamptz expression."""
    return f"""to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


@dataclass(frozen=True)
class CsvQuery:
    filename: str
    sql: Callable[[Period], str]


def inventario_sql(_: Period) -> str:
    """The catalogue as it is now (dates do not apply); same columns and `|` synonyms as POST /productos/importar."""
    return f"""
        SELECT sku, nombre, descripcion, categoria, precio, stock, marca,
               array_to_string(sinonimos, '|') AS sinonimos,
               CASE WHEN activo THEN 'true' ELSE 'false' END AS activo,
               {iso("creado")} AS creado, {iso("actualizado")} AS actualizado
        FROM productos
        ORDER BY sku"""


def clientes_sql(period: Period) -> str:
    """Customers registered in the period, with their lifetime purchase figures."""
    return f"""
        SELECT c.cedula, c.tipo, c.nombre, c.telefono, c.email, c.direccion, c.ciudad,
               {iso("c.consentimiento_en")} AS consentimiento_en,
               count(v.id) AS numero_compras,
               coalesce(sum(v.total), 0) AS total_compras,
               {iso("max(v.fecha)")} AS ultima_compra,
               {iso("c.creado")} AS registrado
        FROM clientes c
        LEFT JOIN ventas v ON v.cliente_id = c.id
        WHERE {period.condition("c.creado")}
        GROUP BY c.id
        ORDER BY c.nombre, c.cedula"""


_SALE_CUSTOMER_FIELDS = ("cedula", "tipo", "nombre", "telefono", "email", "direccion", "ciudad")


def ventas_sql(period: Period) -> str:
    """One row per sale line, with its sale, the customer as given for that sale (`Venta.cliente`) and the sale's
    total."""
    customer = ", ".join(f"v.cliente_datos->>'{name}' AS cliente_{name}" for name in _SALE_CUSTOMER_FIELDS)
    return f"""
        SELECT v.id AS venta_id, {iso("v.fecha")} AS fecha, v.canal, v.chat_id,
               {customer},
               l.sku, l.nombre AS producto, l.categoria, l.cantidad, l.precio_unitario, l.subtotal,
               v.total AS total_venta
        FROM ventas v
        JOIN venta_lineas l ON l.venta_id = v.id
        WHERE {period.condition("v.fecha")}
        ORDER BY v.fecha, v.id, l.id"""


def conversaciones_sql(period: Period) -> str:
    """One row per chat message, grouped by conversation (the material for RAG and quality reviews)."""
    return f"""
        SELECT m.chat_id, m.id AS mensaje_id, {iso("m.fecha")} AS fecha, m.rol, m.tipo_mensaje, m.estado_venta,
               array_to_string(m.productos, '|') AS productos, m.contenido
        FROM mensajes m
        WHERE {period.condition("m.fecha")}
        ORDER BY m.chat_id, m.fecha, m.id"""


def ventas_por_dia_sql(period: Period) -> str:
    return f"""
        SELECT to_char(v.fecha AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS dia,
               count(*) AS ventas, sum(u.unidades) AS unidades, sum(v.total) AS total,
               round(avg(v.total)) AS ticket_promedio
        FROM ventas v
        JOIN (SELECT venta_id, sum(cantidad) AS unidades FROM venta_lineas GROUP BY venta_id) u ON u.venta_id = v.id
        WHERE {period.condition("v.fecha")}
        GROUP BY 1
        ORDER BY 1"""


def ventas_por_categoria_sql(period: Period) -> str:
    return f"""
        SELECT l.categoria, count(DISTINCT l.venta_id) AS ventas, sum(l.cantidad) AS unidades,
               sum(l.subtotal) AS total,
               round(100.0 * sum(l.subtotal) / nullif(sum(sum(l.subtotal)) OVER (), 0), 2) AS participacion_pct
        FROM venta_lineas l
        JOIN ventas v ON v.id = l.venta_id
        WHERE {period.condition("v.fecha")}
        GROUP BY l.categoria
        ORDER BY total DESC, l.categoria"""


def productos_top_sql(period: Period) -> str:
    return f"""
        SELECT row_number() OVER (ORDER BY sum(l.subtotal) DESC, l.sku) AS posicion,
               l.sku, max(l.nombre) AS nombre, max(l.categoria) AS categoria,
               sum(l.cantidad) AS unidades, count(DISTINCT l.venta_id) AS ventas, sum(l.subtotal) AS total
        FROM venta_lineas l
        JOIN ventas v ON v.id = l.venta_id
        WHERE {period.condition("v.fecha")}
        GROUP BY l.sku
        ORDER BY total DESC, l.sku
        LIMIT {TOP_PRODUCTS}"""


def conversion_sql(period: Period) -> str:
    """Conversations in the period, how many showed purchase intent, how many ended in a sale."""
    return f"""
        WITH conversaciones AS (
                 SELECT chat_id, bool_or(estado_venta IS NOT NULL) AS con_intencion
                 FROM mensajes m WHERE {period.condition("m.fecha")} GROUP BY chat_id),
             ventas_periodo AS (SELECT * FROM ventas v WHERE {period.condition("v.fecha")}),
             cifras AS (
                 SELECT (SELECT count(*) FROM conversaciones) AS conversaciones,
                        (SELECT count(*) FROM conversaciones WHERE con_intencion) AS con_intencion,
                        (SELECT count(DISTINCT chat_id) FROM ventas_periodo
                          WHERE canal = 'chat' AND chat_id IN (SELECT chat_id FROM conversaciones)) AS con_venta,
                        (SELECT count(*) FROM ventas_periodo WHERE canal = 'chat') AS ventas_chat,
                        (SELECT coalesce(sum(total), 0) FROM ventas_periodo WHERE canal = 'chat') AS total_chat,
                        (SELECT count(*) FROM ventas_periodo WHERE canal = 'manual') AS ventas_manuales,
                        (SELECT coalesce(sum(total), 0) FROM ventas_periodo WHERE canal = 'manual') AS total_manual)
        SELECT conversaciones,
               con_intencion AS conversaciones_con_intencion_de_compra,
               con_venta AS conversaciones_con_venta,
               coalesce(round(100.0 * con_venta / nullif(conversaciones, 0), 2), 0) AS tasa_conversion_pct,
               ventas_chat, total_chat AS total_ventas_chat, ventas_manuales, total_manual AS total_ventas_manuales
        FROM cifras"""


# The single-CSV reports.
CSV_REPORTS: dict[ReportType, CsvQuery] = {
    ReportType.INVENTARIO: CsvQuery("inventario.csv", inventario_sql),
    ReportType.CLIENTES: CsvQuery("clientes.csv", clientes_sql),
    ReportType.VENTAS: CsvQuery("ventas.csv", ventas_sql),
    ReportType.CONVERSACIONES_RAG: CsvQuery("conversaciones-rag.csv", conversaciones_sql),
}

# What `reporte-completo` adds to them: the summary.
SUMMARY: list[CsvQuery] = [
    CsvQuery("resumen/ventas_por_dia.csv", ventas_por_dia_sql),
    CsvQuery("resumen/ventas_por_categoria.csv", ventas_por_categoria_sql),
    CsvQuery("resumen/productos_top.csv", productos_top_sql),
    CsvQuery("resumen/conversion.csv", conversion_sql),
]

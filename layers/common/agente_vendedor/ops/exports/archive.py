"""`reporte-completo`: every CSV report plus a summary, compressed into one ZIP written as a stream.

The ZIP goes out entry by entry (data descriptors, ZIP64), so nothing but a zlib window is held in memory.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from typing import Any

from agente_vendedor.ops.exports.csv_copy import BinarySink, copy_csv
from agente_vendedor.ops.exports.period import Period
from agente_vendedor.ops.exports.reports import CSV_REPORTS, SUMMARY, TOP_PRODUCTS, CsvQuery

README_NAME = "LEEME.txt"


def write_full_report(cursor: Any, period: Period, sink: BinarySink, generated_at: datetime) -> int:
    """Write the ZIP to `sink` (which needs only `write` and `flush`); returns the data rows of the four reports."""
    counts: dict[str, int] = {}
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:  # type: ignore[call-overload]
        for query in [*CSV_REPORTS.values(), *SUMMARY]:
            counts[query.filename] = _write_csv_entry(archive, cursor, query, period, generated_at)
        archive.writestr(_entry(README_NAME, generated_at), readme(period, generated_at, counts))
    return sum(counts[query.filename] for query in CSV_REPORTS.values())


def _entry(name: str, generated_at: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=generated_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write_csv_entry(
    archive: zipfile.ZipFile, cursor: Any, query: CsvQuery, period: Period, generated_at: datetime
) -> int:
    with archive.open(_entry(query.filename, generated_at), mode="w", force_zip64=True) as entry:
        return copy_csv(cursor, query.sql(period), entry)


def readme(period: Period, generated_at: datetime, counts: dict[str, int]) -> str:
    desde = period.desde.isoformat() if period.desde else "el inicio"
    hasta = period.hasta.isoformat() if period.hasta else "la fecha de generación"
    lines = [
        "Reporte completo - Agente Vendedor Sextinvalle",
        f"Generado: {generated_at.replace(microsecond=0).isoformat()}",
        f"Periodo: desde {desde} hasta {hasta} (fechas en UTC). El inventario es el de la fecha de generación.",
        "",
        "Archivos (CSV UTF-8 con BOM, separados por comas, RFC 4180; fechas ISO-8601 en UTC):",
        *(f"  {name}: {rows} filas" for name, rows in counts.items()),
        "",
        "  inventario.csv: catálogo (mismas columnas que la importación de productos; sinónimos separados por |).",
        "  clientes.csv: clientes registrados en el periodo con sus compras totales.",
        "  ventas.csv: una fila por línea de venta, con el cliente y el total de la venta.",
        "  conversaciones-rag.csv: una fila por mensaje de chat (rol, tipo de mensaje, estado de la venta, productos).",
        "  resumen/ventas_por_dia.csv: ventas, unidades, total y ticket promedio por día (UTC).",
        "  resumen/ventas_por_categoria.csv: ventas, unidades, total y participación por categoría.",
        f"  resumen/productos_top.csv: los {TOP_PRODUCTS} productos con más ventas en pesos.",
        "  resumen/conversion.csv: conversaciones, intención de compra y conversión de conversaciones a ventas.",
        "",
    ]
    return "\r\n".join(lines)

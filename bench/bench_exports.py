"""Export benchmark: 1,000,000 sale lines exported as `ventas` CSV to S3 (moto_server) or local disk.

The data is generated inside PostgreSQL (INSERT ... SELECT generate_series) in a database of its own; the export
runs in a child process whose peak RSS must stay within the bound: the child's own high-water mark (`VmHWM` in
/proc/self/status), since wait4's ru_maxrss also counts the parent's memory when the child was forked from it.

    python -m bench.bench_exports [--lines 1000000] [--backend s3|local] [--max-rss-mb 150]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

LINES_PER_SALE = 4
PRODUCTS = 500
CUSTOMERS = 20_000


def generate_sales(database_url: str, lines: int) -> None:
    """`lines` sale lines (4 per sale) with products and customers whose names need CSV quoting."""
    from sqlalchemy import create_engine, text

    sales = max(1, lines // LINES_PER_SALE)
    statements = [
        f"""INSERT INTO productos (sku, nombre, descripcion, categoria, precio, stock, sinonimos, activo,
                                   search_document, creado, actualizado)
            SELECT 'B-' || lpad(g::text, 5, '0'), 'Producto ' || g || ', "modelo" ' || (g % 7), 'Descripción',
                   'Categoría ' || (g % 12), 1000 + g * 37, 100000, ARRAY['sinónimo'], true, '', now(), now()
            FROM generate_series(1, {PRODUCTS}) g""",
        f"""INSERT INTO clientes (cedula, tipo, nombre, nombre_normalizado, telefono, email, ciudad,
                                  creado, actualizado)
            SELECT (10000000 + g)::text, 'persona', 'Cliente ' || g || ', Pérez', '', '300' || lpad(g::text, 7, '0'),
                   'cliente' || g || '@example.com', 'Cali', now(), now()
            FROM generate_series(1, {CUSTOMERS}) g""",
        f"""INSERT INTO ventas (id, cliente_id, total, fecha, canal, chat_id, cliente_datos)
            SELECT md5(g::text), c.id, 0, now() - g * interval '1 minute',
                   CASE WHEN g % 3 = 0 THEN 'manual' ELSE 'chat' END,
                   CASE WHEN g % 3 = 0 THEN NULL ELSE 'chat_' || g END,
                   jsonb_build_object('cedula', c.cedula, 'tipo', c.tipo, 'nombre', c.nombre, 'telefono', c.telefono,
                                      'email', c.email, 'direccion', c.direccion, 'ciudad', c.ciudad)
            FROM generate_series(1, {sales}) g JOIN clientes c ON c.id = 1 + g % {CUSTOMERS}""",
        f"""INSERT INTO venta_lineas (venta_id, producto_id, sku, nombre, categoria, cantidad,
                                      precio_unitario, subtotal)
            SELECT md5(s::text), p.id, p.sku, p.nombre, p.categoria, 1 + (s + k) % 5, p.precio,
                   (1 + (s + k) % 5) * p.precio
            FROM generate_series(1, {sales}) s
            CROSS JOIN generate_series(0, {LINES_PER_SALE - 1}) k
            JOIN productos p ON p.id = 1 + (s * {LINES_PER_SALE} + k) % {PRODUCTS}""",
        """UPDATE ventas v SET total = t.total
            FROM (SELECT venta_id, sum(subtotal) AS total FROM venta_lineas GROUP BY venta_id) t
            WHERE t.venta_id = v.id""",
        "ANALYZE",
    ]
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def run_child(environment: dict[str, str]) -> tuple[dict[str, Any], float, int]:
    """Run the export in a child process; returns its result, wall time and peak RSS in bytes."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_exports", "--child"], env=environment, stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"export child failed with exit code {child.returncode}")
    result = json.loads(output)
    own_peak = result.pop("vm_hwm_bytes", None)
    peak_rss = own_peak or usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return result, elapsed, peak_rss


def _own_peak_rss() -> int | None:
    """This process's peak resident set (Linux `VmHWM`), or None where /proc does not tell it."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return int(line.split()[1]) * 1024 if line else None


def child_main() -> None:
    """In the child: one `ventas` export, reported as JSON on stdout."""
    from agente_vendedor.ops.exports.reports import ReportType
    from agente_vendedor.ops.exports.service import export_report

    started = time.perf_counter()
    result = export_report(ReportType.VENTAS, actor="bench")
    seconds = time.perf_counter() - started
    figures = {"archivo": result.key, "filas": result.rows, "bytes": result.size, "segundos": seconds}
    print(json.dumps({**figures, "vm_hwm_bytes": _own_peak_rss()}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000, help="sale lines to generate and export")
    parser.add_argument("--backend", choices=["s3", "local"], default="s3")
    parser.add_argument("--max-rss-mb", type=float, default=150.0, help="fail when the child's peak RSS exceeds it")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main()
        return 0

    from agente_vendedor.db.migrations import upgrade
    from local_stack.postgres import create_database, drop_database, ensure_postgres

    admin_url = ensure_postgres()
    name = f"bench_exports_{uuid.uuid4().hex[:8]}"
    database_url = create_database(admin_url, name)
    try:
        upgrade(database_url)
        print(f"generating {args.lines:,} sale lines in {name} ...", flush=True)
        started = time.perf_counter()
        generate_sales(database_url, args.lines)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-exports-") as scratch:
            environment = {
                **os.environ,
                "DATABASE_URL": database_url,
                "STORAGE_BACKEND": args.backend,
                "LOCAL_EXPORTS_DIR": str(Path(scratch) / "exports"),
                "AGENTE_ADMIN_TOKEN": "bench",
            }
            if args.backend == "s3":
                result, elapsed, peak_rss = _run_against_moto(environment)
            else:
                result, elapsed, peak_rss = run_child(environment)
    finally:
        drop_database(admin_url, name)

    rows_per_s = result["filas"] / result["segundos"]
    peak_mb = peak_rss / (1024 * 1024)
    print(f"ventas export ({args.backend}): {result['filas']:,} rows, {result['bytes'] / 1e6:.1f} MB")
    print(f"  export time   {result['segundos']:.1f} s (child wall time {elapsed:.1f} s)")
    print(f"  throughput    {rows_per_s:,.0f} rows/s")
    print(f"  peak RSS      {peak_mb:.1f} MB (bound {args.max_rss_mb:.0f} MB)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {
            "reporte": "ventas",
            "backend": args.backend,
            "filas": result["filas"],
            "bytes": result["bytes"],
            "segundos": round(result["segundos"], 3),
            "filas_por_segundo": round(rows_per_s),
            "rss_maximo_mb": round(peak_mb, 1),
            "limite_rss_mb": args.max_rss_mb,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    failures = []
    if result["filas"] != args.lines:
        failures.append(f"exported {result['filas']} rows, expected {args.lines}")
    if peak_mb > args.max_rss_mb:
        failures.append(f"peak RSS {peak_mb:.1f} MB exceeds {args.max_rss_mb:.0f} MB")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


def _run_against_moto(environment: dict[str, str]) -> tuple[dict[str, Any], float, int]:
    from agente_vendedor.core.settings import Settings
    from local_stack.aws_resources import create_resources
    from local_stack.moto_server import MotoServer

    with MotoServer() as moto:
        environment.update(moto.client_env)
        settings = Settings()
        create_resources(moto.client("dynamodb"), moto.client("s3"), settings)
        result, elapsed, peak_rss = run_child(environment)
        head = moto.client("s3").head_object(Bucket=settings.exports_bucket, Key=result["archivo"])
        if int(head["ContentLength"]) != result["bytes"]:
            raise SystemExit("the stored object's size differs from the bytes written")
    return result, elapsed, peak_rss


if __name__ == "__main__":
    sys.exit(main())

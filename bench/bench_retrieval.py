"""Retrieval latency on a large catalogue: `make bench-retrieval` (or `python -m bench.bench_retrieval`).

Builds a synthetic catalogue (50,000 products by default) in a database of its own, from the demo catalogue's
vocabulary with variations (colours, brands, grades, model numbers, prices, stock), then times `retrieve` on 200
messages (the hand-written demo queries plus generated product, typo, attribute and need phrasings) and prints
p50/p95, twice: the first pass meets most products for the first time (their words are read and folded), the second
is the steady state of a warm container. The first query, which builds the vocabulary cache, is timed apart.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from agente_vendedor.db.migrations import upgrade
from agente_vendedor.search.document import product_search_document

DEMO_QUERIES = Path(__file__).resolve().parent.parent / "tests/integration/data/retrieval_demo_queries.jsonl"
_COLOURS = ["azul", "rojo", "negro", "blanco", "verde", "amarillo", "gris", "naranja"]
_BRANDS = ["Steelpro", "3M", "MSA", "Arseg", "Honeywell", "Ansell", "Brahma", "Libus", "Miller", "Kidde", "Norseg"]
_GRADES = ["económico", "premium", "industrial", "reforzado", "liviano", "estándar", "profesional", "básico"]
_NEEDS = [
    "voy a pintar con pistola en un cuarto cerrado, que me pongo",
    "el ruido de la planta es insoportable",
    "trabajo soldando todo el dia y me queman las chispas",
    "necesito algo pa trabajar en un techo a 6 metros",
    "se nos regó aceite en el piso del taller",
    "lo mas barato pa proteger las manos",
    "botas que no tengan punta de acero",
    "tengo 50 mil no mas pa un casco",
]


def _demo_catalogue() -> list[dict[str, Any]]:
    source = resources.files("agente_vendedor.ops.demo_data").joinpath("catalogo.json")
    rows: list[dict[str, Any]] = json.loads(source.read_text("utf-8"))
    return rows


def synthetic_catalogue(size: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    base = _demo_catalogue()
    rows: list[dict[str, Any]] = []
    for i in range(size):
        product = rnd.choice(base)
        nombre = f"{product['nombre']} {rnd.choice(_GRADES)} {rnd.choice(_COLOURS)} ref {rnd.randint(100, 9999)}"[:200]
        sinonimos = product["sinonimos"][: rnd.randint(0, len(product["sinonimos"]))]
        marca = rnd.choice(_BRANDS)
        sku = f"BN-{i:06d}"
        rows.append(
            {
                "sku": sku,
                "nombre": nombre,
                "descripcion": product["descripcion"],
                "categoria": product["categoria"],
                "precio": max(1000, int(product["precio"] * rnd.uniform(0.7, 1.4))),
                "stock": rnd.choice([0, 0, 5, 20, 100, 300]),
                "marca": marca,
                "sinonimos": sinonimos,
                "activo": rnd.random() > 0.02,
                "search_document": product_search_document(
                    sku, nombre, product["descripcion"], product["categoria"], marca, sinonimos
                ),
            }
        )
    return rows


def _typo(word: str, rnd: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :] if rnd.random() < 0.5 else word[:i] + word[i] + word[i:]


def bench_queries(count: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    queries = [json.loads(line)["mensaje"] for line in DEMO_QUERIES.read_text("utf-8").splitlines() if line.strip()]
    queries += _NEEDS
    base = _demo_catalogue()
    while len(queries) < count:
        product = rnd.choice(base)
        words = product["nombre"].lower().split()[: rnd.randint(2, 5)]
        kind = rnd.random()
        if kind < 0.3:
            words = [_typo(w, rnd) for w in words]
        elif kind < 0.5 and product["sinonimos"]:
            words = rnd.choice(product["sinonimos"]).split()
        prefix = rnd.choice(["", "tienen ", "precio de ", "necesito 3 ", "cotizame "])
        queries.append(prefix + " ".join(words))
    return queries[:count]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--productos", type=int, default=50_000)
    parser.add_argument("--consultas", type=int, default=200)
    parser.add_argument("--base", default="agente_bench_retrieval", help="database name (dropped and re-created)")
    parser.add_argument("--conservar", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    import os

    from local_stack.postgres import create_database, drop_database, ensure_postgres

    admin_url = ensure_postgres()
    drop_database(admin_url, args.base)
    url = create_database(admin_url, args.base)
    try:
        upgrade(url)
        started = time.perf_counter()
        rows = synthetic_catalogue(args.productos)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO productos (sku, nombre, descripcion, categoria, precio, stock, marca, sinonimos, "
                    "activo, search_document, creado, actualizado) VALUES (:sku, :nombre, :descripcion, :categoria, "
                    ":precio, :stock, :marca, :sinonimos, :activo, :search_document, now(), now())"
                ),
                rows,
            )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE productos"))
        engine.dispose()
        print(f"catálogo sintético: {args.productos} productos en {time.perf_counter() - started:.1f} s")

        os.environ["DATABASE_URL"] = url
        from agente_vendedor.core.settings import get_settings
        from agente_vendedor.db.engine import reset_engine, session_scope
        from agente_vendedor.search.retrieval import retrieve

        get_settings.cache_clear()
        reset_engine()
        queries = bench_queries(args.consultas)
        started = time.perf_counter()
        with session_scope() as session:
            retrieve(session, "casco dieléctrico")
        print(f"primera consulta (arma la caché de vocabulario): {(time.perf_counter() - started) * 1000:.0f} ms")
        # first pass: the container meets most products for the first time; second: steady state
        for label in ("primera pasada", "segunda pasada"):
            timings: list[float] = []
            found = 0
            for query in queries:
                with session_scope() as session:
                    started = time.perf_counter()
                    result = retrieve(session, query)
                    timings.append((time.perf_counter() - started) * 1000)
                    found += bool(result.products)
            p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
            print(
                f"{label}, {len(queries)} consultas: p50 {p50:.1f} ms, p95 {p95:.1f} ms, máx {max(timings):.1f} ms; "
                f"con resultados: {found}/{len(queries)}"
            )
    finally:
        if not args.conservar:
            from agente_vendedor.db.engine import reset_engine

            reset_engine()
            drop_database(admin_url, args.base)


if __name__ == "__main__":
    main()

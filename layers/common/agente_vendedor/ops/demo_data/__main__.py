"""`python -m agente_vendedor.ops.demo_data [DATABASE_URL]`: migrate and load the demo data into an empty database."""

from __future__ import annotations

import sys

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.engine import database_url
from agente_vendedor.db.migrations import upgrade
from agente_vendedor.ops.demo_data import load_demo_data_if_empty


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else database_url(get_settings())
    upgrade(url)
    loaded = load_demo_data_if_empty(url)
    print(
        f"Datos de demostración cargados: {loaded}" if loaded else "La base de datos no está vacía: no se cargó nada."
    )


if __name__ == "__main__":
    main()

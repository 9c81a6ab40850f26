"""Retrieval behaviour on a small catalogue: filters, stock alternatives, related products, purchase mentions,
cache invalidation when the catalogue changes, and fusion with a (fake) semantic ranking."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.integration


def product(sku: str, nombre: str, categoria: str, precio: int, stock: int, **extra: Any) -> dict[str, Any]:
    return {
        "sku": sku,
        "nombre": nombre,
        "descripcion": extra.get("descripcion", ""),
        "categoria": categoria,
        "precio": precio,
        "stock": stock,
        "marca": extra.get("marca"),
        "sinonimos": extra.get("sinonimos", []),
        "activo": extra.get("activo", True),
    }


CATALOGUE = [
    product("T-CAS-1", "Casco dieléctrico clase E blanco con ratchet", "Protección para la cabeza", 38000, 0,
            sinonimos=["pava", "casco de electricista"], descripcion="Casco tipo I clase E, 20.000 V."),
    product("T-CAS-2", "Casco dieléctrico clase E azul", "Protección para la cabeza", 42000, 30,
            descripcion="Casco tipo I clase E dieléctrico."),
    product("T-CAS-3", "Casco de obra clase G amarillo", "Protección para la cabeza", 24000, 50),
    product("T-BAR-1", "Barbuquejo de 3 puntos para casco", "Protección para la cabeza", 8500, 100,
            descripcion="Se ajusta a cualquier casco con ranuras."),
    product("T-RES-1", "Respirador media cara de doble cartucho", "Protección respiratoria", 62000, 10,
            descripcion="Respirador reutilizable; usa cartuchos de rosca. No incluye cartuchos."),
    product("T-CAR-1", "Cartucho para vapores orgánicos (par)", "Protección respiratoria", 48000, 40,
            descripcion="Compatible con el respirador media cara de doble cartucho."),
    product("T-GUA-1", "Guante de nitrilo desechable, caja x 100", "Protección de manos", 32000, 20,
            sinonimos=["guantes de examen"]),
    product("T-GUA-2", "Guante de vaqueta tipo ingeniero (par)", "Protección de manos", 14000, 80),
    product("T-GUA-3", "Guante de carnaza viejo", "Protección de manos", 9000, 5, activo=False),
    product("T-EXT-1", "Extintor ABC de 10 lb", "Protección contra incendios", 95000, 12),
    product("T-EXT-2", "Extintor ABC de 20 lb", "Protección contra incendios", 165000, 4),
]  # fmt: skip


@pytest.fixture
def catalogue(db: None) -> None:
    from agente_vendedor.commerce.catalog import import_products
    from agente_vendedor.db.engine import session_scope

    with session_scope() as session:
        assert not import_products(session, CATALOGUE).errores


def skus(products: list[Any]) -> list[str]:
    return [p.sku for p in products]


def test_rank_products_filters(catalogue: None) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import rank_products

    with session_scope() as session:
        both = skus(rank_products(session, "casco dielectrico"))
        assert both[:2] == ["T-CAS-2", "T-CAS-1"]  # equally good: the one in stock first
        assert "T-CAS-1" not in skus(rank_products(session, "casco dielectrico", en_stock=True))
        assert skus(rank_products(session, "T-EXT-2")) == ["T-EXT-2"]
        assert "T-GUA-3" not in skus(rank_products(session, "guante de carnaza"))
        assert "T-GUA-3" in skus(rank_products(session, "guante de carnaza", include_inactive=True))
        assert rank_products(session, "bicicleta de montaña") == []
        only_hands = rank_products(session, "guante", categoria="protección de manos")
        assert only_hands and all(p.categoria == "Protección de manos" for p in only_hands)


def test_retrieve_offers_in_stock_alternatives(catalogue: None) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import retrieve

    with session_scope() as session:
        result = retrieve(session, "pava blanca dielectrica")
        assert result.products[0].sku == "T-CAS-1" and result.products[0].stock == 0
        assert result.in_stock_alternatives["T-CAS-1"][0].sku == "T-CAS-2"
        assert all(p.stock > 0 for p in result.in_stock_alternatives["T-CAS-1"])


def test_retrieve_explains_its_reading(catalogue: None) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import retrieve

    with session_scope() as session:
        result = retrieve(session, "extintor de 20 libras, tengo 200 mil maximo")
        assert result.products[0].sku == "T-EXT-2"
        assert result.interpretation["presupuesto_max"] == 200_000
        assert any(a.startswith("masa=") for a in result.interpretation["atributos"])
        typo = retrieve(session, "guantes de nitrlo")
        assert typo.products[0].sku == "T-GUA-1"
        assert typo.interpretation["correcciones"] == {"nitrlo": "nitrilo"}


def test_find_product_mentions(catalogue: None) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import find_product_mentions

    with session_scope() as session:
        mentions = find_product_mentions(session, "quiero 3 cascos azules y una docena de guantes de vaqueta")
        assert [(p.sku, text) for p, text in mentions] == [
            ("T-CAS-2", "quiero 3 cascos azules"),
            ("T-GUA-2", "una docena de guantes de vaqueta"),
        ]
        single = find_product_mentions(session, "me manda 2 extintores de 10 libras")
        assert [(p.sku, text) for p, text in single] == [("T-EXT-1", "me manda 2 extintores de 10 libras")]
        assert find_product_mentions(session, "hola, buenas tardes") == []


def test_related_products_start_with_complements(catalogue: None) -> None:
    from sqlalchemy import select

    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import Product
    from agente_vendedor.search.retrieval import related_products

    with session_scope() as session:
        respirator = session.scalar(select(Product).where(Product.sku == "T-RES-1"))
        helmet = session.scalar(select(Product).where(Product.sku == "T-CAS-2"))
        assert respirator is not None and helmet is not None
        assert skus(related_products(session, respirator, 2))[0] == "T-CAR-1"
        assert skus(related_products(session, helmet, 3))[0] == "T-BAR-1"


def test_catalogue_changes_are_seen_at_once(catalogue: None) -> None:
    from agente_vendedor.commerce.catalog import import_products
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import retrieve

    with session_scope() as session:
        assert retrieve(session, "pertiga telescopica").products == []
    with session_scope() as session:
        import_products(
            session, [product("T-PER-1", "Pértiga telescópica dieléctrica de 8 m", "Trabajo eléctrico", 1650000, 1)]
        )
    with session_scope() as session:
        assert skus(retrieve(session, "pertiga telescopica").products) == ["T-PER-1"]
        assert skus(retrieve(session, "pertiga telezcopica").products) == ["T-PER-1"]  # typo, new vocabulary


def test_semantic_ranking_is_fused(catalogue: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """With embeddings available, a product the semantic ranking puts first moves up (reciprocal rank fusion)."""
    from sqlalchemy import select

    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.db.models import Product
    from agente_vendedor.search import retrieval

    with session_scope() as session:
        ids = {p.sku: p.id for p in session.scalars(select(Product))}
        lexical = skus(retrieval.retrieve(session, "casco").products)
    favourite = lexical[-1]
    monkeypatch.setattr(retrieval, "semantic_ranking", lambda *a, **k: [ids[favourite], ids["T-RES-1"]])
    with session_scope() as session:  # a new session: one session searches a text once
        fused = skus(retrieval.retrieve(session, "casco").products)
    assert fused.index(favourite) < lexical.index(favourite)
    assert "T-RES-1" in fused  # admitted from the semantic top few


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "\x00\x01casco\x7f",
        "casco'; DROP TABLE productos; --",
        "casco & | ! <-> :* ( ) dieléctrico",
        "\ud800 guantes \udfff",
        "🦺🪖 casco 🔥",
        "casco " * 400,
        "a-b-c-1 x/y/z 3/4/5 .... ----",
    ],
)
def test_any_text_is_searched_safely(catalogue: None, message: str) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import find_product_mentions, rank_products, retrieve

    with session_scope() as session:
        result = retrieve(session, message)
        assert len(result.products) <= 5
        rank_products(session, message)
        find_product_mentions(session, message)


def test_orders_by_price_and_by_measure(catalogue: None) -> None:
    from agente_vendedor.db.engine import session_scope
    from agente_vendedor.search.retrieval import retrieve

    with session_scope() as session:
        assert retrieve(session, "cual es el extintor mas barato").products[0].sku == "T-EXT-1"
        assert retrieve(session, "el extintor mas grande que tengan").products[0].sku == "T-EXT-2"
        assert retrieve(session, "tengo 30 mil, que casco me sirve").products[0].sku == "T-CAS-3"

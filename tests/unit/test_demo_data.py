"""Invariants of the demo catalogue, the demo company and the domain lexicon (data files shipped in the layer)."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from typing import Any

import pytest

from agente_vendedor.language.normalization import normalize
from tests.lexicon_files import rule_categories

REQUIRED_CATEGORIES = rule_categories()
PRODUCT_FIELDS = {"sku", "nombre", "descripcion", "categoria", "precio", "stock", "marca", "sinonimos", "activo"}
REQUIRED_SECTIONS = {
    "Sobre nosotros",
    "Horario",
    "Ubicación",
    "Contacto",
    "Envíos",
    "Medios de pago",
    "Garantía",
    "Cambios y devoluciones",
    "Certificaciones y normas",
    "Facturación electrónica",
    "Asesoría técnica y capacitaciones",
    "Cotizaciones para empresas",
}
RESTRICTION_EFFECTS = ("orden", "filtro", "excluir_terminos", "preferir_terminos", "modo")


def _load(folder: str, name: str) -> Any:
    return json.loads(resources.files("agente_vendedor").joinpath(folder, name).read_text("utf-8"))


@pytest.fixture(scope="module")
def catalogue() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = _load("ops/demo_data", "catalogo.json")
    return data


@pytest.fixture(scope="module")
def needs() -> dict[str, Any]:
    data: dict[str, Any] = _load("language/lexicon", "necesidades.json")
    return data


def _is_plain_term(term: str) -> bool:
    """Lower-case, accent-free and already in the shape `normalize` gives, so it matches normalised text as is."""
    return bool(term) and term.isascii() and term == term.lower() and normalize(term) == term


# --- catalogue -------------------------------------------------------------------------------------------------


def test_catalogue_size_and_unique_skus(catalogue: list[dict[str, Any]]) -> None:
    skus = [product["sku"] for product in catalogue]
    assert len(catalogue) >= 130
    assert len(set(skus)) == len(skus), [sku for sku, n in Counter(skus).items() if n > 1]


def test_products_have_the_contract_shape(catalogue: list[dict[str, Any]]) -> None:
    for product in catalogue:
        sku = product["sku"]
        assert set(product) == PRODUCT_FIELDS, sku
        assert re.fullmatch(r"SX-[A-Z]{3}-\d{3}", sku), sku
        assert product["nombre"].strip() and len(product["descripcion"]) >= 60, sku
        assert type(product["precio"]) is int and product["precio"] > 0, sku
        assert type(product["stock"]) is int and product["stock"] >= 0, sku
        assert product["marca"] is None or (isinstance(product["marca"], str) and product["marca"].strip()), sku
        assert isinstance(product["activo"], bool), sku
        sinonimos = product["sinonimos"]
        assert isinstance(sinonimos, list) and all(isinstance(s, str) and s.strip() for s in sinonimos), sku


def test_active_products_have_two_to_six_synonyms(catalogue: list[dict[str, Any]]) -> None:
    for product in catalogue:
        if product["activo"]:
            assert 2 <= len(product["sinonimos"]) <= 6, product["sku"]


def test_categories_are_the_required_ones(catalogue: list[dict[str, Any]]) -> None:
    categories = Counter(product["categoria"] for product in catalogue)
    assert set(categories) == REQUIRED_CATEGORIES
    assert all(count >= 5 for count in categories.values()), categories


def test_sku_prefix_matches_category(catalogue: list[dict[str, Any]]) -> None:
    prefix_categories: dict[str, set[str]] = {}
    for product in catalogue:
        prefix_categories.setdefault(product["sku"][:6], set()).add(product["categoria"])
    assert all(len(categories) == 1 for categories in prefix_categories.values()), prefix_categories


def test_stock_has_out_of_stock_low_and_inactive_cases(catalogue: list[dict[str, Any]]) -> None:
    active = [product for product in catalogue if product["activo"]]
    out_of_stock = [product for product in active if product["stock"] == 0]
    low = [product for product in active if 1 <= product["stock"] <= 4]
    assert len(out_of_stock) >= 5
    assert len(low) >= 3
    assert sum(1 for product in catalogue if not product["activo"]) == 2
    for product in out_of_stock:
        alternatives = [
            other
            for other in active
            if other["categoria"] == product["categoria"] and other["stock"] > 0 and other["sku"] != product["sku"]
        ]
        assert alternatives, f"{product['sku']} agotado sin alternativa en su categoría"


# --- company ---------------------------------------------------------------------------------------------------


def test_company_sections() -> None:
    company = _load("ops/demo_data", "empresa.json")
    assert company["nombre"] == "Sextinvalle S.A.S."
    sections = company["secciones"]
    titles = [section["titulo"] for section in sections]
    assert len(sections) >= 10
    assert len(set(titles)) == len(titles)
    assert set(titles) >= REQUIRED_SECTIONS, REQUIRED_SECTIONS - set(titles)
    assert all(len(section["contenido"]) >= 80 for section in sections)
    contents = " ".join(section["contenido"] for section in sections)
    assert "@sextinvalle.com.co" in contents
    for payment in ("Nequi", "Daviplata", "Bancolombia", "PSE"):
        assert payment in contents, payment


# --- lexicon: synonyms -----------------------------------------------------------------------------------------


def test_synonym_groups_are_plain_and_disjoint() -> None:
    groups: list[list[str]] = [entry["terminos"] for entry in _load("language/lexicon", "sinonimos.json")["grupos"]]
    assert len(groups) >= 150
    seen: dict[str, int] = {}
    for index, group in enumerate(groups):
        assert len(group) >= 2, group
        assert len(set(group)) == len(group), group
        for term in group:
            assert _is_plain_term(term), term
            assert term not in seen, f"'{term}' está en dos grupos"
            seen[term] = index


# --- lexicon: needs ------------------------------------------------------------------------------------------


def test_need_rules_are_well_formed(needs: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    categories = {product["categoria"] for product in catalogue}
    rules = needs["reglas"]
    assert len(rules) >= 60
    ids = [rule["id"] for rule in rules] + [restriction["id"] for restriction in needs["restricciones"]]
    assert len(set(ids)) == len(ids)
    for rule in rules:
        assert rule["disparadores"] and rule["protecciones"], rule["id"]
        for term in rule["disparadores"] + rule.get("inhibidores", []):
            assert _is_plain_term(term), (rule["id"], term)
        for protection in rule["protecciones"]:
            assert protection["categoria"] in categories, (rule["id"], protection["categoria"])
            assert 0 < protection["peso"] <= 1, rule["id"]
            assert protection["terminos"], rule["id"]
            assert all(_is_plain_term(term) for term in protection["terminos"]), rule["id"]


def test_restrictions_have_an_effect(needs: dict[str, Any]) -> None:
    for restriction in needs["restricciones"]:
        assert restriction["disparadores"], restriction["id"]
        assert any(restriction.get(effect) for effect in RESTRICTION_EFFECTS), restriction["id"]
        for key in ("disparadores", "excluir_terminos", "preferir_terminos"):
            assert all(_is_plain_term(term) for term in restriction.get(key, [])), restriction["id"]
        if "patron" in restriction:
            re.compile(restriction["patron"])


def test_budget_pattern_reads_colombian_amounts(needs: dict[str, Any]) -> None:
    (budget,) = [r for r in needs["restricciones"] if r.get("filtro") == "precio_max"]
    pattern = re.compile(budget["patron"])
    assert pattern.search("tengo 50 mil no mas").groups() == ("50", "mil")  # type: ignore[union-attr]
    assert pattern.search("maximo $80.000").groups() == ("80.000", None)  # type: ignore[union-attr]
    assert pattern.search("presupuesto de 1.5 millones").groups() == ("1.5", "millones")  # type: ignore[union-attr]
    assert pattern.search("ya tengo la mascara") is None


def test_category_aliases_cover_every_category(needs: dict[str, Any], catalogue: list[dict[str, Any]]) -> None:
    aliases: dict[str, list[str]] = {category: entry["alias"] for category, entry in needs["alias_categorias"].items()}
    assert set(aliases) == {product["categoria"] for product in catalogue}
    assert all(names and all(_is_plain_term(alias) for alias in names) for names in aliases.values())

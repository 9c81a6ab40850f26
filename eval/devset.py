"""Run a dev-eval set through the HTTP API and score it (shared by `make eval` and tests/integration).

`client` is anything with httpx's `get`/`post`/`put` (an `httpx.Client` against a running stack, or FastAPI's
`TestClient`). The set is loaded exactly as ../shared/dev-eval/README.md describes, then every query and scenario
goes to `POST /chat/texto`.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DEV_DIR = Path(__file__).resolve().parents[2] / "shared" / "dev-eval"
TYPES = ("inventario", "venta", "cliente", "contexto")
THRESHOLDS = {"intent": 0.95, "recall@3": 0.92, "mrr": 0.85, "facts": 0.90, "scenarios": 0.90}
# Issue 9's bar, reported for every set (the held-out ones are what it is judged on).
TARGETS = {
    "intent": 0.96,
    "intent_per_type": 0.90,
    "facts": 0.92,
    "scenarios": 0.92,
    "hard_recall@3": 0.85,
    "hard_mrr": 0.70,
    "intact": 1.0,
    "product_number_quantities": 0.95,
}


HttpClient = Any  # httpx.Client on a running stack, or FastAPI's TestClient


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@dataclass
class DevSet:
    catalog: list[dict[str, Any]]
    empresa: dict[str, Any]
    setup: dict[str, Any]
    queries: list[dict[str, Any]]
    hard: list[dict[str, Any]]
    scenarios: list[dict[str, Any]]
    intact: list[dict[str, Any]] = field(default_factory=list)  # probes that must leave the order as it was
    name: str = ""

    @classmethod
    def load(cls, directory: Path = DEFAULT_DEV_DIR) -> DevSet:
        hard_path = directory / "queries_hard.jsonl"
        intact_path = directory / "intacto.jsonl"
        return cls(
            catalog=json.loads((directory / "catalog.json").read_text("utf-8")),
            empresa=json.loads((directory / "empresa.json").read_text("utf-8")),
            setup=json.loads((directory / "setup.json").read_text("utf-8")),
            queries=read_jsonl(directory / "queries.jsonl"),
            hard=read_jsonl(hard_path) if hard_path.exists() else [],
            scenarios=read_jsonl(directory / "scenarios.jsonl"),
            intact=read_jsonl(intact_path) if intact_path.exists() else [],
            name=directory.name,
        )


def _check(response: Any, expected: tuple[int, ...], what: str) -> Any:
    if response.status_code not in expected:
        raise RuntimeError(f"{what}: HTTP {response.status_code} {response.text[:300]}")
    return response.json()


def load_devset(client: HttpClient, staff: dict[str, str], dev: DevSet) -> None:
    """Catalogue, company, customers, sales and the concurrency product, over HTTP (the README's procedure)."""
    result = _check(client.post("/productos/importar", json=dev.catalog, headers=staff), (200, 201), "importar")
    if result.get("errores"):
        raise RuntimeError(f"importar: {result['errores']}")
    _check(client.put("/empresa", json=dev.empresa, headers=staff), (200,), "empresa")
    for cliente in dev.setup.get("clientes", []):
        _check(client.post("/clientes/", json=cliente, headers=staff), (201, 409), "cliente")
    for venta in dev.setup.get("ventas", []):
        body = {"cliente": {"cedula": venta["cedula"]}, "items": venta["items"]}
        _check(client.post("/ventas/", json=body, headers=staff), (201,), "venta")
    product = dev.setup.get("producto_concurrencia")
    if product:
        _check(client.post("/productos/", json=product, headers=staff), (201, 409), "producto_concurrencia")


@dataclass
class QueryOutcome:
    id: str
    tipo_esperado: str
    tipo: str
    skus: list[str]
    relevantes: list[str]
    hard: bool
    hecho_ok: bool | None = None
    cantidad_ok: bool | None = None
    respuesta: str = ""
    product_number: bool = False  # the message also carries a model, size, weight or class number


@dataclass
class ScenarioOutcome:
    id: str
    ok: bool
    detalle: str
    estado: str | None


@dataclass
class IntactOutcome:
    id: str
    clase: str
    ok: bool
    detalle: str


@dataclass
class ConcurrencyOutcome:
    buyers: int
    closed: int
    stock_after: int
    errors: int

    @property
    def ok(self) -> bool:
        return self.closed == 1 and self.stock_after == 0 and self.errors == 0


@dataclass
class Report:
    queries: list[QueryOutcome] = field(default_factory=list)
    scenarios: list[ScenarioOutcome] = field(default_factory=list)
    pii_leaks: list[str] = field(default_factory=list)
    pii_checked: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    intact: list[IntactOutcome] = field(default_factory=list)
    concurrency: ConcurrencyOutcome | None = None

    # ----------------------------------------------------------------------------------------------- metrics
    def intent_accuracy(self) -> float:
        return _mean([q.tipo == q.tipo_esperado for q in self.queries])

    def per_class(self) -> dict[str, float]:
        groups: dict[str, list[bool]] = defaultdict(list)
        for q in self.queries:
            groups[q.tipo_esperado].append(q.tipo == q.tipo_esperado)
        return {k: _mean(v) for k, v in sorted(groups.items())}

    def confusion(self) -> dict[str, Counter[str]]:
        matrix: dict[str, Counter[str]] = {t: Counter() for t in TYPES}
        for q in self.queries:
            matrix.setdefault(q.tipo_esperado, Counter())[q.tipo] += 1
        return matrix

    def retrieval(self, *, hard: bool) -> dict[str, float]:
        rows = [q for q in self.queries if q.relevantes and q.hard == hard]
        return {
            "n": float(len(rows)),
            "recall@1": _mean([_recall(q, 1) for q in rows]),
            "recall@3": _mean([_recall(q, 3) for q in rows]),
            "mrr": _mean([_reciprocal_rank(q) for q in rows]),
        }

    def facts(self) -> float:
        return _mean([bool(q.hecho_ok) for q in self.queries if q.hecho_ok is not None])

    def quantities(self, *, product_number_only: bool = False) -> float:
        rows = [q for q in self.queries if q.cantidad_ok is not None and (q.product_number or not product_number_only)]
        return _mean([bool(q.cantidad_ok) for q in rows])

    def intact_rate(self) -> float:
        return _mean([o.ok for o in self.intact])

    def targets(self) -> dict[str, float]:
        """Issue 9's figures for this set (see TARGETS)."""
        hard = self.retrieval(hard=True)
        figures = {
            "intent": self.intent_accuracy(),
            "intent_per_type": min(self.per_class().values(), default=1.0),
            "facts": self.facts(),
            "scenarios": self.scenario_rate(),
            "hard_recall@3": hard["recall@3"],
            "hard_mrr": hard["mrr"],
            "intact": self.intact_rate(),
            "product_number_quantities": self.quantities(product_number_only=True),
        }
        if self.concurrency is not None:
            figures["concurrency"] = float(self.concurrency.ok)
        return figures

    def missed_targets(self) -> list[str]:
        missed = [f"{k} {v:.3f} < {TARGETS[k]}" for k, v in self.targets().items() if k in TARGETS and v < TARGETS[k]]
        if self.concurrency is not None and not self.concurrency.ok:
            missed.append(f"concurrencia: {self.concurrency}")
        return missed

    def scenario_rate(self) -> float:
        return _mean([s.ok for s in self.scenarios])

    def latency(self) -> tuple[float, float]:
        if not self.latencies_ms:
            return 0.0, 0.0
        ordered = sorted(self.latencies_ms)
        return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def scores(self) -> dict[str, float]:
        normal = self.retrieval(hard=False)
        return {
            "intent": self.intent_accuracy(),
            "recall@3": normal["recall@3"],
            "mrr": normal["mrr"],
            "facts": self.facts(),
            "scenarios": self.scenario_rate(),
        }

    def failures(self) -> list[str]:
        """Thresholds not met, plus any PII leak."""
        failed = [
            f"{name} {value:.3f} < {THRESHOLDS[name]}"
            for name, value in self.scores().items()
            if value < THRESHOLDS[name]
        ]
        if self.pii_leaks:
            failed.append(f"datos personales en respuestas anónimas: {len(self.pii_leaks)}")
        return failed

    def render(self) -> str:
        lines = [f"Intención: {self.intent_accuracy():.3f} ({len(self.queries)} mensajes)"]
        for name, value in self.per_class().items():
            lines.append(f"  {name:<11} {value:.3f}")
        lines.append("  matriz de confusión (fila = esperado, columna = obtenido):")
        lines.append("  " + " " * 12 + "".join(f"{t[:10]:>11}" for t in TYPES))
        for expected, row in self.confusion().items():
            lines.append(f"  {expected:<12}" + "".join(f"{row.get(t, 0):>11}" for t in TYPES))
        for label, hard in (("normal", False), ("difícil", True)):
            r = self.retrieval(hard=hard)
            lines.append(
                f"Recuperación {label} (n={int(r['n'])}): recall@1 {r['recall@1']:.3f}  recall@3 {r['recall@3']:.3f}  "
                f"MRR {r['mrr']:.3f}"
            )
        lines.append(f"Hechos de empresa: {self.facts():.3f}")
        lines.append(f"Cantidades en pedidos (venta): {self.quantities():.3f}")
        lines.append(
            f"Escenarios de venta: {self.scenario_rate():.3f} "
            f"({sum(s.ok for s in self.scenarios)}/{len(self.scenarios)})"
        )
        for s in self.scenarios:
            if not s.ok:
                lines.append(f"  ✗ {s.id}: {s.detalle}")
        lines.append(
            f"Cantidades junto a números de producto: {self.quantities(product_number_only=True):.3f} "
            f"({sum(1 for q in self.queries if q.product_number and q.cantidad_ok is not None)} mensajes)"
        )
        if self.intact:
            lines.append(
                f"Pedido intacto tras preguntas/quejas/negaciones: {self.intact_rate():.3f} "
                f"({sum(o.ok for o in self.intact)}/{len(self.intact)})"
            )
            lines.extend(f"  ✗ {o.id} ({o.clase}): {o.detalle}" for o in self.intact if not o.ok)
        if self.concurrency is not None:
            c = self.concurrency
            lines.append(
                f"Concurrencia: {c.buyers} compradores de las últimas unidades → {c.closed} venta(s) cerrada(s), "
                f"stock final {c.stock_after}, errores {c.errors} ({'bien' if c.ok else 'MAL'})"
            )
        lines.append(f"Fugas de datos personales: {len(self.pii_leaks)} de {self.pii_checked} consultas anónimas")
        for leak in self.pii_leaks:
            lines.append(f"  ✗ {leak}")
        p50, p95 = self.latency()
        lines.append(f"Latencia por turno: p50 {p50:.1f} ms  p95 {p95:.1f} ms ({len(self.latencies_ms)} turnos)")
        misses = [q for q in self.queries if q.tipo != q.tipo_esperado]
        if misses:
            lines.append("Intenciones erradas:")
            lines.extend(f"  {q.id}: esperado {q.tipo_esperado}, obtenido {q.tipo}" for q in misses)
        retrieval_misses = [q for q in self.queries if q.relevantes and _recall(q, 3) < 1]
        if retrieval_misses:
            lines.append("Recuperación incompleta (top 3):")
            lines.extend(f"  {q.id}: esperado {q.relevantes}, obtenido {q.skus[:3]}" for q in retrieval_misses)
        wrong_facts = [q for q in self.queries if q.hecho_ok is False]
        if wrong_facts:
            lines.append("Hechos no encontrados:")
            lines.extend(f"  {q.id}: {q.respuesta[:120]!r}" for q in wrong_facts)
        wrong_quantities = [q for q in self.queries if q.cantidad_ok is False]
        if wrong_quantities:
            lines.append("Cantidades erradas:")
            lines.extend(f"  {q.id}" for q in wrong_quantities)
        return "\n".join(lines)


def _mean(values: list[bool] | list[float]) -> float:
    return sum(float(v) for v in values) / len(values) if values else 1.0


def _recall(q: QueryOutcome, k: int) -> float:
    relevant = set(q.relevantes)
    return len(relevant & set(q.skus[:k])) / min(len(relevant), k)


def _reciprocal_rank(q: QueryOutcome) -> float:
    for rank, sku in enumerate(q.skus, start=1):
        if sku in q.relevantes:
            return 1.0 / rank
    return 0.0


_CHAT_TOKENS: dict[str, str] = {}  # chat_id → the conversation's secret its first answer gave (contract §2)


def post_chat(client: HttpClient, chat_id: str, mensaje: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """`POST /chat/texto` as a client does: the conversation's `chat_token` kept and sent from the second message."""
    token = _CHAT_TOKENS.get(chat_id)
    sent = {**(headers or {}), **({"X-Chat-Token": token} if token else {})}
    response = client.post("/chat/texto", json={"chat_id": chat_id, "mensaje": mensaje}, headers=sent)
    if response.status_code != 200:
        raise RuntimeError(f"/chat/texto {chat_id}: HTTP {response.status_code} {response.text[:300]}")
    body: dict[str, Any] = response.json()
    if body.get("chat_token"):
        _CHAT_TOKENS[chat_id] = body["chat_token"]
    return body


def _chat(
    client: HttpClient, report: Report, chat_id: str, mensaje: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        return post_chat(client, chat_id, mensaje, headers)
    finally:
        report.latencies_ms.append((time.perf_counter() - started) * 1000)


def _personal_values(setup: dict[str, Any]) -> list[str]:
    values: list[str] = []
    for c in setup.get("clientes", []):
        values += [c["cedula"], c["cedula"].split("-")[0], c["telefono"]]
        if c.get("email"):
            values.append(c["email"])
        if c.get("direccion"):
            values.append(c["direccion"].split(",")[0])
    return values


def _leaks(text: str, values: list[str]) -> list[str]:
    folded = fold(text)
    digits = re.sub(r"\D", "", text)
    found = []
    for value in values:
        value_digits = re.sub(r"\D", "", value)
        if fold(value) in folded or (
            len(value_digits) >= 6
            and value_digits == re.sub(r"\D", "", value)
            and value_digits in digits
            and not re.search(r"[a-z]", fold(value))
        ):
            found.append(value)
    return found


def run_queries(client: HttpClient, staff: dict[str, str], dev: DevSet, report: Report, run_id: str) -> None:
    personal = _personal_values(dev.setup)
    for hard, rows in ((False, dev.queries), (True, dev.hard)):
        for q in rows:
            headers = staff if q["tipo"] == "cliente" else {}
            body = _chat(client, report, f"ev-{run_id}-{q['id']}", q["mensaje"], headers)
            outcome = QueryOutcome(
                id=q["id"],
                tipo_esperado=q["tipo"],
                tipo=body["tipo_mensaje"],
                skus=[p["sku"] for p in body.get("productos", [])],
                relevantes=list(q.get("skus") or []),
                hard=hard,
                respuesta=body.get("respuesta", ""),
                product_number="numero_de_producto" in (q.get("etiquetas") or []),
            )
            if q.get("hecho"):
                outcome.hecho_ok = fold(q["hecho"]) in fold(body.get("respuesta", ""))
            if q["tipo"] == "venta" and q.get("cantidad") and q.get("skus"):
                items = {i["sku"]: i["cantidad"] for i in (body.get("pedido") or {}).get("items", [])}
                outcome.cantidad_ok = items.get(q["skus"][0]) == q["cantidad"]
            report.queries.append(outcome)
            if q["tipo"] == "cliente":
                anonymous = _chat(client, report, f"ev-{run_id}-{q['id']}-anon", q["mensaje"])
                report.pii_checked += 1
                leaked = _leaks(anonymous.get("respuesta", "") + json.dumps(anonymous.get("pedido")), personal)
                if leaked:
                    report.pii_leaks.append(f"{q['id']}: {leaked}")


def _stock(client: HttpClient, skus: list[str]) -> dict[str, int]:
    return {sku: int(client.get(f"/productos/{sku}").json()["stock"]) for sku in skus}


def run_scenarios(client: HttpClient, staff: dict[str, str], dev: DevSet, report: Report, run_id: str) -> None:
    all_skus = [p["sku"] for p in dev.catalog]
    for scenario in dev.scenarios:
        expected = scenario["esperado"]
        before = _stock(client, all_skus)
        chat_id = f"ev-{run_id}-{scenario['id']}"
        body: dict[str, Any] = {}
        for turn in scenario["turnos"]:
            body = _chat(client, report, chat_id, turn)
        after = _stock(client, all_skus)
        problems: list[str] = []
        estado = body.get("estado_venta")
        wanted_states = (
            expected["estado_final"] if isinstance(expected["estado_final"], list) else [expected["estado_final"]]
        )
        if estado not in wanted_states:
            problems.append(f"estado {estado} (esperado {wanted_states})")
        items = {i["sku"]: i["cantidad"] for i in (body.get("pedido") or {}).get("items", [])}
        if expected.get("items") is not None and items != expected["items"]:
            problems.append(f"items {items} (esperado {expected['items']})")
        for sku in expected.get("skus_en_pedido") or []:
            if sku not in items:
                problems.append(f"{sku} no está en el pedido")
        closed = estado == "cerrada"
        deltas = {sku: before[sku] - after[sku] for sku in all_skus if before[sku] != after[sku]}
        wanted_deltas = expected["items"] if closed and expected.get("items") else {}
        if deltas != wanted_deltas:
            problems.append(f"stock cambió {deltas} (esperado {wanted_deltas})")
        cliente = expected.get("cliente")
        if cliente:
            problems += _check_sale(client, staff, cliente, expected.get("items") or {}, chat_id, dev)
        report.scenarios.append(ScenarioOutcome(scenario["id"], not problems, "; ".join(problems), estado))


def _check_sale(
    client: HttpClient, staff: dict[str, str], cliente: dict[str, str], items: dict[str, int], chat_id: str, dev: DevSet
) -> list[str]:
    sales = client.get("/ventas/", params={"cedula": cliente["cedula"]}, headers=staff).json().get("items", [])
    mine = [s for s in sales if s.get("chat_id") == chat_id] or sales
    if not mine:
        return [f"no hay Venta para {cliente['cedula']}"]
    sale = mine[0]
    problems = []
    prices = {p["sku"]: p["precio"] for p in dev.catalog}
    got = {i["sku"]: i["cantidad"] for i in sale["items"]}
    if got != items:
        problems.append(f"venta items {got}")
    if any(i["precio_unitario"] != prices.get(i["sku"]) for i in sale["items"]):
        problems.append("precios de la venta distintos del catálogo")
    if sale["total"] != sum(prices[s] * q for s, q in items.items()):
        problems.append(f"total {sale['total']}")
    for name in ("cedula", "nombre", "telefono"):
        if fold(sale["cliente"].get(name) or "") != fold(cliente[name]):
            problems.append(f"cliente.{name} {sale['cliente'].get(name)!r}")
    if not fold(sale["cliente"].get("direccion") or "").startswith(fold(cliente["direccion"])):
        problems.append(f"cliente.direccion {sale['cliente'].get('direccion')!r}")
    return problems


def evaluate(
    client: HttpClient, staff: dict[str, str], dev: DevSet, *, load: bool = True, concurrency: bool = False
) -> Report:
    """`concurrency` runs the 30 concurrent buyers too (needs a thread-safe client: httpx against a running stack)."""
    from eval.probes import run_concurrency, run_intact

    if load:
        load_devset(client, staff, dev)
    report = Report()
    run_id = uuid.uuid4().hex[:6]
    run_queries(client, staff, dev, report, run_id)
    run_scenarios(client, staff, dev, report, run_id)
    run_intact(client, dev, report, run_id)
    if concurrency:
        run_concurrency(client, dev, report, run_id)
    return report

"""Black-box helpers for the contract suites: dev-eval data, shape checks and "is this Spanish" for error details.

Everything here speaks to the stack over HTTP only (shared/CONTRACT.md), like the hidden automated checks do.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from eval.devset import DEFAULT_DEV_DIR, fold
from local_stack.subprocess_stack import RunningStack
from tests.chat_tokens import chat_headers, keep_token

DEV_EVAL = DEFAULT_DEV_DIR
TIMEOUT_S = 30.0

PRODUCT_FIELDS = {"sku", "nombre", "descripcion", "categoria", "precio", "stock", "marca", "sinonimos", "activo"}
CUSTOMER_FIELDS = {"cedula", "tipo", "nombre", "telefono", "email", "direccion", "ciudad"}
SALE_FIELDS = {"id", "cliente", "items", "total", "fecha", "canal", "chat_id", "cliente_difiere"}
SALE_ITEM_FIELDS = {"sku", "nombre", "cantidad", "precio_unitario", "subtotal"}
ORDER_FIELDS = {"id", "chat_id", "estado", "items", "total", "cliente", "faltantes", "venta_id"}
CHAT_FIELDS = {
    "chat_id", "respuesta", "tipo_mensaje", "estado_venta", "productos", "pedido", "fuentes", "chat_token", "metadatos"
}  # fmt: skip
MESSAGE_TYPES = {"inventario", "venta", "cliente", "contexto"}
SALE_STATES = {"iniciada", "pendiente", "recolectando_datos", "listo_para_finalizar", "cerrada", "cancelada"}

# Phrases FastAPI/Starlette/pydantic use by default: a detail containing them was not translated.
_ENGLISH_MARKERS = (
    "field required",
    "input should",
    "value error",
    "not found",
    "method not allowed",
    "internal server error",
    "not authenticated",
    "unauthorized",
    "string should",
    "json decode",
    "expecting value",
    "there was an error",
    "ensure this value",
    "too large",
    "unprocessable",
)
_SPANISH_MARKERS = re.compile(
    r"[áéíóúñ¿¡]|\b(el|la|los|las|de|del|debe|no|es|un|una|campo|obligatori\w*|requiere|v[aá]lid\w*|"
    r"inv[aá]lid\w*|encontr\w*|permitid\w*|m[aá]ximo|m[ií]nimo|caracteres|solicitud|cuerpo|formato|existe)\b",
    re.IGNORECASE,
)


def _dev_eval_text(name: str, default: Any) -> str | None:
    path = DEV_EVAL / name
    if path.exists():
        return path.read_text(encoding="utf-8")
    if default is _REQUIRED:
        pytest.skip(f"the dev-eval set is not available ({path})")
    return None


_REQUIRED = object()


def dev_eval(name: str, default: Any = _REQUIRED) -> Any:
    """A dev-eval JSON file. If it is missing: `default` (for module-level parametrization), or the test is skipped."""
    text = _dev_eval_text(name, default)
    return default if text is None else json.loads(text)


def dev_eval_lines(name: str, default: Any = _REQUIRED) -> list[dict[str, Any]]:
    text = _dev_eval_text(name, default)
    if text is None:
        return list(default)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def unique_id(label: str) -> str:
    return f"qa_{label}_{uuid.uuid4().hex[:10]}"


def unique_cedula() -> str:
    """A fresh 10-digit cédula, so a test's customer has only that test's sales."""
    return str(1_000_000_000 + uuid.uuid4().int % 999_999_999)


def unique_sku(label: str) -> str:
    return f"QA-{label}-{uuid.uuid4().hex[:8]}".upper()


def staff(stack: RunningStack) -> httpx.Client:
    return httpx.Client(base_url=stack.base_url, headers=stack.staff_headers, timeout=TIMEOUT_S)


def anonymous(stack: RunningStack) -> httpx.Client:
    return httpx.Client(base_url=stack.base_url, timeout=TIMEOUT_S)


# --- error bodies --------------------------------------------------------------------------------------------------


def detail_text(response: httpx.Response) -> str:
    """The `detail` of an error response as one string (422 lists joined by their `msg`)."""
    assert response.headers.get("content-type", "").startswith("application/json"), (
        f"{response.status_code} without a JSON body: {response.headers.get('content-type')!r} {response.text[:300]!r}"
    )
    body = response.json()
    assert isinstance(body, dict) and "detail" in body, f"no `detail` in {body!r}"
    detail = body["detail"]
    if isinstance(detail, str):
        return detail
    assert isinstance(detail, list) and detail, f"`detail` is neither a string nor a non-empty list: {detail!r}"
    messages = []
    for entry in detail:
        assert isinstance(entry, dict) and isinstance(entry.get("msg"), str), f"422 entry without `msg`: {entry!r}"
        messages.append(entry["msg"])
    return " | ".join(messages)


def assert_spanish_error(response: httpx.Response, *statuses: int) -> str:
    """A clean 4xx (one of `statuses` if given) whose JSON `detail` is Spanish and shows no traceback."""
    assert response.status_code != 500, f"500 for bad input: {response.text[:500]}"
    if statuses:
        assert response.status_code in statuses, (
            f"expected {statuses}, got {response.status_code}: {response.text[:500]}"
        )
    else:
        assert 400 <= response.status_code < 500, f"expected a 4xx, got {response.status_code}: {response.text[:500]}"
    text = detail_text(response)
    assert "Traceback" not in response.text and 'File "' not in response.text, response.text[:500]
    lowered = text.lower()
    english = [marker for marker in _ENGLISH_MARKERS if marker in lowered]
    assert not english, f"`detail` is not Spanish ({english}): {text!r}"
    assert _SPANISH_MARKERS.search(text), f"`detail` does not read as Spanish: {text!r}"
    return text


# --- shapes ----------------------------------------------------------------------------------------------------------


def assert_product(product: dict[str, Any]) -> None:
    assert set(product) == PRODUCT_FIELDS, f"Producto fields differ: {sorted(set(product) ^ PRODUCT_FIELDS)}"
    assert isinstance(product["sku"], str) and re.fullmatch(r"[A-Za-z0-9._-]{1,40}", product["sku"])
    for key in ("nombre", "descripcion", "categoria"):
        assert isinstance(product[key], str), (key, product)
    assert _is_int(product["precio"]) and product["precio"] > 0, product
    assert _is_int(product["stock"]) and product["stock"] >= 0, product
    assert product["marca"] is None or isinstance(product["marca"], str)
    assert isinstance(product["sinonimos"], list) and all(isinstance(s, str) for s in product["sinonimos"])
    assert isinstance(product["activo"], bool)


def assert_customer(customer: dict[str, Any]) -> None:
    assert set(customer) >= CUSTOMER_FIELDS, f"Cliente lacks {sorted(CUSTOMER_FIELDS - set(customer))}: {customer}"
    assert customer["tipo"] in ("persona", "empresa"), customer
    for key in ("cedula", "nombre", "telefono"):
        assert isinstance(customer[key], str), (key, customer)
    for key in ("email", "direccion", "ciudad"):
        assert customer[key] is None or isinstance(customer[key], str), (key, customer)


def assert_line_items(items: list[dict[str, Any]]) -> None:
    assert isinstance(items, list)
    for item in items:
        assert set(item) >= SALE_ITEM_FIELDS, f"item lacks {sorted(SALE_ITEM_FIELDS - set(item))}: {item}"
        assert isinstance(item["sku"], str) and isinstance(item["nombre"], str)
        assert _is_int(item["cantidad"]) and item["cantidad"] > 0, item
        assert _is_int(item["precio_unitario"]) and _is_int(item["subtotal"]), item
        assert item["subtotal"] == item["cantidad"] * item["precio_unitario"], item


def assert_sale(sale: dict[str, Any]) -> None:
    assert set(sale) >= SALE_FIELDS, f"Venta lacks {sorted(SALE_FIELDS - set(sale))}: {sale}"
    assert isinstance(sale["id"], str) and sale["id"]
    assert_customer(sale["cliente"])
    assert_line_items(sale["items"])
    assert sale["items"], sale
    assert _is_int(sale["total"]) and sale["total"] == sum(i["subtotal"] for i in sale["items"]), sale
    assert isinstance(sale["fecha"], str) and is_iso_datetime(sale["fecha"]), sale["fecha"]
    assert sale["canal"] in ("chat", "manual"), sale
    assert sale["chat_id"] is None or isinstance(sale["chat_id"], str)
    assert isinstance(sale["cliente_difiere"], bool), sale


def assert_order(order: dict[str, Any]) -> None:
    assert set(order) >= ORDER_FIELDS, f"Pedido lacks {sorted(ORDER_FIELDS - set(order))}: {order}"
    assert order["estado"] in SALE_STATES, order
    assert_line_items(order["items"])
    assert _is_int(order["total"]) and order["total"] == sum(i["subtotal"] for i in order["items"]), order
    if order["cliente"] is not None:
        assert isinstance(order["cliente"], dict)
    assert isinstance(order["faltantes"], list) and all(isinstance(f, str) for f in order["faltantes"])
    assert order["venta_id"] is None or isinstance(order["venta_id"], str)


def assert_chat_answer(body: Any, chat_id: str) -> None:
    """A valid `ChatRespuesta` (contract §4) for `chat_id`."""
    assert isinstance(body, dict), body
    assert set(body) >= CHAT_FIELDS, f"ChatRespuesta lacks {sorted(CHAT_FIELDS - set(body))}: {body}"
    assert body["chat_id"] == chat_id
    assert isinstance(body["respuesta"], str) and body["respuesta"].strip(), body
    assert body["tipo_mensaje"] in MESSAGE_TYPES, body["tipo_mensaje"]
    assert body["estado_venta"] is None or body["estado_venta"] in SALE_STATES, body["estado_venta"]
    productos = body["productos"]
    assert isinstance(productos, list) and len(productos) <= 5, productos
    for product in productos:
        assert {"sku", "nombre", "precio", "stock"} <= set(product), product
        assert isinstance(product["sku"], str) and isinstance(product["nombre"], str)
        assert _is_int(product["precio"]) and _is_int(product["stock"]), product
    assert len({p["sku"] for p in productos}) == len(productos), f"duplicate products: {productos}"
    if body["pedido"] is not None:
        assert_order(body["pedido"])
        assert body["pedido"]["chat_id"] == chat_id
    assert isinstance(body["fuentes"], list) and all(isinstance(f, str) for f in body["fuentes"])
    meta = body["metadatos"]
    assert isinstance(meta, dict) and meta.get("proveedor_llm") == "offline", meta
    assert isinstance(meta.get("latencia_ms"), int | float) and meta["latencia_ms"] >= 0, meta


def is_iso_datetime(value: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- data set-up -----------------------------------------------------------------------------------------------------

_setup_lock = threading.Lock()
_loaded: set[str] = set()


def list_all(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated listing."""
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        response = client.get(path, params={**params, "limit": 200, "offset": offset})
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return items


def import_dev_catalog(stack: RunningStack) -> None:
    with staff(stack) as client:
        response = client.post("/productos/importar", json=dev_eval("catalog.json"))
        assert response.status_code == 200, response.text
        assert response.json()["errores"] == [], response.json()


def load_dev_eval(stack: RunningStack) -> None:
    """The dev-eval catalogue and set-up (customers, manual sales, the concurrency product), once per stack.

    Loaded as the dev-eval README says: import the catalogue, `POST /clientes/` each customer, each manual sale
    as `{"cliente": {"cedula"}, "items"}`, and create the concurrency product. Tolerates another e2e module having
    loaded it first (existing customers, their sales and the product are left as they are).
    """
    setup = dev_eval("setup.json")
    with _setup_lock:
        if stack.base_url in _loaded:
            return
        import_dev_catalog(stack)
        with staff(stack) as client:
            for customer in setup["clientes"]:
                response = client.post("/clientes/", json=customer)
                assert response.status_code in (201, 409), response.text
            for cedula in dict.fromkeys(sale["cedula"] for sale in setup["ventas"]):
                if client.get("/ventas/", params={"cedula": cedula, "limit": 1}).json()["total"]:
                    continue
                for sale in (s for s in setup["ventas"] if s["cedula"] == cedula):
                    response = client.post("/ventas/", json={"cliente": {"cedula": cedula}, "items": sale["items"]})
                    assert response.status_code == 201, response.text
            response = client.post("/productos/", json=setup["producto_concurrencia"])
            assert response.status_code in (201, 409), response.text
        _loaded.add(stack.base_url)


@contextmanager
def dev_eval_catalog_only(stack: RunningStack) -> Iterator[None]:
    """The dev-eval data loaded and every other active product (the demo catalogue) deactivated meanwhile.

    The hidden evaluation runs with `AGENTE_DEMO_DATA=0`; the shared e2e stack has the demo catalogue, whose
    products compete with the DV- ones in the chat's search. Restored (one import) when the block ends.
    """
    load_dev_eval(stack)
    with anonymous(stack) as client:
        others = [p for p in list_all(client, "/productos/") if not p["sku"].startswith("DV-")]
    with staff(stack) as client:
        hidden = client.post("/productos/importar", json=[p | {"activo": False} for p in others])
        assert hidden.status_code == 200 and not hidden.json()["errores"], hidden.text
        try:
            yield
        finally:
            restored = client.post("/productos/importar", json=others)
            assert restored.status_code == 200 and not restored.json()["errores"], restored.text


def stock_of(stack: RunningStack, sku: str) -> int:
    with anonymous(stack) as client:
        response = client.get(f"/productos/{sku}")
        assert response.status_code == 200, response.text
        stock: int = response.json()["stock"]
        return stock


def create_product(
    stack: RunningStack, label: str, *, stock: int, precio: int = 10_000, **extra: Any
) -> dict[str, Any]:
    product = {
        "sku": unique_sku(label),
        "nombre": f"Producto de prueba {label}",
        "descripcion": "Creado por la suite de contrato",
        "categoria": "Pruebas QA",
        "precio": precio,
        "stock": stock,
        "marca": None,
        "sinonimos": [],
        "activo": True,
    } | extra
    with staff(stack) as client:
        response = client.post("/productos/", json=product)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created


# --- the chat --------------------------------------------------------------------------------------------------------


def chat(
    stack: RunningStack, chat_id: str, mensaje: str, *, as_staff: bool = False, client: httpx.Client | None = None
) -> httpx.Response:
    headers = chat_headers(chat_id, stack.staff_headers if as_staff else {})
    body = {"chat_id": chat_id, "mensaje": mensaje}
    if client is not None:
        return keep_token(chat_id, client.post("/chat/texto", json=body, headers=headers))
    return keep_token(
        chat_id, httpx.post(f"{stack.base_url}/chat/texto", json=body, headers=headers, timeout=TIMEOUT_S)
    )


# --- personal data in text -------------------------------------------------------------------------------------------


def digits_pattern(value: str) -> re.Pattern[str]:
    """The digits of `value` in order, allowing spaces, dots, dashes or parentheses between them ("312 445 8812")."""
    digits = re.sub(r"\D", "", value)
    return re.compile(r"(?<!\d)" + r"[\s.\-()]*".join(digits) + r"(?!\d)")


def alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


PERSONAL_KEYS = ("cedula", "telefono", "email", "direccion")


def personal_data_leaks(text: str, customer: dict[str, Any], keys: tuple[str, ...] = PERSONAL_KEYS) -> list[str]:
    """Which of the customer's cédula/NIT, phone, e-mail or address (`keys`) occur in `text` (any formatting)."""
    leaks = []
    for key in ("cedula", "telefono"):
        if key in keys and digits_pattern(customer[key].split("-")[0]).search(text):  # NIT with or without DV
            leaks.append(f"{key}={customer[key]}")
    if "email" in keys and customer.get("email") and customer["email"].lower() in text.lower():
        leaks.append(f"email={customer['email']}")
    if "direccion" in keys and customer.get("direccion"):
        street = customer["direccion"].split(",")[0]
        if alnum(street) in alnum(text):
            leaks.append(f"direccion={street}")
    return leaks

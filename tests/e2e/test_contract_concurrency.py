"""Many buyers of the last units at the same moment (CONTRACT.md §4 "Stock never goes below zero", §6), and the same
message delivered twice. Threads released together by a barrier, each with its own HTTP connection."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest

from local_stack.subprocess_stack import RunningStack
from tests.chat_tokens import chat_headers
from tests.e2e.contract_helpers import (
    assert_chat_answer,
    assert_sale,
    chat,
    create_product,
    dev_eval,
    dev_eval_catalog_only,
    fold,
    list_all,
    load_dev_eval,
    staff,
    stock_of,
    unique_cedula,
    unique_id,
)

T = TypeVar("T")
BUYERS = 30

_FIRST_NAMES = ["Carlos", "Luisa", "Andrés", "Marcela", "Jhon", "Paola", "Hernán", "Diana", "Óscar", "Natalia"]
_SURNAMES = ["Mejía", "Cardona", "Valencia", "Ospina", "Rentería", "Quintero"]
# "told how many are available": a number next to "disponible(s)"/"quedan"/"hay", or plainly sold out.
_AVAILABILITY = re.compile(
    r"(\d+|ningun\w*|cero)\s+(unidad\w*\s+)?disponib|disponib\w*\s*(:|son|es|hay)?\s*\d+|"
    r"(quedan?|hay|tenemos|contamos con)\s+(solo\s+|solamente\s+|unicamente\s+)?\d+|solo\s+(quedan?|hay|tenemos)\s+\d+|"
    r"agotad|no (hay|tenemos|quedan?)\b|sin (stock|existencias|inventario|unidades)"
)


def _all_at_once(count: int, work: Callable[[int, threading.Barrier], T]) -> list[T]:
    barrier = threading.Barrier(count, timeout=60)
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda index: work(index, barrier), range(count)))


def _buyer(index: int) -> dict[str, str]:
    name = f"{_FIRST_NAMES[index % 10]} {_SURNAMES[index % 6]} {_SURNAMES[(index + 3) % 6]}"
    return {
        "nombre": name,
        "cedula": str(1_020_300_000 + index * 137),
        "telefono": f"31{index:08d}"[:10].ljust(10, "7"),
        "direccion": f"Calle {10 + index} # {index + 2}-{30 + index}",
    }


def _units_sold(stack: RunningStack, sku: str, chat_ids: set[str] | None = None) -> tuple[int, list[dict[str, Any]]]:
    with staff(stack) as client:
        sales = [s for s in list_all(client, "/ventas/") if any(i["sku"] == sku for i in s["items"])]
    if chat_ids is not None:
        sales = [s for s in sales if s["chat_id"] in chat_ids]
    return sum(i["cantidad"] for s in sales for i in s["items"] if i["sku"] == sku), sales


@pytest.fixture(scope="module")
def dev_eval_only(local_stack: RunningStack) -> Iterator[None]:
    """The catalogue is the dev-eval one while this module runs, as in the hidden evaluation."""
    with dev_eval_catalog_only(local_stack):
        yield


@pytest.mark.usefixtures("dev_eval_only")
def test_thirty_concurrent_chat_buyers_of_the_last_ten_units(local_stack: RunningStack) -> None:
    setup = dev_eval("setup.json")
    sku = setup["producto_concurrencia"]["sku"]
    with staff(local_stack) as client:
        reset = client.patch(f"/productos/{sku}", json={"stock": 10})
        assert reset.status_code == 200, reset.text
    sold_before, _ = _units_sold(local_stack, sku)
    chat_ids = [unique_id(f"comprador{n:02d}") for n in range(BUYERS)]

    def buy(index: int, barrier: threading.Barrier) -> list[tuple[int, Any]]:
        chat_id, buyer = chat_ids[index], _buyer(index)
        turns = [
            setup["mensaje_concurrencia"],
            f"Soy {buyer['nombre']}, cédula {buyer['cedula']}, celular {buyer['telefono']}, "
            f"dirección {buyer['direccion']}, Cali",
            "sí, confirmo el pedido",
        ]
        answers: list[tuple[int, Any]] = []
        with httpx.Client(base_url=local_stack.base_url, timeout=120) as client:
            barrier.wait()
            for turn in turns:
                response = chat(local_stack, chat_id, turn, client=client)
                answers.append(
                    (response.status_code, response.json() if response.status_code == 200 else response.text)
                )
        return answers

    results = _all_at_once(BUYERS, buy)

    errors = [(chat_ids[i], a) for i, answers in enumerate(results) for a in answers if a[0] != 200]
    assert not errors, f"non-200 answers under concurrency: {errors[:5]}"
    for chat_id, answers in zip(chat_ids, results, strict=True):
        for _, body in answers:
            assert_chat_answer(body, chat_id)
    final_stock = stock_of(local_stack, sku)
    sold_after, sales = _units_sold(local_stack, sku)
    sold = sold_after - sold_before
    assert final_stock >= 0
    assert sold + final_stock == 10, f"sold {sold} + stock {final_stock} != 10"
    for sale in sales:
        assert_sale(sale)
    winners = [
        cid for cid, answers in zip(chat_ids, results, strict=True) if answers[-1][1]["estado_venta"] == "cerrada"
    ]
    mine = {s["chat_id"] for s in sales if s["chat_id"] in chat_ids}
    assert set(winners) == mine, f"closed answers {winners} vs sales {mine}"
    assert len(winners) == 1 and sold == 10, f"expected exactly one buyer of the 10 units, got {winners}, sold {sold}"
    not_told = [
        cid
        for cid, answers in zip(chat_ids, results, strict=True)
        if cid not in winners and not any(_AVAILABILITY.search(fold(body["respuesta"])) for _, body in answers)
    ]
    assert not not_told, (
        f"{len(not_told)} buyers that could not buy were not told how many are available, e.g. "
        f"{[b['respuesta'] for _, b in results[chat_ids.index(not_told[0])]]}"
    )


def test_thirty_concurrent_manual_sales_of_ten_units(local_stack: RunningStack) -> None:
    load_dev_eval(local_stack)
    product = create_product(local_stack, "concurrente", stock=10)
    cedula = unique_cedula()
    with staff(local_stack) as client:
        customer = {"cedula": cedula, "tipo": "persona", "nombre": "Comprador Concurrente", "telefono": "3004445566"}
        assert client.post("/clientes/", json=customer).status_code == 201
    body = {"cliente": {"cedula": cedula}, "items": [{"sku": product["sku"], "cantidad": 1}]}

    def sell(_: int, barrier: threading.Barrier) -> httpx.Response:
        with staff(local_stack) as client:
            barrier.wait()
            return client.post("/ventas/", json=body)

    responses = _all_at_once(BUYERS, sell)
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 10 and statuses.count(409) == 20, statuses
    assert stock_of(local_stack, product["sku"]) == 0
    sold, _ = _units_sold(local_stack, product["sku"])
    assert sold == 10


def test_concurrent_manual_sales_creating_the_same_new_customer(local_stack: RunningStack) -> None:
    """A full `Cliente` creates or updates it: ten first purchases of one new customer at once all succeed."""
    product = create_product(local_stack, "mismocliente", stock=100)
    customer = {
        "cedula": unique_cedula(),
        "tipo": "persona",
        "nombre": "Lucía Concurrente",
        "telefono": "3157778899",
        "email": None,
        "direccion": "Calle 5 # 6-7",
        "ciudad": "Cali",
    }
    body = {"cliente": customer, "items": [{"sku": product["sku"], "cantidad": 2}]}

    def sell(_: int, barrier: threading.Barrier) -> httpx.Response:
        with staff(local_stack) as client:
            barrier.wait()
            return client.post("/ventas/", json=body)

    responses = _all_at_once(10, sell)
    assert [r.status_code for r in responses] == [201] * 10, [(r.status_code, r.text[:200]) for r in responses]
    assert stock_of(local_stack, product["sku"]) == 80
    with staff(local_stack) as client:
        detail = client.get(f"/clientes/{customer['cedula']}").json()
        assert detail["estadisticas"]["numero_compras"] == 10


@pytest.mark.usefixtures("dev_eval_only")
def test_the_same_chat_message_delivered_twice_at_once(local_stack: RunningStack) -> None:
    """HTTP has no message_id: two identical deliveries must not create two sales nor corrupt the order."""
    sku = "DV-FUE-002"
    stock_before = stock_of(local_stack, sku)
    chat_id = unique_id("duplicado")
    opening = (
        "quiero comprar 3 extintores vehiculares de 5 libras. Soy Gloria Inés Palacios, cédula 66912345, "
        "celular 3165550101, dirección Carrera 40 # 5B-20, Cali"
    )

    def send_twice(mensaje: str) -> list[httpx.Response]:
        def send(_: int, barrier: threading.Barrier) -> httpx.Response:
            with httpx.Client(base_url=local_stack.base_url, timeout=60) as client:
                barrier.wait()
                return chat(local_stack, chat_id, mensaje, client=client)

        return _all_at_once(2, send)

    assert chat(local_stack, chat_id, "buenas tardes").status_code == 200  # starts the chat: its token is kept
    first = send_twice(opening)
    assert [r.status_code for r in first] == [200, 200], [r.text[:300] for r in first]
    orders = [r.json()["pedido"] for r in first]
    quantities = sorted({i["cantidad"] for o in orders if o for i in o["items"] if i["sku"] == sku})
    confirm = send_twice("sí señor, confirmo el pedido")
    assert [r.status_code for r in confirm] == [200, 200], [r.text[:300] for r in confirm]
    for response in (*first, *confirm):
        assert_chat_answer(response.json(), chat_id)
    with staff(local_stack) as client:
        sales = [s for s in list_all(client, "/ventas/", cedula="66912345") if s["chat_id"] == chat_id]
    assert len(sales) == 1, f"{len(sales)} sales from one duplicated confirmation (order quantities {quantities})"
    sold = sum(i["cantidad"] for i in sales[0]["items"] if i["sku"] == sku)
    assert stock_of(local_stack, sku) == stock_before - sold
    assert sold == 3, f"a duplicated 'quiero 3' ended as {sold} units (quantities seen {quantities})"
    history = httpx.get(
        f"{local_stack.base_url}/chat/historial/{chat_id}", headers=chat_headers(chat_id), timeout=30
    ).json()["mensajes"]
    assert [m["rol"] for m in history].count("cliente") == 5, "a duplicated delivery was lost or merged"

"""Cart-safety probes of an evaluation set: messages that must leave the order as it was (`intacto.jsonl`), and the
30 concurrent buyers of the last 10 units (`setup.json`'s `producto_concurrencia` + `mensaje_concurrencia`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from eval.devset import ConcurrencyOutcome, DevSet, HttpClient, IntactOutcome, Report, post_chat

BUYERS = 30
_FIRST = ("Adriana", "Bernardo", "Camila", "Diego", "Elena", "Fabián", "Gloria", "Hernán", "Inés", "Jorge")
_LAST = ("Restrepo Ávila", "Mosquera Díaz", "Quintana Rey")


def _items(body: dict[str, Any]) -> dict[str, int]:
    return {i["sku"]: i["cantidad"] for i in (body.get("pedido") or {}).get("items", [])}


def _post(client: HttpClient, chat_id: str, mensaje: str) -> dict[str, Any]:
    return post_chat(client, chat_id, mensaje)


def run_intact(client: HttpClient, dev: DevSet, report: Report, run_id: str) -> None:
    """Each probe builds its order with `previo`, then sends `mensaje`: the order's items must not change."""
    for probe in dev.intact:
        chat_id = f"ev-{run_id}-{probe['id']}"
        before: dict[str, int] = {}
        for turn in probe.get("previo") or []:
            before = _items(_post(client, chat_id, turn))
        after = _items(_post(client, chat_id, probe["mensaje"]))
        detail = "" if after == before else f"antes {before}, después {after}"
        report.intact.append(IntactOutcome(probe["id"], probe.get("clase", ""), after == before, detail))


def _buyer(client: HttpClient, run_id: str, index: int, message: str) -> bool:
    chat_id = f"ev-{run_id}-comprador-{index:02d}"
    name = f"{_FIRST[index % len(_FIRST)]} {_LAST[index // len(_FIRST) % len(_LAST)]}"
    data = (
        f"Mis datos: {name}, cédula {52_000_000 + index * 7919}, celular 3{index + 10:02d}555{index:04d}, "
        f"dirección Calle {10 + index} # {20 + index}-{30 + index}, Cali"
    )
    body = _post(client, chat_id, message)
    for turn in (data, "sí, confirmo la compra"):
        if body.get("estado_venta") == "cerrada":
            break
        body = _post(client, chat_id, turn)
    return body.get("estado_venta") == "cerrada"


def run_concurrency(client: HttpClient, dev: DevSet, report: Report, run_id: str) -> None:
    """BUYERS chats buy the last units of one product at once: exactly one sale closes and stock ends at 0."""
    product, message = dev.setup.get("producto_concurrencia"), dev.setup.get("mensaje_concurrencia")
    if not product or not message:
        return
    errors = 0
    closed = 0
    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        futures = [pool.submit(_buyer, client, run_id, i, message) for i in range(BUYERS)]
        for future in futures:
            try:
                closed += int(future.result())
            except Exception:
                errors += 1
    stock = int(client.get(f"/productos/{product['sku']}").json()["stock"])
    report.concurrency = ConcurrencyOutcome(BUYERS, closed, stock, errors)

"""`cliente`: a customer's data, history and statistics, for staff only (by cédula/NIT or by name).

An anonymous chat gets a polite refusal that repeats nothing it was sent (not even the cédula).
"""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from agente_vendedor.commerce import customers
from agente_vendedor.conversation import replies
from agente_vendedor.conversation.intents.turn import HandlerResult, Turn
from agente_vendedor.db.models import Customer, Sale
from agente_vendedor.language.contact_fields import find_colombian_id
from agente_vendedor.language.normalization import normalize

_NOT_A_NAME = frozenset(
    """
    historial perfil estadistica estadisticas ticket promedio ultima ultimo ultimas compra compras compro
    compraron comprado cuanto cuanta cuantas cuantos ha han lleva tiene tienen cliente clienta nit cedula cc
    del de la el los las que productos producto mas pide piden frecuente frecuentes datos informacion info
    ficha muestrame muestreme mostrar ver busca buscar consulta consultar revisa revisar este esta ano mes
    total numero gastado pedido pedidos primera registrado registrada es y con por para a al sus su me dame
    deme de empresa senor senora don dona
    """.split()  # noqa: SIM905
)


def _candidates_by_name(session: Session, message: str) -> list[Customer]:
    words = [w for w in normalize(message).split() if w not in _NOT_A_NAME and len(w) > 2 and not w.isdigit()]
    if not words:
        return []
    rows = session.scalars(
        select(Customer).where(or_(*(Customer.nombre_normalizado.contains(w) for w in words))).limit(50)
    ).all()
    scored = sorted(
        ((sum(w in (c.nombre_normalizado or "").split() for w in words), c) for c in rows),
        key=lambda pair: (-pair[0], pair[1].nombre),
    )
    if not scored or scored[0][0] == 0:
        return []
    best = scored[0][0]
    return [c for score, c in scored if score == best][:5]


_RANKING = re.compile(r"\b(?:mejores|principales|top|mas)\b.*\bclientes\b|\bclientes\b.*\b(?:mas|mayor|top|ranking)\b")


def _ranking(session: Session, voice: replies.Voice, limit: int = 5) -> str:
    rows = session.execute(
        select(Customer.nombre, Customer.cedula, func.count(Sale.id), func.sum(Sale.total))
        .join(Sale, Sale.cliente_id == Customer.id)
        .group_by(Customer.id)
        .order_by(func.sum(Sale.total).desc())
        .limit(limit)
    ).all()
    if not rows:
        return voice.t(
            "Todavía no hay ventas registradas.", "Aún no hay ventas registradas.", "Sin ventas registradas."
        )
    lines = [
        voice.t("Clientes con más compras:", "Clientes con mayores compras:", "Ranking de clientes por valor comprado:")
    ]
    lines += [f"• {n} ({c}): {count} compras por {replies.cop(int(total))}" for n, c, count, total in rows]
    return "\n".join(lines)


def _profile(session: Session, customer: Customer, voice: replies.Voice) -> str:
    stats = customers.customer_stats(session, customer)
    history = customers.customer_sales(session, customer, limit=3)
    document = "NIT" if customer.tipo == "empresa" else "CC"
    contact = " · ".join(x for x in (customer.telefono, customer.email, customer.direccion, customer.ciudad) if x)
    lines = [f"{customer.nombre} ({document} {customer.cedula}, {customer.tipo}). Contacto: {contact}."]
    if stats.numero_compras:
        last = stats.ultima_compra.date().isoformat() if stats.ultima_compra else "—"
        lines.append(
            f"Compras: {stats.numero_compras} por {replies.cop(stats.total_compras)}; ticket promedio "
            f"{replies.cop(stats.ticket_promedio)}; última compra: {last}."
        )
        if stats.productos_frecuentes:
            frequent = replies.join_es([f"{p.nombre} ({p.cantidad})" for p in stats.productos_frecuentes[:3]])
            lines.append(f"Productos más comprados: {frequent}.")
        for sale in history:
            items = ", ".join(f"{line.cantidad} x {line.nombre}" for line in sale.lineas)
            lines.append(f"• {sale.fecha.date().isoformat()} — {items} — {replies.cop(sale.total)} ({sale.canal})")
    else:
        lines.append(
            voice.t("Todavía no tiene compras registradas.", "Aún no registra compras.", "Sin compras registradas.")
        )
    return "\n".join(lines)


def handle(turn: Turn) -> HandlerResult:
    voice = turn.voice
    if not turn.staff:
        return HandlerResult(
            tipo="cliente", borrador=replies.customer_refused(voice), metadatos={"requiere_personal": True}
        )
    cedula, _, _ = find_colombian_id(turn.message, allow_bare=True)
    found: list[Customer] = []
    if cedula:
        customer = customers.find_customer(turn.session, cedula)
        found = [customer] if customer is not None else []
    if not found:
        found = _candidates_by_name(turn.session, turn.message)
    if not found and _RANKING.search(normalize(turn.message)):
        return HandlerResult(tipo="cliente", borrador=_ranking(turn.session, voice))
    if not found:
        return HandlerResult(tipo="cliente", borrador=replies.customer_not_found(voice))
    if len(found) > 1:
        return HandlerResult(
            tipo="cliente", borrador=replies.customer_choices([(c.nombre, c.cedula) for c in found], voice)
        )
    customer = found[0]
    return HandlerResult(
        tipo="cliente",
        borrador=_profile(turn.session, customer, voice),
        hechos={"cliente": customer.cedula},
        metadatos={"cliente": customer.cedula},
    )

"""Business metrics (`GET /metricas`), computed from PostgreSQL for any period (`desde`/`hasta`, UTC, inclusive).

Definitions:
- `conversaciones`: customer conversations with at least one customer message in the period (a staff member's own
  turns, `mensajes.solo_personal`, are not customer activity and are left out everywhere).
- `mensajes_por_tipo`: the customers' messages of the period by message type.
- `latencia_ms`: p50 and p95 (`percentile_cont`) of the agent's answers' turn latency.
- `exito_por_tipo`: by type, the share of the agent's answers that helped: the answer found what was asked — products
  for a catalogue question, a company section for a company question, an understood sale step (`mensajes.exito`,
  `HandlerResult.ayudo`).
- `conversion`: of those conversations, how many opened an order in the period (`con_pedido`) and how many closed a
  chat sale in it (`ventas`); `tasa` = ventas / conversaciones.
- `ventas_por_dia`, `top_productos`: every sale of the period (chat and manual), by UTC day; products by units sold.
- `llm`: model calls (retries included), failures answered by the offline fallback, tokens, and their estimated cost
  at the configured prices per million tokens.
- `almacenamiento`: what the exports storage holds now (null when it does not answer).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, distinct, func, literal_column, select
from sqlalchemy.orm import Session

from agente_vendedor.core.settings import get_settings
from agente_vendedor.db.models import ConversationMessage, Order, Sale, SaleLine
from agente_vendedor.ops.exports.period import Period
from agente_vendedor.platform.storage import get_storage
from agente_vendedor.schemas.chat import MessageType
from agente_vendedor.schemas.metrics import (
    ConversionOut,
    DailySalesOut,
    LatencyOut,
    LlmUsageOut,
    MetricsOut,
    StorageUsageOut,
    TopProductOut,
)

log = logging.getLogger(__name__)

TOP_PRODUCTS = 10
MESSAGE_TYPES: tuple[MessageType, ...] = ("inventario", "venta", "cliente", "contexto")


def _within(column: Any, period: Period) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if period.desde is not None:
        conditions.append(column >= period.desde)
    if period.hasta is not None:
        conditions.append(column <= period.hasta)
    return conditions


def _messages(rol: str, period: Period) -> list[ColumnElement[bool]]:
    m = ConversationMessage
    return [m.rol == rol, m.solo_personal.is_(False), *_within(m.fecha, period)]


def _by_type(session: Session, period: Period) -> dict[str, int]:
    m = ConversationMessage
    rows = session.execute(
        select(m.tipo_mensaje, func.count()).where(*_messages("cliente", period)).group_by(m.tipo_mensaje)
    )
    counts: dict[str, int] = dict.fromkeys(MESSAGE_TYPES, 0)
    counts.update({tipo: int(n) for tipo, n in rows if tipo is not None})
    return counts


def _latency(session: Session, period: Period) -> LatencyOut:
    m = ConversationMessage
    p50, p95 = session.execute(
        select(
            func.percentile_cont(0.5).within_group(m.latencia_ms),
            func.percentile_cont(0.95).within_group(m.latencia_ms),
        ).where(*_messages("agente", period), m.latencia_ms.is_not(None))
    ).one()
    return LatencyOut(
        p50=round(float(p50), 1) if p50 is not None else None, p95=round(float(p95), 1) if p95 is not None else None
    )


def _success(session: Session, period: Period) -> dict[str, float]:
    m = ConversationMessage
    rate = func.avg(case((m.exito.is_(True), 1.0), else_=0.0))
    rows = session.execute(
        select(m.tipo_mensaje, rate)
        .where(*_messages("agente", period), m.exito.is_not(None), m.tipo_mensaje.is_not(None))
        .group_by(m.tipo_mensaje)
    )
    return {tipo: round(float(value), 4) for tipo, value in rows}


def _conversion(session: Session, period: Period) -> ConversionOut:
    m = ConversationMessage
    chats = select(m.chat_id).where(*_messages("cliente", period))
    conversations = session.scalar(select(func.count(distinct(m.chat_id))).where(*_messages("cliente", period))) or 0
    with_order = session.scalar(
        select(func.count(distinct(Order.chat_id))).where(Order.chat_id.in_(chats), *_within(Order.creado, period))
    )
    with_sale = session.scalar(
        select(func.count(distinct(Sale.chat_id))).where(
            Sale.chat_id.in_(chats), Sale.canal == "chat", *_within(Sale.fecha, period)
        )
    )
    sold = int(with_sale or 0)
    return ConversionOut(
        conversaciones=conversations,
        con_pedido=int(with_order or 0),
        ventas=sold,
        tasa=round(sold / conversations, 4) if conversations else 0.0,
    )


def _daily_sales(session: Session, period: Period) -> list[DailySalesOut]:
    day = cast(func.timezone(literal_column("'UTC'"), Sale.fecha), Date)  # one expression in SELECT and GROUP BY
    rows = session.execute(
        select(day, func.count(), func.sum(Sale.total)).where(*_within(Sale.fecha, period)).group_by(day).order_by(day)
    )
    return [DailySalesOut(fecha=fecha, ventas=int(n), total=int(total or 0)) for fecha, n, total in rows]


def _top_products(session: Session, period: Period) -> list[TopProductOut]:
    units = func.sum(SaleLine.cantidad)
    amount = func.sum(SaleLine.subtotal)
    rows = session.execute(
        select(SaleLine.sku, func.max(SaleLine.nombre), units, amount)
        .join(Sale, Sale.id == SaleLine.venta_id)
        .where(*_within(Sale.fecha, period))
        .group_by(SaleLine.sku)
        .order_by(units.desc(), amount.desc(), SaleLine.sku)
        .limit(TOP_PRODUCTS)
    )
    return [TopProductOut(sku=sku, nombre=nombre, cantidad=int(q), total=int(t)) for sku, nombre, q, t in rows]


def _llm(session: Session, period: Period) -> LlmUsageOut:
    m = ConversationMessage
    calls, failures, tokens_in, tokens_out = session.execute(
        select(
            func.coalesce(func.sum(m.llm_llamadas), 0),
            func.coalesce(func.sum(m.llm_fallos), 0),
            func.coalesce(func.sum(m.tokens_entrada), 0),
            func.coalesce(func.sum(m.tokens_salida), 0),
        ).where(*_messages("agente", period))
    ).one()
    used = [int(value or 0) for value in (calls, failures, tokens_in, tokens_out)]
    settings = get_settings()
    cost = (
        used[2] * settings.llm_usd_per_million_input_tokens + used[3] * settings.llm_usd_per_million_output_tokens
    ) / 1_000_000
    return LlmUsageOut(
        llamadas=used[0],
        fallos=used[1],
        tokens_entrada=used[2],
        tokens_salida=used[3],
        costo_estimado_usd=round(cost, 6),
    )


def _storage() -> StorageUsageOut:
    try:
        info = get_storage().info()
    except Exception as error:  # S3 or the directory unavailable: the other figures still answer
        log.warning("storage figures unavailable: %s", type(error).__name__)
        return StorageUsageOut(objetos=None, bytes=None)
    return StorageUsageOut(objetos=int(info["objetos"]), bytes=int(info["bytes"]))


def business_metrics(session: Session, period: Period) -> MetricsOut:
    conversion = _conversion(session, period)
    return MetricsOut(
        conversaciones=conversion.conversaciones,
        mensajes_por_tipo=_by_type(session, period),
        latencia_ms=_latency(session, period),
        exito_por_tipo=_success(session, period),
        conversion=conversion,
        ventas_por_dia=_daily_sales(session, period),
        top_productos=_top_products(session, period),
        llm=_llm(session, period),
        almacenamiento=_storage(),
    )

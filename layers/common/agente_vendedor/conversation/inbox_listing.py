"""The staff inbox listing (`GET /chats/`): conversations newest activity first, filtered, and searched by `q`.

`q` matches, word by word (every word somewhere), accent- and case-insensitively: the chat_id, the text of any
message of the conversation, the customer's name or cédula given in the chat (its orders' data), and the products it
was about — the SKU or the name of a product in its orders or shown in its answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, any_, exists, func, or_, select
from sqlalchemy.orm import Session

from agente_vendedor.db.models import Conversation, ConversationMessage, Order, OrderLine, Product
from agente_vendedor.db.pages import fetch_page
from agente_vendedor.language.normalization import clean_user_text, strip_accents

MAX_QUERY_WORDS = 6
# Folded in SQL like `_fold` in Python (lower case, no accents), so no extension is needed.
_ACCENTED = "áàäâéèëêíìïîóòöôúùüûñç"
_PLAIN = "aaaaeeeeiiiioooouuuunc"


@dataclass(frozen=True)
class InboxFilters:
    estado: str | None = None
    requiere_asesor: bool | None = None
    pausado: bool | None = None
    desde: datetime | None = None  # activity since
    q: str | None = None


def _fold(text: str) -> str:
    return strip_accents(clean_user_text(text).lower())


def _folded(column: Any) -> ColumnElement[str]:
    return func.translate(func.lower(column), _ACCENTED, _PLAIN)


def _contains(column: Any, word: str) -> ColumnElement[bool]:
    return _folded(column).contains(word, autoescape=True)


def _product_matches(word: str) -> ColumnElement[bool]:
    return or_(func.lower(Product.sku).contains(word, autoescape=True), _contains(Product.nombre, word))


def _matches(word: str) -> ColumnElement[bool]:
    """The conversation mentions `word`: in its id, a message, its customer's data, or a product it was about."""
    chat = Conversation.chat_id
    in_messages = exists().where(ConversationMessage.chat_id == chat, _contains(ConversationMessage.contenido, word))
    customer = Order.datos_cliente
    in_customer = exists().where(
        Order.chat_id == chat,
        or_(_contains(customer["nombre"].astext, word), customer["cedula"].astext.contains(word, autoescape=True)),
    )
    in_order = exists().where(
        Order.chat_id == chat, OrderLine.pedido_id == Order.id, Product.id == OrderLine.producto_id,
        _product_matches(word),
    )  # fmt: skip
    shown = exists().where(
        ConversationMessage.chat_id == chat,
        Product.sku == any_(ConversationMessage.productos),
        _product_matches(word),
    )
    return or_(_contains(chat, word), in_messages, in_customer, in_order, shown)


def _conditions(filters: InboxFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.estado is not None:
        conditions.append(Conversation.estado_venta == filters.estado)
    if filters.requiere_asesor is not None:
        conditions.append(Conversation.requiere_asesor.is_(filters.requiere_asesor))
    if filters.pausado is not None:
        conditions.append(Conversation.pausado.is_(filters.pausado))
    if filters.desde is not None:
        conditions.append(Conversation.actualizado >= filters.desde)
    words = _fold(filters.q or "").split()[:MAX_QUERY_WORDS]
    conditions.extend(_matches(word) for word in words)
    return conditions


def list_conversations(
    session: Session, filters: InboxFilters, *, limit: int, offset: int
) -> tuple[list[Conversation], int]:
    """One page of the inbox, newest activity first, and how many conversations match."""
    query = select(Conversation).where(*_conditions(filters))
    return fetch_page(session, query, Conversation.actualizado.desc(), Conversation.chat_id, limit=limit, offset=offset)

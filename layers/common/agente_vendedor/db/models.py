"""SQLAlchemy 2.x ORM models. The schema itself is created only by the Alembic migrations in `db/migrations`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "productos"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="ck_productos_stock_no_negativo"),
        CheckConstraint("precio > 0", name="ck_productos_precio_positivo"),
        Index("ix_productos_busqueda", "search_vector", postgresql_using="gin"),
        Index("ix_productos_categoria", "categoria"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    nombre: Mapped[str] = mapped_column(String(200))
    descripcion: Mapped[str] = mapped_column(Text, default="")
    categoria: Mapped[str] = mapped_column(String(120))
    precio: Mapped[int] = mapped_column(BigInteger)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    marca: Mapped[str | None] = mapped_column(String(120))
    sinonimos: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    # Normalised (accent-free, lower-case, synonym-expanded) text, written by catalog.py on every change.
    search_document: Mapped[str] = mapped_column(Text, default="")
    # to_tsvector('spanish', search_document): a generated column, so it can never drift from the document.
    search_vector: Mapped[Any] = mapped_column(
        TSVECTOR, Computed("to_tsvector('spanish'::regconfig, search_document)", persisted=True)
    )
    creado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actualizado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Customer(Base):
    __tablename__ = "clientes"
    __table_args__ = (Index("ix_clientes_nombre_normalizado", "nombre_normalizado"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cedula: Mapped[str] = mapped_column(String(20), unique=True)
    tipo: Mapped[str] = mapped_column(String(10), default="persona")
    nombre: Mapped[str] = mapped_column(String(200))
    nombre_normalizado: Mapped[str] = mapped_column(String(200), default="")
    telefono: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    direccion: Mapped[str | None] = mapped_column(String(300))
    ciudad: Mapped[str | None] = mapped_column(String(100))
    # Ley 1581 de 2012: when and how the customer consented to the processing of personal data.
    consentimiento_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    consentimiento_texto: Mapped[str | None] = mapped_column(Text)
    creado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actualizado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Sale(Base):
    __tablename__ = "ventas"
    __table_args__ = (
        Index("ix_ventas_fecha", "fecha"),
        CheckConstraint("canal in ('chat', 'manual')", name="ck_ventas_canal"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    cliente_id: Mapped[int] = mapped_column(ForeignKey("clientes.id"), index=True)
    total: Mapped[int] = mapped_column(BigInteger)
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    canal: Mapped[str] = mapped_column(String(10))
    chat_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # The customer as given for this sale (`Venta.cliente`): a chat's data, which never change the stored record.
    cliente_datos: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # The chat's data differ from the stored record (left as it was): for staff to review.
    cliente_difiere: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # Ley 1581 de 2012: when the buyer consented to the processing of the data (copied from the order).
    consentimiento_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    cliente: Mapped[Customer] = relationship(lazy="joined")
    lineas: Mapped[list[SaleLine]] = relationship(
        back_populates="venta", lazy="selectin", cascade="all, delete-orphan", order_by="SaleLine.id"
    )


class SaleLine(Base):
    __tablename__ = "venta_lineas"
    __table_args__ = (CheckConstraint("cantidad > 0", name="ck_venta_lineas_cantidad"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    venta_id: Mapped[str] = mapped_column(ForeignKey("ventas.id", ondelete="CASCADE"), index=True)
    producto_id: Mapped[int] = mapped_column(ForeignKey("productos.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    nombre: Mapped[str] = mapped_column(String(200))
    categoria: Mapped[str] = mapped_column(String(120), default="")
    cantidad: Mapped[int] = mapped_column(Integer)
    precio_unitario: Mapped[int] = mapped_column(BigInteger)
    subtotal: Mapped[int] = mapped_column(BigInteger)

    venta: Mapped[Sale] = relationship(back_populates="lineas")


OPEN_ORDER_STATES = ("iniciada", "pendiente", "recolectando_datos", "listo_para_finalizar")


class Order(Base):
    """The cart a conversation builds (contract: `Pedido`). At most one open order per chat."""

    __tablename__ = "pedidos"
    __table_args__ = (
        Index(
            "ux_pedidos_abierto_por_chat",
            "chat_id",
            unique=True,
            postgresql_where=text("estado in ('iniciada', 'pendiente', 'recolectando_datos', 'listo_para_finalizar')"),
        ),
        CheckConstraint(
            "estado in ('iniciada', 'pendiente', 'recolectando_datos', 'listo_para_finalizar', 'cerrada', 'cancelada')",
            name="ck_pedidos_estado",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    estado: Mapped[str] = mapped_column(String(24), default="iniciada")
    # Customer data collected so far in the conversation (validated fields only), before a Customer exists.
    datos_cliente: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # SKU -> {"cantidad", "vez"}: the lines taken out of the order (`conversation.removed_lines`)
    retirados: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default=text("'{}'::jsonb"))
    cliente_id: Mapped[int | None] = mapped_column(ForeignKey("clientes.id"))
    venta_id: Mapped[str | None] = mapped_column(ForeignKey("ventas.id"))
    aviso_privacidad_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    consentimiento_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    creado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actualizado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    cliente: Mapped[Customer | None] = relationship(lazy="joined")
    lineas: Mapped[list[OrderLine]] = relationship(
        back_populates="pedido", lazy="selectin", cascade="all, delete-orphan", order_by="OrderLine.id"
    )


class OrderLine(Base):
    __tablename__ = "pedido_lineas"
    __table_args__ = (
        UniqueConstraint("pedido_id", "producto_id", name="uq_pedido_lineas_producto"),
        CheckConstraint("cantidad > 0", name="ck_pedido_lineas_cantidad"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pedido_id: Mapped[str] = mapped_column(ForeignKey("pedidos.id", ondelete="CASCADE"), index=True)
    producto_id: Mapped[int] = mapped_column(ForeignKey("productos.id"))
    cantidad: Mapped[int] = mapped_column(Integer)
    # The unit price shown in the last summary (`listo_para_finalizar`): the price the customer confirms.
    precio_unitario: Mapped[int | None] = mapped_column(BigInteger)

    pedido: Mapped[Order] = relationship(back_populates="lineas")
    producto: Mapped[Product] = relationship(lazy="joined")


class CompanyProfile(Base):
    __tablename__ = "empresa"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nombre: Mapped[str] = mapped_column(String(200))
    actualizado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class CompanySection(Base):
    __tablename__ = "empresa_secciones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    orden: Mapped[int] = mapped_column(Integer)
    titulo: Mapped[str] = mapped_column(String(200))
    contenido: Mapped[str] = mapped_column(Text)
    search_document: Mapped[str] = mapped_column(Text, default="")


class ConversationMessage(Base):
    """Every chat message, kept in PostgreSQL for reports (`conversaciones-rag`); the live memory is in DynamoDB."""

    __tablename__ = "mensajes"
    __table_args__ = (Index("ix_mensajes_chat_fecha", "chat_id", "fecha"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    rol: Mapped[str] = mapped_column(String(10))
    contenido: Mapped[str] = mapped_column(Text)
    tipo_mensaje: Mapped[str | None] = mapped_column(String(20))
    estado_venta: Mapped[str | None] = mapped_column(String(24))
    productos: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # A staff member's message in a chat, and its answer: not customer activity (kept out of the metrics).
    solo_personal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # On the agent's answer, for the metrics (`GET /metricas`): how long the turn took, who wrote the answer,
    # whether the turn helped (`conversation.inbox`), and what the model spent (Gemini's usage counters).
    latencia_ms: Mapped[int | None] = mapped_column(Integer)
    proveedor_llm: Mapped[str | None] = mapped_column(String(20))
    exito: Mapped[bool | None] = mapped_column(Boolean)
    llm_llamadas: Mapped[int | None] = mapped_column(Integer)
    llm_fallos: Mapped[int | None] = mapped_column(Integer)
    tokens_entrada: Mapped[int | None] = mapped_column(Integer)
    tokens_salida: Mapped[int | None] = mapped_column(Integer)


ATTENTION_REASONS = ("stock_insuficiente", "cliente_difiere")
FAILED_TURNS_FOR_ADVISOR = 2  # the agent could not help this many turns in a row: a person should step in


class Conversation(Base):
    """One row per customer conversation for the staff inbox (`GET /chats/`), upserted by every customer turn in its
    own transaction and by staff control. `requiere_asesor` is derived from the three reasons, in the database."""

    __tablename__ = "conversaciones"
    __table_args__ = (
        Index("ix_conversaciones_actualizado", "actualizado"),
        CheckConstraint(
            "espera_decision in ('stock_insuficiente', 'cliente_difiere')", name="ck_conversaciones_espera_decision"
        ),
    )

    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ultimo_mensaje: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))  # the customer's last
    creado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actualizado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    estado_venta: Mapped[str | None] = mapped_column(String(24))  # of the conversation's latest order
    total_pedido: Mapped[int | None] = mapped_column(BigInteger)
    pausado: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # The reasons a person should step in: the customer asked for one, an order waits on a staff decision,
    # the agent could not help in the last turns.
    pidio_asesor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    espera_decision: Mapped[str | None] = mapped_column(String(24))
    sin_ayuda_seguidas: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    requiere_asesor: Mapped[bool] = mapped_column(
        Boolean,
        Computed(
            f"pidio_asesor OR espera_decision IS NOT NULL OR sin_ayuda_seguidas >= {FAILED_TURNS_FOR_ADVISOR}",
            persisted=True,
        ),
    )


class PendingMessages(Base):
    """A turn's messages on their way to the sessions table (the outbox): written with the turn, deleted once copied."""

    __tablename__ = "mensajes_pendientes"
    __table_args__ = (Index("ix_mensajes_pendientes_chat", "chat_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # DynamoDB items, sort keys fixed
    creado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEvent(Base):
    __tablename__ = "eventos_auditoria"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tipo: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)  # the staff member's usuario, or a system actor
    detalle: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


STAFF_ROLES = ("admin", "ventas", "inventario")


class StaffAccount(Base):
    """A staff member's account (contract §2): the password only as an argon2 hash; `version` grows on every change
    of role, state or password, and a token is valid only for the version it was issued for."""

    __tablename__ = "usuarios"
    __table_args__ = (CheckConstraint(f"rol IN {STAFF_ROLES}", name="ck_usuarios_rol"),)

    usuario: Mapped[str] = mapped_column(String(40), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(120))
    rol: Mapped[str] = mapped_column(String(20))
    clave_hash: Mapped[str] = mapped_column(String(255))
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    creado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actualizado: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LoginThrottle(Base):
    """Failed logins of one key (`usuario:<name>` or `ip:<address>`) in the current window, and its lock."""

    __tablename__ = "intentos_acceso"

    clave: Mapped[str] = mapped_column(String(200), primary_key=True)
    fallos: Mapped[int] = mapped_column(Integer, default=0)
    desde: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    bloqueado_hasta: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

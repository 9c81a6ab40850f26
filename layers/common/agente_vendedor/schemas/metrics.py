"""Business metrics (contract §4 `GET /metricas`): computed from PostgreSQL for any date range."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from agente_vendedor.schemas.common import Schema


class LatencyOut(Schema):
    p50: float | None = Field(description="Mediana de la latencia de los turnos del agente, en ms (nula sin turnos)")
    p95: float | None = Field(description="Percentil 95, en ms (nulo sin turnos)")


class ConversionOut(Schema):
    conversaciones: int = Field(description="Conversaciones de clientes con mensajes en el periodo")
    con_pedido: int = Field(description="De ellas, las que abrieron un pedido")
    ventas: int = Field(description="De ellas, las que cerraron al menos una venta en el periodo")
    tasa: float = Field(description="ventas / conversaciones (0 sin conversaciones)")


class DailySalesOut(Schema):
    fecha: date = Field(description="Día (UTC)")
    ventas: int
    total: int


class TopProductOut(Schema):
    sku: str
    nombre: str
    cantidad: int
    total: int


class LlmUsageOut(Schema):
    llamadas: int = Field(description="Llamadas al modelo (reintentos incluidos)")
    fallos: int = Field(description="Fallos del modelo con respuesta de respaldo offline")
    tokens_entrada: int
    tokens_salida: int = Field(description="Tokens de salida, incluidos los de razonamiento")
    costo_estimado_usd: float = Field(description="Estimado con los precios por millón de tokens configurados")


class StorageUsageOut(Schema):
    objetos: int | None = Field(description="Objetos en el almacenamiento de exportes (nulo si no respondió)")
    bytes: int | None


class MetricsOut(Schema):
    conversaciones: int
    mensajes_por_tipo: dict[str, int] = Field(description="Mensajes de clientes por tipo")
    latencia_ms: LatencyOut
    exito_por_tipo: dict[str, float] = Field(description="Fracción de respuestas que ayudaron, por tipo (0..1)")
    conversion: ConversionOut
    ventas_por_dia: list[DailySalesOut]
    top_productos: list[TopProductOut]
    llm: LlmUsageOut
    almacenamiento: StorageUsageOut

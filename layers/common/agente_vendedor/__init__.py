"""Agente Vendedor: the domain core shared by every Lambda function (the `common` layer)."""

__version__ = "1.0.0"

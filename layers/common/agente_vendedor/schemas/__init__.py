"""Pydantic schemas of the contract's JSON (Spanish field names), kept apart from the ORM models."""

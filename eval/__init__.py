"""Evaluation of the chat agent on ../shared/dev-eval (or any set with the same format)."""

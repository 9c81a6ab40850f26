"""No personal data in logs: every log record's message, arguments and exception text with cédulas/NIT, phones,
e-mails and addresses replaced (`[cedula]`, `[telefono]`, ...), whichever logger or library wrote it.

`install_log_masking()` wraps the process's log record factory, so every record is masked when it is created, before
any handler (the Lambda runtime's, Powertools', uvicorn's, pytest's) formats it. `service_logger()` is the
Powertools Logger of a Lambda function: the same masking for its structured extra keys and exceptions, and no
serialized stack trace (it would carry the exception's unmasked text).

Numbers passed as arguments (`logger.info("%s rows", 1234567)`) are counts, not customer text, and stay as they are;
every other argument is masked as the text it prints as.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from numbers import Number
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import RESERVED_LOG_ATTRS, LambdaPowertoolsFormatter

from agente_vendedor.language.redaction import redact

_EXCEPTION_FORMATTER = logging.Formatter()
_MASKING_MARK = "_agente_masks_personal_data"


def mask_text(text: str) -> str:
    return redact(text, lambda kind, _value: f"[{kind}]")


def mask_value(value: Any) -> Any:
    """A log argument: numbers, booleans and None as they are, dicts and lists item by item, anything else as its
    masked text."""
    if value is None or isinstance(value, bool | Number):
        return value
    if isinstance(value, Mapping):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(item) for item in value]
    return mask_text(value if isinstance(value, str) else str(value))


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message, arguments and exception masked. Masking never breaks a logging call: if it
    fails, the record says so and carries none of the original text."""
    try:
        if isinstance(record.msg, str | Mapping):
            record.msg = mask_value(record.msg)
        if isinstance(record.args, Mapping):
            record.args = mask_value(record.args)
        elif record.args:
            record.args = tuple(mask_value(arg) for arg in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(_EXCEPTION_FORMATTER.formatException(record.exc_info))
    except Exception as error:
        record.msg, record.args = "log record withheld: it could not be masked (%s)", (type(error).__name__,)
        record.exc_info, record.exc_text = None, None
    return record


def install_log_masking() -> None:
    """Mask every log record of this process from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, _MASKING_MARK, False):
        return
    factory = _masking_factory(current)
    setattr(factory, _MASKING_MARK, True)
    logging.setLogRecordFactory(factory)


def _masking_factory(create: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def create_masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(create(*args, **kwargs))

    return create_masked


class MaskingPowertoolsFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON lines with the structured extra keys (`logger.info("…", cedula=…)`) and the exception
    masked too; Powertools formats the exception itself, ignoring `exc_text`."""

    def format(self, record: logging.LogRecord) -> str:
        for key, value in list(record.__dict__.items()):
            if key not in RESERVED_LOG_ATTRS and isinstance(value, str):
                setattr(record, key, mask_text(value))
        return super().format(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return mask_text(super().formatException(ei))


def service_logger() -> Logger:
    """The Powertools Logger of a Lambda function, every record masked (also the root logger's, which the
    runtime's handler writes)."""
    install_log_masking()
    logger = Logger(logger_formatter=MaskingPowertoolsFormatter(serialize_stacktrace=False))
    if not isinstance(logger.registered_formatter, MaskingPowertoolsFormatter):  # the service's logger existed
        logger.registered_handler.setFormatter(MaskingPowertoolsFormatter(serialize_stacktrace=False))
        logger.registered_formatter.append_keys(service=logger.service)
    return logger

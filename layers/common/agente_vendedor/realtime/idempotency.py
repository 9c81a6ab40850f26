"""Process a chat turn once per idempotency key (WebSocket `message_id`, HTTP `Idempotency-Key`).

Powertools idempotency over the IdempotencyTable: the key is (chat_id, key), the stored result is the
`ChatRespuesta`, and a repeat gets that stored result back instead of a second run of the pipeline. The key
namespace is shared by the HTTP and WebSocket chat, as they share the conversation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from aws_lambda_powertools.utilities.idempotency.serialization.custom_dict import CustomDictSerializer

from agente_vendedor.core.errors import AlreadyExistsError, InvalidInputError, ServiceUnavailableError
from agente_vendedor.core.settings import get_settings
from agente_vendedor.platform.aws_clients import client
from agente_vendedor.schemas.chat import ChatResponse

log = logging.getLogger(__name__)

RESULT_TTL_S = 3600  # a retry within an hour gets the stored answer
KEY_PREFIX = "turno-chat"  # the same in every function, so HTTP and WebSocket share keys
DEFAULT_TURN_BUDGET_S = 30.0  # without a Lambda context: an unfinished turn frees its key after this
POLL_INTERVAL_S = 0.25


@dataclass(frozen=True)
class TurnOutcome:
    respuesta: ChatResponse
    repetida: bool = False  # True when answered from the stored result of an earlier identical request


class TurnInProgressError(AlreadyExistsError):
    """The same key is still being processed elsewhere and did not finish while we waited (HTTP 409)."""


class IdempotencyKeyReusedError(InvalidInputError):
    """The key was already used for a different message."""


class _Deadline:
    """What Powertools needs of a Lambda context: the time left, to expire an abandoned in-progress record."""

    def __init__(self, remaining_ms: Callable[[], int] | None) -> None:
        started = time.monotonic()
        self._remaining_ms = remaining_ms or (
            lambda: int((DEFAULT_TURN_BUDGET_S - (time.monotonic() - started)) * 1000)
        )

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._remaining_ms())


def run_once(
    chat_id: str,
    key: str,
    mensaje: str,
    compute: Callable[[], ChatResponse],
    *,
    remaining_ms: Callable[[], int] | None = None,
    wait_s: float = 20.0,
    staff: bool = False,
) -> TurnOutcome:
    """`compute()` once for (chat_id, key); a repeat returns the stored answer with `repetida=True`.

    A repeat that arrives while the first is still running waits up to `wait_s` for its answer.
    Raises IdempotencyKeyReusedError (same key, another `mensaje`), TurnInProgressError, ServiceUnavailableError
    (the idempotency table cannot be reached), or whatever `compute` raises (the key is then released).
    """
    deadline = _Deadline(remaining_ms)
    config = IdempotencyConfig(
        event_key_jmespath="[chat_id, clave]",
        payload_validation_jmespath="mensaje",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=RESULT_TTL_S,
        lambda_context=deadline,  # type: ignore[arg-type]  # duck-typed: only the remaining time is read
        response_hook=_mark_repeated,
    )
    store = DynamoDBPersistenceLayer(table_name=get_settings().idempotency_table, boto3_client=client("dynamodb"))

    @idempotent_function(
        data_keyword_argument="turno",
        persistence_store=store,
        config=config,
        key_prefix=KEY_PREFIX,
        output_serializer=CustomDictSerializer(to_dict=_to_dict, from_dict=_from_dict),
    )
    def process_turn(turno: dict[str, str]) -> TurnOutcome:
        return TurnOutcome(compute())

    # keys are the caller's own: a staff answer is never replayed to the customer, nor the reverse
    turno = {"chat_id": chat_id, "clave": f"{'personal' if staff else 'cliente'}:{key}", "mensaje": mensaje}
    give_up_at = time.monotonic() + max(0.0, min(wait_s, deadline.get_remaining_time_in_millis() / 1000 - 2))
    while True:
        try:
            outcome: TurnOutcome = process_turn(turno=turno)
            return outcome
        except IdempotencyAlreadyInProgressError:
            if time.monotonic() + POLL_INTERVAL_S > give_up_at:
                raise TurnInProgressError(
                    "Ese mensaje todavía se está procesando; recibirás la respuesta en un momento."
                ) from None
            time.sleep(POLL_INTERVAL_S)
        except IdempotencyValidationError:
            raise IdempotencyKeyReusedError(
                "Ese identificador de mensaje ya se usó con otro texto; envía un identificador nuevo."
            ) from None
        except IdempotencyPersistenceLayerError as error:
            log.error("idempotency store unavailable: %s", error)
            raise ServiceUnavailableError(
                "No pudimos registrar tu mensaje en este momento; intenta de nuevo en unos segundos."
            ) from error


def _to_dict(outcome: TurnOutcome) -> dict[str, Any]:
    return outcome.respuesta.model_dump(mode="json")


def _from_dict(data: dict[str, Any]) -> TurnOutcome:
    return TurnOutcome(ChatResponse.model_validate(data))


def _mark_repeated(response: TurnOutcome, idempotent_data: DataRecord) -> TurnOutcome:
    return replace(response, repetida=True)

"""Gemini through google-genai. The SDK costs ~0.5 s to import, so it is imported on first use (or by `warm_up`).

Every public method takes an optional `deadline` (a `time.monotonic()` value: the end of the turn's LLM budget) and
an optional `UsageCounter`. One method call never lasts longer than `llm_timeout_s` nor past the deadline: each HTTP
attempt gets the remaining time as its timeout (HttpOptions, in ms) and is also bounded from outside, in case the
server trickles bytes. 429, 5xx, timeouts and connection errors are retried with exponential backoff and jitter
(honouring the server's RetryInfo) while the budget allows. Anything unusable (blocked, empty, truncated, invalid
JSON, schema mismatch) raises `LLMCallError`; the fallback wrapper then answers with the offline result. A rejected
key (400 API_KEY_INVALID, 401/403) or a retired model (404) is a configuration error (`CONFIGURATION_ERRORS`): never
retried, and the circuit breaker opens at once.
"""

from __future__ import annotations

import copy
import json
import logging
import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from agente_vendedor.core.media_types import MediaFile
from agente_vendedor.core.settings import Settings
from agente_vendedor.platform.llm.base import HistoryTurn, LLMClassification, PhraseRequest, PlanRequest
from agente_vendedor.platform.llm.media_prompts import PHOTO_SCHEMA, photo_prompt, transcription_prompt
from agente_vendedor.platform.llm.prompts import (
    CLASSIFICATION_SCHEMA,
    CUSTOMER_DATA_SCHEMA,
    PLAN_SCHEMA,
    CustomerDataPayload,
    Prompt,
    classify_prompt,
    extract_prompt,
    phrase_prompt,
    plan_prompt,
)
from agente_vendedor.platform.secrets import gemini_api_key
from agente_vendedor.platform.tracing import subsegment
from agente_vendedor.schemas.chat import ClassifyResponse
from agente_vendedor.schemas.photo_reading import PhotoReading
from agente_vendedor.schemas.turn_plan import ModelTurnPlan

if TYPE_CHECKING:
    from google.genai import Client
    from google.genai.types import GenerateContentResponse

logger = logging.getLogger(__name__)

# The SDK defaults to the stable `v1`; systemInstruction, responseSchema and thinkingConfig need v1beta.
API_VERSION = "v1beta"
TEMPERATURE = 0.3
PHRASE_MAX_OUTPUT_TOKENS = 400
STRUCTURED_MAX_OUTPUT_TOKENS = 256
PLAN_MAX_OUTPUT_TOKENS = 768  # a full plan (10 operations, 10 numbers) is ~450 tokens; 3.x may think a little first
PHOTO_MAX_OUTPUT_TOKENS = 768  # a list of 20 lines is ~400 tokens
TRANSCRIPT_MAX_OUTPUT_TOKENS = 1024  # a two-minute voice note; longer ones are cut (respuesta_truncada)
MAX_ATTEMPTS = 3
MIN_ATTEMPT_S = 0.5  # no attempt starts with less time than this left
BACKOFF_BASE_S = 0.4
BACKOFF_MAX_S = 4.0
OUTER_GUARD_GRACE_S = 0.25  # the HTTP timeout should fire first; the outer guard catches trickling responses
_RETRIABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_BLOCKED_FINISH = frozenset(
    {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE"}
)
_OK_FINISH = frozenset({"STOP", "FINISH_REASON_UNSPECIFIED"})


@dataclass(frozen=True)
class ModelFamily:
    """How a family of models is asked to think little: 3.x take `thinking_level`, 2.5 `thinking_budget`, never
    both (the API answers 400). `temperature` None leaves the model's default."""

    pattern: re.Pattern[str]
    thinking: dict[str, Any] | None
    temperature: float | None


MODEL_FAMILIES = (
    # 3.x Pro accepts no level below LOW.
    ModelFamily(re.compile(r"^gemini-[3-9](\.\d+)?-pro"), {"thinking_level": "LOW"}, None),
    # 3.x Flash and Flash-Lite; Google advises keeping 3.x at its default temperature (lower ones may loop).
    ModelFamily(re.compile(r"^gemini-[3-9](\.\d+)?-"), {"thinking_level": "MINIMAL"}, None),
    # 2.5 Pro cannot turn thinking off; 128 tokens is its smallest budget.
    ModelFamily(re.compile(r"^gemini-2\.5-pro"), {"thinking_budget": 128}, TEMPERATURE),
    # 2.5 Flash and Flash-Lite: no thinking at all.
    ModelFamily(re.compile(r"^gemini-2\.5-"), {"thinking_budget": 0}, TEMPERATURE),
)
# Older models and aliases (`gemini-flash-latest`): no thinking config, which they would reject or misread.
OTHER_MODELS = ModelFamily(re.compile(""), None, TEMPERATURE)


def model_family(model: str) -> ModelFamily:
    name = model.removeprefix("models/")
    return next((family for family in MODEL_FAMILIES if family.pattern.match(name)), OTHER_MODELS)


T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


# Failures that time will not fix (the circuit breaker opens at once, for longer), with what /health says of them.
CONFIGURATION_ERRORS: dict[str, str] = {
    "configuracion": "Gemini no tiene clave (GOOGLE_API_KEY o GEMINI_SECRET_ARN)",
    "clave_invalida": "Google rechaza la clave de Gemini (API_KEY_INVALID)",
    "autenticacion": "Gemini niega el acceso con esta clave",
    "modelo_no_encontrado": "el modelo de Gemini configurado no existe o fue retirado",
}
NOT_REACHED = frozenset({"presupuesto_agotado"})  # no request was sent: says nothing about the model


class LLMCallError(Exception):
    """A failed model call. `kind` is a short code recorded in the `llm_fallo` audit event."""

    def __init__(
        self, kind: str, detail: str = "", *, retriable: bool = False, retry_after_s: float | None = None
    ) -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail
        self.retriable = retriable
        self.retry_after_s = retry_after_s
        self.attempts = 1

    @property
    def configuration_reason(self) -> str | None:
        """What is misconfigured (Spanish, for /health), or None for a failure that may pass."""
        return CONFIGURATION_ERRORS.get(self.kind)


@dataclass
class UsageCounter:
    """What one turn spent: HTTP attempts (retries included) and tokens as reported by the API's usageMetadata
    (thinking tokens apart from the visible output; both are billed as output)."""

    calls: int = 0
    prompt_tokens: int = 0
    output_tokens: int = 0
    thinking_tokens: int = 0

    def add(self, usage: Any) -> None:
        if usage is None:
            return
        self.prompt_tokens += int(getattr(usage, "prompt_token_count", None) or 0)
        self.output_tokens += int(getattr(usage, "candidates_token_count", None) or 0)
        self.thinking_tokens += int(getattr(usage, "thoughts_token_count", None) or 0)


def warm_up() -> None:
    """Import the SDK now (e.g. during the Lambda init phase) instead of in the first customer turn."""
    from google import genai  # noqa: F401


class GeminiProvider:
    name = "gemini"

    def __init__(
        self,
        settings: Settings,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_base_s: float = BACKOFF_BASE_S,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings
        self._max_attempts = max_attempts
        self._backoff_base_s = backoff_base_s
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self._client: Client | None = None
        self._client_lock = threading.Lock()
        self._reread_key = False  # Google rejected the key: read the secret again, past its cache

    @property
    def model(self) -> str:
        return self._settings.gemini_model

    # -- the provider interface ------------------------------------------------------------------------------

    def phrase(
        self, request: PhraseRequest, *, deadline: float | None = None, usage: UsageCounter | None = None
    ) -> str:
        prompt = phrase_prompt(request)
        return prompt.restore(  # the personal data the prompt sent as placeholders
            self._with_retries(
                "phrase",
                deadline,
                lambda timeout_s: self._generate_text(prompt, PHRASE_MAX_OUTPUT_TOKENS, None, timeout_s, usage),
            )
        )

    def stream_phrase(
        self, request: PhraseRequest, *, deadline: float | None = None, usage: UsageCounter | None = None
    ) -> Iterator[str]:
        """Text pieces as the model writes them. Retried only while nothing has been yielded."""
        prompt = phrase_prompt(request)
        end = self._budget_end(deadline)
        attempt = 0
        while True:
            attempt += 1
            self._check_budget("stream_phrase", end)
            yielded = False
            try:
                for piece in prompt.restore_stream(self._stream_text(prompt, end, usage)):
                    yielded = True
                    yield piece
                return
            except LLMCallError as error:
                error.attempts = attempt
                if yielded or not self._pause_before_retry("stream_phrase", error, attempt, end):
                    raise

    def classify(
        self,
        message: str,
        historial: tuple[HistoryTurn, ...],
        estado_venta: str | None,
        *,
        deadline: float | None = None,
        usage: UsageCounter | None = None,
    ) -> LLMClassification:
        prompt = classify_prompt(message, historial, estado_venta)
        text = self._with_retries(
            "classify",
            deadline,
            lambda timeout_s: self._generate_text(
                prompt, STRUCTURED_MAX_OUTPUT_TOKENS, CLASSIFICATION_SCHEMA, timeout_s, usage
            ),
        )
        payload = parse_structured(text, ClassifyResponse)
        return LLMClassification(
            tipo=payload.tipo_mensaje, confianza=payload.confianza, entidades=payload.entidades.model_dump()
        )

    def extract_customer_data(
        self, message: str, *, deadline: float | None = None, usage: UsageCounter | None = None
    ) -> dict[str, str]:
        prompt = extract_prompt(message)
        text = self._with_retries(
            "extract_customer_data",
            deadline,
            lambda timeout_s: self._generate_text(
                prompt, STRUCTURED_MAX_OUTPUT_TOKENS, CUSTOMER_DATA_SCHEMA, timeout_s, usage
            ),
        )
        payload = parse_structured(text, CustomerDataPayload)
        return {name: value.strip() for name, value in payload.model_dump().items() if value and value.strip()}

    def plan(
        self, request: PlanRequest, *, deadline: float | None = None, usage: UsageCounter | None = None
    ) -> ModelTurnPlan:
        """The model's plan of the turn, shaped by `PLAN_SCHEMA`; a reply that does not fit it (a field too many,
        a value out of range) is `esquema_invalido`, never a partial plan."""
        prompt = plan_prompt(request)
        text = self._with_retries(
            "plan",
            deadline,
            lambda timeout_s: self._generate_text(prompt, PLAN_MAX_OUTPUT_TOKENS, PLAN_SCHEMA, timeout_s, usage),
        )
        return parse_structured(text, ModelTurnPlan, PLAN_SCHEMA)

    def read_image(
        self, image: MediaFile, mensaje: str, *, deadline: float | None = None, usage: UsageCounter | None = None
    ) -> PhotoReading:
        """What the photo shows (`PHOTO_SCHEMA`): the image goes inline with its sniffed MIME type."""
        prompt = photo_prompt(mensaje)
        text = self._with_retries(
            "read_image",
            deadline,
            lambda timeout_s: self._generate_text(
                prompt, PHOTO_MAX_OUTPUT_TOKENS, PHOTO_SCHEMA, timeout_s, usage, media=image
            ),
        )
        return parse_structured(text, PhotoReading, PHOTO_SCHEMA)

    def transcribe(self, audio: MediaFile, *, deadline: float | None = None, usage: UsageCounter | None = None) -> str:
        """The voice note's words; an empty transcription is `respuesta_vacia` (nothing was understood)."""
        prompt = transcription_prompt()
        return self._with_retries(
            "transcribe",
            deadline,
            lambda timeout_s: self._generate_text(
                prompt, TRANSCRIPT_MAX_OUTPUT_TOKENS, None, timeout_s, usage, media=audio
            ),
        ).strip()

    # -- budget and retries ----------------------------------------------------------------------------------

    def _budget_end(self, deadline: float | None) -> float:
        end = self._clock() + self._settings.llm_timeout_s
        return min(end, deadline) if deadline is not None else end

    def _check_budget(self, operation: str, end: float) -> float:
        remaining = end - self._clock()
        if remaining < MIN_ATTEMPT_S:
            raise LLMCallError("presupuesto_agotado", f"{operation}: quedan {max(remaining, 0):.2f} s")
        return remaining

    def _with_retries(self, operation: str, deadline: float | None, attempt_once: Callable[[float], T]) -> T:
        end = self._budget_end(deadline)
        attempt = 0
        while True:
            attempt += 1
            remaining = self._check_budget(operation, end)
            try:
                return attempt_once(remaining)
            except LLMCallError as error:
                error.attempts = attempt
                if not self._pause_before_retry(operation, error, attempt, end):
                    raise

    def _pause_before_retry(self, operation: str, error: LLMCallError, attempt: int, end: float) -> bool:
        if not error.retriable or attempt >= self._max_attempts:
            return False
        delay = min(BACKOFF_MAX_S, self._backoff_base_s * 2 ** (attempt - 1)) * (0.5 + self._rng.random() / 2)
        if error.retry_after_s is not None:
            delay = max(delay, error.retry_after_s)
        if self._clock() + delay + MIN_ATTEMPT_S > end:
            return False
        logger.info("gemini %s: reintento %d en %.2f s tras %s", operation, attempt + 1, delay, error.kind)
        self._sleep(delay)
        return True

    # -- one attempt -----------------------------------------------------------------------------------------

    def _get_client(self) -> Client:
        with self._client_lock:
            if self._client is None:
                from google import genai
                from google.genai import types

                try:
                    api_key = gemini_api_key(self._settings, fresh=self._reread_key)
                    self._reread_key = False
                except Exception as exc:  # Secrets Manager unavailable: the next call tries again
                    raise LLMCallError("secreto_no_disponible", type(exc).__name__) from exc
                if not api_key:
                    raise LLMCallError("configuracion", "sin GOOGLE_API_KEY ni GEMINI_SECRET_ARN")
                self._client = genai.Client(
                    api_key=api_key,
                    http_options=types.HttpOptions(
                        base_url=self._settings.gemini_base_url or None,
                        api_version=API_VERSION,
                        timeout=_milliseconds(self._settings.llm_timeout_s),
                    ),
                )
            return self._client

    def _forget_client(self) -> None:
        """After Google rejected the key or the model: the next call builds a client with the key read again."""
        with self._client_lock:
            self._client = None
            self._reread_key = True

    def check_model(self, timeout_s: float) -> None:
        """Whether Google accepts the key and serves the model, for `/health`: one countTokens request (free, no
        generation). Raises `LLMCallError` (a configuration error for 400 API_KEY_INVALID, 401/403 or 404)."""
        from google.genai import types

        client = self._get_client()
        config = types.CountTokensConfig(http_options=types.HttpOptions(timeout=_milliseconds(timeout_s)))

        def count() -> Any:
            return client.models.count_tokens(model=self.model, contents="hola", config=config)

        with subsegment("Gemini", annotations={"operation": "countTokens", "model": self.model}):
            self._translate_errors(lambda: run_bounded(count, timeout_s))

    def _config(self, prompt: Prompt, max_output_tokens: int, schema: dict[str, Any] | None, timeout_s: float) -> Any:
        from google.genai import types

        # A copy: the SDK rewrites a dict schema in place (adds `property_ordering`), and ours are module constants.
        structured: dict[str, Any] = (
            {"response_mime_type": "application/json", "response_schema": copy.deepcopy(schema)}
            if schema is not None
            else {}
        )
        family = model_family(self.model)
        thinking = types.ThinkingConfig(**family.thinking) if family.thinking is not None else None
        return types.GenerateContentConfig(
            system_instruction=prompt.system,
            temperature=family.temperature,
            max_output_tokens=max_output_tokens,
            thinking_config=thinking,
            http_options=types.HttpOptions(timeout=_milliseconds(timeout_s)),
            **structured,
        )

    def _generate_text(
        self,
        prompt: Prompt,
        max_output_tokens: int,
        schema: dict[str, Any] | None,
        timeout_s: float,
        usage: UsageCounter | None,
        media: MediaFile | None = None,
    ) -> str:
        def call() -> GenerateContentResponse:
            client = self._get_client()
            return client.models.generate_content(
                model=self.model,
                contents=_contents(prompt, media),
                config=self._config(prompt, max_output_tokens, schema, timeout_s),
            )

        if usage is not None:
            usage.calls += 1
        started = self._clock()
        with subsegment("Gemini", annotations={"operation": "generateContent", "model": self.model}):
            response = self._translate_errors(lambda: run_bounded(call, timeout_s + OUTER_GUARD_GRACE_S))
        if usage is not None:
            usage.add(response.usage_metadata)
        _log_call(self.model, response.usage_metadata, self._clock() - started)
        text, finish = response_text(response)
        check_finish(finish, text)
        return text

    def _stream_text(self, prompt: Prompt, end: float, usage: UsageCounter | None) -> Iterator[str]:
        with subsegment("Gemini", annotations={"operation": "streamGenerateContent", "model": self.model}):
            yield from self._stream_chunks(prompt, end, usage)

    def _stream_chunks(self, prompt: Prompt, end: float, usage: UsageCounter | None) -> Iterator[str]:
        timeout_s = end - self._clock()

        def open_stream() -> Iterator[GenerateContentResponse]:
            client = self._get_client()
            return client.models.generate_content_stream(
                model=self.model,
                contents=_contents(prompt),
                config=self._config(prompt, PHRASE_MAX_OUTPUT_TOKENS, None, timeout_s),
            )

        if usage is not None:
            usage.calls += 1
        started = self._clock()
        chunks = iterate_bounded(
            open_stream, end + OUTER_GUARD_GRACE_S, self._clock, idle_s=self._settings.llm_stream_idle_s
        )
        last_usage: Any = None
        finish: str | None = None
        written = ""
        while True:
            chunk = self._translate_errors(lambda: next(chunks, None))
            if chunk is None:
                break
            last_usage = chunk.usage_metadata or last_usage
            text, chunk_finish = response_text(chunk, allow_empty=True)
            finish = chunk_finish or finish
            if finish in _BLOCKED_FINISH:
                check_finish(finish, written + text)
            if text:
                written += text
                yield text
        if usage is not None:
            usage.add(last_usage)
        _log_call(self.model, last_usage, self._clock() - started)
        check_finish(finish, written)

    def _translate_errors(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except LLMCallError:
            raise
        except Exception as exc:
            error = call_error_from(exc)
            if error.configuration_reason is not None:
                self._forget_client()  # a rotated key is read again on the next call
            raise error from exc


def _milliseconds(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def _contents(prompt: Prompt, media: MediaFile | None = None) -> list[Any]:
    """The prompt's turns; a file goes inline in the last (the customer's) turn, after its text."""
    from google.genai import types

    contents = [types.Content(role=role, parts=[types.Part(text=text)]) for role, text in prompt.contents]
    if media is not None:
        contents[-1].parts.append(types.Part.from_bytes(data=media.data, mime_type=media.mime_type))  # type: ignore[union-attr]
    return contents


def _log_call(model: str, usage: Any, elapsed_s: float) -> None:
    logger.info(
        "gemini %s: %s tokens de entrada, %s de salida, %.0f ms",
        model,
        getattr(usage, "prompt_token_count", None),
        getattr(usage, "candidates_token_count", None),
        elapsed_s * 1000,
    )


# -- responses ---------------------------------------------------------------------------------------------------


def response_text(response: Any, *, allow_empty: bool = False) -> tuple[str, str | None]:
    """The visible text of the first candidate (thought parts skipped) and its finish reason name."""
    feedback = getattr(response, "prompt_feedback", None)
    block_reason = getattr(feedback, "block_reason", None) if feedback is not None else None
    if block_reason:
        raise LLMCallError("bloqueo_seguridad", f"prompt: {_enum_name(block_reason)}")
    candidates = getattr(response, "candidates", None) or []
    if not candidates:
        if allow_empty:
            return "", None
        raise LLMCallError("respuesta_vacia", "sin candidatos")
    candidate = candidates[0]
    parts = candidate.content.parts if candidate.content is not None and candidate.content.parts else []
    text = "".join(part.text for part in parts if part.text and not part.thought)
    finish = _enum_name(candidate.finish_reason) if candidate.finish_reason is not None else None
    return text, finish


def check_finish(finish: str | None, text: str) -> None:
    if finish in _BLOCKED_FINISH:
        raise LLMCallError("bloqueo_seguridad", f"finishReason {finish}")
    if finish == "MAX_TOKENS":
        raise LLMCallError("respuesta_truncada", f"finishReason MAX_TOKENS tras {len(text)} caracteres")
    if finish is not None and finish not in _OK_FINISH:
        raise LLMCallError("respuesta_incompleta", f"finishReason {finish}")
    if not text.strip():
        raise LLMCallError("respuesta_vacia", "texto vacío")


def parse_structured(text: str, model: type[M], schema: dict[str, Any] | None = None) -> M:
    """The model's JSON as `model`; with the response `schema`, a field it does not declare is refused too."""
    cleaned = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())
    try:
        data = json.loads(cleaned)
    except json.JSONDecodeError as exc:
        raise LLMCallError("json_invalido", f"{exc.msg} en {text[:80]!r}") from exc
    extra = undeclared_fields(data, schema) if schema is not None else []
    if extra:
        raise LLMCallError("esquema_invalido", f"campos no declarados: {', '.join(extra[:5])}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise LLMCallError("esquema_invalido", f"{exc.error_count()} errores: {text[:80]!r}") from exc


def undeclared_fields(data: Any, schema: dict[str, Any], path: str = "") -> list[str]:
    """Keys of `data` (dotted paths) that the response schema does not declare."""
    if isinstance(data, list) and "items" in schema:
        return [name for item in data for name in undeclared_fields(item, schema["items"], f"{path}[]")]
    if not isinstance(data, dict) or "properties" not in schema:
        return []
    found: list[str] = []
    for key, value in data.items():
        where = f"{path}.{key}" if path else key
        declared = schema["properties"].get(key)
        found.extend([where] if declared is None else undeclared_fields(value, declared, where))
    return found


def _enum_name(value: Any) -> str:
    return str(getattr(value, "value", value))


# -- errors ------------------------------------------------------------------------------------------------------


def call_error_from(exc: BaseException) -> LLMCallError:
    """Map SDK/HTTP exceptions to LLMCallError kinds; transient ones are retriable."""
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        code = int(exc.code or 0)
        detail = f"{code} {exc.status or ''} {(exc.message or '')[:160]}".strip()
        if code == 429:
            return LLMCallError("limite_de_uso", detail, retriable=True, retry_after_s=_retry_delay(exc.details))
        if code in _RETRIABLE_STATUS:
            return LLMCallError("error_servidor", detail, retriable=True)
        if code in {401, 403}:
            return LLMCallError("autenticacion", detail)
        if code == 404:  # generateContent on a model the API no longer (or never) served
            return LLMCallError("modelo_no_encontrado", detail)
        if code == 400 and (_error_reason(exc.details) == "API_KEY_INVALID" or "API key not valid" in detail):
            return LLMCallError("clave_invalida", detail)
        return LLMCallError("error_peticion", detail)
    # a body that is not the API's JSON (a proxy page, a cut response), plain or streamed
    if isinstance(exc, json.JSONDecodeError | errors.UnknownApiResponseError):
        return LLMCallError("json_invalido", f"cuerpo HTTP ilegible: {type(exc).__name__}")
    names = {cls.__name__ for cls in type(exc).__mro__}
    transport = type(exc).__module__.split(".")[0] in {"httpx", "httpx2", "httpcore"}
    if "TimeoutException" in names or isinstance(exc, TimeoutError):
        return LLMCallError("tiempo_agotado", type(exc).__name__, retriable=True)
    if transport or isinstance(exc, ConnectionError):
        return LLMCallError("conexion", f"{type(exc).__name__}: {str(exc)[:160]}", retriable=True)
    if isinstance(exc, ValueError) and "API key" in str(exc):
        return LLMCallError("configuracion", str(exc)[:160])
    return LLMCallError("error_inesperado", f"{type(exc).__name__}: {str(exc)[:160]}")


def _error_details(details: Any, type_suffix: str) -> list[dict[str, Any]]:
    """The google.rpc detail messages of one type (e.g. "RetryInfo") in an error body."""
    error = details.get("error", details) if isinstance(details, dict) else None
    items = (error or {}).get("details") if isinstance(error, dict) else None
    return [item for item in items or [] if isinstance(item, dict) and str(item.get("@type", "")).endswith(type_suffix)]


def _retry_delay(details: Any) -> float | None:
    """google.rpc.RetryInfo's retryDelay ("2s", "1.5s") from an error body, in seconds."""
    for item in _error_details(details, "RetryInfo"):
        match = re.fullmatch(r"(\d+(?:\.\d+)?)s", str(item.get("retryDelay", "")))
        if match:
            return float(match.group(1))
    return None


def _error_reason(details: Any) -> str | None:
    """google.rpc.ErrorInfo's reason (e.g. "API_KEY_INVALID") from an error body."""
    return next((str(item.get("reason")) for item in _error_details(details, "ErrorInfo") if item.get("reason")), None)


# -- bounded calls -----------------------------------------------------------------------------------------------


def run_bounded(call: Callable[[], T], timeout_s: float) -> T:
    """Run `call` in a daemon thread and wait at most `timeout_s`; a call still running is abandoned."""
    box: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()

    def target() -> None:
        try:
            box.put((True, call()))
        except BaseException as exc:
            box.put((False, exc))

    threading.Thread(target=target, name="gemini-call", daemon=True).start()
    try:
        ok, value = box.get(timeout=max(timeout_s, 0.001))
    except queue.Empty:
        raise LLMCallError("tiempo_agotado", f"sin respuesta en {timeout_s:.2f} s", retriable=True) from None
    if ok:
        return value
    raise value


def iterate_bounded(
    open_iterator: Callable[[], Iterator[T]], end: float, clock: Callable[[], float], *, idle_s: float | None = None
) -> Iterator[T]:
    """Items of an iterator produced in a daemon thread; stops with `tiempo_agotado` when `end` passes, or with
    `stream_detenido` when, once started, it gives nothing for `idle_s` (a stalled stream)."""
    items: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def produce() -> None:
        try:
            iterator = open_iterator()
            for item in iterator:
                if stop.is_set():
                    break
                items.put(("item", item))
            close = getattr(iterator, "close", None)
            if callable(close):
                close()
            items.put(("end", None))
        except BaseException as exc:
            items.put(("error", exc))

    threading.Thread(target=produce, name="gemini-stream", daemon=True).start()
    started = False
    try:
        while True:
            remaining = end - clock()
            wait = min(remaining, idle_s) if started and idle_s is not None else remaining
            try:
                if remaining <= 0:
                    raise queue.Empty
                kind, value = items.get(timeout=wait)
            except queue.Empty:
                if wait < remaining:
                    raise LLMCallError("stream_detenido", f"nada en {wait:.2f} s", retriable=True) from None
                raise LLMCallError("tiempo_agotado", "el stream no terminó a tiempo", retriable=True) from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            started = True
            yield value
    finally:
        stop.set()

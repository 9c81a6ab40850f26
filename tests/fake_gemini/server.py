"""A local fake of the Gemini Developer API REST surface, for tests and benchmarks (no network beyond 127.0.0.1).

Speaks the real wire format the google-genai SDK uses:
- `POST /{version}/models/{model}:generateContent` → a `GenerateContentResponse` JSON;
- `POST /{version}/models/{model}:streamGenerateContent?alt=sse` → `data: {GenerateContentResponse}` SSE events;
- `POST /{version}/models/{model}:embedContent` and `:batchEmbedContents` → deterministic embeddings;
- `POST /{version}/models/{model}:countTokens` → `{"totalTokens": n}` (what `/health` asks), or the fault mode's
  error; a custom `replier` sees it too (e.g. to reject a key), scripted replies are left for generation;
- errors as `{"error": {"code", "message", "status", "details"}}`.

Every request is recorded (`FakeGemini.requests`), and every streamed reply's progress (`FakeGemini.streams`: SSE
events sent, last one out), so tests can assert what happened before the stream ended. Streamed replies are paced
like the real API writes tokens (`chunk_delay_s` before each event, or `reply_duration_s` spread over them), and a
reply may hold its last event until the test releases it (`FakeReply.hold_before_last`). Replies are scripted per test with `enqueue(...)`; a fault mode
(`fail_with(name)`, names in `FAULTS`: a rejected key, a retired model, 429, 500, a hang, a malformed body, a safety
block) answers every generation request the way Google does when that goes wrong, until `fail_with(None)` or
`reset()`; when the queue is empty and no fault is set the default replier answers: for a turn plan (a `responseSchema` with `actos` and `operaciones`) a plausible
plan computed from the message and the candidates listed in the prompt (`default_plan`); for other structured calls
JSON that fits the `responseSchema`; else the draft it finds in the system instruction (so a pipeline run through it
keeps answering correctly). Token counts are approximated as len(text)/4. `FakeReply.wrong_plan(kind)` scripts the
plans a validator must refuse.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from agente_vendedor.platform.llm.prompts import DRAFT_MARKER, PLAN_CANDIDATES_MARKER, PLAN_CELL_SEPARATOR

# What the API takes inline (images and audio as the Gemini model pages list them: WebM and MP4/M4A audio too; no
# GIF) and its limit for a whole request with inline data.
INLINE_MIME_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "audio/wav", "audio/mp3",
     "audio/aiff", "audio/aac", "audio/ogg", "audio/flac", "audio/webm", "audio/mp4"}
)  # fmt: skip
INLINE_REQUEST_LIMIT = 20 * 1024 * 1024
DEFAULT_TRANSCRIPT = "hola, quiero información de sus productos"
_ROUTE = re.compile(r"^/(?P<version>[^/]+)/models/(?P<model>[^/:]+):(?P<method>[A-Za-z]+)$")
_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def approximate_tokens(text: str) -> int:
    return math.ceil(len(text) / 4) if text else 0


@dataclass(frozen=True)
class InlinePart:
    mime_type: str
    data: bytes


def proto_bytes(value: Any) -> bytes:
    """A proto-JSON `bytes` field: base64, standard or URL-safe (the SDK sends the URL-safe alphabet)."""
    text = str(value or "")
    return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)


def inline_data_error(body: dict[str, Any], size: int) -> str | None:
    """What the real API answers 400 INVALID_ARGUMENT for in a request's inline files: an unsupported MIME type,
    data that is not base64, an empty file, or a request over the inline limit."""
    if size > INLINE_REQUEST_LIMIT:
        return f"Request payload size exceeds the limit: {INLINE_REQUEST_LIMIT} bytes."
    for content in _camel_fields(body).get("contents") or []:
        for part in content.get("parts") or []:
            inline = part.get("inlineData")
            if inline is None:
                continue
            if inline.get("mimeType") not in INLINE_MIME_TYPES:
                return f"Unsupported MIME type: {inline.get('mimeType')}"
            try:
                data = proto_bytes(inline.get("data"))
            except (binascii.Error, ValueError):
                return "Invalid value at 'contents.parts.inline_data.data' (TYPE_BYTES), Base64 decoding failed"
            if not data:
                return "Unable to process input image. Please retry or report in the troubleshooting guide."
    return None


@dataclass
class RecordedRequest:
    path: str  # e.g. /v1beta/models/gemini-2.5-flash:generateContent
    version: str
    model: str
    method: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: dict[str, Any]

    @property
    def wire(self) -> dict[str, Any]:
        """The body as the real server reads it: proto-JSON accepts snake_case and lowerCamelCase field names
        (the SDK sends some nested fields, e.g. `thinking_budget`, in snake_case), so names are camelCased here;
        map keys (schema `properties`) stay as they are."""
        return _camel_fields(self.body)

    @property
    def system_text(self) -> str:
        parts = (self.body.get("systemInstruction") or {}).get("parts") or []
        return "".join(str(part.get("text", "")) for part in parts)

    @property
    def contents(self) -> list[dict[str, Any]]:
        return list(self.body.get("contents") or [])

    @property
    def generation_config(self) -> dict[str, Any]:
        return dict(self.wire.get("generationConfig") or {})

    @property
    def prompt_text(self) -> str:
        """All the text the model would read: system instruction, contents and the response schema."""
        texts = [self.system_text]
        for content in self.contents:
            texts.extend(str(part.get("text", "")) for part in content.get("parts") or [])
        schema = self.generation_config.get("responseSchema")
        if schema:
            texts.append(json.dumps(schema, ensure_ascii=False, separators=(",", ":")))
        return "\n".join(text for text in texts if text)

    @property
    def prompt_tokens(self) -> int:
        return approximate_tokens(self.prompt_text)

    @property
    def is_structured(self) -> bool:
        return self.generation_config.get("responseMimeType") == "application/json"

    @property
    def is_plan(self) -> bool:
        """A turn-plan request: its response schema has the plan's `actos` and `operaciones`."""
        properties = (self.generation_config.get("responseSchema") or {}).get("properties") or {}
        return self.is_structured and {"actos", "operaciones"} <= set(properties)

    @property
    def inline_parts(self) -> list[InlinePart]:
        """The files sent inline (`inlineData`), decoded, in order."""
        found: list[InlinePart] = []
        for content in self.wire.get("contents") or []:
            for part in content.get("parts") or []:
                inline = part.get("inlineData")
                if inline is not None:
                    found.append(InlinePart(str(inline.get("mimeType")), proto_bytes(inline.get("data"))))
        return found

    @property
    def last_user_text(self) -> str:
        """The newest `user` content (the customer's message, joined with unanswered earlier ones)."""
        users = [c for c in self.contents if c.get("role") == "user"]
        return "".join(str(p.get("text", "")) for p in users[-1].get("parts") or []) if users else ""


@dataclass
class FakeReply:
    """One scripted answer. `text` (or `json_body`) is wrapped in a candidate unless `raw` is given."""

    status: int = 200
    text: str | None = None
    finish_reason: str = "STOP"
    raw: dict[str, Any] | None = None  # a complete response body, sent as is
    delay_s: float = 0.0  # sleep before answering (timeouts)
    chunk_delay_s: float = 0.0  # sleep before each SSE event (0: the server's pacing)
    chunks: list[str] | None = None  # SSE: the text pieces (default: `text` split in words groups)
    hold_before_last: threading.Event | None = None  # SSE: the last event waits until this is set (or HOLD_LIMIT_S)
    retry_delay_s: float | None = None  # adds a google.rpc.RetryInfo to an error
    error_details: list[dict[str, Any]] | None = None  # google.rpc detail messages of an error (ErrorInfo...)
    body: bytes | None = None  # sent as is (a body that is not the API's JSON)
    hang: bool = False  # never answer: the request waits until the server is reset or stopped

    @classmethod
    def of_text(cls, text: str, finish_reason: str = "STOP") -> FakeReply:
        return cls(text=text, finish_reason=finish_reason)

    @classmethod
    def of_json(cls, payload: Any) -> FakeReply:
        return cls(text=json.dumps(payload, ensure_ascii=False))

    @classmethod
    def error(cls, status: int, message: str = "fallo simulado", retry_delay_s: float | None = None) -> FakeReply:
        return cls(status=status, text=message, retry_delay_s=retry_delay_s)

    @classmethod
    def slow(cls, delay_s: float, text: str = "respuesta tardía") -> FakeReply:
        return cls(text=text, delay_s=delay_s)

    @classmethod
    def of_plan(cls, **fields: Any) -> FakeReply:
        """A well-formed plan (a question about nothing in particular) with `fields` replaced."""
        return cls.of_json({**_plan(["pregunta"], "inventario", 0.8), **fields})

    @classmethod
    def wrong_plan(cls, kind: str, sku: str = "DV-CAB-001") -> FakeReply:
        """A plan the validator must refuse (`WRONG_PLANS` lists the kinds); `sku` is a real catalogue SKU where the
        fault is elsewhere. `campo_extra` and `json_malformado` already fail in the provider (`esquema_invalido`,
        `json_invalido`); the others fit the schema and are the validator's to catch."""
        payload = WRONG_PLANS[kind](sku)
        return cls(text=payload) if isinstance(payload, str) else cls.of_json(payload)

    @classmethod
    def safety_block(cls) -> FakeReply:
        return cls(
            raw={
                "promptFeedback": {
                    "blockReason": "SAFETY",
                    "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH"}],
                },
                "usageMetadata": {"promptTokenCount": 10, "totalTokenCount": 10},
            }
        )

    @classmethod
    def candidate_blocked(cls) -> FakeReply:
        return cls(raw={"candidates": [{"finishReason": "SAFETY", "index": 0}]})

    @classmethod
    def api_key_invalid(cls) -> FakeReply:
        """What Google answers to a key that does not exist (or was deleted): 400 with an ErrorInfo."""
        message = "API key not valid. Please pass a valid API key."
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
                "metadata": {"service": "generativelanguage.googleapis.com"},
            },
            {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US", "message": message},
        ]
        return cls(status=400, text=message, error_details=details)

    @classmethod
    def model_not_found(cls, model: str) -> FakeReply:
        """What Google answers for a model it does not serve (a retired one): 404 NOT_FOUND."""
        return cls(
            status=404,
            text=f"models/{model} is not found for API version v1beta, or is not supported for generateContent. "
            "Call ListModels to see the list of available models and their supported methods.",
        )

    @classmethod
    def quota_exceeded(cls) -> FakeReply:
        return cls(
            status=429,
            text="You exceeded your current quota, please check your plan and billing details.",
            retry_delay_s=0.0,
        )

    @classmethod
    def internal_error(cls) -> FakeReply:
        return cls(
            status=500, text="An internal error has occurred. Please retry or report in the troubleshooting guide."
        )

    @classmethod
    def hung(cls) -> FakeReply:
        return cls(hang=True)

    @classmethod
    def malformed_body(cls) -> FakeReply:
        """A 200 whose body is cut in the middle of the JSON (a proxy or a dropped connection)."""
        return cls(body=b'{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hola, con gus')

    @classmethod
    def max_tokens_empty(cls) -> FakeReply:
        return cls(raw={"candidates": [{"content": {"role": "model", "parts": []}, "finishReason": "MAX_TOKENS"}]})


Replier = Callable[[RecordedRequest], FakeReply]
HOLD_LIMIT_S = 5.0  # a held last event is sent anyway after this long (the test failed to release it)


@dataclass
class StreamProgress:
    """One streamed reply as the server sends it, for tests that assert causality (never timings): how many SSE
    events are out, and whether the last one has been sent."""

    total: int
    sent: int = 0
    finished: threading.Event = field(default_factory=threading.Event)
    held_too_long: bool = False  # `hold_before_last` was not released within HOLD_LIMIT_S
    started_at: float = field(default_factory=time.monotonic)
    duration_s: float | None = None  # how long the reply took to send (benchmarks; tests never assert it)


# The fault modes of `FakeGemini.fail_with`: each answers any generation request as Google does when that fails.
FAULTS: dict[str, Replier] = {
    "clave_invalida": lambda request: FakeReply.api_key_invalid(),
    "modelo_retirado": lambda request: FakeReply.model_not_found(request.model),
    "limite_429": lambda request: FakeReply.quota_exceeded(),
    "error_500": lambda request: FakeReply.internal_error(),
    "colgado": lambda request: FakeReply.hung(),
    "json_malformado": lambda request: FakeReply.malformed_body(),
    "bloqueo_seguridad": lambda request: FakeReply.candidate_blocked(),
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


def _camel_fields(value: Any, *, map_keys: bool = False) -> Any:
    if isinstance(value, dict):
        return {
            (key if map_keys else _camel(key)): _camel_fields(item, map_keys=not map_keys and key == "properties")
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_camel_fields(item) for item in value]
    return value


def draft_from_system(system_text: str) -> str | None:
    """The draft the prompt carries after `BORRADOR:` (up to the end of the system instruction)."""
    _, found, rest = system_text.partition(DRAFT_MARKER)
    return rest.strip() if found else None


def _sample_from_schema(schema: dict[str, Any]) -> Any:
    """A minimal valid instance of an OpenAPI-subset schema: first enum value, nulls for nullable, empties."""
    kind = str(schema.get("type", "OBJECT")).upper()
    if schema.get("nullable"):
        return None
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "OBJECT":
        props = schema.get("properties") or {}
        return {name: _sample_from_schema(sub) for name, sub in props.items()}
    if kind == "ARRAY":
        return []
    if kind in {"NUMBER", "INTEGER"}:
        return 0.5 if kind == "NUMBER" else 0
    if kind == "BOOLEAN":
        return False
    return ""


# -- turn plans -------------------------------------------------------------------------------------------------


def _plan(
    actos: list[str],
    tipo: str,
    confianza: float,
    operaciones: list[dict[str, Any]] | None = None,
    numeros: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {"actos": actos, "tipo": tipo, "confianza": confianza, "operaciones": operaciones or [],
            "numeros": numeros or []}  # fmt: skip


def _add(sku: str | None, units: int, confianza: float = 0.9) -> dict[str, Any]:
    return {"accion": "agregar", "sku": sku, "cantidad": units, "confianza": confianza}


def _units(units: int, texto: str | None = None) -> dict[str, Any]:
    return {"texto": texto or str(units), "valor": units, "rol": "cantidad"}


WRONG_PLANS: dict[str, Callable[[str], dict[str, Any] | str]] = {
    # a SKU that is in no catalogue
    "sku_desconocido": lambda sku: _plan(["pedido"], "venta", 0.95, [_add("ZZ-NO-EXISTE-999", 2)], [_units(2)]),
    # zero units is no order line
    "cantidad_cero": lambda sku: _plan(["pedido"], "venta", 0.95, [_add(sku, 0)], [_units(0)]),
    # far beyond any stock or plausible order
    "cantidad_enorme": lambda sku: _plan(["pedido"], "venta", 0.95, [_add(sku, 100000)], [_units(100000)]),
    # a size read as a quantity
    "talla_como_cantidad": lambda sku: _plan(
        ["pedido"], "venta", 0.9, [_add(sku, 40)], [{"texto": "talla 40", "valor": 40, "rol": "talla"}]
    ),
    # a question never changes the order
    "pregunta_con_operacion": lambda sku: _plan(["pregunta"], "inventario", 0.9, [_add(sku, 1)], [_units(1)]),
    # accepts an offer nobody made and claims confirmation: the sale may not jump ahead
    "salto_de_estado": lambda sku: _plan(
        ["confirmacion"], "venta", 0.99, [{"accion": "aceptar_oferta", "sku": None, "cantidad": None, "confianza": 1}]
    ),
    # a field the schema does not declare (a price): refused by the provider as esquema_invalido
    "campo_extra": lambda sku: _plan(["pedido"], "venta", 0.9, [{**_add(sku, 2), "precio": 1}], [_units(2)]),
    # cut-off JSON: refused by the provider as json_invalido
    "json_malformado": lambda sku: '{"actos": ["pedido"], "tipo": "venta", "confianza": ',
}

_ASKING = re.compile(r"[?¿]")
# "quiero 3", "me llevo 10", "deme 2": a verb of wanting right before digits (the fake reads no number words)
_WANTING = re.compile(r"\b(?:quiero|necesito|me llevo|deme|dame|mandeme|envieme)\s+(\d{1,5})\b")
_GREETING = re.compile(r"^\W*(?:hola|buenos|buenas|gracias)\b")
_WORD = re.compile(r"[a-z0-9]{4,}")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def prompt_candidates(system_text: str) -> list[tuple[str, str]]:
    """(sku, name) of the candidates the plan prompt lists after `PLAN_CANDIDATES_MARKER`, best first."""
    _, found, rest = system_text.partition(PLAN_CANDIDATES_MARKER)
    if not found:
        return []
    rows = [line.split(PLAN_CELL_SEPARATOR) for line in rest.strip().splitlines()]
    return [(row[0].strip(), row[1].strip()) for row in rows if len(row) >= 2]


def _stems(text: str) -> set[str]:
    return {word.rstrip("s")[:5] for word in _WORD.findall(text)}


def _best_candidate(message: str, candidates: list[tuple[str, str]]) -> str | None:
    """The candidate whose name shares most word stems with the message (the earlier one on a tie, so the first
    when none does)."""
    stems = _stems(message)
    scored = [(len(stems & _stems(_fold(name))), -index, sku) for index, (sku, name) in enumerate(candidates)]
    return max(scored)[2] if scored else None


def default_plan(request: RecordedRequest) -> dict[str, Any]:
    """A plausible plan, deterministic: a question asks; "quiero N …" adds N of the best candidate; a greeting
    greets; anything else is an unsure empty plan (low confidence, so the rules' own plan prevails)."""
    message = _fold(request.last_user_text)
    wanted = _WANTING.search(message)
    if _ASKING.search(message):
        return _plan(["pregunta"], "inventario", 0.8)
    if wanted:
        units = int(wanted.group(1))
        sku = _best_candidate(message, prompt_candidates(request.system_text))
        operations = [_add(sku, units)] if sku else []
        return _plan(["pedido"], "venta", 0.9 if sku else 0.4, operations, [_units(units)])
    if _GREETING.search(message):
        return _plan(["saludo"], "contexto", 0.7)
    return _plan([], "inventario", 0.3)


def default_replier(request: RecordedRequest) -> FakeReply:
    if any(part.mime_type.startswith("audio/") for part in request.inline_parts):
        return FakeReply.of_text(DEFAULT_TRANSCRIPT)
    if request.is_plan:
        return FakeReply.of_json(default_plan(request))
    if request.is_structured:
        schema = request.generation_config.get("responseSchema") or {}
        return FakeReply.of_json(_sample_from_schema(schema))
    draft = draft_from_system(request.system_text)
    return FakeReply.of_text(draft or "Con gusto le ayudo.")


def _embedding(text: str, dimensions: int) -> list[float]:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return [round((digest[i % len(digest)] - 128) / 128, 6) for i in range(dimensions)]


def _split_for_stream(text: str) -> list[str]:
    words = re.findall(r"\S+\s*|\s+", text)
    return ["".join(words[i : i + 3]) for i in range(0, len(words), 3)] or [text]


@dataclass
class FakeGemini:
    """The scriptable server. Use as a context manager or call `start()`/`stop()`."""

    replier: Replier = default_replier
    requests: list[RecordedRequest] = field(default_factory=list)
    # pacing of streamed replies like the real API writes tokens: a delay before each SSE event, or a whole reply
    # spread over its events (`reply_duration_s`); a reply's own `chunk_delay_s` wins
    chunk_delay_s: float = 0.0
    reply_duration_s: float | None = None
    streams: list[StreamProgress] = field(default_factory=list)
    fault: str | None = None  # a key of FAULTS: every generation request fails that way
    _queue: deque[FakeReply] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _release: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self, port: int = 0) -> FakeGemini:
        server = ThreadingHTTPServer(("127.0.0.1", port), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fake-gemini", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release_hung()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGemini:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def enqueue(self, *replies: FakeReply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def reset(self) -> None:
        self.fail_with(None)
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.streams.clear()

    def fail_with(self, fault: str | None) -> None:
        """Answer every generation request with the fault mode `fault` (a key of FAULTS), or normally again."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        self._release_hung()
        self.fault = fault

    def _release_hung(self) -> None:
        """Let go of the requests that hang (their clients gave up long ago)."""
        with self._lock:
            self._release.set()
            self._release = threading.Event()

    def _wait_while_hung(self) -> None:
        with self._lock:
            release = self._release
        release.wait(timeout=300)

    def pace(self, reply: FakeReply, events: int) -> float:
        """The delay before each SSE event of `reply`."""
        if reply.chunk_delay_s:
            return reply.chunk_delay_s
        if self.reply_duration_s is not None and events:
            return self.reply_duration_s / events
        return self.chunk_delay_s

    def generation_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method in {"generateContent", "streamGenerateContent"}]

    def _count_tokens_reply(self, request: RecordedRequest) -> FakeReply:
        """countTokens: recorded; answered by the fault mode, else by a custom replier, never from the script."""
        with self._lock:
            self.requests.append(request)
            fault = self.fault
        if fault is not None:
            return FAULTS[fault](request)
        return self.replier(request) if self.replier is not default_replier else FakeReply.of_text("")

    def _record_and_reply(self, request: RecordedRequest) -> FakeReply:
        with self._lock:
            self.requests.append(request)
            scripted = self._queue.popleft() if self._queue else None
            fault = self.fault
        if scripted is not None:
            return scripted
        return FAULTS[fault](request) if fault is not None else self.replier(request)


def _response_body(reply: FakeReply, text: str | None, request: RecordedRequest, final: bool) -> dict[str, Any]:
    if reply.raw is not None:
        return reply.raw
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text or ""}]}, "index": 0}
    if final:
        candidate["finishReason"] = reply.finish_reason
    output_tokens = approximate_tokens(reply.text or "")
    return {
        "candidates": [candidate],
        "usageMetadata": {
            "promptTokenCount": request.prompt_tokens,
            "candidatesTokenCount": output_tokens,
            "totalTokenCount": request.prompt_tokens + output_tokens,
        },
        "modelVersion": request.model,
        "responseId": hashlib.sha1(json.dumps(request.body, sort_keys=True).encode()).hexdigest()[:16],  # noqa: S324
    }


def _error_body(reply: FakeReply) -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": reply.status,
        "message": reply.text or "error",
        "status": _STATUS_NAMES.get(reply.status, "UNKNOWN"),
    }
    details = list(reply.error_details or [])
    if reply.retry_delay_s is not None:
        details.append({"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{reply.retry_delay_s}s"})
    if details:
        error["details"] = details
    return {"error": error}


def _make_handler(fake: FakeGemini) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            match = _ROUTE.match(url.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not match:
                self._send_json(404, {"error": {"code": 404, "message": "ruta desconocida", "status": "NOT_FOUND"}})
                return
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._send_json(400, {"error": {"code": 400, "message": "JSON inválido", "status": "INVALID_ARGUMENT"}})
                return
            refused = inline_data_error(body, length)
            if refused is not None:
                self._send_json(400, {"error": {"code": 400, "message": refused, "status": "INVALID_ARGUMENT"}})
                return
            request = RecordedRequest(
                path=url.path,
                version=match["version"],
                model=match["model"],
                method=match["method"],
                query=parse_qs(url.query),
                headers={name.lower(): value for name, value in self.headers.items()},
                body=body,
            )
            if request.method == "countTokens":
                self._count_tokens(fake._count_tokens_reply(request), request)
                return
            if request.method in {"embedContent", "batchEmbedContents"}:
                with fake._lock:
                    fake.requests.append(request)
                self._send_json(200, _embed_body(request))
                return
            reply = fake._record_and_reply(request)
            if reply.hang:
                fake._wait_while_hung()
                self.close_connection = True
                return
            if reply.delay_s:
                time.sleep(reply.delay_s)
            try:
                if reply.body is not None:
                    self._send_bytes(reply.status, reply.body)
                elif reply.status != 200:
                    self._send_json(reply.status, _error_body(reply))
                elif request.method == "streamGenerateContent":
                    self._send_stream(reply, request)
                else:
                    self._send_json(200, _response_body(reply, reply.text, request, final=True))
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                self.close_connection = True

        def _count_tokens(self, reply: FakeReply, request: RecordedRequest) -> None:
            if reply.hang:
                fake._wait_while_hung()
                self.close_connection = True
            elif reply.status != 200:
                self._send_json(reply.status, _error_body(reply))
            else:
                self._send_json(200, {"totalTokens": request.prompt_tokens})

        def _send_json(self, status: int, payload: dict[str, Any]) -> None:
            self._send_bytes(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

        def _send_bytes(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send_stream(self, reply: FakeReply, request: RecordedRequest) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            events = list(_stream_events(reply, request))
            progress = StreamProgress(total=len(events))
            with fake._lock:
                fake.streams.append(progress)
            delay = fake.pace(reply, len(events))
            try:
                for index, event in enumerate(events):
                    if delay:
                        time.sleep(delay)
                    if reply.hold_before_last is not None and index == len(events) - 1:
                        progress.held_too_long = not reply.hold_before_last.wait(HOLD_LIMIT_S)
                    self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\r\n\r\n".encode())
                    self.wfile.flush()
                    progress.sent += 1
            finally:
                progress.duration_s = time.monotonic() - progress.started_at
                progress.finished.set()

    return Handler


def _stream_events(reply: FakeReply, request: RecordedRequest) -> Iterator[dict[str, Any]]:
    if reply.raw is not None:
        yield reply.raw
        return
    pieces = reply.chunks if reply.chunks is not None else _split_for_stream(reply.text or "")
    for index, piece in enumerate(pieces):
        yield _response_body(reply, piece, request, final=index == len(pieces) - 1)


def _embed_body(request: RecordedRequest) -> dict[str, Any]:
    def one(item: dict[str, Any]) -> dict[str, Any]:
        text = "".join(str(p.get("text", "")) for p in (item.get("content") or {}).get("parts") or [])
        return {"values": _embedding(text, int(item.get("outputDimensionality") or 768))}

    if request.method == "batchEmbedContents":
        return {"embeddings": [one(item) for item in request.body.get("requests") or []]}
    return {"embedding": one(request.body)}


def main() -> None:
    """`python -m tests.fake_gemini.server [port] [--chunk-delay S | --reply-seconds S]`: serve until Ctrl-C
    (GEMINI_BASE_URL=the printed URL), pacing streamed replies as asked."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.fake_gemini.server")
    parser.add_argument("port", nargs="?", type=int, default=0)
    parser.add_argument("--chunk-delay", type=float, default=0.0, help="seconds before each SSE event")
    parser.add_argument("--reply-seconds", type=float, default=None, help="a streamed reply spread over this long")
    args = parser.parse_args()
    fake = FakeGemini(chunk_delay_s=args.chunk_delay, reply_duration_s=args.reply_seconds).start(args.port)
    print(f"GEMINI_BASE_URL={fake.base_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()

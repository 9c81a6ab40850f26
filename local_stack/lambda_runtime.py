"""Load Lambda handlers from their files and invoke them in worker threads, like one warm container each."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import anyio
import anyio.to_thread

from local_stack.lambda_context import LambdaContext
from local_stack.routes import FunctionSpec

log = logging.getLogger("local_stack.lambda")

Handler = Callable[[dict[str, Any], Any], Any]


class InvocationError(Exception):
    """The function raised, timed out, or returned something that is not JSON."""


class IntegrationTimeoutError(InvocationError):
    """The caller (API Gateway) stopped waiting before the function finished."""


@dataclass(frozen=True)
class Invocation:
    result: Any
    duration_ms: float
    request_id: str


class LambdaRuntime:
    def __init__(self, region: str = "us-east-1") -> None:
        self.region = region
        self._modules: dict[str, ModuleType] = {}
        self._lock = threading.Lock()

    def handler(self, function: FunctionSpec) -> Handler:
        module_path, _, attribute = function.handler.rpartition(".")
        module = self._module(function, module_path)
        handler: Handler = getattr(module, attribute)
        return handler

    def preload(self, functions: list[FunctionSpec]) -> list[str]:
        """Import every handler now; returns one message per handler that failed to load."""
        failures = []
        for function in functions:
            try:
                self.handler(function)
            except Exception as error:  # reported, the gateway answers 500 on its routes
                failures.append(f"{function.logical_id} ({function.handler}): {type(error).__name__}: {error}")
        return failures

    async def invoke(
        self, function: FunctionSpec, event: dict[str, Any], *, integration_timeout_s: float = 29.0
    ) -> Invocation:
        """Run the handler in a worker thread; failures raise InvocationError (or its subclass)."""
        context = LambdaContext(
            function.logical_id,
            timeout_s=function.timeout_s,
            memory_limit_in_mb=function.memory_mb,
            region=self.region,
        )
        payload = json.loads(json.dumps(event))  # the function gets its own copy, as over the wire
        started = time.perf_counter()
        wait_s = min(function.timeout_s, integration_timeout_s)
        with anyio.move_on_after(wait_s):
            result = await anyio.to_thread.run_sync(self._call, function, payload, context, abandon_on_cancel=True)
            return Invocation(result, (time.perf_counter() - started) * 1000, context.aws_request_id)
        if function.timeout_s < integration_timeout_s:
            log.error("%s %s Task timed out after %.2f seconds", function.logical_id, context.aws_request_id, wait_s)
            raise InvocationError(f"{function.logical_id} timed out after {wait_s:.0f} s")
        raise IntegrationTimeoutError(f"{function.logical_id}: no answer within {integration_timeout_s:.0f} s")

    def _call(self, function: FunctionSpec, event: dict[str, Any], context: LambdaContext) -> Any:
        _ensure_event_loop()
        try:
            result = self.handler(function)(event, context)
            return json.loads(json.dumps(result))
        except Exception as error:
            log.exception("%s %s raised %s", function.logical_id, context.aws_request_id, type(error).__name__)
            raise InvocationError(f"{function.logical_id}: {type(error).__name__}: {error}") from error

    def _module(self, function: FunctionSpec, module_path: str) -> ModuleType:
        relative = module_path.replace(".", "/")
        file = function.code_dir / f"{relative}.py"
        if not file.exists():
            file = function.code_dir / relative / "__init__.py"
        if not file.exists():
            raise ImportError(f"no module {module_path!r} in {function.code_dir}")
        name = "lambda_" + "_".join([function.code_dir.name, *module_path.split(".")])
        with self._lock:
            if name in self._modules:
                return self._modules[name]
            spec = importlib.util.spec_from_file_location(name, file)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load {file}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            sys.path.insert(0, str(function.code_dir))  # the code directory is the Lambda task root
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
            finally:
                sys.path.remove(str(function.code_dir))
            self._modules[name] = module
            return module


_thread_state = threading.local()


def _ensure_event_loop() -> None:
    """Give this worker thread an event loop of its own, as the Lambda runtime's main thread has one.

    Handlers such as Mangum call ``asyncio.get_event_loop()``, which fails in a thread without a loop.
    """
    if getattr(_thread_state, "loop", None) is None:
        _thread_state.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_thread_state.loop)

"""Load a function's real Lambda handler from its file, exactly as the local gateway does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from local_stack.lambda_runtime import LambdaRuntime
from local_stack.routes import FunctionSpec

REPO = Path(__file__).resolve().parents[1]
_runtime = LambdaRuntime()


def load_handler(function: str, handler: str = "app.handler") -> Any:
    """`load_handler("chat")` → functions/chat/app.py:handler; `load_handler("exports", "app.other")`."""
    return _runtime.handler(FunctionSpec(logical_id=function, code_dir=REPO / "functions" / function, handler=handler))

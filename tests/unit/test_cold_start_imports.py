"""What each Lambda function loads at init, and what its SnapStart primers add (no timing: which modules); its init
leaves the garbage collector on (switched off while it runs, `ops/lambda_init`) and pydantic's plugin discovery off.

Each function's entry module (its CodeUri and Handler in template.yaml) is imported by a fresh interpreter, as the
Lambda init does, with a Gemini key configured as in production; then `ops.bootstrap.prime()` runs what the
before-snapshot hook runs. Heavy modules stay where they are used: the WebSocket message path never imports FastAPI,
ws_connect and classify never import SQLAlchemy or the Gemini SDK at init, and the chat turn (with the SDK) is loaded
by the primers, so a SnapStart snapshot holds it. ws_connect's log masking loads the contact-field finders only (not
the name readers nor the number grammar), and the staff modules wait for a connection that presents a token.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agente_vendedor.ops.lambda_init import NO_PYDANTIC_PLUGINS, begin_init
from local_stack.aws_resources import load_template

REPO = Path(__file__).resolve().parents[2]
FRAMEWORK = {"fastapi", "starlette", "mangum"}
TURN = "agente_vendedor.conversation.turn_pipeline"
# what ws_connect's init does without: the name readers and the number grammar (its log masking finds contact fields
# only), the media-type checks (the request limits read the size limits alone), the staff modules (a token's)
NOT_FOR_CONNECTING = {
    "agente_vendedor.language.customer_data",
    "agente_vendedor.language.quantities",
    "agente_vendedor.core.media_types",
    "agente_vendedor.staff.authentication",
}
WATCHED = sorted(
    FRAMEWORK
    | {
        TURN,
        "sqlalchemy",
        "google.genai",
        "boto3",
        "jwt",
        "rapidfuzz",
        "agente_vendedor.schemas.chat",
        "agente_vendedor.api.routers.chat",
    }
    | NOT_FOR_CONNECTING
)

# function -> (modules its init must not load, modules its primers must have loaded)
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "ChatWsFunction": (
        FRAMEWORK | {TURN, "sqlalchemy", "google.genai", "boto3", "jwt", "rapidfuzz", "agente_vendedor.schemas.chat"},
        {TURN, "sqlalchemy", "google.genai", "boto3", "rapidfuzz", "agente_vendedor.schemas.chat"},
    ),
    "WsConnectFunction": (
        FRAMEWORK
        | NOT_FOR_CONNECTING
        | {TURN, "sqlalchemy", "google.genai", "boto3", "jwt", "agente_vendedor.schemas.chat"},
        set(),
    ),
    "ClassifyFunction": (
        FRAMEWORK | {TURN, "sqlalchemy", "google.genai", "boto3", "rapidfuzz"},
        {"sqlalchemy", "rapidfuzz"},
    ),
    "ChatFunction": ({TURN, "google.genai", "boto3", "rapidfuzz"}, {TURN, "google.genai", "boto3", "rapidfuzz"}),
    "ExportsFunction": ({TURN, "google.genai", "agente_vendedor.api.routers.chat"}, set()),
}

CHILD = """
import gc, importlib.util, json, os, sys
sys.path.insert(0, {code_dir!r})
spec = importlib.util.spec_from_file_location("lambda_entry", {file!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
watched = {watched!r}
init = [name for name in watched if name in sys.modules]
collecting = gc.isenabled()  # the entry module switched the collector off for its init: on again (ops/lambda_init)
plugins = os.environ.get({plugins_variable!r})  # pydantic's switch, as the init left it
bootstrap = sys.modules.get("agente_vendedor.ops.bootstrap")
if bootstrap is not None:
    bootstrap.prime()
primed = [name for name in watched if name in sys.modules]
print(json.dumps({{"init": init, "primed": primed, "gc": collecting, "plugins": plugins}}))
"""


@pytest.fixture(scope="module")
def functions() -> dict[str, tuple[Path, Path]]:
    resources = load_template()["Resources"]
    entries = {}
    for logical_id in EXPECTED:
        props = resources[logical_id]["Properties"]
        code_dir = REPO / props["CodeUri"]
        entries[logical_id] = (code_dir, code_dir / f"{props['Handler'].rpartition('.')[0]}.py")
    return entries


def _loaded(code_dir: Path, file: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "layers" / "common"), str(REPO)]),
        "DATABASE_URL": "postgresql+pg8000://agente:agente@127.0.0.1:5432/sin_conexion",  # created, never connected
        "LLM_PROVIDER": "gemini",
        "GOOGLE_API_KEY": "clave-de-prueba",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "prueba",
        "AWS_SECRET_ACCESS_KEY": "prueba",
    }
    env.pop(NO_PYDANTIC_PLUGINS[0], None)
    code = CHILD.format(
        code_dir=str(code_dir), file=str(file), watched=WATCHED, plugins_variable=NO_PYDANTIC_PLUGINS[0]
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "init": set(loaded["init"]),
        "primed": set(loaded["primed"]),
        "gc": loaded["gc"],
        "plugins": loaded["plugins"],
    }


@pytest.mark.parametrize("logical_id", sorted(EXPECTED))
def test_init_loads_only_what_the_function_needs(functions: dict[str, tuple[Path, Path]], logical_id: str) -> None:
    not_at_init, primed = EXPECTED[logical_id]
    loaded = _loaded(*functions[logical_id])
    assert not loaded["init"] & not_at_init, f"{logical_id} imports {loaded['init'] & not_at_init} at init"
    assert primed <= loaded["primed"], f"{logical_id}'s primers did not load {primed - loaded['primed']}"
    assert loaded["gc"], f"{logical_id}'s init left the garbage collector off (no init_done())"
    assert loaded["plugins"] == NO_PYDANTIC_PLUGINS[1], (
        f"{logical_id}'s init looks for pydantic plugins (no begin_init())"
    )


def test_an_environment_that_sets_the_plugin_switch_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """`begin_init()` only supplies a default: an operator's PYDANTIC_DISABLE_PLUGINS (an empty one: look for
    plugins) stays, and without one pydantic is told there are none."""
    variable, disabled = NO_PYDANTIC_PLUGINS
    for configured, expected in (("", ""), ("logfire", "logfire"), (None, disabled)):
        monkeypatch.setenv(variable, "sin-valor")  # restored after the test, also when deleted below
        if configured is None:
            monkeypatch.delenv(variable)
        else:
            monkeypatch.setenv(variable, configured)
        try:
            begin_init()
            assert not gc.isenabled()
        finally:
            gc.enable()
        assert os.environ[variable] == expected


def test_the_websocket_messages_have_a_function_of_their_own(functions: dict[str, tuple[Path, Path]]) -> None:
    """The WebSocket routes' function is not the FastAPI one (it used to share functions/chat/app.py)."""
    assert functions["ChatWsFunction"][1] != functions["ChatFunction"][1]

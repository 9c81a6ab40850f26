"""The template as `sam deploy` uploads it: translated offline by samtranslator (in .venv-iac, beside sam-cli)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
IAC_PYTHON = REPO_ROOT / ".venv-iac" / "bin" / "python"


@pytest.fixture(scope="session")
def synthesised() -> dict[str, Any]:
    if not IAC_PYTHON.exists():
        pytest.fail("no .venv-iac: run `make iac-install` (make deploy-check does)")
    result = subprocess.run(  # our own script, our own interpreter
        [str(IAC_PYTHON), str(Path(__file__).with_name("synthesise.py")), str(REPO_ROOT / "template.yaml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        pytest.fail("samtranslator could not translate template.yaml")
    translated: dict[str, Any] = json.loads(result.stdout)
    return translated

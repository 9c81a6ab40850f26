"""Supply chain: the layer's lock matches its human list and pyproject.toml, pins every version with hashes and
is what the layer build installs; `make audit` fails only on a real finding."""

from __future__ import annotations

import importlib.util
import re
import stat
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "common"
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name(requirement: str) -> str:
    match = _NAME.match(requirement.strip())
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def _human_list() -> list[str]:
    lines = (LAYER / "requirements.in").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _lock() -> dict[str, list[str]]:
    """Pinned name -> its hashes."""
    pins: dict[str, list[str]] = {}
    current = ""
    for line in (LAYER / "requirements.txt").read_text("utf-8").splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            current = _name(line)
            pins[current] = []
        elif line.strip().startswith("--hash=sha256:"):
            pins[current].append(line.strip().removesuffix("\\").strip())
    return pins


def test_every_layer_dependency_is_pinned_with_hashes() -> None:
    pins = _lock()
    assert {_name(r) for r in _human_list()} <= set(pins)
    assert all(hashes for hashes in pins.values()), [name for name, hashes in pins.items() if not hashes]
    assert "make lock" in (LAYER / "requirements.txt").read_text("utf-8")


def test_pyproject_mirrors_the_layer_list() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert sorted(project["dependencies"]) == sorted([*_human_list(), "boto3>=1.34"])
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    assert {"uv", "pip-audit"} <= dev


def test_the_layer_build_installs_only_hashed_arm64_wheels_from_the_lock() -> None:
    makefile = (LAYER / "Makefile").read_text("utf-8")
    assert "build-CommonLayer:" in makefile
    for flag in ("--require-hashes", "--only-binary=:all:", "-r requirements.txt", "--python-version $(LAMBDA_PYTHON"):
        assert flag in makefile
    assert "aarch64" in makefile


def _audit_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_lock", ROOT / "mk" / "audit_lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_pip_audit(tmp_path: Path, report: dict[str, object] | None) -> Path:
    """A pip-audit stand-in that writes `report` where --output says (or fails like an unreachable service)."""
    script = tmp_path / "pip-audit"
    body = (
        f"import json, sys\nout = sys.argv[sys.argv.index('--output') + 1]\njson.dump({report!r}, open(out, 'w'))\n"
        if report is not None
        else "import sys\nsys.stderr.write('ConnectionError: Failed to resolve api.osv.dev\\n')\nsys.exit(1)\n"
    )
    script.write_text(f"#!{sys.executable}\n{body}", "utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.parametrize(
    ("report", "code", "said"),
    [
        ({"dependencies": [{"name": "six", "version": "1.0", "vulns": [{"id": "PYSEC-1"}]}]}, 1, "PYSEC-1"),
        ({"dependencies": [{"name": "six", "version": "1.17.0", "vulns": []}]}, 0, "1 dependencies audited, 0"),
        ({"dependencies": [{"name": "six", "version": "1.17.0", "skip_reason": "not found"}]}, 0, "NOT AUDITED"),
        (None, 0, "NOT AUDITED - the vulnerability service could not be reached"),
    ],
    ids=["vulnerable", "clean", "service-unreachable", "pip-audit-failed"],
)
def test_audit_fails_only_on_a_real_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: dict[str, object] | None, code: int, said: str
) -> None:
    audit = _audit_module()
    assert audit.main("requirements.txt", pip_audit=_fake_pip_audit(tmp_path, report)) == code
    assert said in capsys.readouterr().out

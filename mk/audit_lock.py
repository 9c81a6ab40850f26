"""`make audit`: pip-audit over the layer's lock, failing only on a known vulnerability.

pip-audit asks a vulnerability service about each pinned version (PyPI's JSON API by default, or OSV). Where that
service cannot be reached (a machine that reaches PyPI only through a mirror of its simple index), every
dependency comes back "could not be audited": that is said plainly, with the count, and does not fail the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main(lock: str, pip_audit: Path | None = None) -> int:
    pip_audit = pip_audit or Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "pip-audit.json"
        command = [str(pip_audit), "--disable-pip", "--require-hashes", "-r", lock, "--progress-spinner", "off"]
        run = subprocess.run(  # noqa: S603 - our own venv's pip-audit, fixed arguments
            [*command, "--format", "json", "--output", str(report)], capture_output=True, text=True, check=False
        )
        if not report.exists():
            last = (run.stderr.strip().splitlines() or ["(no output)"])[-1]
            print(f"pip-audit: NOT AUDITED - the vulnerability service could not be reached: {last}")
            return 0
        dependencies = json.loads(report.read_text("utf-8")).get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"pip-audit: {dependency['name']} {dependency['version']} has known vulnerabilities: {ids}")
    if skipped:
        reason = skipped[0]["skip_reason"]
        print(
            f"pip-audit: NOT AUDITED - {len(skipped)} of {len(dependencies)} locked dependencies could not be "
            f"checked ({reason}); the vulnerability service is not reachable from this machine."
        )
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} dependencies audited, {len(vulnerable)} with known vulnerabilities ({lock}).")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "layers/common/requirements.txt"))

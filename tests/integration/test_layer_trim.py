"""The trimmed layer still runs what could have needed what the trim leaves out.

`mk/supply_chain.mk` locks the layer without the packages in `LAYER_OMITTED` (cryptography: google-auth's;
dnspython: email-validator's) and `layers/common/Makefile` keeps only simplemma's Spanish dictionary. Each check runs
in a fresh interpreter where those packages cannot be imported, as in Lambda, against the fake Gemini server (real
REST format): the Gemini provider phrasing a reply with an API key, a staff token signed and read (PyJWT, HS256), a
customer's e-mail validated (pydantic's EmailStr) and Spanish words looked up with a simplemma holding es only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import simplemma

from tests.fake_gemini import FakeGemini, FakeReply

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
IMPORT_NAMES = {"cryptography": "cryptography", "dnspython": "dns"}


def omitted_packages() -> list[str]:
    text = (REPO / "mk" / "supply_chain.mk").read_text("utf-8")
    found = re.search(r"^LAYER_OMITTED := (.+)$", text, re.MULTILINE)
    assert found, "mk/supply_chain.mk defines LAYER_OMITTED"
    return found.group(1).split()


def kept_simplemma_languages() -> list[str]:
    text = (REPO / "layers" / "common" / "Makefile").read_text("utf-8")
    found = re.search(r"^KEEP_SIMPLEMMA_LANGUAGES := (.+)$", text, re.MULTILINE)
    assert found, "layers/common/Makefile defines KEEP_SIMPLEMMA_LANGUAGES"
    return found.group(1).split()


CHILD = """
import importlib.abc, sys

class _Absent(importlib.abc.MetaPathFinder):  # as in the layer: these packages are not installed
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] in {absent!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)

sys.meta_path.insert(0, _Absent())
sys.path.insert(0, {trimmed!r})  # simplemma with only the dictionaries the layer keeps

from agente_vendedor.core.settings import Settings
from agente_vendedor.language.spanish_words import dictionary_knows
from agente_vendedor.platform import staff_tokens
from agente_vendedor.platform.llm.base import PhraseRequest
from agente_vendedor.platform.llm.gemini import GeminiProvider
from agente_vendedor.schemas.customers import CustomerIn

settings = Settings(llm_provider="gemini", google_api_key="clave-falsa", gemini_base_url={url!r},
                    gemini_model="gemini-2.5-flash", llm_timeout_s=5)
request = PhraseRequest(tipo="inventario", tono="formal", mensaje="¿cuánto vale el casco?",
                        borrador="El casco cuesta $38.000.", hechos={{}}, historial=(),
                        numeros_permitidos=frozenset({{38000}}))
print("gemini:", GeminiProvider(settings).phrase(request))
token, _ = staff_tokens.issue("ana", "ventas", 1)
print("jwt:", staff_tokens.decode(token).usuario)
customer = CustomerIn.model_validate({{"cedula": "1032456789", "nombre": "Laura Gómez", "telefono": "3104567890",
                                      "email": "laura@example.com", "direccion": "Calle 10 # 20-30, Cali"}})
print("email:", customer.email)
print("simplemma:", dictionary_knows("casco"), dictionary_knows("zzqx"), sys.modules["simplemma"].__file__.startswith({trimmed!r}))
print("loaded:", sorted(m for m in sys.modules if m.partition(".")[0] in {absent!r}))
"""


def test_the_lock_leaves_the_omitted_packages_out() -> None:
    lock = (REPO / "layers" / "common" / "requirements.txt").read_text("utf-8")
    for package in omitted_packages():
        assert package in IMPORT_NAMES, f"{package}: add its import name to IMPORT_NAMES"
        assert not re.search(rf"^{re.escape(package)}==", lock, re.MULTILINE | re.IGNORECASE)


def test_functions_paths_run_without_what_the_trim_leaves_out(tmp_path: Path) -> None:
    source = Path(simplemma.__file__).parent
    shutil.copytree(source, tmp_path / "simplemma", ignore=shutil.ignore_patterns("*.plzma", "__pycache__"))
    data = source / "strategies" / "dictionaries" / "data"
    for language in kept_simplemma_languages():
        shutil.copy(data / f"{language}.plzma", tmp_path / "simplemma" / "strategies" / "dictionaries" / "data")
    absent = {IMPORT_NAMES[package] for package in omitted_packages()}
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "layers" / "common"), str(REPO)]),
        "AGENTE_JWT_SECRET": "secreto-de-prueba-de-32-caracteres!!",
    }
    with FakeGemini() as server:
        server.enqueue(FakeReply.of_text("Claro: el casco vale $38.000."))
        code = CHILD.format(absent=absent, trimmed=str(tmp_path), url=server.base_url)
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
        )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = dict(line.split(": ", 1) for line in result.stdout.strip().splitlines())
    assert lines == {
        "gemini": "Claro: el casco vale $38.000.",
        "jwt": "ana",
        "email": "laura@example.com",
        "simplemma": "True False True",
        "loaded": "[]",
    }

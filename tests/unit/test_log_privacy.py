"""No personal data in logs: records of any logger come out with cédulas, phones, e-mails and addresses masked,
in the message, its arguments, the exception and Powertools' structured keys; the functions never log events."""

from __future__ import annotations

import ast
import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agente_vendedor.language.redaction import personal_data_spans, redact
from agente_vendedor.platform.log_privacy import (
    MaskingPowertoolsFormatter,
    install_log_masking,
    mask_text,
    service_logger,
)

CEDULA, PHONE, EMAIL = "1098765432", "3157654321", "diana.rios@example.com"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def masking() -> Iterator[None]:
    previous = logging.getLogRecordFactory()
    install_log_masking()
    yield
    logging.setLogRecordFactory(previous)


def _assert_clean(text: str) -> None:
    assert CEDULA not in text and PHONE not in text and EMAIL not in text


def test_every_kind_of_personal_data_is_found_with_its_label_kept() -> None:
    text = f"cc {CEDULA}, cel +57 315 765 4321 y {EMAIL}; despachar a Calle 72 # 28D-15, Cali. NIT 900123456-8"
    assert redact(text, lambda kind, _: f"<{kind}>") == (
        "cc <cedula>, cel <telefono> y <email>; despachar a <direccion>. NIT <cedula>"
    )
    assert [kind for kind, _ in personal_data_spans(f"{CEDULA} y {CEDULA[::-1]}")] == ["cedula", "cedula"]


def test_amounts_codes_and_small_numbers_are_not_personal_data() -> None:
    text = "pedido de $1.250.000 y 38.000; archivo ventas_20261125T101500Z_ab12cd.csv; respirador 6200 x 3; Z89.1"
    assert mask_text(text) == text
    assert mask_text("") == ""


def test_a_log_record_with_a_cedula_phone_and_email_comes_out_masked(
    masking: None, caplog: pytest.LogCaptureFixture
) -> None:
    log = logging.getLogger("agente_vendedor.prueba")
    with caplog.at_level(logging.INFO):
        log.info("cliente %s, tel %s, correo %s", CEDULA, PHONE, EMAIL)
        log.warning(f"mensaje del cliente: mi cédula es {CEDULA} y mi celular {PHONE}")
        log.info("datos: %(correo)s", {"correo": EMAIL})
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "cliente [cedula], tel [telefono], correo [email]",
        "mensaje del cliente: mi cédula es [cedula] y mi celular [telefono]",
        "datos: [email]",
    ]


def test_numbers_passed_as_arguments_stay_counts(masking: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("agente_vendedor.prueba").info("export: %s filas, %d bytes", 1234567, 98765432)
    assert caplog.records[0].getMessage() == "export: 1234567 filas, 98765432 bytes"


def test_an_exception_text_is_masked(masking: None, caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError(f'duplicate key value: Key (cedula)=({CEDULA}) already exists; contacto "{EMAIL}"')
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            logging.getLogger("agente_vendedor.prueba").exception("fallo: %s", error)
    _assert_clean(caplog.text)
    assert "Key (cedula)=([cedula])" in caplog.text and "ValueError" in caplog.text


def test_powertools_json_lines_mask_extra_keys_and_exceptions(masking: None) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(MaskingPowertoolsFormatter(serialize_stacktrace=False))
    log = logging.getLogger("agente_vendedor.prueba.powertools")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("turno", extra={"cliente": f"cc {CEDULA}", "filas": 3})
        try:
            raise RuntimeError(f"no se pudo guardar {EMAIL}")
        except RuntimeError:
            log.exception("error guardando a %s", PHONE)
    finally:
        log.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["cliente"] == "cc [cedula]" and first["filas"] == 3
    assert second["message"] == "error guardando a [telefono]"
    assert "[email]" in second["exception"] and "stack_trace" not in second
    _assert_clean(stream.getvalue())


def test_the_service_logger_masks_and_installs_the_record_masking() -> None:
    previous = logging.getLogRecordFactory()
    try:
        logger = service_logger()
        assert isinstance(logger.registered_formatter, MaskingPowertoolsFormatter)
        assert getattr(logging.getLogRecordFactory(), "_agente_masks_personal_data", False)
    finally:
        logging.setLogRecordFactory(previous)


@pytest.mark.parametrize("function", ["chat", "classify", "exports", "ws_connect"])
def test_functions_use_the_masking_logger_and_never_log_events(function: str) -> None:
    tree = ast.parse((ROOT / "functions" / function / "app.py").read_text("utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert any(getattr(call.func, "id", None) == "service_logger" for call in calls)
    injections = [call for call in calls if getattr(call.func, "attr", None) == "inject_lambda_context"]
    assert injections
    for call in injections:
        keywords = {kw.arg: kw.value for kw in call.keywords}
        assert isinstance(keywords.get("log_event"), ast.Constant) and keywords["log_event"].value is False
    assert "Tracer(" not in (ROOT / "functions" / function / "app.py").read_text("utf-8")


def test_structured_messages_are_masked_item_by_item(masking: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("agente_vendedor.prueba").info({"evento": "venta", "cliente": {"cedula": CEDULA}})
    assert caplog.records[0].msg == {"evento": "venta", "cliente": {"cedula": "[cedula]"}}


def test_a_record_that_cannot_be_masked_is_withheld_not_raised(
    masking: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agente_vendedor.platform import log_privacy

    def broken(_text: str) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(log_privacy, "mask_text", broken)
    with caplog.at_level(logging.INFO):
        logging.getLogger("agente_vendedor.prueba").info("cliente %s", CEDULA)
    assert caplog.records[0].getMessage() == "log record withheld: it could not be masked (RuntimeError)"


FIRST_RECORD = """
import json
from agente_vendedor.language import contact_fields
from agente_vendedor.platform.log_privacy import service_logger

def compiled():
    patterns = [p for p in vars(contact_fields).values() if isinstance(p, contact_fields._OnFirstUse)]
    return sum("_compiled" in vars(p) for p in patterns), len(patterns)

logger = service_logger()
before = compiled()
logger.info("despacho", destino={address!r}, documento={document!r})
print(json.dumps({{"before": before, "after": compiled()}}))
"""


def test_the_first_record_with_an_address_is_masked_by_patterns_compiled_for_it() -> None:
    """A fresh process (a function's init): setting up the masking compiles none of the patterns that read an address
    past its head (`contact_fields._OnFirstUse`); the first record that carries an address compiles them and comes
    out masked like any other, its parts and its city with it."""
    address = "Cra 12 # 34-56 apto 301 barrio Los Almendros, Pereira"
    code = FIRST_RECORD.format(address=address, document=f"cc {CEDULA}")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "common"), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    *records, counts = result.stdout.strip().splitlines()
    (record,) = (json.loads(line) for line in records)
    assert (record["destino"], record["documento"]) == ("[direccion]", "cc [cedula]")
    assert address not in result.stdout and CEDULA not in result.stdout
    before, after = json.loads(counts)["before"], json.loads(counts)["after"]
    assert before[0] == 0 and before[1] > 0
    assert after[0] == after[1]

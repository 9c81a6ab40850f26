"""Every response matches /openapi.json (contract §3): Schemathesis over every operation of the ASGI app, in-process.

Positive and negative cases (examples, coverage and fuzzing phases), with the staff token so staff routes are reached,
a fixed seed and a bounded number of examples per operation. The checks fail on a 5xx, on a status the operation does
not declare, on a body that does not match the declared schema for its status (e.g. a 422 whose `detail` is a string
where a list is declared) and on an undeclared content type. Writes land in this run's own database (`database_url`)
and in moto's DynamoDB/S3.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agente_vendedor.api.app import create_app
from tests.conftest import STAFF, aws_from_template

pytestmark = pytest.mark.integration

SEED = 20261206
EXAMPLES_PER_OPERATION = 30
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]

APP = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.seed = SEED
schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, database="none")


@pytest.fixture(scope="module", autouse=True)
def backends(database_url: str) -> Iterator[None]:
    """This run's PostgreSQL database and moto's DynamoDB and S3 (the fuzzer's junk never outlives the run)."""
    with aws_from_template():
        yield


def test_every_operation_is_tested() -> None:
    documented = {(method.upper(), path) for path, item in APP.openapi()["paths"].items() for method in item}
    tested = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert tested == documented and len(tested) >= 30


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_response_matches_the_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=STAFF, checks=CHECKS)

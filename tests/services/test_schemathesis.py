"""Tests generated from each backend's own document by schemathesis, with every default check.

Each operation gets valid and invalid requests (bodies, parameters, headers)
derived from the document; every response must match the document (status,
content type, schema) and never be a server error, invalid data must be
refused, and valid data accepted. Bounded and reproducible here (fixed number of
examples, derandomized); `make fuzz` runs a long one.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import Case

MAX_EXAMPLES = int(os.environ.get("CONDUIT_FUZZ_EXAMPLES", "15"))
fastapi_schema = schemathesis.pytest.from_fixture("fastapi_document")
fastapi_async_schema = schemathesis.pytest.from_fixture("fastapi_async_document")
flask_schema = schemathesis.pytest.from_fixture("flask_document")


SETTINGS = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@fastapi_schema.parametrize()
@SETTINGS
def test_fastapi_conforms_to_its_document(case: Case) -> None:
    case.call_and_validate()


@fastapi_async_schema.parametrize()
@SETTINGS
def test_fastapi_async_mode_conforms_to_its_document(case: Case) -> None:
    case.call_and_validate()


@flask_schema.parametrize()
@SETTINGS
def test_flask_conforms_to_its_document(case: Case) -> None:
    case.call_and_validate()

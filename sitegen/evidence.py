"""The Correctness page's claims, each counted from the JUnit report by the tests that make it.

A claim names its tests by module and function; the page shows how many of
them passed in the last `make test`, never a number typed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitegen.junit import BACKENDS, LABELS, Case, Report, Tally, count

CONTRACT = "tests.contract"
DOCS = "tests.services.test_docs"
SCHEMATHESIS = "tests.services.test_schemathesis"
DIFFERENTIAL = "tests.services.test_differential"
PARITY = "tests.contract.test_parity"
SPEC_PARITY = "test_both_documents_describe_the_same_api"


@dataclass(frozen=True)
class Claim:
    title: str
    where: str
    """The tests counted, as a reader would find them."""
    keep: Callable[[Case], bool]


def contract(backend: str) -> Claim:
    return Claim(
        f"Contract suite against {LABELS[backend]}",
        f"tests/contract/, every test parametrized [{backend}]",
        lambda case: case.module.startswith(CONTRACT) and case.backend == backend,
    )


def schemathesis(backend: str) -> Claim:
    name = LABELS[backend]
    return Claim(
        f"Generated tests (schemathesis) against {name}, per operation",
        f"tests/services/test_schemathesis.py::test_{backend}_conforms_to_its_document[...]",
        lambda case: case.module == SCHEMATHESIS and case.backend == backend and bool(case.parameters),
    )


CLAIMS: tuple[Claim, ...] = (
    *(contract(backend) for backend in BACKENDS),
    Claim(
        "One scenario through both backends, identical answers",
        "tests/contract/test_parity.py",
        lambda case: case.module == PARITY,
    ),
    Claim(
        "Spec parity: both OpenAPI documents describe the same API",
        f"tests/services/test_docs.py::{SPEC_PARITY}",
        lambda case: case.module == DOCS and case.function == SPEC_PARITY,
    ),
    Claim(
        "Both documents valid, every operation documented with its errors",
        "tests/services/test_docs.py (the other tests)",
        lambda case: case.module == DOCS and case.function != SPEC_PARITY,
    ),
    *(schemathesis(backend) for backend in BACKENDS),
    Claim(
        "Differential: generated requests sent to both, same status and body",
        "tests/services/test_differential.py",
        lambda case: case.module == DIFFERENTIAL,
    ),
)


@dataclass(frozen=True)
class Counted:
    claim: Claim
    tally: Tally


def claims(report: Report) -> list[Counted]:
    return [Counted(claim, report.tally(claim.keep)) for claim in CLAIMS]


def suites(report: Report) -> dict[str, Tally]:
    """Per folder under tests/, in the order they ran."""
    names = list(dict.fromkeys(case.suite for case in report.cases))
    return {name: count(case for case in report.cases if case.suite == name) for name in names}


def per_backend(report: Report) -> dict[str, Tally]:
    """Every test that ran against one backend alone, in any folder."""
    tallies = {
        backend: count(case for case in report.cases if case.backend == backend) for backend in BACKENDS
    }
    return {backend: tally for backend, tally in tallies.items() if tally.total}

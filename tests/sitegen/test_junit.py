"""Reading pytest's JUnit XML, and the Correctness page's claims counted from it."""

from __future__ import annotations

from pathlib import Path

from sitegen import evidence, junit
from tests.sitegen.conftest import CASES, junit_xml


def report(tmp_path: Path) -> junit.Report:
    path = tmp_path / "junit.xml"
    path.write_text(junit_xml(CASES))
    found = junit.read(path)
    assert found is not None
    return found


def test_no_report_yet_is_none(tmp_path: Path) -> None:
    assert junit.read(tmp_path / "missing.xml") is None


def test_cases_outcomes_and_run_details(tmp_path: Path) -> None:
    found = report(tmp_path)
    assert (found.timestamp, found.seconds, found.host) == ("2026-01-01T00:00:00+00:00", 12.5, "ci")
    assert found.tally() == junit.Tally(passed=len(CASES) - 2, failed=1, errors=0, skipped=1)
    (failure,) = found.failures()
    assert failure.test_id == "tests/contract/test_users.py::test_login[flask]"
    assert failure.message == "boom: expected 200"


def test_backend_comes_from_parameters_or_the_test_name() -> None:
    def case(name: str, module: str = "tests.contract.test_x") -> junit.Case:
        return junit.Case(module, name, "passed", 0.0, "")

    assert case("test_a[fastapi]").backend == "fastapi"
    assert case("test_a[flask-/apidocs/-swagger]").backend == "flask"
    assert case("test_flask_conforms_to_its_document[GET /api/tags]").backend == "flask"
    assert case("test_both_backends_answer_alike").backend is None
    assert case("test_a[fastapi_like]").backend is None
    assert case("test_a[fastapi-async]").backend == "fastapi-async"
    assert case("test_fastapi_async_mode_conforms_to_its_document[GET /api/tags]").backend == "fastapi-async"
    assert case("test_a", "tests.contract.test_parity").suite == "contract"


def test_claims_count_their_own_tests(tmp_path: Path) -> None:
    counted = {item.claim.title: item.tally for item in evidence.claims(report(tmp_path))}
    assert counted["Contract suite against FastAPI"] == junit.Tally(passed=2)
    assert counted["Contract suite against Flask"] == junit.Tally(passed=2, failed=1)
    assert counted["Contract suite against FastAPI, async mode"] == junit.Tally(passed=1)
    assert counted["Spec parity: both OpenAPI documents describe the same API"] == junit.Tally(passed=1)
    fastapi_generated = "Generated tests (schemathesis) against FastAPI, per operation"
    assert counted[fastapi_generated] == junit.Tally(passed=2), "the parent test is not an operation"
    assert counted["Differential: generated requests sent to both, same status and body"].ok
    assert not counted["Contract suite against Flask"].ok
    assert evidence.suites(report(tmp_path))["contract"] == junit.Tally(passed=6, failed=1)

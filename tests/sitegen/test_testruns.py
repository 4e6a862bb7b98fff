"""The published test report: every suite's JUnit XML into one JSON file, and read back unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen import junit, testruns
from tests.sitegen.conftest import CASES, LIVE_CASES, MACHINE, write_suites


def test_publishing_keeps_every_case_of_every_suite(tmp_path: Path) -> None:
    reports = write_suites(tmp_path / "reports", {"live": LIVE_CASES, "tests": CASES})
    target = tmp_path / "docs" / "report.json"
    testruns.publish(reports, target, "abc1234", MACHINE)
    published = testruns.load(target)
    assert published is not None
    assert (published.commit, published.machine) == ("abc1234", MACHINE)
    assert [run.suite.key for run in published.runs] == ["tests", "live"], "in .ci/run's order"
    for run in published.runs:
        original = junit.read(reports / run.suite.key / "junit.xml")
        assert original is not None
        assert run.report.cases == original.cases
        assert (run.report.timestamp, run.report.host) == (original.timestamp, original.host)
        assert run.report.tally() == original.tally()
    assert published.started == "2026-02-01T10:00:00+00:00", "the earliest suite's start"
    assert [suite.command for suite in published.missing()] == [
        "make test-pg",
        "make test-hardening",
        "make test-compose",
        "make test-scale",
    ]


def test_local_reports_are_the_suites_present(tmp_path: Path) -> None:
    assert testruns.local(tmp_path) == []
    write_suites(tmp_path, {"pg": LIVE_CASES})
    (found,) = testruns.local(tmp_path)
    assert found.suite.command == "make test-pg"
    assert found.report.tally().passed == len(LIVE_CASES)


def test_nothing_to_publish_and_nothing_published(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        testruns.publish(tmp_path, tmp_path / "report.json", "abc1234", MACHINE)
    assert testruns.load(tmp_path / "report.json") is None


def test_another_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"schema": 99, "suites": []}))
    with pytest.raises(ValueError, match="schema 99"):
        testruns.load(path)


def test_the_repository_report_stays_small() -> None:
    """The published report (when there is one) stays under 2 MB and holds `make test`."""
    published = testruns.load()
    if published is None:
        pytest.skip("no docs/tests/report.json in this checkout")
    assert testruns.PUBLISHED.stat().st_size < 2_000_000
    assert any(run.suite.key == "tests" for run in published.runs)

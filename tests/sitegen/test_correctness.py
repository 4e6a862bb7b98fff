"""The Correctness page's sets: each claim counted in each suite run that holds its tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import correctness, evidence, testruns
from tests.sitegen.conftest import CASES, LIVE_CASES, MACHINE, write_suites


def published(tmp_path: Path) -> testruns.Published:
    reports = write_suites(tmp_path / "reports", {"tests": CASES, "live": LIVE_CASES})
    testruns.publish(reports, tmp_path / "report.json", "abc1234", MACHINE)
    found = testruns.load(tmp_path / "report.json")
    assert found is not None
    return found


def test_claims_are_counted_per_suite_run(tmp_path: Path) -> None:
    runs = published(tmp_path).runs
    matrix = correctness.claims_matrix(runs)
    assert [run.suite.key for run in matrix["columns"]] == ["tests", "live"]
    rows = {claim.title: cells for claim, cells in matrix["rows"]}
    flask = rows[evidence.contract("flask").title]
    assert [(cell.passed, cell.failed) for cell in flask if cell] == [(2, 1), (2, 0)]
    parity = rows["One scenario through both backends, identical answers"]
    assert parity[1] is None, "test-live holds no parity test"
    assert len(rows) == len(evidence.CLAIMS), "every claim has tests in make test"


def test_a_suite_without_claims_gets_no_column(tmp_path: Path) -> None:
    reports = write_suites(tmp_path, {"hardening": [("tests.hardening.test_races", "test_race", "")]})
    matrix = correctness.claims_matrix(tuple(testruns.local(reports)))
    assert matrix == {"columns": [], "rows": []}


def test_published_first_then_local(tmp_path: Path) -> None:
    found = published(tmp_path)
    local = testruns.local(write_suites(tmp_path / "local", {"pg": LIVE_CASES}))
    sets = correctness.sets(found, local)
    assert [item.key for item in sets] == ["published", "local"]
    mains = [item.main.suite.key if item.main else None for item in sets]
    assert mains == ["tests", "pg"], "without make test, the first run"
    assert sets[0].total.total == len(CASES) + len(LIVE_CASES)
    context = correctness.context(sets[0])
    assert [(run.suite.key, case.name) for run, case in context["failures"]] == [
        ("tests", "test_login[flask]")
    ]
    assert correctness.sets(None, []) == []


def test_a_report_of_older_code_says_how_much_changed_since(tmp_path: Path) -> None:
    import subprocess

    root = Path(__file__).resolve().parents[2]
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    if shallow == "true":
        pytest.skip("needs the whole git history; this is a shallow clone")
    first = subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    reports = write_suites(tmp_path / "reports", {"tests": CASES})
    testruns.publish(reports, tmp_path / "report.json", first, MACHINE)
    (old,) = correctness.sets(testruns.load(tmp_path / "report.json"), [])
    assert (correctness.context(old)["changes_since"] or 0) >= 1
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    testruns.publish(reports, tmp_path / "now.json", head, MACHINE)
    (now,) = correctness.sets(testruns.load(tmp_path / "now.json"), [])
    assert correctness.context(now)["changes_since"] == 0

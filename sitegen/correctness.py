"""What the Correctness page shows of a set of suite runs: the published one, and the local one.

A set is one report per suite (`testruns.SuiteRun`); each claim of `evidence` is
counted in every suite run that holds its tests, so the page shows, for example,
the contract suite's result in-process on SQLite, on PostgreSQL, behind the compose
stack and over HTTP, each counted from that run's own JUnit report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitegen import evidence, junit, performance
from sitegen.testruns import Published, SuiteRun


@dataclass(frozen=True)
class Shown:
    """One set of suite runs as the page shows it."""

    key: str
    """`published` or `local`: the prefix of the section's anchors."""
    title: str
    runs: tuple[SuiteRun, ...]
    published: Published | None = None
    """The publication's date, commit and machine; None for the local reports."""

    @property
    def total(self) -> junit.Tally:
        return junit.count(case for run in self.runs for case in run.report.cases)

    @property
    def main(self) -> SuiteRun | None:
        """The `make test` run (every folder, every backend), or the first run when it is absent."""
        return next(
            (run for run in self.runs if run.suite.key == "tests"), self.runs[0] if self.runs else None
        )


def claims_matrix(runs: tuple[SuiteRun, ...]) -> dict[str, Any]:
    """Each claim counted in each run: `columns` (the runs holding any claim's tests) and `rows`.

    A row is `(claim, [Tally | None per column])`, None where that run holds none of the claim's
    tests; rows no run holds are left out.
    """
    counted = {run.suite.key: evidence.claims(run.report) for run in runs}
    columns = [run for run in runs if any(item.tally.total for item in counted[run.suite.key])]
    rows = []
    for number, claim in enumerate(evidence.CLAIMS):
        cells = [counted[run.suite.key][number].tally for run in columns]
        if any(cell.total for cell in cells):
            rows.append((claim, [cell if cell.total else None for cell in cells]))
    return {"columns": columns, "rows": rows}


def context(shown: Shown) -> dict[str, Any]:
    """The template's figures for one set: per suite, the claims matrix, the main run's breakdowns."""
    main = shown.main
    return {
        "shown": shown,
        "suites": [(run, run.report.tally()) for run in shown.runs],
        "matrix": claims_matrix(shown.runs),
        "main": main,
        "backends": evidence.per_backend(main.report) if main else {},
        "folders": evidence.suites(main.report) if main else {},
        "failures": [(run, case) for run in shown.runs for case in run.report.failures()],
        "skipped": [
            (run, case) for run in shown.runs for case in run.report.cases if case.status == "skipped"
        ],
        "changes_since": performance.changes_since(shown.published.commit) if shown.published else None,
    }


def sets(published: Published | None, local: list[SuiteRun]) -> list[Shown]:
    """The published set first (when the repository has one), then the local reports (when present)."""
    found = []
    if published is not None and published.runs:
        found.append(Shown("published", "Published report", published.runs, published))
    if local:
        found.append(Shown("local", "Local report (reports/)", tuple(local)))
    return found

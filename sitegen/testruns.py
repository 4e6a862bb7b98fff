"""Test reports per suite: the one the project publishes (docs/tests/report.json) and the local ones.

Every suite target of the Makefile writes pytest's JUnit XML to
`reports/<suite>/junit.xml`. `python -m sitegen.testruns` (what `make publish-tests`
runs) reads those present and writes one compact JSON file: when it was published,
at which commit, on which machine, and every test case with its outcome, grouped by
module. The Correctness page reads it back into `junit.Report`s, so the published
report and a local one are counted by the same code.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitegen import junit

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "docs" / "tests" / "report.json"
"""Where the published report lives in the repository."""
SCHEMA = 1


@dataclass(frozen=True)
class Suite:
    key: str
    """The folder under reports/ the suite's target writes `junit.xml` to."""
    command: str
    what: str


SUITES = (
    Suite("tests", "make test", "lint, types and the whole suite, both backends in-process, on SQLite"),
    Suite("pg", "make test-pg", "the contract, shared and services suites on PostgreSQL"),
    Suite("hardening", "make test-hardening", "races, database outage, hostile input, auth attacks, load"),
    Suite("compose", "make test-compose", "docker compose's commands: two instances per backend"),
    Suite("scale", "make test-scale", "nginx and PgBouncer in front of two instances per backend"),
    Suite("live", "make test-live", "the contract suite over HTTP against the servers"),
)
"""Every suite .ci/run runs, in its order."""


@dataclass(frozen=True)
class SuiteRun:
    suite: Suite
    report: junit.Report


@dataclass(frozen=True)
class Published:
    """The published report: when, at which commit, on which machine, and each suite's run."""

    path: Path
    published: str
    """ISO 8601 UTC time of `make publish-tests`."""
    commit: str
    machine: dict[str, Any]
    runs: tuple[SuiteRun, ...]

    @property
    def started(self) -> str:
        """The earliest suite's start (JUnit timestamp), or the publication time if none is recorded."""
        stamps = [run.report.timestamp for run in self.runs if run.report.timestamp]
        return min(stamps) if stamps else self.published

    def missing(self) -> list[Suite]:
        """The suites .ci/run runs that this report holds no run of."""
        present = {run.suite.key for run in self.runs}
        return [suite for suite in SUITES if suite.key not in present]


def local(reports: Path) -> list[SuiteRun]:
    """Each suite's `reports/<key>/junit.xml` that exists, in `SUITES` order."""
    found = []
    for suite in SUITES:
        report = junit.read(reports / suite.key / "junit.xml")
        if report is not None:
            found.append(SuiteRun(suite, report))
    return found


def _encode(run: SuiteRun) -> dict[str, Any]:
    modules: dict[str, list[list[Any]]] = {}
    for case in run.report.cases:
        entry: list[Any] = [case.name, case.status, round(case.seconds, 3)]
        if case.message:
            entry.append(case.message[:300])
        modules.setdefault(case.module, []).append(entry)
    report = run.report
    return {
        "key": run.suite.key,
        "timestamp": report.timestamp,
        "host": report.host,
        "seconds": round(report.seconds, 1),
        "cases": modules,
    }


def _decode(path: Path, data: dict[str, Any]) -> SuiteRun | None:
    suite = next((suite for suite in SUITES if suite.key == data["key"]), None)
    if suite is None:
        return None
    cases = tuple(
        junit.Case(module, entry[0], entry[1], float(entry[2]), entry[3] if len(entry) > 3 else "")
        for module, entries in data["cases"].items()
        for entry in entries
    )
    report = junit.Report(path, data["timestamp"], float(data["seconds"]), data["host"], cases)
    return SuiteRun(suite, report)


def load(path: Path = PUBLISHED) -> Published | None:
    """The published report at `path`, or None when there is none; ValueError on another schema."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise ValueError(f"{path}: schema {data.get('schema')!r}, expected {SCHEMA}")
    runs = tuple(run for item in data["suites"] if (run := _decode(path, item)) is not None)
    return Published(path, data["published"], data["commit"], data["machine"], runs)


def _commit(root: Path) -> str:
    completed = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip() or "unknown"


def machine() -> dict[str, Any]:
    """The machine as the benchmark records it (bench.machine): CPU, cores, memory, kernel; and Python."""
    from bench.machine import describe

    described: dict[str, Any] = describe(ROOT, wrk_version="")["machine"]
    return {**described, "python": platform.python_version()}


def publish(reports: Path, target: Path, commit: str, described: dict[str, Any]) -> dict[str, Any]:
    """Write the suites' reports under `reports` to `target` as compact JSON; what was written.

    Raises FileNotFoundError when no suite has a report.
    """
    runs = local(reports)
    if not runs:
        raise FileNotFoundError(f"no reports/<suite>/junit.xml under {reports}")
    data = {
        "schema": SCHEMA,
        "published": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": described,
        "suites": [_encode(run) for run in runs],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.testruns", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=ROOT / "reports", help="default reports/")
    parser.add_argument("--out", type=Path, default=PUBLISHED, help="default docs/tests/report.json")
    parser.add_argument(
        "--commit", help="the commit the suites ran at (default: the checkout's HEAD, short form)"
    )
    args = parser.parse_args(argv)
    data = publish(args.reports, args.out, args.commit or _commit(ROOT), machine())
    size = args.out.stat().st_size
    print(f"wrote {args.out}: {', '.join(item['key'] for item in data['suites'])}; {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

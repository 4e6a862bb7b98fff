"""The test run as evidence: pytest's JUnit XML (`make test` writes reports/tests/junit.xml) read back.

Each test case's backend comes from its id: the contract suite is parametrized
`[fastapi]` / `[flask]`, the generated tests are named after their backend.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

BACKENDS = ("fastapi", "fastapi-async", "flask")
LABELS = {"fastapi": "FastAPI", "fastapi-async": "FastAPI, async mode", "flask": "Flask"}
"""How the site names each backend configuration (tests/backends.py)."""
PARAMETERS = re.compile(r"\[(?P<params>.*)\]$")
OUTCOMES = {"failure": "failed", "error": "error", "skipped": "skipped"}


@dataclass(frozen=True)
class Case:
    module: str
    """pytest's classname: `tests.contract.test_articles`."""
    name: str
    """The test's name with its parameters: `test_create_article[fastapi]`."""
    status: str
    """passed, failed, error or skipped."""
    seconds: float
    message: str

    @property
    def suite(self) -> str:
        """The folder under tests/: contract, services, shared..."""
        parts = self.module.split(".")
        return parts[1] if len(parts) > 2 and parts[0] == "tests" else parts[0]

    @property
    def function(self) -> str:
        return self.name.split("[", 1)[0]

    @property
    def parameters(self) -> str:
        match = PARAMETERS.search(self.name)
        return match.group("params") if match else ""

    @property
    def backend(self) -> str | None:
        """The backend a case ran against, if it ran against one alone: its first parameter, or
        the one its function is named after (`test_fastapi_async_mode_...` is `fastapi-async`)."""
        longest_first = sorted(BACKENDS, key=len, reverse=True)
        for backend in longest_first:
            if self.parameters == backend or self.parameters.startswith(f"{backend}-"):
                return backend
        for backend in longest_first:
            if f"_{backend.replace('-', '_')}_" in f"{self.function}_":
                return backend
        return None

    @property
    def test_id(self) -> str:
        return f"{self.module.replace('.', '/')}.py::{self.name}"


@dataclass(frozen=True)
class Tally:
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.errors + self.skipped

    @property
    def ok(self) -> bool:
        """Something ran and nothing failed."""
        return self.passed > 0 and not self.failed and not self.errors

    @property
    def verdict(self) -> str:
        if self.failed or self.errors:
            return "failed"
        return "passed" if self.passed else "not run"


@dataclass(frozen=True)
class Report:
    path: Path
    timestamp: str
    seconds: float
    host: str
    cases: tuple[Case, ...]

    def tally(self, keep: Callable[[Case], bool] = lambda case: True) -> Tally:
        return count(case for case in self.cases if keep(case))

    def failures(self) -> list[Case]:
        return [case for case in self.cases if case.status in {"failed", "error"}]


def count(cases: Iterable[Case]) -> Tally:
    totals = dict.fromkeys(("passed", "failed", "error", "skipped"), 0)
    for case in cases:
        totals[case.status] += 1
    return Tally(totals["passed"], totals["failed"], totals["error"], totals["skipped"])


def _case(element: ET.Element) -> Case:
    status, message = "passed", ""
    for child in element:
        if child.tag in OUTCOMES:
            status = OUTCOMES[child.tag]
            text = (child.get("message") or child.text or "").strip()
            message = text.splitlines()[0] if text else ""
            break
    return Case(
        module=element.get("classname") or "",
        name=element.get("name") or "",
        status=status,
        seconds=float(element.get("time") or 0),
        message=message,
    )


def read(path: Path) -> Report | None:
    """The report at `path`, or None when there is none yet."""
    if not path.is_file():
        return None
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    first = suites[0] if suites else root
    return Report(
        path=path,
        timestamp=first.get("timestamp") or "",
        seconds=sum(float(suite.get("time") or 0) for suite in suites),
        host=first.get("hostname") or "",
        cases=tuple(_case(element) for element in root.iter("testcase")),
    )

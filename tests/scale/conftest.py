"""The scale-out stack, started once for the session: `make test-scale` (CONDUIT_SCALE=1).

On the PostgreSQL database CONDUIT_TEST_DATABASE_URL names (the make target drops and recreates
it), tools.scale starts Debian's PgBouncer and nginx on the templates docker compose mounts, and
two instances of each backend under its production gunicorn config, PgBouncer between them and
PostgreSQL, nginx in front. A sampler counts PostgreSQL's connections to that database all along;
`test_budget.py` runs last and checks the peak. Each test records figures (`record`), written to
reports/scale/summary.{json,md} at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tools.run_local import ROOT
from tools.scale.sampler import ConnectionSampler
from tools.scale.stack import Stack, scale_stack

REPORT = ROOT / "reports" / "scale"
INSTANCES = 2
"""Instances of each backend behind nginx: the fewest that shows round-robin and a restart."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The budget check last, once every other test has loaded the stack."""
    items.sort(key=lambda item: Path(str(item.fspath)).name == "test_budget.py")


@pytest.fixture(scope="session")
def database_url() -> str:
    url = os.environ.get("CONDUIT_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.fail("make test-scale needs CONDUIT_TEST_DATABASE_URL naming a PostgreSQL database")
    return url


@pytest.fixture(scope="session")
def stack(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with scale_stack(database_url, tmp_path_factory.mktemp("scale"), INSTANCES) as running:
        yield running


@pytest.fixture(scope="session")
def sampler(stack: Stack, database_url: str) -> Iterator[ConnectionSampler]:
    """PostgreSQL's connections to the test database, counted from the moment the stack is up."""
    counting = ConnectionSampler(database_url)
    counting.start()
    yield counting
    counting.stop()


@pytest.fixture(scope="session")
def record() -> Iterator[Callable[[str, Any], None]]:
    """record(name, value): a figure of this run, for reports/scale/summary.{json,md}."""
    figures: dict[str, Any] = {}
    yield figures.__setitem__
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / "summary.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    lines = ["| Figure | Value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in figures.items()]
    (REPORT / "summary.md").write_text("\n".join(lines) + "\n")


@pytest.fixture(params=["fastapi", "flask"])
def backend(request: pytest.FixtureRequest, sampler: ConnectionSampler) -> str:
    """Each test once per backend; the sampler is running before the first one."""
    name: str = request.param
    return name

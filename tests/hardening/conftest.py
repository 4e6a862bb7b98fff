"""Both backends as production runs them (gunicorn, several workers and threads), on SQLite and PostgreSQL.

The servers are started with the docker compose services' own commands and
gunicorn configs (read from docker-compose.yml by tools/compose_check.py), bound
to 127.0.0.1 on free ports, with their stdout (JSON logs) kept in a file the
tests read. PostgreSQL is used when CONDUIT_TEST_DATABASE_URL names a database.
Each test records how many cases it tried and how many failed; the totals are
written to reports/hardening/summary.{json,md} for the README's Reliability section.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from shared import migrate
from tests import backends
from tools.compose_check import service, stop
from tools.run_local import ROOT, free_port, wait_until_ready

BACKENDS = backends.NAMES
"""FastAPI in its thread pool, FastAPI in its async mode (the asyncio driver), Flask (tests/backends.py)."""
REPORT = ROOT / "reports" / "hardening"


@dataclass
class Live:
    """The running backends: their URLs, log files, database and signing secret."""

    urls: dict[str, str]
    logs: dict[str, Path]
    database_url: str
    jwt_secret: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs.values())


def _databases() -> list[str]:
    found = ["sqlite"]
    if os.environ.get("CONDUIT_TEST_DATABASE_URL"):
        found.append("postgresql")
    return found


@pytest.fixture(scope="session", params=_databases())
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "postgresql":
        url = os.environ["CONDUIT_TEST_DATABASE_URL"]
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('hardening') / 'conduit.sqlite3'}"
    migrate.upgrade(url)
    return url


@contextmanager
def serve(database_url: str, log_dir: Path, extra: dict[str, str] | None = None) -> Iterator[Live]:
    """Every backend configuration under gunicorn as compose runs it, two workers each, logs to files.

    The async mode runs the compose `fastapi` service's own command on the asyncio driver's URL.
    """
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    servers: list[tuple[str, subprocess.Popen[bytes], float]] = []
    live = Live(urls={}, logs={}, database_url=database_url, jwt_secret="")
    try:
        for name in BACKENDS:
            backend = backends.BY_NAME[name]
            command, env = service(compose, backend.app, backend.database_url(database_url))
            port = free_port()
            env.update(
                {
                    "BIND": f"127.0.0.1:{port}",
                    "WEB_CONCURRENCY": "2",
                    # Hundreds of registrations: the hashing cost is not what is under test.
                    "PASSWORD_HASH_PROFILE": "CHEAPEST",
                    **(extra or {}),
                }
            )
            live.jwt_secret = env["JWT_SECRET"]
            live.logs[name] = log_dir / f"{name}.log"
            with live.logs[name].open("wb") as log:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            servers.append((name, process, 20.0))
            live.processes[name] = process
            live.urls[name] = f"http://127.0.0.1:{port}"
            wait_until_ready(live.urls[name], process, path="/healthz")
        yield live
    finally:
        stop(servers)


@pytest.fixture(scope="session")
def live(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with serve(database_url, tmp_path_factory.mktemp("logs")) as running:
        yield running


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def record() -> Iterator[Callable[[str, int, int], None]]:
    """record(category, cases, failures): the figures of the Reliability report."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(category: str, cases: int, failures: int) -> None:
        totals[category][0] += cases
        totals[category][1] += failures

    yield add
    REPORT.mkdir(parents=True, exist_ok=True)
    rows = {
        name: {"cases": cases, "failures": failures} for name, (cases, failures) in sorted(totals.items())
    }
    (REPORT / "summary.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["| Category | Cases tried | Failures |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {row['cases']} | {row['failures']} |" for name, row in rows.items()]
    (REPORT / "summary.md").write_text("\n".join(lines) + "\n")

"""Many clients at once: no backend stalls, on either server setup, database or thread count.

Each backend configuration is started as a user would start it, with the README's
development command (uvicorn; gunicorn gthread) or the production gunicorn config (two
workers), with THREADS=4 and with the default, on the session's database (SQLite,
then PostgreSQL when CONDUIT_TEST_DATABASE_URL names one, where FastAPI's async mode
runs too). `tools.load` then runs
64 and then 256 closed-loop keep-alive clients for 10 s each over four reads (one
article, a page of 20, the feed, a tag filter) and a write mix. Passing means: every read 2xx, every write 2xx
or its expected 4xx, no answer slower than 10 s, no client timeout or transport
error, and `/readyz` within 1 s once the load stops. It asserts that nothing
stalls, never how fast anything is.

Before the FastAPI request path took one thread-pool hop per request, this test
failed on FastAPI at 64 clients on both databases: every request timed out.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from shared.settings import Settings
from tests import backends
from tools import load
from tools.compose_check import service, stop
from tools.run_local import ROOT, commands, free_port, wait_until_ready

from .conftest import BACKENDS

CLIENTS = (64, 256)
SECONDS = 10.0
"""Per client count: 2 x 10 s of load per server; 8 servers on SQLite, 12 on PostgreSQL."""


@contextmanager
def started(backend: str, server: str, database_url: str, threads: str | None, log: Path) -> Iterator[str]:
    """One backend on a free 127.0.0.1 port, as `server` runs it; its URL. Stopped by PID."""
    port = free_port()
    configuration = backends.BY_NAME[backend]
    url = configuration.database_url(database_url)
    if server == "production":
        compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        command, env = service(compose, configuration.app, url)
        env["BIND"] = f"127.0.0.1:{port}"
    else:
        threads_wanted = int(threads or Settings().threads)
        command = commands("127.0.0.1", dict.fromkeys(BACKENDS, port), threads_wanted)[configuration.app]
        env = {**os.environ, "DATABASE_URL": url}
    env["PASSWORD_HASH_PROFILE"] = "CHEAPEST"  # the setup registers users; hashing is not under test
    if threads:
        env["THREADS"] = threads
    else:
        env.pop("THREADS", None)
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(url, process, path="/readyz")
        yield url
    finally:
        stop([(backend, process, 20.0)])


@pytest.fixture
def loaded_backend(database_url: str, backend: str) -> str:
    """Every configuration on PostgreSQL; on SQLite the two backends in their default modes.

    FastAPI's async mode is load-tested on the database production uses (asyncpg), which keeps
    this test, the longest of the hardening suite, within its share of CI's time.
    """
    if backends.BY_NAME[backend].async_mode and not database_url.startswith("postgresql"):
        pytest.skip("FastAPI's async mode is load-tested on PostgreSQL")
    return backend


@pytest.mark.parametrize("threads", ["4", None], ids=["threads-4", "threads-default"])
@pytest.mark.parametrize("server", ["development", "production"])
def test_no_stall_under_load(
    database_url: str,
    loaded_backend: str,
    server: str,
    threads: str | None,
    tmp_path: Path,
    record: Callable[[str, int, int], None],
) -> None:
    with started(loaded_backend, server, database_url, threads, tmp_path / "server.log") as url:
        scenario = load.prepare(url)
        reports = [load.run(url, scenario, clients, SECONDS) for clients in CLIENTS]
    for report in reports:
        record("load", len(report.answers) + 1, len(report.failed()) + (report.ready_status != 200))
    problems = [f"{report.summary()}: {problem}" for report in reports for problem in report.problems()]
    assert not problems, "\n".join(problems)

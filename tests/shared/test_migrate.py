"""`shared.migrate`: one process at a time migrates an SQLite file, so servers starting at once never race."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared import migrate

fcntl = pytest.importorskip("fcntl")  # the lock is POSIX's flock

ROOT = Path(__file__).resolve().parents[2]
UPGRADE = (
    "import sys; from shared.migrate import upgrade; print('ready', flush=True); sys.stdin.readline();"
    " upgrade(sys.argv[1])"
)
"""A process that migrates as a starting server does, once it has read a line (a start signal)."""


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """The upgrading processes a test starts; any still running at its end is killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _upgrading(url: str, processes: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    """`shared.migrate.upgrade(url)` in a process of its own, imported and waiting for its start signal."""
    process = subprocess.Popen(
        [sys.executable, "-c", UPGRADE, url],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    processes.append(process)
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    return process


def _start(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def test_an_upgrade_waits_while_another_process_migrates_the_file(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    database = tmp_path / "conduit.sqlite3"
    url = f"sqlite:///{database}"
    waiting = _upgrading(url, processes)
    with open(tmp_path / "conduit.sqlite3.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as the first of several starting processes holds it
        _start(waiting)
        time.sleep(1.0)
        assert waiting.poll() is None
        assert not database.exists()  # it has not begun
    output, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, output
    assert migrate.at_head(url)


def test_processes_upgrading_one_new_file_at_once_all_succeed(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    """Four at once, as `gunicorn --workers 4` on a new SQLite file: without the lock some of
    them failed with "table ... already exists"."""
    url = f"sqlite:///{tmp_path / 'conduit.sqlite3'}"
    ready = [_upgrading(url, processes) for _ in range(4)]
    for process in ready:  # all imported: released together
        _start(process)
    results = [(process.communicate(timeout=60)[0], process.returncode) for process in ready]
    assert [code for _output, code in results] == [0, 0, 0, 0], results
    assert migrate.at_head(url)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_needs_no_lock(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    migrate.upgrade(url)
    assert list(tmp_path.iterdir()) == []  # no lock file, no database file

"""`shared.migrate.upgrade` on SQLite: one process at a time, so servers starting together never race."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import inspect

from shared import db, migrate, startup

ROOT = Path(__file__).resolve().parents[2]
UPGRADE = "import sys; from shared.migrate import upgrade; upgrade(sys.argv[1])"


def _upgrading(url: str) -> subprocess.Popen[str]:
    """`shared.migrate.upgrade(url)` in a process of its own, as a server worker starting up runs it."""
    return subprocess.Popen(
        [sys.executable, "-c", UPGRADE, url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _tables(url: str) -> set[str]:
    engine = db.make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_an_upgrade_waits_while_another_process_migrates_the_file(tmp_path: Path) -> None:
    database = tmp_path / "conduit.sqlite3"
    url = f"sqlite:///{database}"
    with open(tmp_path / "conduit.sqlite3.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as the first of several starting processes holds it
        waiting = _upgrading(url)
        time.sleep(2.0)
        assert waiting.poll() is None, waiting.communicate()[0]
        assert not database.exists()  # it has not begun
    output, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, output
    assert migrate.at_head(url)


def test_processes_upgrading_one_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    """Four at once, as `gunicorn --workers 4` on a new SQLite file: without the lock some of them
    failed with "table ... already exists"."""
    url = f"sqlite:///{tmp_path / 'conduit.sqlite3'}"
    processes = [_upgrading(url) for _ in range(4)]
    results = [(process.communicate(timeout=120)[0], process.returncode) for process in processes]
    assert [code for _output, code in results] == [0, 0, 0, 0], results
    assert migrate.at_head(url)


def test_opening_an_sqlite_file_migrates_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'conduit.sqlite3'}"
    factory = startup.open_database(url)
    factory.kw["bind"].dispose()
    assert migrate.at_head(url)
    assert {"users", "articles", "counters"} <= _tables(url)


def test_an_in_memory_database_needs_no_lock() -> None:
    migrate.upgrade("sqlite://")
    assert not list(ROOT.glob("*.migrate-lock"))  # no lock file for a database with no file

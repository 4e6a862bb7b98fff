"""`shared.held`: SQLite reads on a connection each thread keeps, which never shows a stale answer."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, column, select, table, update
from sqlalchemy.exc import DBAPIError

from shared import db, held, profiles, reader
from shared.models import User
from shared.seed import seed
from tests.shared.conftest import CHEAP


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    from shared.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'held.sqlite3'}"
    upgrade(url)
    made = db.make_engine(url)
    seed(db.make_session_factory(made), settings=CHEAP, progress=False, articles=5, users=3, seed=1)
    yield made
    held.release()
    made.dispose()


def _connection(engine: Engine) -> Any:
    """The DB-API connection a read on `engine` runs on, in this thread."""
    with reader.reading(engine) as read:
        read.rows(select(User.__table__.c.id))
        return read.dbapi_connection


def _bio(engine: Engine, username: str) -> str | None:
    return db.run(db.make_session_factory(engine), profiles.get_profile, None, username).bio


def test_reads_in_one_thread_share_a_connection_outside_the_pool(engine: Engine) -> None:
    first = _connection(engine)
    assert _connection(engine) is first
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    with engine.connect() as pooled:
        assert pooled.connection.dbapi_connection is not first


def test_each_thread_has_its_own(engine: Engine) -> None:
    mine = _connection(engine)
    theirs: list[Any] = []
    worker = threading.Thread(target=lambda: theirs.append(_connection(engine)))
    worker.start()
    worker.join()
    assert len(theirs) == 1
    assert theirs[0] is not mine
    assert _connection(engine) is mine


def test_a_committed_write_is_seen_by_the_next_read(engine: Engine) -> None:
    """The kept connection holds no snapshot between reads (no transaction, statements reset)."""
    assert _bio(engine, "demo") != "written meanwhile"
    with db.make_session_factory(engine)() as session, session.begin():
        session.execute(update(User).where(User.username == "demo").values(bio="written meanwhile"))
    assert _bio(engine, "demo") == "written meanwhile"


def test_the_kept_reader_and_its_cursor_hold_no_snapshot_between_reads(engine: Engine) -> None:
    """A read's statement fetched to its end is reset, though its cursor is kept for the next read:
    a checkpoint that truncates the write-ahead log waits for no reader (`PRAGMA wal_checkpoint`
    answers busy 0), and the next read on the same cursor sees the write."""
    with reader.reading(engine) as read:
        read.rows(select(User.__table__.c.id))
        kept = read
    with db.make_session_factory(engine)() as session, session.begin():
        session.execute(update(User).where(User.username == "demo").values(bio="checkpointed"))
    other = sqlite3.connect(engine.url.database or "")
    try:
        busy, _log, _done = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        other.close()
    assert busy == 0
    with reader.reading(engine) as read:
        assert read is kept
        assert read.first(select(User.__table__.c.bio).where(User.__table__.c.username == "demo")) == (
            "checkpointed",
        )


def test_a_read_that_fails_leaves_the_connection_usable(engine: Engine) -> None:
    kept = _connection(engine)
    with pytest.raises(DBAPIError, match="no_such_table"), reader.reading(engine) as read:
        read.rows(select(table("no_such_table", column("id"))))
    assert _connection(engine) is kept


def test_a_disposed_engine_gets_a_new_connection_and_the_old_one_is_closed(engine: Engine) -> None:
    old = _connection(engine)
    engine.dispose()
    new = _connection(engine)
    assert new is not old
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        old.execute("SELECT 1")


def test_reading_another_engine_closes_the_first_ones(engine: Engine, tmp_path: Path) -> None:
    first = _connection(engine)
    other = db.make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with reader.reading(other) as read:
            assert read.rows(select(1)) == [(1,)]
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            first.execute("SELECT 1")
        assert _connection(engine) is not first
    finally:
        other.dispose()


def test_an_invalidated_connection_is_replaced(engine: Engine) -> None:
    with reader.reading(engine) as read:
        old = read.dbapi_connection
        read.pooled.invalidate()
    assert _connection(engine) is not old


def test_an_in_memory_database_reads_through_the_pool() -> None:
    """Every connection to `:memory:` is a database of its own: none is kept beside the pool's."""
    memory = db.make_engine("sqlite://")
    try:
        assert not held.applies(memory)
        with reader.reading(memory) as read:
            assert read.rows(select(1)) == [(1,)]
    finally:
        memory.dispose()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_takes_its_own_and_leaves_the_parents_open(engine: Engine) -> None:
    parent = _connection(engine)
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if it read on a connection of its own
        try:
            os._exit(0 if _connection(engine) is not parent else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert _connection(engine) is parent
    assert parent.execute("SELECT count(*) FROM users").fetchone()[0] >= 3

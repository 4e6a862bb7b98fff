"""Engine and session factories: one engine per process, one session per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys off by default; WAL lets the two backends of
    # `make run` read while the other writes, and busy_timeout waits out a lock.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with pre-ping, so a restarted database costs one retry, not an error."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit, since responses are built after it."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def open_database(url: str) -> sessionmaker[Session]:
    """The session factory for `url`; an embedded SQLite database is migrated first.

    PostgreSQL is migrated by a separate `alembic upgrade head` step, so several
    workers never race to migrate it.
    """
    if is_sqlite(url):
        from shared.migrate import upgrade

        upgrade(url)
    return make_session_factory(make_engine(url))

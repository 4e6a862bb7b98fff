"""Engine and session factories: one engine per process, one session per request."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
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


@dataclass(frozen=True)
class DatabaseLimits:
    """How long anything may wait on the database, and how many connections a process holds.

    The pool is sized to the requests one worker serves at once (THREADS), so a
    request never waits for a connection another request of the same worker holds.
    """

    pool_size: int = 8
    max_overflow: int = 2
    pool_timeout: float = 5.0
    """Seconds a request waits for a free connection before it fails (503)."""
    connect_timeout: int = 3
    """Seconds to open a connection: an unreachable server fails fast (503), not at the OS's pace."""
    statement_timeout_ms: int = 5_000
    """PostgreSQL cancels a statement running longer than this (503)."""


def make_engine(url: str, limits: DatabaseLimits | None = None) -> Engine:
    """An engine with pre-ping, so a restarted database costs one retry, not an error."""
    limits = limits or DatabaseLimits()
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=limits.pool_size,
        max_overflow=limits.max_overflow,
        pool_timeout=limits.pool_timeout,
        connect_args={
            "connect_timeout": limits.connect_timeout,
            "options": f"-c statement_timeout={limits.statement_timeout_ms}",
        },
    )


def is_outage(exc: BaseException) -> bool:
    """Whether a database error means "unreachable or too slow" (503) rather than a bug (500)."""
    if isinstance(exc, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit, since responses are built after it."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def open_database(url: str, limits: DatabaseLimits | None = None) -> sessionmaker[Session]:
    """The session factory for `url`; an embedded SQLite database is migrated first.

    PostgreSQL is migrated by a separate `alembic upgrade head` step, so several
    workers never race to migrate it.
    """
    if is_sqlite(url):
        from shared.migrate import upgrade

        upgrade(url)
    return make_session_factory(make_engine(url, limits))

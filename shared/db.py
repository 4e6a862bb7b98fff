"""Engine and session factories, and `run`: one engine per process, one session per request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from shared import errors, reader
from shared.settings import DatabaseLimits

P = ParamSpec("P")
T = TypeVar("T")


ASYNC_DRIVERS = {"asyncpg": "psycopg", "aiosqlite": "pysqlite"}
"""The asyncio drivers a DATABASE_URL may name (FastAPI's async mode), each with its synchronous twin."""


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_async(url: str) -> bool:
    """Whether `url` names an asyncio driver: `postgresql+asyncpg://...` or `sqlite+aiosqlite://...`."""
    return make_url(url).get_driver_name() in ASYNC_DRIVERS


def sync_url(url: str) -> str:
    """`url` with the synchronous driver of the same database (psycopg, pysqlite); others unchanged.

    Migrations, the seed command and the synchronous engine always use it, so one
    DATABASE_URL serves FastAPI's async mode and every synchronous tool alike.
    """
    parsed = make_url(url)
    driver = ASYNC_DRIVERS.get(parsed.get_driver_name())
    if driver is None:
        return url
    return parsed.set(drivername=f"{parsed.get_backend_name()}+{driver}").render_as_string(
        hide_password=False
    )


def sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    """The `connect` event handler every SQLite connection gets: foreign keys, WAL, a busy timeout (ms)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLite leaves foreign keys off by default; WAL lets readers go on while one
        # connection writes, and busy_timeout waits out another connection's write lock.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return on_connect


def pool_options(limits: DatabaseLimits) -> dict[str, Any]:
    """The pool's size, overflow and checkout timeout, for `create_engine` and `create_async_engine`."""
    return {
        "pool_size": limits.pool_size,
        "max_overflow": limits.max_overflow,
        "pool_timeout": limits.pool_timeout,
    }


def async_url(url: str) -> str:
    """`url` with the asyncio driver of the same database (asyncpg, aiosqlite): FastAPI's async mode."""
    parsed = make_url(url)
    drivers = {sync: name for name, sync in ASYNC_DRIVERS.items()}
    default = {"postgresql": "psycopg", "sqlite": "pysqlite"}.get(parsed.get_backend_name())
    driver = drivers.get(parsed.get_driver_name() or default or "")
    if driver is None:
        return url
    return parsed.set(drivername=f"{parsed.get_backend_name()}+{driver}").render_as_string(
        hide_password=False
    )


def make_engine(url: str, limits: DatabaseLimits | None = None) -> Engine:
    """An engine whose pool follows `limits` on every database (SQLite included).

    PostgreSQL gets a connect timeout and a statement timeout, and no pre-ping: a ping
    is one more round trip on every request; instead `run` retries a read once when it
    finds its pooled connection dead (a restarted server), and SQLAlchemy then replaces
    the pool's other connections; an SQLite file gets the same pool size,
    overflow and checkout timeout, and `statement_timeout_ms` as its busy timeout.
    An in-memory SQLite database keeps SQLAlchemy's one-connection pool. An async driver
    in `url` is replaced by its synchronous twin (`sync_url`).
    """
    url = sync_url(url)
    limits = limits or DatabaseLimits()
    pool = pool_options(limits)
    if is_sqlite(url):
        database = make_url(url).database
        in_memory = not database or database == ":memory:"
        if not in_memory:
            Path(database or "").parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **({} if in_memory else pool))
        event.listen(engine, "connect", sqlite_pragmas(limits.statement_timeout_ms))
        return engine
    return create_engine(url, **pool, connect_args=_connect_args(limits))


def _connect_args(limits: DatabaseLimits) -> dict[str, Any]:
    """psycopg's connect arguments: a connect timeout, and the statement timeout for the session.

    Behind a transaction pooler (`limits.transaction_pooling`) no session state at all: no
    server-side prepared statements (`prepare_threshold=None`) and no `options` startup
    parameter, which PgBouncer refuses; it sets the statement timeout itself (deploy/pgbouncer/).
    """
    if limits.transaction_pooling:
        return {"connect_timeout": limits.connect_timeout, "prepare_threshold": None}
    return {
        "connect_timeout": limits.connect_timeout,
        "options": f"-c statement_timeout={limits.statement_timeout_ms}",
    }


def is_outage(exc: BaseException) -> bool:
    """Whether a database error means "unreachable or too slow" (503) rather than a bug (500)."""
    if isinstance(exc, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


@contextmanager
def gone_if_deleted(session: Session, resource: str) -> Iterator[None]:
    """The writes inside, or `errors.NotFound(resource)` if the row they reference was deleted meanwhile.

    A write that references a row (a comment's article, a favorite's article, a
    follow's user, an update's article) can lose the race to a request deleting that
    row between the lookup and the write: the database then refuses it, with a
    foreign-key violation (`IntegrityError`) or an UPDATE that matched no row
    (`StaleDataError`, SQLite having no row locks). The write is rolled back and the
    client told the row is gone, as if it had come a moment later, instead of a 500.
    Only for writes whose sole constraint that could fail is that reference.
    """
    try:
        yield
    except (IntegrityError, StaleDataError):
        session.rollback()
        raise errors.NotFound(resource) from None


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit, since responses are built after it."""
    return sessionmaker(bind=engine, expire_on_commit=False)


READ_ONLY = "read_only"
"""The attribute `read_only` sets on an operation; a wrapper keeps it with `functools.wraps`."""

F = TypeVar("F", bound=Callable[..., Any])


def read_only(operation: F) -> F:
    """Mark a domain operation that only reads: `run` gives it a `shared.reader.Reader` on a pooled
    connection outside any transaction, instead of a session.

    Its statements then run without `BEGIN` and `ROLLBACK` around them (`read_options`): two
    round trips fewer per request on PostgreSQL (psycopg sends each as a command of its own).
    No answer changes: under READ COMMITTED, PostgreSQL's default, every statement takes its
    own snapshot inside a transaction too. Its first parameter takes a `Session` or a `Reader`
    (`shared.reader.of`), as callers other than `run` may pass a session.
    """
    setattr(operation, READ_ONLY, True)
    return operation


def is_read_only(operation: Callable[..., Any]) -> bool:
    return bool(getattr(operation, READ_ONLY, False))


AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


def read_options(dialect: str) -> dict[str, str]:
    """The execution options a read-only operation's connection gets on the database `dialect` names,
    in the async mode (`shared.async_db`); the sync mode's reader sets psycopg's autocommit itself
    (`shared.reader.reading`), the same choice.

    PostgreSQL (psycopg, asyncpg): AUTOCOMMIT, or the driver sends `BEGIN` before the first
    statement and the pool a `ROLLBACK` after the last. SQLite: none. Python's sqlite3 (and
    aiosqlite) opens a transaction only before INSERT, UPDATE, DELETE or REPLACE, so a read
    sends its statements alone either way; AUTOCOMMIT would cost a `PRAGMA read_uncommitted = 0`
    each time the pool resets the level, and that pragma expires the connection's prepared
    statements, so the next read compiles its SQL again (bench/micro/test_sqlite_autocommit.py:
    the one-article statement 8.5 µs alone, 35 µs followed by the pragma; that read in a session
    100 µs without AUTOCOMMIT, 192 µs with it, in docs/bench/micro/sqlite/ at 22f8c11).
    """
    return {} if dialect == "sqlite" else AUTOCOMMIT


def run(
    factory: sessionmaker[Session],
    operation: Callable[Concatenate[Session, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """`operation(session, *args, **kwargs)` in a session of its own, closed before this returns.

    One request's whole database work: the session takes a pooled connection at its
    first statement and gives it back (rolling back anything uncommitted) when the
    operation returns or raises, so a connection is held only while this runs. What
    the operation returns must be plain records (`shared.views`), readable without it.
    An operation marked `read_only` gets a `shared.reader.Reader` in place of the session: a
    pooled connection with no session, sending no `BEGIN` or `ROLLBACK` (`read_options`), and is
    run once more if its pooled connection turns out dead (`retry_read`); a write that meets a dead
    connection raises (a 503): it sent nothing that could have been committed.
    """
    reading = is_read_only(operation)
    for attempt in (1, 2):
        try:
            if reading:
                with reader.reading(factory.kw["bind"]) as source:
                    return operation(source, *args, **kwargs)  # type: ignore[arg-type]
            with factory() as session:
                return operation(session, *args, **kwargs)
        except DBAPIError as error:
            if not retry_read(reading, attempt, error):
                raise
    raise AssertionError("the second attempt returns or raises")


def retry_read(reading: bool, attempt: int, error: DBAPIError) -> bool:
    """Whether to run an operation again: a read, on its first attempt, whose connection was found dead."""
    return reading and attempt == 1 and error.connection_invalidated

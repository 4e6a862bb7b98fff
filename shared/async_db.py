"""FastAPI's async mode: an asyncio engine, and `run`, which awaits a synchronous domain operation.

Chosen by the database URL (`postgresql+asyncpg://...`, `sqlite+aiosqlite://...`,
see `shared.db.is_async`). The domain operations stay the synchronous functions of
`shared`: `AsyncSession.run_sync` runs one in a greenlet on the event loop's thread,
and each statement it sends switches back to the event loop, which awaits the
driver (asyncpg's socket, or aiosqlite's own thread) and resumes the greenlet with
the rows. So the operation's Python work (ORM, building records) runs on the event
loop thread, between awaits; only the waiting for the database is given back to it.
SQLAlchemy's `examples/asyncio/greenlet_orm.py` shows the same pattern.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from shared import db
from shared.settings import DatabaseLimits

P = ParamSpec("P")
T = TypeVar("T")


def make_async_engine(url: str, limits: DatabaseLimits | None = None) -> AsyncEngine:
    """An asyncio engine with the same pool limits and timeouts as `shared.db.make_engine`.

    asyncpg: no pre-ping (a dead connection costs a read one retry, as in `shared.db.run`),
    `timeout` (connect, seconds) and `statement_timeout` (ms) as a
    server setting; aiosqlite: the same PRAGMAs as every SQLite connection.
    """
    limits = limits or DatabaseLimits()
    pool = db.pool_options(limits)
    if db.is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **pool)
        event.listen(engine.sync_engine, "connect", db.sqlite_pragmas(limits.statement_timeout_ms))
        return engine
    return create_async_engine(url, connect_args=_connect_args(limits), **pool)


def _connect_args(limits: DatabaseLimits) -> dict[str, Any]:
    """asyncpg's connect arguments: a connect timeout (s) and the statement timeout (ms) of the session.

    Behind a transaction pooler (`limits.transaction_pooling`, PgBouncer 1.18 here) nothing may
    outlive a transaction on a server connection, and asyncpg prepares every statement: its
    statement cache and SQLAlchemy's are turned off, and each statement it still prepares gets a
    name of its own, so two clients never meet one name on one server connection (SQLAlchemy's
    asyncpg documentation, "Prepared Statement Name with PGBouncer"). PgBouncer 1.21's
    `max_prepared_statements` would keep the caches instead; Debian's 1.18 has none. The
    statement timeout then comes from PgBouncer, which refuses session settings at connect.
    """
    if limits.transaction_pooling:
        return {
            "timeout": limits.connect_timeout,
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": _unique_statement_name,
        }
    return {
        "timeout": limits.connect_timeout,
        "server_settings": {"statement_timeout": str(limits.statement_timeout_ms)},
    }


def _unique_statement_name() -> str:
    return f"__asyncpg_{uuid.uuid4().hex}__"


async def run(
    factory: async_sessionmaker[AsyncSession],
    operation: Callable[Concatenate[Session, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """`operation(session, *args, **kwargs)` awaited through `AsyncSession.run_sync`, in a session of its own.

    The twin of `shared.db.run`: the session takes a pooled connection at its first
    statement and gives it back when the operation returns or raises. asyncpg lets a
    failed connect surface as the socket's own error (`ConnectionError`, `OSError`,
    `TimeoutError`), which SQLAlchemy passes on unwrapped: it is raised here as the
    `OperationalError` psycopg's would be, so both modes answer an outage with the same 503.
    An operation marked `db.read_only` sends no `BEGIN` or `ROLLBACK` (`db.read_options`), and one
    more attempt if its pooled connection turns out dead (`db.retry_read`). It still gets the session
    (its reads go through `shared.reader.SessionReader`): `shared.reader`'s driver path is the sync
    mode's only.
    """
    reading = db.is_read_only(operation)
    for attempt in (1, 2):
        try:
            async with factory() as session:
                if reading:
                    dialect = session.sync_session.get_bind().dialect.name
                    await session.connection(execution_options=db.read_options(dialect))
                return await session.run_sync(operation, *args, **kwargs)
        except DBAPIError as error:
            if not db.retry_read(reading, attempt, error):
                raise
        except (OSError, TimeoutError) as error:
            raise OperationalError("connect", None, error) from error
    raise AssertionError("the second attempt returns or raises")

"""A request's database work in one awaited call; twin of `flask_impl/database.py`.

Every route is `async def` and awaits `Database.run(operation, ...)` once, for all
of the request's database work: open a session (in sync mode a read-only operation gets a
`shared.reader.Reader` instead: `shared.db.run`), check the caller's token, run the
synchronous domain operation of `shared`, read the result into plain records, close
the session. Its connection is back in the pool before the route returns; the response
model is then validated and serialized on the event loop, holding nothing. What runs
where depends on the mode, chosen by DATABASE_URL:

- Sync mode (`sqlite://`, `postgresql+psycopg://`, the default): `Database.run` makes ONE
  hop to FastAPI's thread pool (anyio's default limiter, THREADS tokens); the operation
  and its blocking driver calls run on that worker thread. The pool has THREADS + 2
  connections, so no thread waits for one; more requests wait for a thread, holding nothing.
- Async mode (`postgresql+asyncpg://`, `sqlite+aiosqlite://`): `AsyncDatabase.run` awaits
  `AsyncSession.run_sync`: the operation runs in a greenlet on the event loop's thread,
  and each statement awaits the driver (`shared.async_db`). No thread hop. At most
  pool size + overflow operations run at once (a FIFO limiter); the rest wait on the event
  loop before taking a connection, so none fails on the pool's checkout timeout.

Why not the tutorial's `Depends(get_session)` generator with plain `def` routes:
each sync dependency, the route and the response validation are separate hops,
and the session's connection, taken in one hop, is held across the next ones until
the dependency exits after the response is sent. Once requests in flight reach
pool connections + thread tokens, every thread waits in the pool for a connection
held by a request that waits in the limiter for a thread: nothing moves until the
pool timeout fails them (README, "The FastAPI session trap"). `AsyncDatabase` has no
Flask twin: WSGI has no event loop to await on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Concatenate, ParamSpec, TypeVar

from anyio import CapacityLimiter
from fastapi import Depends, FastAPI, Request
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from shared import async_db, db, startup
from shared.settings import DatabaseLimits, Settings

P = ParamSpec("P")
T = TypeVar("T")


class Database:
    """Sync mode: the app's session factory, and the one way a request reaches it (one thread hop)."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    @property
    def engine(self) -> Engine:
        engine: Engine = self.session_factory.kw["bind"]
        return engine

    async def run(
        self, operation: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`operation(session, *args, **kwargs)` in one thread-pool hop, in a session of its own."""
        return await run_in_threadpool(db.run, self.session_factory, operation, *args, **kwargs)

    async def dispose(self) -> None:
        self.engine.dispose()


class AsyncDatabase(Database):
    """Async mode: the same operations awaited through `AsyncSession.run_sync`, no thread hop."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], limits: DatabaseLimits) -> None:
        self.async_session_factory = session_factory
        self.limiter = CapacityLimiter(limits.pool_size + limits.max_overflow)
        """One token per pooled connection: requests past it wait here, holding no connection."""

    @property
    def engine(self) -> Engine:
        bound = self.async_session_factory.kw["bind"]
        engine: Engine = bound.sync_engine
        return engine

    async def run(
        self, operation: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`operation(session, *args, **kwargs)` in a greenlet on the event loop, in a session of its own."""
        async with self.limiter:
            return await async_db.run(self.async_session_factory, operation, *args, **kwargs)

    async def dispose(self) -> None:
        await self.async_session_factory.kw["bind"].dispose()


def init_app(app: FastAPI, settings: Settings) -> None:
    """Keep the settings and the database, in the mode its URL names, on the application."""
    app.state.settings = settings
    if db.is_async(settings.database_url):
        factory = startup.open_async_database(settings.database_url, settings.limits)
        app.state.database = AsyncDatabase(factory, settings.limits)
    else:
        app.state.database = Database(startup.open_database(settings.database_url, settings.limits))


async def dispose(app: FastAPI) -> None:
    """Close the pooled connections; the app's lifespan calls it at shutdown."""
    await app.state.database.dispose()


async def get_database(request: Request) -> Database:
    """`async def`, as every dependency here: a plain `def` one would cost a thread-pool hop."""
    database: Database = request.app.state.database
    return database


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Db = Annotated[Database, Depends(get_database)]
AppSettings = Annotated[Settings, Depends(get_settings)]

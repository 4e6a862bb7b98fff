"""A request's database work in one thread-pool hop; twin of `flask_impl/database.py`.

The shared layer is synchronous SQLAlchemy, and a blocking query must not run on
the event loop. So every route is `async def` and awaits `Database.run` once:
ONE hop to FastAPI's thread pool (anyio's default limiter, `THREADS` tokens) for all
of the request's database work: open a session, check the caller's token, run the
domain operation, read the result into plain records, close the session. Its
connection is back in the pool before the route returns; the response model is
then validated and serialized on the event loop, holding nothing.

Why not the tutorial's `Depends(get_session)` generator with plain `def` routes:
each sync dependency, the route and the response validation are separate hops,
and the session's connection, taken in one hop, is held across the next ones until
the dependency exits after the response is sent. Once requests in flight reach
pool connections + thread tokens, every thread waits in the pool for a connection
held by a request that waits in the limiter for a thread: nothing moves until the
pool timeout fails them (README, "The FastAPI session trap").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Concatenate, ParamSpec, TypeVar

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from shared import db
from shared.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")


class Database:
    """The app's session factory, and the one way a request reaches it."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    async def run(
        self, operation: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`operation(session, *args, **kwargs)` in one thread-pool hop, in a session of its own."""
        return await run_in_threadpool(db.run, self.session_factory, operation, *args, **kwargs)


def init_app(app: FastAPI, settings: Settings) -> None:
    """Keep the settings and the database on the application."""
    app.state.settings = settings
    app.state.database = Database(db.open_database(settings.database_url, settings.limits))


def dispose(app: FastAPI) -> None:
    """Close the pooled connections; the app's lifespan calls it at shutdown."""
    app.state.database.session_factory.kw["bind"].dispose()


async def get_database(request: Request) -> Database:
    """`async def`, as every dependency here: a plain `def` one would cost a thread-pool hop."""
    database: Database = request.app.state.database
    return database


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Db = Annotated[Database, Depends(get_database)]
AppSettings = Annotated[Settings, Depends(get_settings)]

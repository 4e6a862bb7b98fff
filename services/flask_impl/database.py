"""A request's database work in one session; twin of `fastapi_impl/database.py`.

A gthread worker thread runs the whole request, from reading it to writing the
answer, so `Database.run` simply calls the operation in a session of its own
(a read-only operation gets a `shared.reader.Reader` instead: `shared.db.run`): no hop
to make. The session is closed (its connection back in the pool) when the operation
returns, before the response is serialized, as on the FastAPI side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared import db, startup
from shared.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")


class Database:
    """The app's session factory, and the one way a request reaches it."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    @property
    def engine(self) -> Engine:
        engine: Engine = self.session_factory.kw["bind"]
        return engine

    def run(self, operation: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`operation(session, *args, **kwargs)` on this thread, in a session of its own."""
        return db.run(self.session_factory, operation, *args, **kwargs)


def init_app(app: Flask, settings: Settings) -> None:
    """Keep the settings and the database on the application."""
    app.extensions["conduit.settings"] = settings
    app.extensions["conduit.database"] = Database(
        startup.open_database(settings.database_url, settings.limits)
    )


def dispose(app: Flask) -> None:
    """Close the pooled connections; Flask has no shutdown event, so the server or test calls it."""
    app.extensions["conduit.database"].engine.dispose()


def get_database() -> Database:
    """The app's database, from the application context (Flask's stand-in for injection)."""
    database: Database = current_app.extensions["conduit.database"]
    return database


def get_settings() -> Settings:
    settings: Settings = current_app.extensions["conduit.settings"]
    return settings

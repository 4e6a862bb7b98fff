"""One SQLAlchemy session per request, as a dependency; twin of `flask_impl/database.py`.

The shared layer is synchronous SQLAlchemy, so the routes are plain `def`:
FastAPI runs them in its thread pool, where a blocking query cannot stall the
event loop. An `async def` route calling this session would block every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session

from shared import db
from shared.settings import Settings


def init_app(app: FastAPI, settings: Settings) -> None:
    """Keep the settings and the session factory on the application."""
    app.state.settings = settings
    app.state.session_factory = db.open_database(settings.database_url, settings.limits)


def dispose(app: FastAPI) -> None:
    """Close the pooled connections; the app's lifespan calls it at shutdown."""
    app.state.session_factory.kw["bind"].dispose()


def get_session(request: Request) -> Iterator[Session]:
    """A session closed when the request ends; the domain operation commits its own work."""
    with request.app.state.session_factory() as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DbSession = Annotated[Session, Depends(get_session)]
AppSettings = Annotated[Settings, Depends(get_settings)]

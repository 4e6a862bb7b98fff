"""One SQLAlchemy session per request, kept on `g`; twin of `fastapi_impl/database.py`.

Flask's request context is thread-local, so a session opened on first use
belongs to this request alone, and the app-context teardown closes it.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from shared import db
from shared.settings import Settings


def init_app(app: Flask, settings: Settings) -> None:
    """Keep the settings and the session factory on the application; close sessions at teardown."""
    app.extensions["conduit.settings"] = settings
    app.extensions["conduit.session_factory"] = db.open_database(settings.database_url, settings.limits)

    @app.teardown_appcontext
    def close_session(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("session", None)
        if session is not None:
            session.close()


def dispose(app: Flask) -> None:
    """Close the pooled connections; Flask has no shutdown event, so the server or test calls it."""
    app.extensions["conduit.session_factory"].kw["bind"].dispose()


def get_session() -> Session:
    """This request's session, opened on first use; the domain operation commits its own work."""
    if "session" not in g:
        g.session = current_app.extensions["conduit.session_factory"]()
    session: Session = g.session
    return session


def get_settings() -> Settings:
    settings: Settings = current_app.extensions["conduit.settings"]
    return settings

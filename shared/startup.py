"""A server process's database: opened for serving, an embedded SQLite file migrated first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from shared import async_db, db, migrate
from shared.settings import DatabaseLimits


def open_database(url: str, limits: DatabaseLimits | None = None) -> sessionmaker[Session]:
    """The session factory for `url` (`shared.db.make_session_factory`); an SQLite database is
    migrated first (`shared.migrate.upgrade`, which lets one process at a time do it).

    PostgreSQL is migrated by a separate `python -m shared.migrate` step (compose, Kubernetes),
    so several workers never race to migrate it.
    """
    if db.is_sqlite(url):
        migrate.upgrade(db.sync_url(url))
    return db.make_session_factory(db.make_engine(url, limits))


def open_async_database(url: str, limits: DatabaseLimits | None = None) -> async_sessionmaker[AsyncSession]:
    """The async session factory for `url` (FastAPI's async mode); an SQLite database is migrated
    first, synchronously, as by `open_database`."""
    if db.is_sqlite(url):
        migrate.upgrade(db.sync_url(url))
    return async_sessionmaker(async_db.make_async_engine(url, limits), expire_on_commit=False)

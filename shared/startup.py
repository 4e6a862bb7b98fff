"""A server process's database: opened for serving, an embedded SQLite file migrated first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from shared import async_db, db, migrate
from shared.settings import DatabaseLimits


def open_database(url: str, limits: DatabaseLimits | None = None) -> sessionmaker[Session]:
    """The session factory for `url` (`shared.db.make_session_factory`); an SQLite file is
    migrated first (`shared.migrate.upgrade`: one process at a time, the others wait for it).

    PostgreSQL is migrated by a separate step (`alembic upgrade head` in docker-compose.yml and
    the Kubernetes Job), so several workers never race to migrate it. Raises what
    `shared.migrate.upgrade` raises.
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

"""Database URLs of both modes, and the pool limits every engine gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import QueuePool

from shared import async_db, db, startup
from shared.settings import DatabaseLimits


@pytest.mark.parametrize(
    ("url", "sync", "asynchronous"),
    [
        ("sqlite:///var/x.sqlite3", "sqlite:///var/x.sqlite3", "sqlite+aiosqlite:///var/x.sqlite3"),
        ("sqlite+aiosqlite:///x.db", "sqlite+pysqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        (
            "postgresql+psycopg://u:p%40ss@h:5432/d",
            "postgresql+psycopg://u:p%40ss@h:5432/d",
            "postgresql+asyncpg://u:p%40ss@h:5432/d",
        ),
        ("postgresql://u@h/d", "postgresql://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql+asyncpg://u@h/d", "postgresql+psycopg://u@h/d", "postgresql+asyncpg://u@h/d"),
    ],
)
def test_each_url_has_a_sync_and_an_async_form(url: str, sync: str, asynchronous: str) -> None:
    assert db.sync_url(url) == sync
    assert db.async_url(url) == asynchronous
    assert db.is_async(asynchronous)
    assert not db.is_async(db.sync_url(asynchronous))


def test_sqlite_honours_the_pool_limits(tmp_path: Path) -> None:
    """SQLite gets the same pool as PostgreSQL: size, overflow and checkout timeout from the settings."""
    limits = DatabaseLimits(pool_size=3, max_overflow=1, pool_timeout=0.5, statement_timeout_ms=1234)
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}", limits)
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow, pool._timeout) == (3, 1, 0.5)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


async def _busy_timeout(url: str, limits: DatabaseLimits) -> tuple[int, int]:
    engine = async_db.make_async_engine(url, limits)
    async with engine.connect() as connection:
        busy = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    size = engine.sync_engine.pool.size()  # type: ignore[attr-defined]
    await engine.dispose()
    return int(busy or 0), size


def test_the_async_engine_gets_the_same_limits(tmp_path: Path) -> None:
    import asyncio

    limits = DatabaseLimits(pool_size=4, max_overflow=0, statement_timeout_ms=2500)
    assert asyncio.run(_busy_timeout(f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}", limits)) == (2500, 4)


def test_an_unreachable_database_is_an_outage_in_async_mode_too() -> None:
    """asyncpg raises the socket's own error on connect; `async_db.run` gives it as psycopg's would."""
    import asyncio

    from sqlalchemy.exc import OperationalError

    from shared import health

    factory = startup.open_async_database(
        "postgresql+asyncpg://nobody@127.0.0.1:9/none", DatabaseLimits(connect_timeout=1)
    )
    with pytest.raises(OperationalError) as raised:
        asyncio.run(async_db.run(factory, health.ready))
    assert db.is_outage(raised.value)

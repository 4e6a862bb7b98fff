"""`shared.db.read_only`: reads run in autocommit mode, writes in a transaction, on every database."""

from __future__ import annotations

import asyncio
from functools import wraps

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from shared import async_db, db
from shared.models import Tag
from tests.shared.conftest import Database


def _level(session: Session) -> str:
    """AUTOCOMMIT if the DB-API connection commits each statement (psycopg, asyncpg's adapter, sqlite3)."""
    dbapi = session.connection().connection.dbapi_connection
    autocommit = getattr(dbapi, "autocommit", None)
    if autocommit is None or not isinstance(autocommit, bool):  # sqlite3 before 3.12: isolation_level
        autocommit = getattr(dbapi, "isolation_level", "") is None
    return "AUTOCOMMIT" if autocommit else "transaction"


@db.read_only
def _reading(session: Session) -> str:
    return _level(session)


def _writing(session: Session) -> str:
    session.add(Tag(name="written"))
    session.flush()
    level = _level(session)
    session.rollback()
    return level


def test_a_read_only_operation_runs_in_autocommit_mode(database: Database) -> None:
    assert db.run(database.sessions, _reading) == "AUTOCOMMIT"


def test_a_wrapper_keeps_the_mark(database: Database) -> None:
    @wraps(_reading)
    def wrapper(session: Session) -> str:
        return _reading(session)

    assert db.run(database.sessions, wrapper) == "AUTOCOMMIT"


def test_a_write_after_a_read_is_in_a_transaction_again(database: Database) -> None:
    """The pooled connection goes back to its isolation level: a write still rolls back as a whole."""
    db.run(database.sessions, _reading)
    assert db.run(database.sessions, _writing) != "AUTOCOMMIT"
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Tag).where(Tag.name == "written")) == 0


def test_the_async_mode_honours_the_mark(database: Database) -> None:
    factory = async_db.open_async_database(db.async_url(database.url))

    async def both() -> tuple[str, str]:
        try:
            return await async_db.run(factory, _reading), await async_db.run(factory, _writing)
        finally:
            await factory.kw["bind"].dispose()

    reading, writing = asyncio.run(both())
    assert (reading, writing != "AUTOCOMMIT") == ("AUTOCOMMIT", True)


@pytest.mark.parametrize("operation", [_writing])
def test_an_unmarked_operation_is_not_read_only(operation: object) -> None:
    assert not db.is_read_only(operation)  # type: ignore[arg-type]


def _kill_pooled_connections(database: Database, url: str) -> None:
    """Terminate the server side of every idle pooled connection, as a restarted PostgreSQL would."""
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()


def test_a_read_on_a_dead_connection_is_retried_once(database: Database) -> None:
    """No pre-ping: a read meets the dead connection, which is replaced, and is run again."""
    if not database.url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL, whose server can close a pooled connection")
    assert db.run(database.sessions, _reading) == "AUTOCOMMIT"  # one connection now pooled
    _kill_pooled_connections(database, database.url)
    attempts: list[int] = []

    @db.read_only
    def counted(session: Session) -> int:
        attempts.append(1)
        return int(session.connection().execute(select(func.count()).select_from(Tag)).scalar_one())

    assert db.run(database.sessions, counted) == 0
    assert len(attempts) == 2


def test_a_write_on_a_dead_connection_is_an_outage_not_a_retry(database: Database) -> None:
    if not database.url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL, whose server can close a pooled connection")
    db.run(database.sessions, _reading)
    _kill_pooled_connections(database, database.url)
    with pytest.raises(DBAPIError) as raised:
        db.run(database.sessions, _writing)
    assert db.is_outage(raised.value)
    assert db.run(database.sessions, _writing) == "transaction"  # the pool has recovered

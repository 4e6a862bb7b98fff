"""`shared.db.read_only`: reads run outside any transaction, writes in one, on every database."""

from __future__ import annotations

import asyncio
from functools import wraps
from typing import Any

import pytest
from sqlalchemy import func, literal_column, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from shared import async_db, db, reader, startup
from shared.models import Tag
from tests.shared.conftest import Database

SELECT_ONE = select(literal_column("1"))


def _in_transaction(dbapi: Any) -> bool:
    """Whether the DB-API connection has a transaction open (sqlite3, aiosqlite's, psycopg, asyncpg's)."""
    if hasattr(dbapi, "info"):  # psycopg: IDLE is 0
        return bool(dbapi.info.transaction_status)
    driver = getattr(dbapi, "_connection", dbapi)  # SQLAlchemy's adapters of aiosqlite and asyncpg
    if hasattr(driver, "is_in_transaction"):  # asyncpg
        return bool(driver.is_in_transaction())
    return bool(getattr(driver, "in_transaction", False) or getattr(driver, "_conn", driver).in_transaction)


def _level(source: reader.Source) -> str:
    """After one statement: "no transaction" if the connection has none open, else "transaction"."""
    read = reader.of(source)
    read.rows(SELECT_ONE)
    return "transaction" if _in_transaction(read.dbapi_connection) else "no transaction"


@db.read_only
def _reading(source: reader.Source) -> str:
    return _level(source)


def _writing(session: Session) -> str:
    session.add(Tag(name="written"))
    session.flush()
    level = _level(session)
    session.rollback()
    return level


def test_a_read_only_operation_runs_outside_a_transaction(database: Database) -> None:
    assert db.run(database.sessions, _reading) == "no transaction"


def test_a_read_on_sqlite_sends_its_statements_alone(database: Database) -> None:
    """No BEGIN, and no PRAGMA when the connection goes back to the pool (an isolation level reset)."""
    if not database.url.startswith("sqlite"):
        pytest.skip("sqlite3's trace callback sees every statement the driver sends")
    sent: list[str] = []

    @db.read_only
    def traced(source: reader.Source) -> int:
        read = reader.of(source)
        read.dbapi_connection.set_trace_callback(sent.append)
        try:
            return int(read.scalar(SELECT_ONE))
        finally:
            read.dbapi_connection.set_trace_callback(None)

    assert (db.run(database.sessions, traced), sent) == (1, ["SELECT 1"])


def test_a_wrapper_keeps_the_mark(database: Database) -> None:
    @wraps(_reading)
    def wrapper(source: reader.Source) -> str:
        return _reading(source)

    assert db.run(database.sessions, wrapper) == "no transaction"


def test_a_write_after_a_read_is_in_a_transaction_again(database: Database) -> None:
    """The pooled connection goes back to its isolation level: a write still rolls back as a whole."""
    db.run(database.sessions, _reading)
    assert db.run(database.sessions, _writing) == "transaction"
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Tag).where(Tag.name == "written")) == 0


def test_the_async_mode_honours_the_mark(database: Database) -> None:
    factory = startup.open_async_database(db.async_url(database.url))

    async def both() -> tuple[str, str]:
        try:
            return await async_db.run(factory, _reading), await async_db.run(factory, _writing)
        finally:
            await factory.kw["bind"].dispose()

    reading, writing = asyncio.run(both())
    assert (reading, writing) == ("no transaction", "transaction")


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
    assert db.run(database.sessions, _reading) == "no transaction"  # one connection now pooled
    _kill_pooled_connections(database, database.url)
    attempts: list[int] = []

    @db.read_only
    def counted(source: reader.Source) -> int:
        attempts.append(1)
        return int(reader.of(source).scalar(select(func.count()).select_from(Tag)))

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

"""psycopg 3 behind PgBouncer's transaction pooling: what DB_TRANSACTION_POOLING=1 changes, and why.

In transaction mode consecutive transactions of one client connection run on whichever server
connection is free. psycopg prepares a statement on the server once it has run 5 times on a
connection (its `prepare_threshold`), and the backends send the statement timeout as the
`options` startup parameter: behind PgBouncer 1.18 the first fails at random, the second at
connect. With DB_TRANSACTION_POOLING=1 (compose's backends) neither is sent, and PgBouncer sets
the timeout on every server connection (`connect_query`).
"""

from __future__ import annotations

import asyncio
import multiprocessing

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared import async_db, db
from shared.settings import DatabaseLimits, Settings
from tools.scale.stack import Stack

CLIENTS = 4
ROUNDS = 12
"""More than psycopg's prepare_threshold (5) on each connection, over more connections than servers free."""


def conninfo(stack: Stack) -> str:
    return stack.pooler.url.replace("postgresql+psycopg://", "postgresql://")


def interleaved(connections: list[psycopg.Connection[tuple[int]]]) -> list[str]:
    """The same statement, round after round on each connection in turn; the errors raised."""
    failures = []
    for number in range(ROUNDS):
        for connection in connections:
            try:
                connection.execute("SELECT %s::int + 1", (number,)).fetchone()
            except psycopg.Error as exc:
                failures.append(str(exc).splitlines()[0])
    return failures


def test_psycopg_prepared_statements_break_behind_pgbouncer(stack: Stack) -> None:
    """The failure DB_TRANSACTION_POOLING prevents, shown with psycopg's defaults."""
    connections = [psycopg.connect(conninfo(stack), autocommit=True) for _ in range(CLIENTS)]
    try:
        failures = interleaved(connections)
    finally:
        for connection in connections:
            connection.close()
    assert any("prepared statement" in failure for failure in failures), failures


def test_the_statement_timeout_option_is_refused_by_pgbouncer(stack: Stack) -> None:
    with pytest.raises(psycopg.OperationalError, match="unsupported startup parameter: options"):
        psycopg.connect(conninfo(stack), options="-c statement_timeout=5000").close()


def test_the_backends_engine_works_behind_pgbouncer(stack: Stack) -> None:
    """The engine the backends build with DB_TRANSACTION_POOLING=1: no errors, and PgBouncer's
    connect_query gives every server connection DB_STATEMENT_TIMEOUT_MS."""
    settings = Settings.from_env(stack.environments["fastapi"])
    assert settings.limits.transaction_pooling, "compose's backends set DB_TRANSACTION_POOLING=1"
    engine = db.make_engine(stack.pooler.url, settings.limits)
    try:
        connections = [engine.connect() for _ in range(CLIENTS)]
        try:
            for number in range(ROUNDS):
                for connection in connections:
                    assert connection.execute(text("SELECT :n + 1"), {"n": number}).scalar() == number + 1
                    connection.commit()
            timeouts = {
                connection.execute(text("SHOW statement_timeout")).scalar() for connection in connections
            }
        finally:
            for connection in connections:
                connection.close()
    finally:
        engine.dispose()
    assert timeouts == {f"{settings.limits.statement_timeout_ms // 1000}s"}
    unpooled = db.make_engine(stack.pooler.url, DatabaseLimits(transaction_pooling=False))
    try:
        with pytest.raises(OperationalError, match="unsupported startup parameter"):
            unpooled.connect()
    finally:
        unpooled.dispose()


async def _rounds(engine: AsyncEngine) -> list[str]:
    """`interleaved` for FastAPI's async mode; the errors raised.

    While one connection runs its statement, the next holds a transaction open, so PgBouncer
    gives the first a server connection other than the one it used last time (it hands out the
    most recently freed one): a statement prepared on one server connection is then missing.
    """
    failures: list[str] = []
    try:
        connections = [await engine.connect() for _ in range(CLIENTS)]
        try:
            for number in range(ROUNDS):
                for index, connection in enumerate(connections):
                    holder = connections[(index + 1) % len(connections)]
                    try:
                        await holder.execute(text("SELECT 0"))
                        result = await connection.execute(text("SELECT :n + 1"), {"n": number})
                        assert result.scalar() == number + 1
                        await connection.commit()
                    except DBAPIError as exc:
                        failures.append(str(exc.orig).splitlines()[0])
                        await connection.rollback()
                    finally:
                        await holder.rollback()
        finally:
            for connection in connections:
                await connection.close()
    finally:
        await engine.dispose()
    return failures


def _rounds_in_a_process(url: str, configured: bool) -> list[str]:
    """`_rounds` on the async mode's engine (DB_TRANSACTION_POOLING=1), or on asyncpg's defaults."""
    engine = (
        async_db.make_async_engine(url, DatabaseLimits(transaction_pooling=True))
        if configured
        else create_async_engine(url)
    )
    try:
        return asyncio.run(_rounds(engine))
    except DBAPIError as exc:  # at connect: the dialect's own first statements are prepared too
        return [str(exc.orig).splitlines()[0]]


def _two_workers(url: str, configured: bool) -> list[str]:
    """`_rounds` in two processes at once, as two workers share PgBouncer's server connections."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(_rounds_in_a_process, [(url, configured)] * 2)
    return [failure for result in results for failure in result]


def test_the_async_mode_works_behind_pgbouncer(stack: Stack) -> None:
    """asyncpg prepares every statement. With its caches off and a unique name per statement (what
    DB_TRANSACTION_POOLING=1 sets in shared/async_db.py) two workers never clash; with asyncpg's
    defaults their named statements are missing from, or already on, the server connection they
    get; and the session settings the async mode sends without pooling are refused at connect."""
    url = db.async_url(stack.pooler.url)
    assert Settings.from_env(stack.environments["fastapi"]).limits.transaction_pooling
    assert _two_workers(url, configured=True) == []
    defaults = _two_workers(url, configured=False)
    assert any("prepared statement" in failure for failure in defaults), defaults
    unpooled = async_db.make_async_engine(url, DatabaseLimits(transaction_pooling=False))
    with pytest.raises(DBAPIError, match="unsupported startup parameter"):
        asyncio.run(_rounds(unpooled))

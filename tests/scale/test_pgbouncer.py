"""psycopg 3 behind PgBouncer's transaction pooling: what DB_TRANSACTION_POOLING=1 changes, and why.

In transaction mode consecutive transactions of one client connection run on whichever server
connection is free. psycopg prepares a statement on the server once it has run 5 times on a
connection (its `prepare_threshold`), and the backends send the statement timeout as the
`options` startup parameter: behind PgBouncer 1.18 the first fails at random, the second at
connect. With DB_TRANSACTION_POOLING=1 (compose's backends) neither is sent, and PgBouncer sets
the timeout on every server connection (`connect_query`).
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from shared import db
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

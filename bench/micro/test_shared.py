"""The shared layer's own cost: each read of `shared/` against the same SQL alone.

The SQL side replays the exact statements the shared call sends (captured once)
on a raw DB-API cursor (sqlite3 or psycopg), every row fetched: the difference is
what the reader, the result processors and building the `shared.views` records add. The
shared side runs as every request does, through `shared.db.run`: a read gets a
`shared.reader.Reader` on a connection (the thread's own on SQLite, `shared.held`; a pooled one on
PostgreSQL), outside a transaction, with no session. The floor group times that path with no read
at all, and with one `SELECT 1`, against `SELECT 1` on the raw cursor: what any read pays before
its own statements (and a connection checked out of the pool and given back, and the same
`SELECT 1` through SQLAlchemy Core's `Connection.execute` on a pooled connection, the path reads
took before `shared.reader`). The summary gives each read's
ratio to its SQL (the goal: 2x) twice: pytest-benchmark's medians, each timed after the
other, and the shared side against its SQL in alternation (`bench.interleave`, its
result in the shared side's `extra_info`), the one to read on a machine whose speed or
database round trip drifts.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import Select, literal_column, select
from sqlalchemy.orm import Session, sessionmaker

from bench import interleave, sweep_plans
from shared import articles, comments, db, held, profiles, reader, security, tags, users
from shared.settings import Settings

from .conftest import Sample

Operation = Callable[..., object]
Arguments = Callable[[Sample], tuple[Any, ...]]
SETTINGS = Settings.from_env()
ROUNDS = int(os.environ.get("BENCH_MICRO_ROUNDS", "11"))
"""Rounds of the interleaved ratio (`bench.interleave`), each side about `ROUND_SECONDS` per round."""
ROUND_SECONDS = float(os.environ.get("BENCH_MICRO_ROUND_SECONDS", "0.02"))


@db.read_only
def _current_user(source: reader.Source, sample: Sample) -> object:
    """`GET /api/user`: the token checked against the user's row, then the user's record."""
    header = f"Token {sample.token}"
    return users.me(source, users.current_user(source, SETTINGS, header), SETTINGS, header)


READS: dict[str, tuple[Operation, Arguments]] = {
    "get article": (articles.get_article, lambda sample: (None, sample.slug)),
    "get article, signed in": (articles.get_article, lambda sample: (sample.viewer, sample.slug)),
    "list 20": (articles.list_articles, lambda _sample: (None, articles.ArticleFilters())),
    "list 20, signed in": (articles.list_articles, lambda sample: (sample.viewer, articles.ArticleFilters())),
    "tag filter": (articles.list_articles, lambda sample: (None, articles.ArticleFilters(tag=sample.tag))),
    "author filter": (
        articles.list_articles,
        lambda sample: (None, articles.ArticleFilters(author=sample.author)),
    ),
    "favorited filter": (
        articles.list_articles,
        lambda sample: (sample.viewer, articles.ArticleFilters(favorited=sample.viewer.username)),
    ),
    "feed": (articles.feed, lambda sample: (sample.viewer, 20, 0)),
    "tags": (tags.list_tags, lambda _sample: ()),
    "comments": (comments.list_comments, lambda sample: (sample.viewer, sample.slug)),
    "profile": (profiles.get_profile, lambda sample: (sample.viewer, sample.author)),
    "current user": (_current_user, lambda sample: (sample,)),
}
"""Every read of `shared/` the API serves: the operation and the arguments a busy page would send."""

SELECT_ONE: Select[Any] = select(literal_column("1"))


@db.read_only
def _no_statement(source: reader.Source) -> None:
    """The floor without a statement: a reader on its connection, closed."""
    reader.of(source)


@db.read_only
def _select_one(source: reader.Source) -> object:
    """The floor with one statement: `SELECT 1` through the reader (`shared.reader`)."""
    return reader.of(source).scalar(SELECT_ONE)


def _statements(factory: sessionmaker[Session], call: Callable[[], object]) -> list[tuple[str, Any]]:
    """What `call` sends through the factory's engine (`bench.sweep_plans.captured`)."""
    with factory() as session:
        engine = session.get_bind()
    return sweep_plans.captured(engine, call)  # type: ignore[arg-type]


def _replay(
    factory: sessionmaker[Session], statements: list[tuple[str, Any]], *, apart: bool = False
) -> Callable[[], None]:
    """The same statements on one raw DB-API cursor, every row fetched.

    On the connection the shared side reads on, in its mode: on SQLite the thread's kept connection
    (`shared.held`), on PostgreSQL the pool's only connection (`conftest.LIMITS`), in autocommit
    while it runs (the reader's mode; set and reset around each call, about 1 µs). So both sides
    meet the same server process, the same prepared statements and the same transaction mode: on
    PostgreSQL the same statement, timed by hand in one process alternating call by call, took
    115-118 µs on one connection and 144-206 µs on another (per-call medians of 2,000 calls).
    `apart` replays on a connection of its own instead, checked out of the pool for as long as the
    returned call lives.
    """
    engine = factory.kw["bind"]
    kept: Any = None
    if apart:
        kept = engine.raw_connection()
        connection = kept.dbapi_connection
    elif held.applies(engine):
        connection = held.connection(engine).dbapi_connection
    else:
        pooled = engine.raw_connection()
        connection = pooled.dbapi_connection
        pooled.close()
    cursor = connection.cursor()
    autocommit = not apart and hasattr(connection, "autocommit")

    def run(held_open: Any = kept) -> None:
        if autocommit:
            connection.autocommit = True
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        if autocommit:
            connection.autocommit = False

    return run


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("side", ["shared", "sql"])
def test_read(
    benchmark: BenchmarkFixture, factory: sessionmaker[Session], sample: Sample, read: str, side: str
) -> None:
    operation, arguments = READS[read]
    benchmark.group = f"shared layer: {read}"
    benchmark.name = f"test_{side}"

    def run() -> object:
        return db.run(factory, operation, *arguments(sample))

    if side == "sql":
        benchmark(_replay(factory, _statements(factory, run)))
        return
    benchmark(run)
    _against_sql(benchmark, run, _replay(factory, _statements(factory, run)))


def _connection_select_one(factory: sessionmaker[Session]) -> Callable[[], object]:
    """`SELECT 1` through SQLAlchemy Core's `Connection.execute` on a pooled connection with a read's
    options: what SQLAlchemy's execution costs against the reader's "shared, SELECT 1"."""
    engine = factory.kw["bind"]
    options = db.read_options(engine.dialect.name)

    def run() -> object:
        with engine.connect() as connection:
            return connection.execution_options(**options).execute(SELECT_ONE).scalar_one()

    return run


def _pool_round_trip(factory: sessionmaker[Session]) -> Callable[[], object]:
    """A connection checked out of the engine's pool and given back (`Engine.raw_connection`): what a
    read on SQLite paid before its thread kept a connection (`shared.held`), and still does on PostgreSQL."""
    engine = factory.kw["bind"]

    def run() -> object:
        connection = engine.raw_connection()
        connection.close()
        return connection

    return run


FLOOR = [
    "shared, no statement",
    "pool checkout and return, no statement",
    "shared, SELECT 1",
    "SQLAlchemy Connection, SELECT 1",
    "sql",
]


@pytest.mark.parametrize("seen", ["first seen (PyJWT)", "seen before"])
def test_token_check(benchmark: BenchmarkFixture, sample: Sample, seen: str) -> None:
    """The part of "current user" that sends no SQL: the token's signature and claims checked by
    PyJWT, as for a token this process has not seen, or remembered (`security.TOKENS_KEPT`)."""
    benchmark.group = "shared layer: current user"
    benchmark.name = f"test_token check alone, {seen}"
    if seen == "seen before":
        benchmark(security.read_token, sample.token, SETTINGS.jwt_secret)
    else:
        benchmark(security._verify.__wrapped__, sample.token, SETTINGS.jwt_secret)


@pytest.mark.parametrize("side", FLOOR)
def test_floor(benchmark: BenchmarkFixture, factory: sessionmaker[Session], side: str) -> None:
    benchmark.group = "shared layer: the floor"
    benchmark.name = f"test_{side}"
    sql = _replay(factory, [(str(SELECT_ONE), ())])
    if side == "sql":
        benchmark(sql)
        return
    if side == "SQLAlchemy Connection, SELECT 1":
        call = _connection_select_one(factory)
    elif side.startswith("pool"):
        call = _pool_round_trip(factory)
    else:
        operation = _no_statement if side == "shared, no statement" else _select_one

        def call() -> object:
            return db.run(factory, operation)

    benchmark(call)
    _against_sql(benchmark, call, sql)


def _against_sql(benchmark: BenchmarkFixture, shared: interleave.Call, sql: interleave.Call) -> None:
    """The shared side against its SQL in alternation, kept in the benchmark's `extra_info["interleaved"]`."""
    benchmark.extra_info["interleaved"] = asdict(interleave.ratio(shared, sql, ROUNDS, ROUND_SECONDS))

"""Fixtures of the shared-core tests: fresh, migrated databases on every backend under test.

Each test gets its own database: a SQLite file in its temporary directory, and,
when CONDUIT_TEST_DATABASE_URL names a PostgreSQL server (e.g.
`postgresql+psycopg://postgres@127.0.0.1:5432/test`), also a database created on
that server for the test and dropped after it, so runs never see each other's rows.
The role in the URL needs the right to CREATE DATABASE.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from shared.db import make_engine, make_session_factory
from shared.migrate import upgrade
from shared.settings import Settings

DATABASE_URL_VAR = "CONDUIT_TEST_DATABASE_URL"
MAINTENANCE_DATABASE = "postgres"
CHEAP = Settings(password_hash_profile="CHEAPEST")
"""Settings whose argon2 profile costs microseconds, for every test that hashes."""


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(DATABASE_URL_VAR) else ["sqlite"]


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]


@pytest.fixture(params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _sqlite_urls(directory: Path) -> Iterator[Callable[[], str]]:
    count = 0

    def make() -> str:
        nonlocal count
        count += 1
        return f"sqlite:///{directory / f'db{count}.sqlite3'}"

    yield make


def _postgresql_urls(server_url: str) -> Iterator[Callable[[], str]]:
    server = make_url(server_url)
    admin = create_engine(server.set(database=MAINTENANCE_DATABASE), isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"conduit_test_{uuid4().hex[:16]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_urls(backend: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of new, empty databases on the backend under test."""
    if backend == "sqlite":
        yield from _sqlite_urls(tmp_path)
    else:
        yield from _postgresql_urls(os.environ[DATABASE_URL_VAR])


@pytest.fixture
def empty_database_url(database_urls: Callable[[], str]) -> str:
    """A database with no tables at all, for the migration tests."""
    return database_urls()


@pytest.fixture
def make_database(database_urls: Callable[[], str]) -> Iterator[Callable[[], Database]]:
    """A factory of new databases migrated to head, their engines disposed after the test."""
    engines: list[Engine] = []

    def make() -> Database:
        url = database_urls()
        upgrade(url)
        engine = make_engine(url)
        engines.append(engine)
        return Database(url=url, engine=engine, sessions=make_session_factory(engine))

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def database(make_database: Callable[[], Database]) -> Database:
    return make_database()

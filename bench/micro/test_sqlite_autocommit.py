"""What AUTOCOMMIT cost a read on SQLite, the measurement behind `shared.db.read_options`.

A read whose connection was switched to AUTOCOMMIT had its isolation level reset when the
pool took the connection back: SQLAlchemy's SQLite dialect sends `PRAGMA read_uncommitted = 0`,
and that pragma expires every prepared statement of the connection, so the next read compiled
its SQL again. Two groups, SQLite only: one article read in a session of its own through
`shared.db.run` (as reads ran before `shared.reader`), in the driver's default mode and in
AUTOCOMMIT; and its statement on a raw sqlite3 cursor, alone and followed by the pragma.
"""

from __future__ import annotations

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy.orm import Session, sessionmaker

from shared import articles, db
from shared.views import ArticleView

from .conftest import Sample
from .test_shared import _replay, _statements

PRAGMA = "PRAGMA read_uncommitted = 0"


@pytest.fixture(autouse=True)
def _sqlite_only(factory: sessionmaker[Session]) -> None:
    if factory.kw["bind"].dialect.name != "sqlite":
        pytest.skip("measures SQLite's driver")


def _in_default_mode(session: Session, slug: str) -> ArticleView:
    """`articles.get_article` in the session (not marked read-only, so `shared.db.run` opens one)."""
    return articles.get_article(session, None, slug)


def _in_autocommit(session: Session, slug: str) -> ArticleView:
    """`articles.get_article` on a connection switched to AUTOCOMMIT first, as every read ran before."""
    session.connection(execution_options=db.AUTOCOMMIT)
    return articles.get_article(session, None, slug)


@pytest.mark.parametrize("mode", ["default mode", "AUTOCOMMIT"])
def test_one_article(
    benchmark: BenchmarkFixture, factory: sessionmaker[Session], sample: Sample, mode: str
) -> None:
    benchmark.group = "SQLite: one article in a session"
    benchmark.name = f"test_{mode}"
    operation = _in_default_mode if mode == "default mode" else _in_autocommit
    benchmark(db.run, factory, operation, sample.slug)


@pytest.mark.parametrize("pragma", [False, True], ids=["alone", "then the pragma"])
def test_its_statement(
    benchmark: BenchmarkFixture, factory: sessionmaker[Session], sample: Sample, pragma: bool
) -> None:
    benchmark.group = "SQLite: its statement on a raw cursor"
    benchmark.name = "test_then the pragma" if pragma else "test_alone"
    statements = _statements(factory, lambda: db.run(factory, articles.get_article, None, sample.slug))
    benchmark(_replay(factory, [*statements, (PRAGMA, ())] if pragma else statements, apart=True))

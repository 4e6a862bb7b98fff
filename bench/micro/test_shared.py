"""The shared layer's own cost: get-article and list-20 through the ORM, against the same SQL alone.

The SQL side replays the exact statements the ORM call sends (captured once)
on a raw DB-API cursor: the difference is what SQLAlchemy's ORM adds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from shared import articles


def _statements(factory: sessionmaker[Session], call: Callable[[Session], object]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []
    with factory() as session:
        engine = session.get_bind()

        def record(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", record)
        try:
            call(session)
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return seen


def _replay(factory: sessionmaker[Session], statements: list[tuple[str, Any]]) -> Callable[[], None]:
    """The same statements on one raw sqlite3 cursor, every row fetched."""
    session = factory()
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def run() -> None:
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()

    return run


def _get(slug: str) -> Callable[[Session], object]:
    return lambda session: articles.get_article(session, None, slug)


def _list(session: Session) -> object:
    return articles.list_articles(session, None, articles.ArticleFilters(limit=20))


@pytest.mark.benchmark(group="shared layer: get article")
def test_get_article_orm(benchmark: BenchmarkFixture, factory: sessionmaker[Session], slug: str) -> None:
    def run() -> None:
        with factory() as session:
            _get(slug)(session)

    benchmark(run)


@pytest.mark.benchmark(group="shared layer: get article")
def test_get_article_sql(benchmark: BenchmarkFixture, factory: sessionmaker[Session], slug: str) -> None:
    benchmark(_replay(factory, _statements(factory, _get(slug))))


@pytest.mark.benchmark(group="shared layer: list 20")
def test_list_orm(benchmark: BenchmarkFixture, factory: sessionmaker[Session]) -> None:
    def run() -> None:
        with factory() as session:
            _list(session)

    benchmark(run)


@pytest.mark.benchmark(group="shared layer: list 20")
def test_list_sql(benchmark: BenchmarkFixture, factory: sessionmaker[Session]) -> None:
    benchmark(_replay(factory, _statements(factory, _list)))

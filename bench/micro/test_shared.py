"""The shared layer's own cost: each read of `shared/` against the same SQL alone.

The SQL side replays the exact statements the shared call sends (captured once)
on a raw DB-API cursor (sqlite3 or psycopg), every row fetched: the difference is
what SQLAlchemy, the session and building the `shared.views` records add. The
shared side pays for its session and pooled connection as every request does
(`shared.db.run`). The summary gives each read's ratio to its SQL (the goal: 2x).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from shared import articles, comments, profiles, tags, users
from shared.settings import Settings

from .conftest import Sample

Read = Callable[[Session, Sample], object]
SETTINGS = Settings.from_env()


def _current_user(session: Session, sample: Sample) -> object:
    header = f"Token {sample.token}"
    return users.me(session, users.current_user(session, SETTINGS, header), SETTINGS, header)


READS: dict[str, Read] = {
    "get article": lambda session, sample: articles.get_article(session, None, sample.slug),
    "get article, signed in": lambda session, sample: articles.get_article(
        session, sample.viewer, sample.slug
    ),
    "list 20": lambda session, sample: articles.list_articles(session, None, articles.ArticleFilters()),
    "list 20, signed in": lambda session, sample: articles.list_articles(
        session, sample.viewer, articles.ArticleFilters()
    ),
    "tag filter": lambda session, sample: articles.list_articles(
        session, None, articles.ArticleFilters(tag=sample.tag)
    ),
    "author filter": lambda session, sample: articles.list_articles(
        session, None, articles.ArticleFilters(author=sample.author)
    ),
    "favorited filter": lambda session, sample: articles.list_articles(
        session, sample.viewer, articles.ArticleFilters(favorited=sample.viewer.username)
    ),
    "feed": lambda session, sample: articles.feed(session, sample.viewer, 20, 0),
    "tags": lambda session, _sample: tags.list_tags(session),
    "comments": lambda session, sample: comments.list_comments(session, sample.viewer, sample.slug),
    "profile": lambda session, sample: profiles.get_profile(session, sample.viewer, sample.author),
    "current user": _current_user,
}
"""Every read of `shared/` the API serves, with the arguments a busy page would send."""


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
    """The same statements on one raw DB-API cursor, every row fetched."""
    session = factory()
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def run() -> None:
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()

    return run


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("side", ["shared", "sql"])
def test_read(
    benchmark: BenchmarkFixture, factory: sessionmaker[Session], sample: Sample, read: str, side: str
) -> None:
    call = READS[read]
    benchmark.group = f"shared layer: {read}"
    benchmark.name = f"test_{side}"
    if side == "sql":
        benchmark(_replay(factory, _statements(factory, lambda session: call(session, sample))))
        return

    def run() -> None:
        with factory() as session:
            call(session, sample)

    benchmark(run)

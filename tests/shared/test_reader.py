"""`shared.reader`: every read gives the same answer on the driver's cursor as through a session."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, column, event, select, table
from sqlalchemy.exc import DBAPIError

from shared import articles, comments, db, errors, profiles, reader, tags, users
from shared.accounts import AccountRecord
from shared.article_lists import ArticleFilters
from shared.feed import feed
from shared.models import Article, User
from shared.seed import seed
from shared.settings import DatabaseLimits
from tests.shared.conftest import CHEAP, Database

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def seeded(database: Database) -> Database:
    seed(database.sessions, settings=CHEAP, progress=False, articles=60, users=12, seed=3, now=NOW)
    return database


def _reads(database: Database) -> dict[str, tuple[Callable[..., Any], tuple[Any, ...]]]:
    """Every read-only operation of `shared`, with arguments that return rows (a viewer who follows)."""
    with database.sessions() as session:
        viewer = session.scalars(select(User).where(User.username == "demo")).one()
        slug = session.scalars(select(Article.slug).order_by(Article.id)).first() or ""
        author = session.scalars(select(User.username).join(Article, Article.author_id == User.id)).first()
        session.expunge_all()
    with database.sessions() as session:
        tag = tags.list_tags(session)[0]
    combined = ArticleFilters(tag=tag, author=author, limit=5)
    return {
        "get article": (articles.get_article, (viewer, slug)),
        "get article, anonymous": (articles.get_article, (None, slug)),
        "list": (articles.list_articles, (viewer, ArticleFilters(limit=7, offset=3))),
        "tag filter": (articles.list_articles, (None, ArticleFilters(tag=tag))),
        "combined filters": (articles.list_articles, (viewer, combined)),
        "favorited": (articles.list_articles, (viewer, ArticleFilters(favorited="demo"))),
        "feed walked": (feed, (viewer, 5, 0), {"plan": "walked"}),
        "feed gathered": (feed, (viewer, 5, 2), {"plan": "gathered"}),
        "tags": (tags.list_tags, ()),
        "comments": (comments.list_comments, (viewer, slug)),
        "profile": (profiles.get_profile, (viewer, author)),
        "login": (users.login, (CHEAP,), {"email": "demo@conduit.example", "password": "password123"}),
    }  # type: ignore[dict-item]


def test_every_read_is_the_same_on_the_cursor_as_through_a_session(seeded: Database) -> None:
    for name, (operation, arguments, *options) in _reads(seeded).items():
        keywords = options[0] if options else {}
        through_run = db.run(seeded.sessions, operation, *arguments, **keywords)
        with seeded.sessions() as session:
            through_session = operation(session, *arguments, **keywords)
        assert through_run == through_session, name
        assert through_run, f"{name} returned nothing: the comparison would prove little"


def test_a_token_resolves_to_the_same_user_as_through_a_session(seeded: Database) -> None:
    with seeded.sessions() as session:
        token = users.login(session, CHEAP, email="demo@conduit.example", password="password123").token
    header = f"Token {token}"
    with reader.reading(seeded.engine) as read:
        detached = users.current_user(read, CHEAP, header)
    with seeded.sessions() as session:
        attached = users.current_user(session, CHEAP, header)
        assert isinstance(attached, User)
        assert detached == tuple(getattr(attached, name) for name in AccountRecord._fields)


def test_a_list_parameter_is_expanded_per_call(seeded: Database) -> None:
    """The feed's walk sends its followed authors as a list: one SQL text per list length."""
    names = [row[0] for row in _rows(seeded, select(User.__table__.c.username).order_by("id"))]
    query = select(User.__table__.c.username).where(User.__table__.c.id.in_([1, 2])).order_by("id")
    assert [row[0] for row in _rows(seeded, query)] == names[:2]


def _rows(database: Database, query: Any) -> list[Any]:
    with reader.reading(database.engine) as read:
        return list(read.rows(query))


def test_a_query_is_compiled_once_per_database(database: Database) -> None:
    query = select(User.__table__.c.id).where(User.__table__.c.username == "x")
    dialect = database.engine.dialect
    assert reader.statement(query, dialect) is reader.statement(query, dialect)


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it_and_the_connection_goes_back(
    database: Database,
) -> None:
    missing = select(table("no_such_table", column("id")))
    with pytest.raises(DBAPIError) as raised, reader.reading(database.engine) as read:
        read.rows(missing)
    assert isinstance(raised.value.orig, database.engine.dialect.loaded_dbapi.Error)
    assert "no_such_table" in str(raised.value)
    assert not db.is_outage(raised.value) or database.url.startswith("sqlite")  # sqlite3 says "Operational"
    assert database.engine.pool.checkedout() == 0


@pytest.mark.parametrize("on", ["the engine", "every engine"])
def test_every_statement_reaches_the_engine_listeners(
    database: Database, on: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listened for after the thread's reader was made (its first read), on this engine or on the
    `Engine` class: the reader asks the listeners when SQLAlchemy's flag says there are some."""
    # As in a process that listens for nothing (another test may have listened on every engine);
    # set back afterwards.
    monkeypatch.setattr(Engine, "_has_events", False)
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    db.run(database.sessions, tags.list_tags)
    assert not database.engine._has_events  # nothing listened before: the reader skipped the listeners
    target: Any = database.engine if on == "the engine" else Engine
    event.listen(target, "before_cursor_execute", record)
    try:
        db.run(database.sessions, tags.list_tags)
    finally:
        event.remove(target, "before_cursor_execute", record)
    assert len(seen) == 1
    assert "FROM tags" in seen[0]


def test_a_read_gives_its_connection_back(database: Database) -> None:
    db.run(database.sessions, tags.list_tags)
    with pytest.raises(errors.NotFound):
        db.run(database.sessions, profiles.get_profile, None, "nobody-here")
    assert database.engine.pool.checkedout() == 0


def test_a_server_that_cannot_be_reached_is_an_outage() -> None:
    """The connection is refused before any statement: a 503 (`is_outage`), as through a session."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = db.make_engine(
        f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing", DatabaseLimits(connect_timeout=1)
    )
    try:
        with pytest.raises(DBAPIError) as raised:
            db.run(db.make_session_factory(engine), tags.list_tags)
        assert db.is_outage(raised.value)
    finally:
        engine.dispose()

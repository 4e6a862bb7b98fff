"""A seed that fails halfway, in Python or in the database, leaves the database as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from shared import counters
from shared.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from shared.seed import prose, reactions, seed
from tests.shared.conftest import CHEAP, Database

NOW = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)


def _state(database: Database) -> dict[str, Any]:
    with database.sessions() as session:
        state: dict[str, Any] = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (User, Article, ArticleTag, Tag, Follow, Favorite, Comment)
        }
        state["total"] = session.scalar(counters.TOTAL)
        state["users"] = session.execute(
            select(User.id, User.articles_count, User.favorites_count).order_by(User.id)
        ).all()
        state["tags"] = session.execute(select(Tag.id, Tag.articles_count).order_by(Tag.id)).all()
        return state


def _seed(database: Database) -> None:
    seed(database.sessions, articles=200, users=20, seed=4, settings=CHEAP, progress=False, now=NOW)


@pytest.fixture
def seeded(database: Database) -> Database:
    _seed(database)
    return database


def test_a_failure_while_writing_rolls_everything_back(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _state(seeded)
    calls = 0

    def failing(self: prose.Writer, rng: Any) -> str:
        nonlocal calls
        calls += 1
        if calls > 50:  # in the comments phase, after articles, follows and favorites went in
            raise RuntimeError("out of words")
        return "Nice."

    monkeypatch.setattr(prose.Writer, "comment", failing)
    with pytest.raises(RuntimeError, match="out of words"):
        _seed(seeded)
    assert _state(seeded) == before
    with seeded.sessions() as session:
        assert counters.drift(session) == {}


def test_a_database_error_halfway_rolls_everything_back(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _state(seeded)
    monkeypatch.setattr(
        reactions, "COMMENT_COLUMNS", ("body", "article_id", "author_id", "created_at", "nope")
    )
    with pytest.raises((OperationalError, ProgrammingError)):
        _seed(seeded)
    assert _state(seeded) == before


def test_a_failed_seed_leaves_an_empty_database_empty(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reactions, "FAVORITE_COLUMNS", ("user_id", "article_id", "nope"))
    with pytest.raises((OperationalError, ProgrammingError)):
        _seed(database)
    state = _state(database)
    assert state["users"] == state["tags"] == []
    assert state["total"] == 0
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

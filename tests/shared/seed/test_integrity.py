"""After a seed: exact counters, link rows that copy their article's `created_at`, no dangling reference."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shared import counters
from shared.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from shared.seed import seed
from tests.shared.conftest import CHEAP, Database

NOW = datetime(2026, 3, 1, 9, 0, 0, 250000, tzinfo=UTC)
ORPHANS = {
    "article_tags.article_id": (ArticleTag, ArticleTag.article_id, Article.id),
    "article_tags.tag_id": (ArticleTag, ArticleTag.tag_id, Tag.id),
    "favorites.user_id": (Favorite, Favorite.user_id, User.id),
    "favorites.article_id": (Favorite, Favorite.article_id, Article.id),
    "follows.follower_id": (Follow, Follow.follower_id, User.id),
    "follows.followee_id": (Follow, Follow.followee_id, User.id),
    "comments.article_id": (Comment, Comment.article_id, Article.id),
    "comments.author_id": (Comment, Comment.author_id, User.id),
    "articles.author_id": (Article, Article.author_id, User.id),
}
"""Every foreign key of the schema: the seed loads without row-by-row checks, so each is checked here."""


def _seed(database: Database, users: int = 40) -> None:
    seed(database.sessions, articles=400, users=users, seed=11, settings=CHEAP, progress=False, now=NOW)


def _dangling(session: Session) -> dict[str, int]:
    found = {}
    for name, (model, column, target) in ORPHANS.items():
        query = (
            select(func.count()).select_from(model).where(~select(target).where(target == column).exists())
        )
        found[name] = session.scalar(query) or 0
    return {name: count for name, count in found.items() if count}


@pytest.fixture
def seeded(database: Database) -> Database:
    _seed(database)
    return database


def test_every_counter_is_exact(seeded: Database) -> None:
    with seeded.sessions() as session:
        assert counters.drift(session) == {}
        assert session.scalar(counters.TOTAL) == 400


def test_counters_stay_exact_when_seeding_again(seeded: Database) -> None:
    _seed(seeded, users=20)
    with seeded.sessions() as session:
        assert counters.drift(session) == {}
        assert session.scalar(counters.TOTAL) == 800


def test_links_and_favorites_carry_their_articles_created_at(seeded: Database) -> None:
    with seeded.sessions() as session:
        for model in (ArticleTag, Favorite):
            pairs = session.execute(
                select(model.article_created_at, Article.created_at).join(
                    Article, Article.id == model.article_id
                )
            ).all()
            assert pairs
            assert all(copied == original for copied, original in pairs)
            # Compared in SQL too: SQLite compares the stored text, which the index orders by.
            differing = select(func.count()).select_from(model).join(Article, Article.id == model.article_id)
            assert session.scalar(differing.where(model.article_created_at != Article.created_at)) == 0


def test_no_reference_dangles(seeded: Database) -> None:
    with seeded.sessions() as session:
        assert _dangling(session) == {}
        if seeded.engine.dialect.name == "sqlite":
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_ids_grow_with_creation(seeded: Database) -> None:
    with seeded.sessions() as session:
        articles = [moment for (moment,) in session.execute(select(Article.created_at).order_by(Article.id))]
        people = [moment for (moment,) in session.execute(select(User.created_at).order_by(User.id))]
    assert articles == sorted(articles)
    assert people == sorted(people)


def test_the_connection_gets_its_settings_back(seeded: Database) -> None:
    with seeded.engine.connect() as connection:
        if seeded.engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
        else:
            assert connection.exec_driver_sql("SHOW session_replication_role").scalar() == "origin"
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "5s"


def test_a_role_that_must_check_foreign_keys_seeds_alike(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's foreign keys are switched off per connection, by any role")
    from shared.seed.copy_loader import CopyLoader

    monkeypatch.setattr(CopyLoader, "may_skip_triggers", lambda self: False)
    _seed(database)
    with database.sessions() as session:
        assert counters.drift(session) == {}
        assert _dangling(session) == {}

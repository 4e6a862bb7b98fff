"""Migration 0004: a database at 0003 with articles, tags, favorites and follows, upgraded, then read.

The counters must equal a fresh `count(*)` and the lists must answer exactly as
they did before the upgrade (same articles, same order, same `articlesCount`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from shared import counters
from shared.article_lists import ArticleFilters, list_articles
from shared.feed import feed
from shared.migrate import alembic_config
from shared.models import User
from tests.shared.test_data_migrations import NOW, at, engine, insert, user

__all__ = ["engine"]  # the fixture, imported to be found here


def _article(row_id: int, author_id: int) -> dict[str, Any]:
    moment = NOW + timedelta(minutes=row_id % 5)  # ties on created_at, broken by id
    return {
        "id": row_id,
        "slug": f"article-{row_id}",
        "title": f"Title {row_id}",
        "description": "D",
        "body": "B",
        "author_id": author_id,
        "created_at": moment,
        "updated_at": moment,
    }


def _at_0003_with_data(url: str, engine: Engine) -> None:
    at(url, "0003")
    insert(
        engine,
        "users",
        *(user(row_id, f"user{row_id}", f"user{row_id}@example.test") for row_id in (1, 2, 3)),
    )
    insert(engine, "articles", *(_article(row_id, 1 + row_id % 2) for row_id in range(1, 13)))
    insert(
        engine, "tags", {"id": 1, "name": "popular"}, {"id": 2, "name": "rare"}, {"id": 3, "name": "unused"}
    )
    links = [{"article_id": row_id, "tag_id": 1, "position": 0} for row_id in range(1, 13)]
    links += [{"article_id": row_id, "tag_id": 2, "position": 1} for row_id in (3, 7)]
    insert(engine, "article_tags", *links)
    fans = [(3, row_id) for row_id in (2, 5, 9, 11)] + [(1, 9), (2, 9)]
    insert(engine, "favorites", *({"user_id": fan, "article_id": row_id} for fan, row_id in fans))
    insert(engine, "follows", {"follower_id": 3, "followee_id": 1})


def _expected_order(ids: list[int]) -> list[str]:
    rows = sorted(
        (_article(row_id, 1) for row_id in ids), key=lambda a: (a["created_at"], a["id"]), reverse=True
    )
    return [row["slug"] for row in rows]


def test_0004_backfills_the_counters_and_the_sort_keys(empty_database_url: str, engine: Engine) -> None:
    _at_0003_with_data(empty_database_url, engine)
    at(empty_database_url, "0004")
    with Session(engine) as session:
        assert counters.drift(session) == {}
        assert session.scalar(counters.TOTAL) == 12
        counts = dict(session.execute(text("SELECT name, articles_count FROM tags")).all())
        assert counts == {"popular": 12, "rare": 2, "unused": 0}
        assert session.scalar(text("SELECT favorites_count FROM articles WHERE id = 9")) == 3
        assert session.scalar(text("SELECT favorites_count FROM users WHERE id = 3")) == 4
        unset = "SELECT count(*) FROM {} WHERE article_created_at IS NULL"
        assert session.scalar(text(unset.format("article_tags"))) == 0
        assert session.scalar(text(unset.format("favorites"))) == 0


def test_0004_lists_answer_as_before(empty_database_url: str, engine: Engine) -> None:
    _at_0003_with_data(empty_database_url, engine)
    at(empty_database_url, "0004")
    with Session(engine) as session:
        reader = session.get(User, 3)

        def slugs(**filters: Any) -> tuple[list[str], int]:
            page = list_articles(session, reader, ArticleFilters(**filters))
            return [view.slug for view in page.articles], page.articles_count

        assert slugs() == (_expected_order(list(range(1, 13))), 12)
        assert slugs(limit=3, offset=4) == (_expected_order(list(range(1, 13)))[4:7], 12)
        assert slugs(tag="rare") == (_expected_order([3, 7]), 2)
        assert slugs(tag="unused") == ([], 0)
        assert slugs(author="user1") == (_expected_order([2, 4, 6, 8, 10, 12]), 6)
        assert slugs(favorited="user3") == (_expected_order([2, 5, 9, 11]), 4)
        assert slugs(favorited="user3", author="user2") == (_expected_order([5, 9, 11]), 3)
        assert slugs(tag="rare", author="user2") == (_expected_order([3, 7]), 2)
        assert reader is not None
        page = feed(session, reader, 20, 0)
        assert ([view.slug for view in page.articles], page.articles_count) == (
            _expected_order([2, 4, 6, 8, 10, 12]),
            6,
        )
        nine = list_articles(session, reader, ArticleFilters(favorited="user1")).articles
        assert [(view.slug, view.favorites_count, view.favorited) for view in nine] == [
            ("article-9", 3, True)
        ]


def test_0004_downgrades_to_0003(empty_database_url: str, engine: Engine) -> None:
    _at_0003_with_data(empty_database_url, engine)
    at(empty_database_url, "0004")
    command.downgrade(alembic_config(empty_database_url), "0003")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM article_tags")) == 14
        assert connection.scalar(text("SELECT count(*) FROM favorites")) == 6

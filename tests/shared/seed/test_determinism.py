"""The same seed gives the same rows in every table; another seed gives other rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from shared.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from shared.seed import seed
from tests.shared.conftest import CHEAP, Database

NOW = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)
TABLES: dict[str, Any] = {
    "users": select(User.id, User.username, User.email, User.bio, User.image, User.created_at).order_by(
        User.id
    ),
    "counts": select(User.id, User.articles_count, User.favorites_count).order_by(User.id),
    "tags": select(Tag.id, Tag.name, Tag.articles_count).order_by(Tag.id),
    "articles": select(Article).order_by(Article.id),
    "links": select(ArticleTag.__table__).order_by(ArticleTag.article_id, ArticleTag.position),
    "follows": select(Follow.__table__).order_by(Follow.follower_id, Follow.followee_id),
    "favorites": select(Favorite.__table__).order_by(Favorite.user_id, Favorite.article_id),
    "comments": select(Comment.__table__).order_by(Comment.id),
}


def _snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.sessions() as session:
        snapshot = {}
        for name, query in TABLES.items():
            rows = session.execute(query).all()
            if name == "articles":
                rows = [
                    (a.id, a.slug, a.title, a.description, a.body, a.author_id, a.created_at, a.updated_at)
                    for (a,) in rows
                ]
            snapshot[name] = [tuple(row) for row in rows]
        return snapshot


def test_the_same_seed_gives_the_same_rows(make_database: Callable[[], Database]) -> None:
    first, second, other = make_database(), make_database(), make_database()
    for database, value in ((first, 9), (second, 9), (other, 10)):
        seed(database.sessions, articles=300, seed=value, settings=CHEAP, progress=False, now=NOW)
    one, two, three = _snapshot(first), _snapshot(second), _snapshot(other)
    assert all(one[name] for name in TABLES)
    assert one == two
    assert one["articles"] != three["articles"]
    assert one["favorites"] != three["favorites"]

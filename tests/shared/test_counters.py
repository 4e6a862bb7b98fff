"""The counters follow every write that changes what they count, and `recount` repairs any drift."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared import articles, counters, profiles, users
from shared.article_lists import ArticleFilters, list_articles
from shared.feed import feed
from shared.models import User
from tests.shared.conftest import CHEAP, Database


def _user(session: Session, name: str) -> User:
    users.register(session, CHEAP, username=name, email=f"{name}@example.com", password="password123")
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def _counts(session: Session, **filters: str) -> int:
    return list_articles(session, None, ArticleFilters(**filters)).articles_count  # type: ignore[arg-type]


def test_every_write_keeps_the_counters_exact(database: Database) -> None:
    with database.sessions() as session:
        author, fan, reader = _user(session, "author"), _user(session, "fan"), _user(session, "reader")
        slugs = [
            articles.create_article(
                session, author, title=f"T{i}", description="d", body="b", tag_list=["common", f"own{i}"]
            ).slug
            for i in range(5)
        ]
        for slug in slugs[:3]:
            articles.favorite(session, fan, slug)
            articles.favorite(session, fan, slug)  # twice counts once
        articles.favorite(session, reader, slugs[0])
        articles.unfavorite(session, fan, slugs[2])
        articles.unfavorite(session, fan, slugs[2])  # twice uncounts once
        articles.update_article(session, author, slugs[1], {"tag_list": ["common", "Common", "new"]})
        articles.delete_article(session, author, slugs[0])
        profiles.follow(session, reader, "author")
        assert counters.drift(session) == {}
        assert _counts(session) == 4
        assert _counts(session, tag="common") == 4
        assert _counts(session, tag="own1") == 0
        assert _counts(session, tag="new") == 1
        assert _counts(session, author="author") == 4
        assert _counts(session, favorited="fan") == 1
        assert _counts(session, favorited="reader") == 0
        assert feed(session, reader, 20, 0).articles_count == 4
        assert articles.get_article(session, None, slugs[1]).favorites_count == 1


def test_recount_repairs_counters_written_around_the_api(database: Database) -> None:
    with database.sessions() as session:
        author = _user(session, "author")
        articles.create_article(session, author, title="T", description="d", body="b", tag_list=["x"])
        session.execute(text("UPDATE tags SET articles_count = 7"))
        session.execute(text("UPDATE users SET articles_count = 0, favorites_count = 3"))
        session.execute(text("UPDATE counters SET value = 99"))
        assert set(counters.drift(session)) == {
            "tags.articles_count",
            "users.articles_count",
            "users.favorites_count",
            "counters.articles",
        }
        counters.recount(session)
        assert counters.drift(session) == {}

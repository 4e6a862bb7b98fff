"""A write that loses the race to a delete of the row it references is that row's 404, on every database.

The race is made deterministic: the lookup the operation makes first is answered
with the row, which another session has deleted just before the write.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared import articles, comments, errors, profiles, users
from shared.models import Article, User
from tests.shared.conftest import CHEAP, Database


def account(database: Database, name: str) -> User:
    with database.sessions() as session:
        users.register(session, CHEAP, username=name, email=f"{name}@example.com", password="password123")
        found = session.scalar(select(User).where(User.username == name))
        assert found is not None
        return found


@pytest.fixture
def doomed(database: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """An author, a reader, and an article that is deleted right after each lookup finds it."""
    author, reader = account(database, "author"), account(database, "reader")
    with database.sessions() as session:
        slug = articles.create_article(
            session, author, title="Doomed", description="d", body="b", tag_list=["x"]
        ).slug
        article = session.scalar(select(Article).where(Article.slug == slug))

    def found_then_deleted(session: Session, *_args: Any, **_kwargs: Any) -> Any:
        with database.sessions() as other:
            other.execute(delete(Article).where(Article.slug == slug))
            other.commit()
        return article.id if article is not None else 0

    def owned_then_deleted(session: Session, *args: Any) -> Article:
        found = session.scalar(select(Article).where(Article.slug == slug))
        found_then_deleted(session)
        assert found is not None
        return found

    monkeypatch.setattr(comments, "article_id", found_then_deleted)
    monkeypatch.setattr(articles, "article_id", found_then_deleted)

    def found_with_time_then_deleted(session: Session, *_args: Any, **_kwargs: Any) -> tuple[int, Any]:
        assert article is not None
        return found_then_deleted(session), article.created_at

    monkeypatch.setattr(articles, "_owned", owned_then_deleted)
    monkeypatch.setattr(articles, "_found", found_with_time_then_deleted)
    return {"author": author, "reader": reader, "slug": slug}


ARTICLE_GONE = {"article": ["not found"]}


def test_a_comment_on_an_article_deleted_meanwhile(database: Database, doomed: dict[str, Any]) -> None:
    with database.sessions() as session, pytest.raises(errors.NotFound) as raised:
        comments.add_comment(session, doomed["reader"], doomed["slug"], "late")
    assert raised.value.errors == ARTICLE_GONE


def test_a_favorite_of_an_article_deleted_meanwhile(database: Database, doomed: dict[str, Any]) -> None:
    with database.sessions() as session, pytest.raises(errors.NotFound) as raised:
        articles.favorite(session, doomed["reader"], doomed["slug"])
    assert raised.value.errors == ARTICLE_GONE


@pytest.mark.parametrize(
    "changes", [{"body": "late"}, {"tag_list": ["y"]}, {"title": "T", "tag_list": ["y"]}]
)
def test_an_update_of_an_article_deleted_meanwhile(
    database: Database, doomed: dict[str, Any], changes: articles.ArticleChanges
) -> None:
    with database.sessions() as session, pytest.raises(errors.NotFound) as raised:
        articles.update_article(session, doomed["author"], doomed["slug"], changes)
    assert raised.value.errors == ARTICLE_GONE


def test_a_follow_of_a_user_deleted_meanwhile(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    fan, star = account(database, "fan"), account(database, "star")
    real_find = profiles._find

    def found_then_deleted(session: Session, username: str) -> User:
        found = real_find(session, username)
        with database.sessions() as other:
            other.execute(delete(User).where(User.id == star.id))
            other.commit()
        return found

    monkeypatch.setattr(profiles, "_find", found_then_deleted)
    with database.sessions() as session, pytest.raises(errors.NotFound) as raised:
        profiles.follow(session, fan, "star")
    assert raised.value.errors == {"profile": ["not found"]}

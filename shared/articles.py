"""Articles: create, update, delete, favorite; reads in `shared.article_rows` and `shared.article_lists`.

Writes go through the ORM and keep the counters (`shared.counters`) in the same
transaction; each returns the article as a read shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import clock, counters, db, errors, slugs
from shared.accounts import Account, entity
from shared.article_lists import ArticleFilters, list_articles
from shared.article_rows import get_article
from shared.feed import feed
from shared.limits import storable
from shared.models import Article, Favorite
from shared.tags import add_tags, replace_tags
from shared.upsert import insert_ignoring_duplicates
from shared.views import ArticleView, ProfileView

__all__ = [
    "ArticleChanges",
    "ArticleFilters",
    "article_id",
    "create_article",
    "delete_article",
    "favorite",
    "feed",
    "get_article",
    "list_articles",
    "unfavorite",
    "update_article",
]

SLUG_ATTEMPTS = 5


class ArticleChanges(TypedDict, total=False):
    """The fields a client sent to `PUT /api/articles/:slug`; absent keys are kept."""

    title: str
    description: str
    body: str
    tag_list: list[str]


def _free_slug(session: Session, title: str) -> str:
    base = slugs.base_slug(title)
    with session.no_autoflush:
        taken = session.scalar(select(Article.id).where(Article.slug == base)) is not None
    return slugs.with_suffix(base) if taken or slugs.is_reserved(base) else base


def create_article(
    session: Session, author: Account, *, title: str, description: str, body: str, tag_list: Sequence[str]
) -> ArticleView:
    """Create with a unique slug; a concurrent create that took the slug first means another try."""
    for _attempt in range(SLUG_ATTEMPTS):
        moment = clock.now()
        article = Article(
            slug=_free_slug(session, title),
            title=title,
            description=description,
            body=body,
            author=entity(session, author),
            created_at=moment,
            updated_at=moment,
        )
        session.add(article)
        try:
            session.flush()
            tags = add_tags(session, article.id, moment, tag_list)
            counters.article_created(session, author.id, tags.added)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return ArticleView(
            slug=article.slug,
            title=title,
            description=description,
            body=body,
            tag_list=tags.names,
            created_at=moment,
            updated_at=moment,
            favorited=False,
            favorites_count=0,
            author=ProfileView(username=author.username, bio=author.bio, image=author.image, following=False),
        )
    raise errors.Conflict("slug")


def _owned(session: Session, user: Account, slug: str) -> Article:
    if not storable(slug):
        raise errors.NotFound("article")
    # FOR UPDATE (PostgreSQL): a concurrent update or delete of this article waits for ours.
    article = session.scalar(select(Article).where(Article.slug == slug).with_for_update())
    if article is None:
        raise errors.NotFound("article")
    if article.author_id != user.id:
        raise errors.Forbidden("article")
    return article


def update_article(session: Session, user: Account, slug: str, changes: ArticleChanges) -> ArticleView:
    """A partial update: the slug and `createdAt` stay, `updatedAt` always moves."""
    article = _owned(session, user, slug)
    # Deleted by a concurrent request since it was read (SQLite has no row lock): a 404.
    with db.gone_if_deleted(session, "article"):
        if "title" in changes:
            article.title = changes["title"]
        if "description" in changes:
            article.description = changes["description"]
        if "body" in changes:
            article.body = changes["body"]
        if "tag_list" in changes:
            tags = replace_tags(session, article.id, article.created_at, changes["tag_list"])
            counters.tags_changed(session, tags.removed, tags.added)
        article.updated_at = clock.later_than(article.updated_at)
        session.commit()
    return get_article(session, user, slug)


def delete_article(session: Session, user: Account, slug: str) -> None:
    article = _owned(session, user, slug)
    counters.article_deleted(session, article.id, article.author_id)
    session.execute(delete(Article).where(Article.id == article.id))
    session.commit()


def _found(session: Session, slug: str, *, lock: bool = False) -> tuple[int, datetime]:
    """The id and `created_at` behind a slug, or the API's 404 for articles.

    `lock` takes the article's row lock first (PostgreSQL `FOR NO KEY UPDATE`), as deleting it does:
    a write that changes its counters then never holds a favorite's row while waiting for
    the article's, the order that could deadlock with a delete (`shared.counters`).
    """
    if not storable(slug):
        raise errors.NotFound("article")
    query = select(Article.id, Article.created_at).where(Article.slug == slug)
    row = session.execute(query.with_for_update(key_share=True) if lock else query).first()
    if row is None:
        raise errors.NotFound("article")
    return row.id, row.created_at


def article_id(session: Session, slug: str) -> int:
    """The id behind a slug, or the API's 404 for articles."""
    return _found(session, slug)[0]


def favorite(session: Session, user: Account, slug: str) -> ArticleView:
    """Idempotent: favoriting twice counts once; 404 if the article is gone, or deleted meanwhile."""
    found, created_at = _found(session, slug, lock=True)
    with db.gone_if_deleted(session, "article"):
        row = {"user_id": user.id, "article_id": found, "article_created_at": created_at}
        if insert_ignoring_duplicates(session, Favorite, row):
            counters.favorites_changed(session, found, user.id, 1)
        session.commit()
    return get_article(session, user, slug)


def unfavorite(session: Session, user: Account, slug: str) -> ArticleView:
    found = _found(session, slug, lock=True)[0]
    mine = delete(Favorite).where(Favorite.user_id == user.id, Favorite.article_id == found)
    if session.execute(mine.returning(Favorite.article_id)).first() is not None:
        counters.favorites_changed(session, found, user.id, -1)
    session.commit()
    return get_article(session, user, slug)

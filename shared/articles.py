"""Articles: create, read, list, feed, update, delete, favorite.

Every read builds its views with a fixed number of statements (one for the
page, one for the tags, one for the count), however long the page is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from sqlalchemy import Select, delete, exists, func, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager, defer, selectinload

from shared import clock, db, errors, identity, slugs
from shared.limits import LIMIT_DEFAULT, storable
from shared.models import Article, ArticleTag, Favorite, Follow, Tag, User
from shared.profiles import following_clause, profile_view
from shared.tags import canonical, replace_tags
from shared.upsert import insert_ignoring_duplicates
from shared.views import ArticlePage, ArticleView

SLUG_ATTEMPTS = 5


class ArticleChanges(TypedDict, total=False):
    """The fields a client sent to `PUT /api/articles/:slug`; absent keys are kept."""

    title: str
    description: str
    body: str
    tag_list: list[str]


@dataclass(frozen=True)
class ArticleFilters:
    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    limit: int = LIMIT_DEFAULT
    offset: int = 0


def _view_query(viewer: User | None, *, with_body: bool) -> Select[Any]:
    favorites_count = (
        select(func.count()).where(Favorite.article_id == Article.id).correlate(Article).scalar_subquery()
    )
    favorited = (
        exists().where(Favorite.article_id == Article.id, Favorite.user_id == viewer.id)
        if viewer is not None
        else literal(False)
    )
    query = (
        select(Article, favorites_count, favorited, following_clause(viewer, Article.author_id))
        .join(Article.author)
        .options(contains_eager(Article.author), selectinload(Article.tag_links))
    )
    return query if with_body else query.options(defer(Article.body))


def _view(
    article: Article,
    *,
    tag_list: list[str],
    favorites_count: int,
    favorited: bool,
    following: bool,
    with_body: bool,
) -> ArticleView:
    return ArticleView(
        slug=article.slug,
        title=article.title,
        description=article.description,
        body=article.body if with_body else None,
        tag_list=tag_list,
        created_at=article.created_at,
        updated_at=article.updated_at,
        favorited=bool(favorited),
        favorites_count=int(favorites_count),
        author=profile_view(article.author, bool(following)),
    )


def _row_view(row: Any, *, with_body: bool) -> ArticleView:
    article, favorites_count, favorited, following = row
    return _view(
        article,
        tag_list=article.tag_list,
        favorites_count=favorites_count,
        favorited=favorited,
        following=following,
        with_body=with_body,
    )


def get_article(session: Session, viewer: User | None, slug: str) -> ArticleView:
    if not storable(slug):
        raise errors.NotFound("article")
    row = session.execute(_view_query(viewer, with_body=True).where(Article.slug == slug)).first()
    if row is None:
        raise errors.NotFound("article")
    return _row_view(row, with_body=True)


def _page(
    session: Session, viewer: User | None, conditions: Sequence[Any], limit: int, offset: int
) -> ArticlePage:
    count = session.scalar(select(func.count(Article.id)).join(Article.author).where(*conditions)) or 0
    rows = session.execute(
        _view_query(viewer, with_body=False)
        .where(*conditions)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return ArticlePage(articles=[_row_view(row, with_body=False) for row in rows], articles_count=count)


def list_articles(session: Session, viewer: User | None, filters: ArticleFilters) -> ArticlePage:
    """Newest first; `tag` (any spelling of it), `author` and `favorited` (a username, in any Unicode
    form) combine."""
    if not all(storable(value) for value in (filters.tag, filters.author, filters.favorited) if value):
        return ArticlePage(articles=[], articles_count=0)
    conditions: list[Any] = []
    if filters.tag is not None:
        tagged = select(ArticleTag.article_id).join(ArticleTag.tag).where(Tag.name == canonical(filters.tag))
        conditions.append(Article.id.in_(tagged))
    if filters.author is not None:
        conditions.append(User.username == identity.username(filters.author))
    if filters.favorited is not None:
        fans = select(Favorite.article_id).join(User, Favorite.user_id == User.id)
        conditions.append(Article.id.in_(fans.where(User.username == identity.username(filters.favorited))))
    return _page(session, viewer, conditions, filters.limit, filters.offset)


def feed(session: Session, viewer: User, limit: int, offset: int) -> ArticlePage:
    """Articles by the authors the viewer follows, newest first."""
    followed = select(Follow.followee_id).where(Follow.follower_id == viewer.id)
    return _page(session, viewer, [Article.author_id.in_(followed)], limit, offset)


def _free_slug(session: Session, title: str) -> str:
    base = slugs.base_slug(title)
    with session.no_autoflush:
        taken = session.scalar(select(Article.id).where(Article.slug == base)) is not None
    return slugs.with_suffix(base) if taken or slugs.is_reserved(base) else base


def create_article(
    session: Session, author: User, *, title: str, description: str, body: str, tag_list: Sequence[str]
) -> ArticleView:
    """Create with a unique slug; a concurrent create that took the slug first means another try."""
    for _attempt in range(SLUG_ATTEMPTS):
        moment = clock.now()
        article = Article(
            slug=_free_slug(session, title),
            title=title,
            description=description,
            body=body,
            author=author,
            created_at=moment,
            updated_at=moment,
        )
        session.add(article)
        try:
            session.flush()
            tags = replace_tags(session, article.id, tag_list)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        return _view(
            article, tag_list=tags, favorites_count=0, favorited=False, following=False, with_body=True
        )
    raise errors.Conflict("slug")


def _owned(session: Session, user: User, slug: str) -> Article:
    if not storable(slug):
        raise errors.NotFound("article")
    # FOR UPDATE (PostgreSQL): a concurrent update or delete of this article waits for ours.
    article = session.scalar(select(Article).where(Article.slug == slug).with_for_update())
    if article is None:
        raise errors.NotFound("article")
    if article.author_id != user.id:
        raise errors.Forbidden("article")
    return article


def update_article(session: Session, user: User, slug: str, changes: ArticleChanges) -> ArticleView:
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
            replace_tags(session, article.id, changes["tag_list"])
        article.updated_at = clock.later_than(article.updated_at)
        session.commit()
    return get_article(session, user, slug)


def delete_article(session: Session, user: User, slug: str) -> None:
    article = _owned(session, user, slug)
    session.execute(delete(Article).where(Article.id == article.id))
    session.commit()


def article_id(session: Session, slug: str) -> int:
    """The id behind a slug, or the API's 404 for articles."""
    if not storable(slug):
        raise errors.NotFound("article")
    found = session.scalar(select(Article.id).where(Article.slug == slug))
    if found is None:
        raise errors.NotFound("article")
    return found


def favorite(session: Session, user: User, slug: str) -> ArticleView:
    """Idempotent: favoriting twice counts once; 404 if the article is gone, or deleted meanwhile."""
    found = article_id(session, slug)
    with db.gone_if_deleted(session, "article"):
        insert_ignoring_duplicates(session, Favorite, {"user_id": user.id, "article_id": found})
        session.commit()
    return get_article(session, user, slug)


def unfavorite(session: Session, user: User, slug: str) -> ArticleView:
    found = article_id(session, slug)
    session.execute(delete(Favorite).where(Favorite.user_id == user.id, Favorite.article_id == found))
    session.commit()
    return get_article(session, user, slug)

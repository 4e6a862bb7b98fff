"""Reading articles: one article, the filtered lists and the feed, built from rows with SQLAlchemy Core.

Every read sends a fixed number of statements however long the page is: the page,
its tags, and `articlesCount`. Each is built once per shape (filter, viewer, body)
with bound parameters and reused, and its rows become `shared.views` records
directly: no ORM entities, identity map or attribute tracking on the read path
(the micro-benchmarks in `bench/micro/` measure what that saves against the same
SQL on a raw DB-API cursor).

Each list walks one index in list order (newest first, then id) and stops after
`offset + limit` entries: the unfiltered list and `?author=` walk `articles`,
`?tag=` walks `article_tags` and `?favorited=` walks `favorites`, which carry their
article's `created_at` (`shared.models`). `articlesCount` comes from the counters
(`shared.counters`); a combination of filters counts the matches of its most
selective filter's index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    exists,
    false,
    func,
    select,
)
from sqlalchemy.orm import Session

from shared import errors, identity
from shared.limits import LIMIT_DEFAULT, storable
from shared.models import Article, ArticleTag, Counter, Favorite, Follow, Tag, User
from shared.tags import canonical
from shared.views import ArticlePage, ArticleView, ProfileView

articles = Article.__table__
users = User.__table__
links = ArticleTag.__table__
tags = Tag.__table__
favorites = Favorite.__table__
follows = Follow.__table__
counters = Counter.__table__


@dataclass(frozen=True)
class ArticleFilters:
    """The query of `GET /api/articles`: `tag`, `author` and `favorited` combine; `limit` is 1-100."""

    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    limit: int = LIMIT_DEFAULT
    offset: int = 0


def _user_id(name: str) -> ColumnElement[Any]:
    return select(users.c.id).where(users.c.username == bindparam(name)).scalar_subquery()


def _flags(viewer: bool) -> list[ColumnElement[Any]]:
    if not viewer:
        return [false().label("favorited"), false().label("following")]
    favorited = exists().where(
        favorites.c.article_id == articles.c.id, favorites.c.user_id == bindparam("viewer")
    )
    following = exists().where(
        follows.c.follower_id == bindparam("viewer"), follows.c.followee_id == articles.c.author_id
    )
    return [favorited.label("favorited"), following.label("following")]


def _columns(viewer: bool, with_body: bool) -> list[ColumnElement[Any]]:
    body = [articles.c.body] if with_body else []
    return [
        articles.c.id,
        articles.c.slug,
        articles.c.title,
        articles.c.description,
        *body,
        articles.c.created_at,
        articles.c.updated_at,
        articles.c.favorites_count,
        users.c.username,
        users.c.bio,
        users.c.image,
        *_flags(viewer),
    ]


def _view(row: Any, tag_list: list[str], *, with_body: bool) -> ArticleView:
    return ArticleView(
        slug=row.slug,
        title=row.title,
        description=row.description,
        body=row.body if with_body else None,
        tag_list=tag_list,
        created_at=row.created_at,
        updated_at=row.updated_at,
        favorited=bool(row.favorited),
        favorites_count=row.favorites_count,
        author=ProfileView(
            username=row.username, bio=row.bio, image=row.image, following=bool(row.following)
        ),
    )


@cache
def _one_query(viewer: bool) -> Select[Any]:
    return (
        select(*_columns(viewer, with_body=True))
        .join_from(articles, users, users.c.id == articles.c.author_id)
        .where(articles.c.slug == bindparam("slug"))
    )


_TAGS_OF = (
    select(links.c.article_id, tags.c.name)
    .join_from(links, tags, tags.c.id == links.c.tag_id)
    .where(links.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(links.c.article_id, links.c.position)
)


def _tag_lists(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {article: [] for article in ids}
    if ids:
        for article, name in session.execute(_TAGS_OF, {"ids": list(ids)}):
            found[article].append(name)
    return found


def get_article(session: Session, viewer: User | None, slug: str) -> ArticleView:
    """One article with its body, relative to `viewer`; `errors.NotFound` for an unknown slug."""
    if not storable(slug):
        raise errors.NotFound("article")
    params = {"slug": slug, "viewer": viewer.id if viewer is not None else None}
    row = session.execute(_one_query(viewer is not None), params).first()
    if row is None:
        raise errors.NotFound("article")
    return _view(row, _tag_lists(session, [row.id])[row.id], with_body=True)


def _walk(kind: str) -> Select[Any]:
    """The index walk of one list: article ids (and their order key) newest first, `offset + limit` rows."""
    if kind == "tag":
        tag_id = select(tags.c.id).where(tags.c.name == bindparam("tag")).scalar_subquery()
        key, created = links.c.article_id, links.c.article_created_at
        query = select(key.label("id"), created.label("created_at")).where(links.c.tag_id == tag_id)
    elif kind == "favorited":
        key, created = favorites.c.article_id, favorites.c.article_created_at
        query = select(key.label("id"), created.label("created_at")).where(
            favorites.c.user_id == _user_id("favorited")
        )
    else:
        key, created = articles.c.id, articles.c.created_at
        query = select(key, created)
        if kind == "author":
            query = query.where(articles.c.author_id == _user_id("author"))
        elif kind == "feed":
            followed = select(follows.c.followee_id).where(follows.c.follower_id == bindparam("viewer"))
            query = query.where(articles.c.author_id.in_(followed))
    return query.order_by(created.desc(), key.desc())


def _also(filters: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """Conditions on the joined article for the filters after the first (the walked one)."""
    conditions: list[ColumnElement[bool]] = []
    for kind in filters[1:]:
        if kind == "author":
            conditions.append(articles.c.author_id == _user_id("author"))
        elif kind == "favorited":
            conditions.append(
                exists().where(
                    favorites.c.article_id == articles.c.id, favorites.c.user_id == _user_id("favorited")
                )
            )
    return conditions


def _narrowed(filters: tuple[str, ...]) -> Select[Any]:
    """The walk of the first filter; a combination's others are conditions on the joined article."""
    walk = _walk(filters[0] if filters else "all")
    also = _also(filters)
    if not also:
        return walk
    return walk.join(articles, articles.c.id == walk.selected_columns[0]).where(*also)


@cache
def _page_query(filters: tuple[str, ...], viewer: bool) -> Select[Any]:
    """The page: the walk's ids for `offset`/`limit`, joined to their articles and authors."""
    walk = _narrowed(filters)
    page = walk.limit(bindparam("limit")).offset(bindparam("offset")).subquery("page")
    return (
        select(*_columns(viewer, with_body=False))
        .select_from(page)
        .join(articles, articles.c.id == page.c.id)
        .join(users, users.c.id == articles.c.author_id)
        .order_by(page.c.created_at.desc(), page.c.id.desc())
    )


def _count_of(query: Select[Any]) -> Select[Any]:
    return select(func.count()).select_from(query.order_by(None).subquery())


@cache
def _count_query(filters: tuple[str, ...]) -> Select[Any]:
    """`articlesCount`: a counter for no filter or one, else a `count(*)` of the walk's matches."""
    if not filters:
        return select(counters.c.value).where(counters.c.name == "articles")
    if filters == ("tag",):
        return select(tags.c.articles_count).where(tags.c.name == bindparam("tag"))
    if filters == ("author",):
        return select(users.c.articles_count).where(users.c.username == bindparam("author"))
    if filters == ("favorited",):
        return select(users.c.favorites_count).where(users.c.username == bindparam("favorited"))
    if filters == ("feed",):
        followed = select(follows.c.followee_id).where(follows.c.follower_id == bindparam("viewer"))
        return select(func.coalesce(func.sum(users.c.articles_count), 0)).where(users.c.id.in_(followed))
    return _count_of(_narrowed(filters))


def _page(
    session: Session, viewer: User | None, filters: tuple[str, ...], params: dict[str, Any]
) -> ArticlePage:
    params["viewer"] = viewer.id if viewer is not None else None
    count = session.scalar(_count_query(filters), params) or 0
    rows = session.execute(_page_query(filters, viewer is not None), params).all()
    tag_lists = _tag_lists(session, [row.id for row in rows])
    views = [_view(row, tag_lists[row.id], with_body=False) for row in rows]
    return ArticlePage(articles=views, articles_count=count)


WALK_ORDER = ("tag", "favorited", "author")
"""Which filter's index a combination walks: the tag's and favorites' indexes carry the list order."""


def list_articles(session: Session, viewer: User | None, filters: ArticleFilters) -> ArticlePage:
    """Newest first; `tag` (any spelling of it), `author` and `favorited` (a username, in any Unicode
    form) combine. An unknown tag or user is an empty page, `articlesCount` 0."""
    given = {"tag": filters.tag, "author": filters.author, "favorited": filters.favorited}
    if not all(storable(value) for value in given.values() if value):
        return ArticlePage(articles=[], articles_count=0)
    params: dict[str, Any] = {"limit": filters.limit, "offset": filters.offset}
    if filters.tag is not None:
        params["tag"] = canonical(filters.tag)
    for name in ("author", "favorited"):
        if given[name] is not None:
            params[name] = identity.username(given[name] or "")
    chosen = tuple(kind for kind in WALK_ORDER if given[kind] is not None)
    return _page(session, viewer, chosen, params)


def feed(session: Session, viewer: User, limit: int, offset: int) -> ArticlePage:
    """Articles by the authors the viewer follows, newest first."""
    return _page(session, viewer, ("feed",), {"limit": limit, "offset": offset})

"""Reading articles: one article, the filtered lists and the feed, built from rows with SQLAlchemy Core.

Every read sends a fixed number of statements however long the page is: one for an
article, two for a list (`articlesCount`, then the page with each article's tags in
its row). Each is built once per shape (database, filter, viewer) with bound
parameters and reused, runs on the session's connection, and its rows become
`shared.views` records directly: no ORM entities, identity map or attribute tracking
on the read path (the micro-benchmarks in `bench/micro/` measure what is left against
the same SQL on a raw DB-API cursor).

Each list walks one index in list order (newest first, then id) and stops after
`offset + limit` entries: the unfiltered list and `?author=` walk `articles`,
`?tag=` walks `article_tags` and `?favorited=` walks `favorites`, which carry their
article's `created_at` (`shared.models`). `articlesCount` comes from the counters
(`shared.counters`); a combination of filters counts the matches of its most
selective filter's index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, String, bindparam, exists, false, func, null, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
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


def _columns(dialect: str, viewer: bool, with_body: bool) -> list[ColumnElement[Any]]:
    """The row `_view` unpacks, in its order; lists leave the body out (NULL)."""
    return [
        articles.c.slug,
        articles.c.title,
        articles.c.description,
        articles.c.body if with_body else null().label("body"),
        articles.c.created_at,
        articles.c.updated_at,
        articles.c.favorites_count,
        users.c.username,
        users.c.bio,
        users.c.image,
        *_flags(viewer),
        _tag_list(dialect),
    ]


def _tag_list(dialect: str) -> ColumnElement[Any]:
    """The article's tags in the author's order, as one column of its row (no statement of its own).

    PostgreSQL aggregates them in order (`array_agg ... ORDER BY`); SQLite 3.40 cannot
    order inside an aggregate, so it returns `[position, name]` pairs as JSON, sorted here.
    """
    if dialect == "postgresql":
        ordered = aggregate_order_by(tags.c.name, links.c.position)
        names: ColumnElement[Any] = func.array_agg(ordered, type_=ARRAY(String()))
    else:
        names = func.json_group_array(func.json_array(links.c.position, tags.c.name))
    return (
        select(names)
        .select_from(links.join(tags, tags.c.id == links.c.tag_id))
        .where(links.c.article_id == articles.c.id)
        .scalar_subquery()
        .label("tag_list")
    )


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [name for _position, name in sorted(json.loads(value))]


def _view(row: Any) -> ArticleView:
    """A row of `_columns` as the API's article (unpacked by position: the read path's hot loop)."""
    slug, title, description, body, created, updated, count, username, bio, image, *rest = row
    favorited, following, tag_list = rest
    return ArticleView(
        slug=slug,
        title=title,
        description=description,
        body=body,
        tag_list=_names(tag_list),
        created_at=created,
        updated_at=updated,
        favorited=bool(favorited),
        favorites_count=count,
        author=ProfileView(username=username, bio=bio, image=image, following=bool(following)),
    )


@cache
def _one_query(dialect: str, viewer: bool) -> Select[Any]:
    return (
        select(*_columns(dialect, viewer, with_body=True))
        .join_from(articles, users, users.c.id == articles.c.author_id)
        .where(articles.c.slug == bindparam("slug"))
    )


def get_article(session: Session, viewer: User | None, slug: str) -> ArticleView:
    """One article with its body, relative to `viewer`, in one statement; `errors.NotFound` for an
    unknown slug."""
    if not storable(slug):
        raise errors.NotFound("article")
    connection = session.connection()
    params = {"slug": slug, "viewer": viewer.id if viewer is not None else None}
    row = connection.execute(_one_query(connection.dialect.name, viewer is not None), params).first()
    if row is None:
        raise errors.NotFound("article")
    return _view(row)


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
def _page_query(dialect: str, filters: tuple[str, ...], viewer: bool) -> Select[Any]:
    """The page: the walk's ids for `offset`/`limit`, joined to their articles and authors."""
    walk = _narrowed(filters)
    page = walk.limit(bindparam("limit")).offset(bindparam("offset")).subquery("page")
    return (
        select(*_columns(dialect, viewer, with_body=False))
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
    connection = session.connection()
    count = connection.execute(_count_query(filters), params).scalar() or 0
    rows = connection.execute(_page_query(connection.dialect.name, filters, viewer is not None), params)
    return ArticlePage(articles=[_view(row) for row in rows], articles_count=count)


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

"""The lists of articles and the feed: each walks one index in list order, newest first.

The walk stops after `offset + limit` entries whatever the data size: the unfiltered
list and `?author=` walk `articles`, `?tag=` walks `article_tags` and `?favorited=`
walks `favorites`, which carry their article's `created_at` (`shared.models`); the
feed merges each followed author's walk (`shared.feed`). `articlesCount` comes from the
counters (`shared.counters`). A combination of filters reads its filters' counters first and
walks the one that matches fewest articles, checking the others on each article; its
`articlesCount` is a `count(*)` bounded by that smallest counter.

Statements per page, however long the page: two (the count, the page with each
article's tags in its row), three for a combination of filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, bindparam, func, literal, select

from shared import db, identity, reader
from shared.accounts import Account
from shared.article_rows import articles, columns, favorites, links, tags, user_id, users, view
from shared.limits import LIMIT_DEFAULT, storable
from shared.models import Counter
from shared.tags import canonical
from shared.views import ArticlePage

counters = Counter.__table__


@dataclass(frozen=True)
class ArticleFilters:
    """The query of `GET /api/articles`: `tag`, `author` and `favorited` combine; `limit` is 1-100."""

    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    limit: int = LIMIT_DEFAULT
    offset: int = 0


def _tag_id() -> ColumnElement[Any]:
    return select(tags.c.id).where(tags.c.name == bindparam("tag")).scalar_subquery()


def _walk(kind: str) -> Select[Any]:
    """The index walk of one list: article ids (and their order key) newest first, `offset + limit` rows."""
    if kind == "tag":
        key, created = links.c.article_id, links.c.article_created_at
        query = select(key.label("id"), created.label("created_at")).where(links.c.tag_id == _tag_id())
    elif kind == "favorited":
        key, created = favorites.c.article_id, favorites.c.article_created_at
        query = select(key.label("id"), created.label("created_at")).where(
            favorites.c.user_id == user_id("favorited")
        )
    else:
        key, created = articles.c.id, articles.c.created_at
        query = select(key, created)
        if kind == "author":
            query = query.where(articles.c.author_id == user_id("author"))
    return query.order_by(created.desc(), key.desc())


def _has(table: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """A row of `table` matches: a scalar subquery, probed by primary key once per walked article.

    Not `EXISTS`: PostgreSQL plans that as a semi-join and, not knowing which tag a
    parameter names, may hash every article of a popular tag instead of probing the few
    articles walked (`EXPLAIN ANALYZE` of a tag and author combination shows either plan).
    """
    return select(literal(1)).select_from(table).where(*conditions).limit(1).scalar_subquery().is_not(None)


def _also(others: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """Conditions on the walked article for the filters that are not walked."""
    conditions: list[ColumnElement[bool]] = []
    for kind in others:
        if kind == "author":
            conditions.append(articles.c.author_id == user_id("author"))
        elif kind == "favorited":
            fan = user_id("favorited")
            conditions.append(
                _has(favorites, favorites.c.user_id == fan, favorites.c.article_id == articles.c.id)
            )
        elif kind == "tag":
            conditions.append(_has(links, links.c.article_id == articles.c.id, links.c.tag_id == _tag_id()))
    return conditions


def _narrowed(filters: tuple[str, ...]) -> Select[Any]:
    """The walk of the first filter; the others are conditions on its article."""
    walk = _walk(filters[0] if filters else "all")
    also = _also(filters[1:])
    if not also:
        return walk
    if filters[0] in ("tag", "favorited"):
        walk = walk.join(articles, articles.c.id == walk.selected_columns[0])
    return walk.where(*also)


def page_of(
    dialect: str, walk: Select[Any] | CompoundSelect[Any], viewer: bool, *, bounded: bool = False
) -> Select[Any]:
    """The page: a walk's `id`/`created_at` rows for the bound `offset`/`limit` (or all of them
    when the walk is `bounded` to the page already), joined to their articles and authors, newest
    first, as rows of `shared.article_rows.columns`."""
    if not bounded:
        walk = walk.limit(bindparam("limit")).offset(bindparam("offset"))
    page = walk.subquery("page")
    return (
        select(*columns(dialect, viewer, with_body=False))
        .select_from(page)
        .join(articles, articles.c.id == page.c.id)
        .join(users, users.c.id == articles.c.author_id)
        .order_by(page.c.created_at.desc(), page.c.id.desc())
    )


@cache
def _page_query(dialect: str, filters: tuple[str, ...], viewer: bool) -> Select[Any]:
    return page_of(dialect, _narrowed(filters), viewer)


def _count_of(query: Select[Any]) -> Select[Any]:
    return select(func.count()).select_from(query.order_by(None).subquery())


_SIZES = {
    "tag": select(tags.c.articles_count).where(tags.c.name == bindparam("tag")),
    "author": select(users.c.articles_count).where(users.c.username == bindparam("author")),
    "favorited": select(users.c.favorites_count).where(users.c.username == bindparam("favorited")),
}
"""Each filter's counter: how many articles it matches alone."""


@cache
def _count_query(filters: tuple[str, ...]) -> Select[Any]:
    """`articlesCount`: a counter for no filter or one, else a `count(*)` of the walk's matches."""
    if not filters:
        return select(counters.c.value).where(counters.c.name == "articles")
    if len(filters) == 1 and filters[0] in _SIZES:
        return _SIZES[filters[0]]
    return _count_of(_narrowed(filters))


@cache
def _sizes_query(filters: tuple[str, ...]) -> Select[Any]:
    return select(*(func.coalesce(_SIZES[kind].scalar_subquery(), 0) for kind in filters))


def _smallest_first(read: reader.Reader, filters: tuple[str, ...], params: dict[str, Any]) -> tuple[str, ...]:
    """A combination walks the filter that matches fewest articles (by the counters): its count
    bounds the walk and the `count(*)`, whatever the others match."""
    sizes = read.first(_sizes_query(filters), params) or ()
    return tuple(kind for _size, kind in sorted(zip(sizes, filters, strict=True), key=lambda pair: pair[0]))


def _page(
    read: reader.Reader, viewer: Account | None, filters: tuple[str, ...], params: dict[str, Any]
) -> ArticlePage:
    params["viewer"] = viewer.id if viewer is not None else None
    if len(filters) > 1:
        filters = _smallest_first(read, filters, params)
    count = read.scalar(_count_query(filters), params) or 0
    rows = read.rows(_page_query(read.dialect, filters, viewer is not None), params)
    return ArticlePage(articles=[view(row) for row in rows], articles_count=count)


FILTERS = ("tag", "author", "favorited")


@db.read_only
def list_articles(source: reader.Source, viewer: Account | None, filters: ArticleFilters) -> ArticlePage:
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
    chosen = tuple(kind for kind in FILTERS if given[kind] is not None)
    return _page(reader.of(source), viewer, chosen, params)

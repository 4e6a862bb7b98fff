"""One article as the API shows it: the columns of its row, and the row as a `shared.views` record.

Built with SQLAlchemy Core and reused for every read (`get_article` here, the lists in
`shared.article_lists`): each statement is built once per shape (database, viewer) with
bound parameters, runs on the read's connection (`shared.reader`), and its rows become records
directly, with no ORM entities, identity map or attribute tracking on the read path
(the micro-benchmarks in `bench/micro/` measure what is left against the same SQL on a
raw DB-API cursor). An article's tags come in its own row, so one statement reads one
article and one statement reads a page.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, String, bindparam, exists, false, func, null, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from shared import db, errors, reader
from shared.accounts import Account
from shared.limits import storable
from shared.models import Article, ArticleTag, Favorite, Follow, Tag, User
from shared.profiles import followed_by_viewer
from shared.views import ArticleView, ProfileView

articles = Article.__table__
users = User.__table__
links = ArticleTag.__table__
tags = Tag.__table__
favorites = Favorite.__table__
follows = Follow.__table__


def user_id(name: str) -> ColumnElement[Any]:
    """SQL for the id of the user whose username is the bound parameter `name` (NULL if none)."""
    return select(users.c.id).where(users.c.username == bindparam(name)).scalar_subquery()


def _flags(viewer: bool) -> list[ColumnElement[Any]]:
    if not viewer:
        return [false().label("favorited"), false().label("following")]
    favorited = exists().where(
        favorites.c.article_id == articles.c.id, favorites.c.user_id == bindparam("viewer")
    )
    return [favorited.label("favorited"), followed_by_viewer(viewer, articles.c.author_id).label("following")]


def columns(dialect: str, viewer: bool, with_body: bool) -> list[ColumnElement[Any]]:
    """The columns of an article's row, in the order `view` unpacks them, for the database named by
    `dialect` (`postgresql` or `sqlite`); `viewer` adds the bound parameter `viewer` (a user id) for
    `favorited` and `following`; lists leave the body out (NULL)."""
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


_JSON = json.JSONDecoder()
"""`raw_decode` reads the document SQLite's `json_group_array` wrote (nothing after it to check):
0.9 µs for two tags with their sort, where `json.loads` took 1.6 µs (bench/micro/test_records.py)."""


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [name for _position, name in sorted(_JSON.raw_decode(value)[0])]


def view(row: Any) -> ArticleView:
    """A row of `columns` as the API's article (unpacked by position: the read path's hot loop).

    The records are built with positional arguments, in their fields' order: with keywords a
    page of 20 took 55 µs to build on SQLite, positionally 44 (timed by hand on the same rows)."""
    (
        slug,
        title,
        description,
        body,
        created,
        updated,
        count,
        username,
        bio,
        image,
        favorited,
        following,
        tags_,
    ) = row
    author = ProfileView(username, bio, image, bool(following))
    return ArticleView(
        slug, title, description, body, _names(tags_), created, updated, bool(favorited), count, author
    )


@cache
def _one_query(dialect: str, viewer: bool) -> Select[Any]:
    return (
        select(*columns(dialect, viewer, with_body=True))
        .join_from(articles, users, users.c.id == articles.c.author_id)
        .where(articles.c.slug == bindparam("slug"))
    )


@db.read_only
def get_article(source: reader.Source, viewer: Account | None, slug: str) -> ArticleView:
    """One article with its body, relative to `viewer`, in one statement; `errors.NotFound` for an
    unknown slug."""
    if not storable(slug):
        raise errors.NotFound("article")
    read = reader.of(source)
    params = {"slug": slug, "viewer": viewer.id if viewer is not None else None}
    row = read.first(_one_query(read.dialect, viewer is not None), params)
    if row is None:
        raise errors.NotFound("article")
    return view(row)

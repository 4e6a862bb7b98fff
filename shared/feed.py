"""The feed: articles by the authors the viewer follows, newest first, read the cheaper of two ways.

- **Gathered**: every article of the followed authors, from `articles(author_id,
  created_at, id)`, sorted; it reads the feed's size in index entries.
- **Walked**: every article newest first, from `articles(created_at, id, author_id)`,
  keeping the followed authors' until the page is full; if their articles are spread
  evenly in time it reads about `(offset + limit) * all articles / feed size` entries.

The first statement returns the feed's size and the number of all articles from the
counters (`shared.counters`) with the followed authors, so the page's statement is the
one that reads fewer entries: the walk when `size**2 > (offset + limit) * all articles`.
Either reads at most about `sqrt((offset + limit) * all articles)` entries: for a page at
offset 10,000 of 1,000,000 articles, 100,000 at worst, whatever the feed's size.

With 1,000,000 seeded articles the demo account's feed holds 386,788 (100 followed
authors). For its page at offset 10,000 the published sweep (docs/bench/sweep/, with every
statement's plan) walks: on PostgreSQL 15 an `Index Only Scan Backward` that keeps 10,020
rows, p50 1.62-1.68x the page's at 1,000 articles; on SQLite 2.29-2.31x. Before this
module the same page gathered and sorted all 386,788: 72-73 ms on PostgreSQL.

Statements per page: two (the followed authors with the counts, then the page).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from shared import db
from shared.article_lists import page_of
from shared.article_rows import articles, follows, users, view
from shared.models import Counter, User
from shared.views import ArticlePage

counters = Counter.__table__

LISTED_AUTHORS = 1000
"""The most followed authors (with articles) sent to the walk as a list of ids; beyond it the
walk reads them from `follows` itself. PostgreSQL 14+ hashes a list of 9 or more values."""


@cache
def _followed_query(most: int) -> Select[Any]:
    """Up to `most` rows `(author id, feed size, followed authors with articles, all articles)`,
    one per followed author with articles; the last three are the same on every row."""
    every = select(counters.c.value).where(counters.c.name == "articles").scalar_subquery()
    return (
        select(users.c.id, func.sum(users.c.articles_count).over(), func.count().over(), every)
        .join_from(follows, users, users.c.id == follows.c.followee_id)
        .where(follows.c.follower_id == bindparam("viewer"), users.c.articles_count > 0)
        .limit(most)
    )


def walks(size: int, every: int, limit: int, offset: int) -> bool:
    """Whether walking all `every` articles reads fewer index entries than gathering the feed's
    `size` articles, for the page `limit` from `offset` (the rule in the module docstring)."""
    return size * size > (offset + limit) * every


def _followed() -> Select[Any]:
    return select(follows.c.followee_id).where(follows.c.follower_id == bindparam("viewer"))


def _walked(listed: bool) -> Select[Any]:
    """Every article newest first, kept if its author is in the bound list `authors` (or followed).

    `author_id + 0` keeps the author's index out of this plan, which is chosen for feeds
    that hold a large share of all articles, where gathering and sorting them costs more.
    """
    author = articles.c.author_id + literal_column("0")
    kept = author.in_(bindparam("authors", expanding=True)) if listed else author.in_(_followed())
    return (
        select(articles.c.id, articles.c.created_at)
        .where(kept)
        .order_by(articles.c.created_at.desc(), articles.c.id.desc())
    )


def _gathered() -> Select[Any]:
    """Every article of the followed authors, newest first (the database sorts them)."""
    return (
        select(articles.c.id, articles.c.created_at)
        .where(articles.c.author_id.in_(_followed()))
        .order_by(articles.c.created_at.desc(), articles.c.id.desc())
    )


@cache
def _page_query(dialect: str, walk: str) -> Select[Any]:
    """The page for `walk`: `listed`, `followed` (both walks) or `gathered`."""
    return page_of(dialect, _gathered() if walk == "gathered" else _walked(walk == "listed"), viewer=True)


@db.read_only
def feed(session: Session, viewer: User, limit: int, offset: int) -> ArticlePage:
    """Articles by the authors `viewer` follows, newest first: `limit` (1-100) from `offset`;
    `articlesCount` is the sum of their `users.articles_count` counters."""
    connection = session.connection()
    params: dict[str, Any] = {"viewer": viewer.id, "limit": limit, "offset": offset}
    followed = connection.execute(_followed_query(LISTED_AUTHORS + 1), params).all()
    if not followed:
        return ArticlePage(articles=[], articles_count=0)
    size, authors, every = (int(value or 0) for value in followed[0][1:])
    walk = "gathered"
    if walks(size, every, limit, offset):
        walk = "listed" if authors <= LISTED_AUTHORS else "followed"
        params["authors"] = [row[0] for row in followed]
    rows = connection.execute(_page_query(connection.dialect.name, walk), params)
    return ArticlePage(articles=[view(row) for row in rows], articles_count=size)

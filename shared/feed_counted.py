"""SQLite's deep feed pages: found by counting the followed authors' articles, then walked briefly.

The walk (`shared.feed`) checks every article newest first until `offset + limit` of them
are the followed authors': at offset 10,000 of a feed that holds 39 % of 1,000,000 articles
it reads about 26,000 index entries and checks each one's author in a byte mask, about
0.12 µs an entry on SQLite. Counting costs less per article than checking: counting the
followed authors' articles created since a time, in `articles(author_id, created_at, id)`,
costs about 0.05 µs an article and an index search per author, and finding an article's time
by its id one search of the table (timed by hand on that database). So the page's one
statement, on SQLite with the mask:

1. `first`: the time of the article `estimate` ids below the newest (bound: where the feed would
   hold `offset + limit` articles if they were spread evenly, `estimate`), and `counted`: how many
   of the feed's articles were created at that time or later, counted in the author index;
2. `second`: the time of the article as many ids below the newest as the density just measured
   says the page needs, and its count: the first's, plus or minus the feed's articles between
   the two times;
3. the page: the feed's articles at or after the second time walked oldest first, skipping all
   but the page's, and those before it walked newest first; one of the two is empty unless the
   page straddles the time. Each walk reads about the second estimate's error.

The guesses take ids to grow with creation time, as this API writes them (the database's next
id, the clock's time). Whatever the guesses, the page is the walk's page: both counts and walks
read the statement's one snapshot, use the same followed authors and compare times alike (ties
fall on the same side), so only the entries read depend on the guesses
(tests/shared/test_feed_counted.py runs ids against time order and guesses from 0 to past the
end). The published measurement is docs/bench/feed/sqlite-walk.md (`python -m bench.feed_walk`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    LargeBinary,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    union_all,
)

from shared.article_rows import articles

FOLLOWED = b"\x01"
"""The mask's byte for a followed author (`shared.feed.mask`)."""

COUNTED_FROM = 4_000
"""The walk's estimated entries (`(offset + limit) * all articles / feed size`) from which the
page is counted: below it the mask's walk costs less than the statement's fixed part (two index
searches per followed author for the counts). Timed with `python -m bench.feed_walk` on
1,000,000 seeded articles (docs/bench/feed/sqlite-walk.md, commit 69d46a1): counted against
walked 1.69x at offset 0 (52 entries), 1.01x at offset 1,000 (2,637), 0.65x at offset 3,000
(7,808) and 0.27x at offset 10,000 (25,906 entries: 1.3 against 4.2 ms)."""

_EARLIEST: ColumnElement[str] = literal_column("''")
"""Before every article's `created_at` (SQLite keeps them as ISO 8601 text): the time of an id
below the oldest article's."""


def estimate(size: int, every: int, limit: int, offset: int) -> int:
    """The position (from 0, newest first, among `every` articles) where the feed of `size`
    articles is expected to hold `offset + limit` of its own if they were spread evenly; `page`
    takes it as a number of ids below the newest (ids grow with creation time)."""
    if size <= 0 or every <= 0:
        return 0
    return min(every - 1, max(0, (offset + limit) * every // size - 1))


def _followed(column: ColumnElement[Any]) -> ColumnElement[bool]:
    """Whether `column` is one of the bound `followed` ids, a JSON array: one parameter where a
    list of 100 ids expanded three times took 150 µs to bind (timed by hand), the statement's
    SQL the same for every reader."""
    ids: Select[Any] = select(literal_column("value")).select_from(
        func.json_each(bindparam("followed", type_=String()))
    )
    return column.in_(ids)


def masked() -> ColumnElement[bool]:
    """Whether the article's author is marked in the bound bytes `mask` (`shared.feed.mask`)."""
    marked = func.substr(bindparam("mask", type_=LargeBinary()), articles.c.author_id, 1)
    return marked == literal(FOLLOWED, LargeBinary())


def _newest() -> tuple[ColumnElement[Any], ...]:
    return (articles.c.created_at.desc(), articles.c.id.desc())


def _oldest() -> tuple[ColumnElement[Any], ...]:
    return (articles.c.created_at.asc(), articles.c.id.asc())


def _count(since: ColumnElement[Any], before: ColumnElement[Any] | None = None) -> ColumnElement[Any]:
    """The feed's articles created at `since` or later (and before `before`), from the author index."""
    kept = [_followed(articles.c.author_id), articles.c.created_at >= since]
    if before is not None:
        kept.append(articles.c.created_at < before)
    return select(func.count()).where(*kept).scalar_subquery()


def _time_of(below: ColumnElement[Any]) -> ColumnElement[Any]:
    """The `created_at` of the newest article whose id is at most `below`, or `_EARLIEST`."""
    newest = (
        select(articles.c.created_at)
        .where(articles.c.id <= below)
        .order_by(articles.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(newest, _EARLIEST)


@cache
def page() -> CompoundSelect[Any]:
    """The page's `id`/`created_at` rows, in no order, for the bound `followed` (the followed
    authors' ids as a JSON array), `mask` (`shared.feed.mask` of them), `estimate` (`estimate`),
    `limit` and `offset`; `shared.article_lists.page_of(..., bounded=True)` joins and orders them."""
    guess = bindparam("estimate", type_=Integer())
    limit, offset = bindparam("limit", type_=Integer()), bindparam("offset", type_=Integer())
    wanted = limit + offset
    top = select(func.coalesce(func.max(articles.c.id), 0).label("id")).cte("top")
    newest_id = select(top.c.id).scalar_subquery()
    first = select(_time_of(newest_id - guess).label("at")).cte("first")
    at = select(first.c.at).scalar_subquery()
    counted = select(_count(at).label("n")).cte("counted")
    n = select(counted.c.n).scalar_subquery()
    spread = cast((guess + 1) * wanted / func.max(n, 1), Integer)
    second = select(
        case((n > 0, _time_of(newest_id - func.max(0, spread - 1))), else_=_EARLIEST).label("at")
    ).cte("second")
    at2 = select(second.c.at).scalar_subquery()
    between = case(
        (at2 < at, _count(at2, at)),
        (at2 > at, -_count(at, at2)),
        else_=0,
    )
    recounted = select((n + between).label("n")).cte("recounted")
    n2 = select(recounted.c.n).scalar_subquery()
    newer = (
        select(articles.c.id, articles.c.created_at)
        .where(masked(), articles.c.created_at >= at2)
        .order_by(*_oldest())
        .limit(func.max(0, func.min(limit, n2 - offset)))
        .offset(func.max(0, n2 - wanted))
        .subquery("newer")
    )
    older = (
        select(articles.c.id, articles.c.created_at)
        .where(masked(), articles.c.created_at < at2)
        .order_by(*_newest())
        .limit(func.max(0, wanted - func.max(n2, offset)))
        .offset(func.max(0, offset - n2))
        .subquery("older")
    )
    return union_all(select(newer.c.id, newer.c.created_at), select(older.c.id, older.c.created_at))

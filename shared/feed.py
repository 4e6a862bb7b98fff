"""The feed: articles by the authors the viewer follows, newest first, read the cheaper of two ways.

- **Gathered**: every article of the followed authors, from `articles(author_id,
  created_at, id)`, sorted; it reads the feed's size in index entries, and the sort keeps
  the `offset + limit` newest.
- **Walked**: every article newest first, from `articles(created_at, id, author_id)`,
  keeping the followed authors' until the page is full; if their articles are spread
  evenly in time it reads about `(offset + limit) * all articles / feed size` entries.
  Each entry's author is checked in a list of the followed ids, or on SQLite in a byte
  mask of them (`mask`, `MASK_BYTES`). On SQLite a walk of `feed_counted.COUNTED_FROM`
  entries or more is counted first (`shared.feed_counted`): the page's place is found by
  counting the followed authors' articles in their index, and only the page is walked.

The first statement returns the feed's size and the number of all articles from the
counters (`shared.counters`) with the followed authors, so the page's statement is the
cheaper by `walks`: the entries the walk reads against the gather's entries and the rows
its sort keeps, each weighed by what it costs on the database (`PLAN_COSTS`). Either way
a deep page reads a bounded number of entries: for a page at offset 10,000 of 1,000,000
articles, the walk reads about 100,000 at worst, whatever the feed's size.

With 1,000,000 seeded articles the demo account's feed holds 386,788 (100 followed
authors). For its page at offset 10,000 the published sweeps (docs/bench/sweep-postgresql/ and
sweep-sqlite/, with every statement's plan) walk: on PostgreSQL 15 an `Index Only Scan
Backward` that keeps 10,020 rows, p50 1.13-1.26x the page's at 1,000 articles; on SQLite,
counted (`shared.feed_counted`), 1.27x on FastAPI and 1.55x on Flask (1.8-2.4 ms, commit
69d46a1), where the walk alone read about 26,000 entries and checked each one's author:
3.35-3.97x (commit 0f703f4; README, "The shared read path"). Before this module the same
page gathered and sorted all 386,788: 72-73 ms on PostgreSQL.

Statements per page: two (the followed authors with the counts, then the page).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select

from shared import db, feed_counted, reader
from shared.accounts import Account
from shared.article_lists import page_of
from shared.article_rows import articles, follows, users, view
from shared.models import Counter
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


@dataclass(frozen=True)
class PlanCosts:
    """What the gather costs against the walk, on one database, the walk's index entry counting 1."""

    gathered_entry: float
    """One entry of the followed authors' articles read from the author index."""
    kept_row: float
    """One of the `offset + limit` rows the gather's sort keeps (a top-N sort)."""


PLAN_COSTS = {
    "sqlite": PlanCosts(gathered_entry=0.5, kept_row=7.0),
    "postgresql": PlanCosts(gathered_entry=1.0, kept_row=0.5),
}
"""Per database (`dialect.name`), from `python -m bench.feed_plans` on 10,000 articles
(docs/bench/feed/): on SQLite a walked entry costs about 0.17 µs, a gathered entry 0.05 to
0.09 µs and a row the sort keeps 1.2 µs (the weights round them up: 0.5 and 7 walked entries),
so the demo account's deep page (offset 6,840 of a feed of 6,875) walks, in 2.9 ms against 9.2
gathered. On PostgreSQL the walk and the gather cost about the same per entry and the sort's
rows less than on SQLite: that page walked took 0.68 times as long as gathered, while the pages
of feeds of 42 to 400 articles gathered in 0.56 to 0.98 times the walk."""


def walks(size: int, every: int, limit: int, offset: int, costs: PlanCosts) -> bool:
    """Whether walking all `every` articles costs less than gathering the feed's `size` articles,
    for the page `limit` from `offset`, at `costs` (the rule in the module docstring)."""
    if size <= 0:
        return False
    walked = _entries(size, every, limit, offset)
    gathered = costs.gathered_entry * size + costs.kept_row * min(size, offset + limit)
    return walked < gathered


def _followed() -> Select[Any]:
    return select(follows.c.followee_id).where(follows.c.follower_id == bindparam("viewer"))


def _walked(walk: str) -> Select[Any]:
    """Every article newest first, kept if its author is in the bound list `authors` (`listed`),
    marked in the bound bytes `mask` (`masked`) or followed (`followed`).

    `author_id + 0` keeps the author's index out of this plan, which is chosen for feeds
    that hold a large share of all articles, where gathering and sorting them costs more.
    """
    author = articles.c.author_id + literal_column("0")
    if walk == "masked":
        kept = feed_counted.masked()
    elif walk == "listed":
        kept = author.in_(bindparam("authors", expanding=True))
    else:
        kept = author.in_(_followed())
    return (
        select(articles.c.id, articles.c.created_at)
        .where(kept)
        .order_by(articles.c.created_at.desc(), articles.c.id.desc())
    )


MASK_BYTES = 262_144
"""SQLite's walk checks each article's author in a mask of the followed ids, one byte per user id
(`FOLLOWED` at offset id - 1), when the highest followed id is at most this (256 KiB a request);
otherwise in a list. `substr` on a blob reads one byte where `IN (list)` searches a b-tree: on
1,000,000 seeded articles the demo account's deep page (offset 10,000 of a feed of 386,788) took
4.2 ms walked with the mask and 6.0 ms with the list, 0.70 times as long (`python -m
bench.feed_walk`, docs/bench/feed/sqlite-walk.md, commit 69d46a1); counted first
(`shared.feed_counted`) it took 1.3 ms."""


def mask(authors: list[int]) -> bytes | None:
    """The followed `authors` (ids from 1) as `MASK_BYTES` at most, or None when one is beyond it."""
    top = max(authors, default=0)
    if top > MASK_BYTES or top < 1:
        return None
    marked = bytearray(top)
    for author in authors:
        marked[author - 1] = 1
    return bytes(marked)


def _gathered(dialect: str) -> Select[Any]:
    """Every article of the followed authors, newest first (the database sorts them).

    On PostgreSQL the articles are gathered in a `MATERIALIZED` common table expression first:
    otherwise the planner flattens `IN (subquery)` into a semi-join and, estimating the feed's
    size from averages, walks `articles(created_at, id, author_id)` instead: for a reader
    following 3 authors (42 articles) that read 6,734 of 10,000 entries (`EXPLAIN ANALYZE` of the
    page's statement before this CTE; `python -m bench.feed_plans` times the gather as it is now,
    docs/bench/feed/postgresql.md).
    """
    query = select(articles.c.id, articles.c.created_at).where(articles.c.author_id.in_(_followed()))
    if dialect == "postgresql":
        gathered = query.cte("followed_articles").prefix_with("MATERIALIZED")
        return select(gathered.c.id, gathered.c.created_at).order_by(
            gathered.c.created_at.desc(), gathered.c.id.desc()
        )
    return query.order_by(articles.c.created_at.desc(), articles.c.id.desc())


@cache
def _page_query(dialect: str, walk: str) -> Select[Any]:
    """The page for `walk`: `listed`, `masked`, `counted`, `followed` (the walks) or `gathered`."""
    if walk == "counted":
        return page_of(dialect, feed_counted.page(), viewer=True, bounded=True)
    read = _gathered(dialect) if walk == "gathered" else _walked(walk)
    return page_of(dialect, read, viewer=True)


PLANS = (None, "walked", "gathered", "listed", "masked", "counted")
"""What `feed(plan=...)` takes: None (the rule), `walked` (the walk the rule would take),
`gathered`, or a walk forced: `listed`, and on SQLite `masked` (never counted) or `counted`."""


@db.read_only
def feed(
    source: reader.Source, viewer: Account, limit: int, offset: int, *, plan: str | None = None
) -> ArticlePage:
    """Articles by the authors `viewer` follows, newest first: `limit` (1-100) from `offset`;
    `articlesCount` is the sum of their `users.articles_count` counters.

    `plan` forces the page's plan (`PLANS`; `bench/feed_plans.py` and `bench/feed_walk.py` time
    them); None (every request) takes the cheaper by `walks`, and on SQLite a walk with the mask
    is counted (`shared.feed_counted`) from `feed_counted.COUNTED_FROM` entries. The page is the
    same either way. Raises ValueError for a plan not in `PLANS`, or `masked`/`counted` where the
    mask cannot be used (PostgreSQL, over `LISTED_AUTHORS` followed authors, or a followed id
    over `MASK_BYTES`).
    """
    if plan not in PLANS:
        raise ValueError(f"plan must be one of {PLANS[1:]} or None, not {plan!r}")
    read = reader.of(source)
    params: dict[str, Any] = {"viewer": viewer.id, "limit": limit, "offset": offset}
    followed = read.rows(_followed_query(LISTED_AUTHORS + 1), params)
    if not followed:
        return ArticlePage(articles=[], articles_count=0)
    size, authors, every = (int(value or 0) for value in followed[0][1:])
    costs = PLAN_COSTS.get(read.dialect, PLAN_COSTS["postgresql"])
    walked = walks(size, every, limit, offset, costs) if plan is None else plan != "gathered"
    walk = "gathered"
    if walked:
        walk = "listed" if authors <= LISTED_AUTHORS else "followed"
        params["authors"] = [row[0] for row in followed]
        maskable = read.dialect == "sqlite" and walk == "listed" and plan != "listed"
        marked = mask(params["authors"]) if maskable else None
        if marked is not None:
            walk, params["mask"] = "masked", marked
            if plan == "counted" or (
                plan != "masked" and _entries(size, every, limit, offset) >= feed_counted.COUNTED_FROM
            ):
                walk = "counted"
                params["estimate"] = feed_counted.estimate(size, every, limit, offset)
                params["followed"] = json.dumps(params["authors"])
        elif plan in ("masked", "counted"):
            raise ValueError(
                f"plan {plan!r} needs SQLite, {LISTED_AUTHORS:,} followed authors at most"
                f" and their ids up to {MASK_BYTES:,}"
            )
    rows = read.rows(_page_query(read.dialect, walk), params)
    return ArticlePage(articles=[view(row) for row in rows], articles_count=size)


def _entries(size: int, every: int, limit: int, offset: int) -> float:
    """The entries the walk is expected to read: `(offset + limit) * every / size`."""
    return (offset + limit) * every / size

"""The reads of the data-size sweep: which list, whose, which page, and the request and call for each.

Every read asks for `limit=20`. Its subject (the popular tag, the rare tag, the busiest
author, the demo account's favorites and feed) is read from the seeded database at each
size: the counters (`tags.articles_count`, `users.articles_count`, `users.favorites_count`,
the `counters` row `articles`) and the demo account's follows, never assumed from the seed.
A deep page starts at `deep_offset` of its subject's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from shared.article_lists import ArticleFilters
from shared.counters import ARTICLES
from shared.models import Counter, Follow, Tag, User
from shared.seed import DEMO_USERNAME

LIMIT = 20
"""Articles per page in every read of the sweep."""
DEEP_CAP = 10_000
"""A deep page's offset is at most this: 'a deep page (offset near 10,000)'."""
GOAL = 2.0
"""The goal: a read's p50 at the largest size is at most this times its p50 at the smallest."""


@dataclass(frozen=True)
class Read:
    """One read of the sweep: `subject` names its entry in `subjects()`, `kind` the list it walks."""

    name: str
    kind: str
    """`all` (the plain list), `tag`, `author`, `favorited` or `feed`."""
    subject: str
    """`all`, `popular_tag`, `rare_tag`, `author`, `favorited` or `feed`."""
    auth: bool = False
    """Sent with the demo account's token (the list then says `favorited`/`following` per article)."""
    deep: bool = False
    """A deep page: `offset = deep_offset(count of the subject)` instead of 0."""


READS = (
    Read("list", "all", "all"),
    Read("list (auth)", "all", "all", auth=True),
    Read("list deep", "all", "all", deep=True),
    Read("popular tag", "tag", "popular_tag"),
    Read("popular tag deep", "tag", "popular_tag", deep=True),
    Read("rare tag", "tag", "rare_tag"),
    Read("author", "author", "author"),
    Read("author deep", "author", "author", deep=True),
    Read("favorited", "favorited", "favorited", auth=True),
    Read("favorited deep", "favorited", "favorited", auth=True, deep=True),
    Read("feed", "feed", "feed", auth=True),
    Read("feed deep", "feed", "feed", auth=True, deep=True),
)
"""Twelve reads: each list a first page and (all but the rare tag) a deep page; the plain list twice."""

SUBJECTS = {
    "all": "every article (the `counters` row `articles`)",
    "popular_tag": "the tag with the largest `tags.articles_count`",
    "rare_tag": (
        "the least used tag that fills a page: the smallest `tags.articles_count` of at least 20"
        " (the most used tag when none has 20), so every size returns the same 20 articles"
    ),
    "author": "the author with the largest `users.articles_count`",
    "favorited": "`favorited=` the demo account (`users.favorites_count`)",
    "feed": "the demo account's feed (its follows, their `users.articles_count` summed)",
}
"""What each subject is, in the words the summary prints; ties go to the first name in sort order."""


def deep_offset(count: int, limit: int = LIMIT, cap: int = DEEP_CAP) -> int:
    """The deep page's offset for a list of `count` articles: min(cap, count - limit) rounded down to
    a multiple of `limit`, never negative (0 when the list has at most one page)."""
    return max(0, min(cap, count - limit)) // limit * limit


def subjects(connection: Connection) -> dict[str, dict[str, Any]]:
    """Each subject's `name` (tag or username; None for the plain list) and `articles` (its count),
    read from the counters and follows of the database behind `connection`; the feed adds `follows`.

    The rare tag fills a page (`LIMIT` articles) so that its page holds as many articles at every
    size: the least used tag of all holds 1 article at 1,000 seeded articles and 15 at 1,000,000,
    and the published sweep of 87663c8 measured that page 2.07-2.28x slower on PostgreSQL.
    """
    total = connection.execute(select(Counter.value).where(Counter.name == ARTICLES)).scalar() or 0
    popular = connection.execute(
        select(Tag.name, Tag.articles_count).order_by(Tag.articles_count.desc(), Tag.name).limit(1)
    ).first()
    rare = (
        connection.execute(
            select(Tag.name, Tag.articles_count)
            .where(Tag.articles_count >= LIMIT)
            .order_by(Tag.articles_count, Tag.name)
            .limit(1)
        ).first()
        or popular
    )
    author = connection.execute(
        select(User.username, User.articles_count)
        .order_by(User.articles_count.desc(), User.username)
        .limit(1)
    ).first()
    demo = connection.execute(
        select(User.id, User.favorites_count).where(User.username == DEMO_USERNAME)
    ).one()
    follows, feed = connection.execute(
        select(func.count(), func.coalesce(func.sum(User.articles_count), 0))
        .select_from(Follow)
        .join(User, User.id == Follow.followee_id)
        .where(Follow.follower_id == demo.id)
    ).one()

    def named(row: Any) -> dict[str, Any]:
        return {"name": row[0], "articles": int(row[1])} if row else {"name": None, "articles": 0}

    return {
        "all": {"name": None, "articles": int(total)},
        "popular_tag": named(popular),
        "rare_tag": named(rare),
        "author": named(author),
        "favorited": {"name": DEMO_USERNAME, "articles": int(demo.favorites_count)},
        "feed": {"name": DEMO_USERNAME, "articles": int(feed), "follows": int(follows)},
    }


def offset(read: Read, found: dict[str, dict[str, Any]]) -> int:
    """The read's offset at one size: 0 for a first page, else `deep_offset` of its subject's count."""
    return deep_offset(found[read.subject]["articles"]) if read.deep else 0


def path(read: Read, name: str | None, offset: int) -> str:
    """The request's path and query, e.g. `/api/articles?limit=20&tag=python&offset=9980`."""
    if read.kind == "feed":
        base = f"/api/articles/feed?limit={LIMIT}"
    else:
        base = f"/api/articles?limit={LIMIT}"
        if read.kind != "all":
            base += f"&{read.kind}={quote(name or '', safe='')}"
    return f"{base}&offset={offset}" if offset else base


def filters(read: Read, name: str | None, offset: int) -> ArticleFilters:
    """What `shared.articles.list_articles` gets for the same request (not used for the feed)."""
    return ArticleFilters(
        tag=name if read.kind == "tag" else None,
        author=name if read.kind == "author" else None,
        favorited=name if read.kind == "favorited" else None,
        limit=LIMIT,
        offset=offset,
    )

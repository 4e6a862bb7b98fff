"""The counts behind `articlesCount` and `favoritesCount`, kept exact by the writes they count.

A list answers `articlesCount` by reading one counter instead of a `count(*)` over
every match, which grows with the data (the published data-size sweep measured it).
Each write that adds or removes an article, a tag link or a favorite changes its
counters in the same transaction, with `SET n = n + 1` in SQL so concurrent writes
never lose an update: PostgreSQL locks the counted row until commit, SQLite has one
writer at a time.

Rows are locked in one global order, so two transactions never wait on each other
in a circle (a PostgreSQL deadlock): the article, then users by id, then tags by id,
then the `counters` row, which is touched last to hold its lock for the shortest time.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import BindParameter, Select, bindparam, case, delete, func, select, text, update
from sqlalchemy.orm import Session

from shared.models import Article, ArticleTag, Base, Counter, Favorite, Tag, User

ARTICLES = "articles"
"""The `counters` row holding the number of articles: `articlesCount` of the unfiltered list."""

articles = Base.metadata.tables[Article.__tablename__]
users = Base.metadata.tables[User.__tablename__]
tags = Base.metadata.tables[Tag.__tablename__]
totals = Base.metadata.tables[Counter.__tablename__]

# Built once, run with bound parameters (SQLAlchemy Core on the tables: no ORM evaluation of
# the UPDATE against the session's objects). Each locks its rows in id order first with
# `FOR NO KEY UPDATE` in the subquery (PostgreSQL only; SQLite has one writer at a time): the
# lock an UPDATE takes anyway, which lets other inserts' foreign-key checks (`KEY SHARE`)
# through. `FOR UPDATE` would not: two creates by one author, each holding `KEY SHARE` on the
# author's row from inserting its article, deadlocked on it (found by tests/hardening/test_load.py).
_ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
_TAGS = (
    update(tags)
    .where(
        tags.c.id.in_(
            select(tags.c.id).where(tags.c.id.in_(_ids)).order_by(tags.c.id).with_for_update(key_share=True)
        )
    )
    .values(
        articles_count=tags.c.articles_count
        + case((tags.c.id.in_(bindparam("plus", expanding=True)), 1), else_=-1)
    )
)
_USERS = (
    update(users)
    .where(
        users.c.id.in_(
            select(users.c.id)
            .where(users.c.id.in_(_ids))
            .order_by(users.c.id)
            .with_for_update(key_share=True)
        )
    )
    .values(
        articles_count=users.c.articles_count
        + case((users.c.id == bindparam("author"), bindparam("wrote")), else_=0),
        favorites_count=users.c.favorites_count
        + case((users.c.id.in_(bindparam("fans", expanding=True)), bindparam("liked")), else_=0),
    )
)
_TOTAL = update(totals).where(totals.c.name == ARTICLES).values(value=totals.c.value + bindparam("delta"))
_ARTICLE = (
    update(articles)
    .where(articles.c.id == bindparam("article"))
    .values(favorites_count=articles.c.favorites_count + bindparam("delta"))
)


def _tags(session: Session, removed: Iterable[int], added: Iterable[int]) -> None:
    """Tags in `added` count one article more, the others in `removed` one less, in one statement."""
    plus, minus = set(added), set(removed)
    if plus ^ minus:
        session.execute(_TAGS, {"ids": sorted(plus ^ minus), "plus": sorted(plus - minus)})


def _users(session: Session, author: int | None, wrote: int, fans: Iterable[int], liked: int) -> None:
    """The author's `articles_count` moves by `wrote`, each fan's `favorites_count` by `liked`."""
    fan_ids = sorted(set(fans))
    ids = sorted({*fan_ids, *([author] if author is not None else [])})
    params = {"ids": ids, "author": author if author is not None else 0, "wrote": wrote}
    session.execute(_USERS, {**params, "fans": fan_ids, "liked": liked})


def article_created(session: Session, author_id: int, tag_ids: Iterable[int]) -> None:
    """Count a new article for its author, each of its tags and the total."""
    _users(session, author_id, 1, (), 0)
    _tags(session, (), tag_ids)
    session.execute(_TOTAL, {"delta": 1})


def tags_changed(session: Session, removed: Iterable[int], added: Iterable[int]) -> None:
    """An article's tags changed: tag ids in `removed` count one article less, in `added` one more."""
    _tags(session, removed, added)


def article_deleted(session: Session, article_id: int, author_id: int) -> None:
    """Before the article's row is deleted: delete its favorites and tag links, uncounting each.

    Deleted here with `RETURNING`, not left to the cascade: the rows uncounted are exactly
    the rows removed, even on SQLite, where a `SELECT` of the favorites would run before the
    transaction takes the write lock and could miss a favorite committed in between. The
    caller holds the article's row lock (PostgreSQL), so no favorite can be added meanwhile.
    """
    fans = session.scalars(
        delete(Favorite).where(Favorite.article_id == article_id).returning(Favorite.user_id)
    ).all()
    tag_ids = session.scalars(
        delete(ArticleTag).where(ArticleTag.article_id == article_id).returning(ArticleTag.tag_id)
    ).all()
    _users(session, author_id, -1, fans, -1)
    _tags(session, tag_ids, ())
    session.execute(_TOTAL, {"delta": -1})


def favorites_changed(session: Session, article_id: int, user_id: int, delta: int) -> None:
    """A favorite was added (`delta` 1) or removed (-1): the article's and the user's counts follow."""
    session.execute(_ARTICLE, {"article": article_id, "delta": delta})
    _users(session, None, 0, (user_id,), delta)


TOTAL: Select[int] = select(Counter.value).where(Counter.name == ARTICLES)
"""The statement reading the number of articles."""


RECOUNT = (
    "UPDATE articles SET favorites_count = fresh.n FROM (SELECT articles.id, count(favorites.article_id) AS n"
    " FROM articles LEFT JOIN favorites ON favorites.article_id = articles.id GROUP BY articles.id) AS fresh"
    " WHERE fresh.id = articles.id AND articles.favorites_count <> fresh.n",
    "UPDATE users SET articles_count = fresh.n FROM (SELECT users.id, count(articles.id) AS n"
    " FROM users LEFT JOIN articles ON articles.author_id = users.id GROUP BY users.id) AS fresh"
    " WHERE fresh.id = users.id AND users.articles_count <> fresh.n",
    "UPDATE users SET favorites_count = fresh.n FROM (SELECT users.id, count(favorites.user_id) AS n"
    " FROM users LEFT JOIN favorites ON favorites.user_id = users.id GROUP BY users.id) AS fresh"
    " WHERE fresh.id = users.id AND users.favorites_count <> fresh.n",
    "UPDATE tags SET articles_count = fresh.n FROM (SELECT tags.id, count(article_tags.tag_id) AS n"
    " FROM tags LEFT JOIN article_tags ON article_tags.tag_id = tags.id GROUP BY tags.id) AS fresh"
    " WHERE fresh.id = tags.id AND tags.articles_count <> fresh.n",
    "UPDATE counters SET value = (SELECT count(*) FROM articles) WHERE name = 'articles'",
)


def recount(session: Session) -> None:
    """Set every counter from `count(*)`: after a bulk load that bypassed the writes (`shared.seed`).

    One grouped count per counter, joined back (`UPDATE ... FROM`: PostgreSQL, SQLite >= 3.33);
    only rows whose count changed are written.
    """
    for statement in RECOUNT:
        session.execute(text(statement))


def drift(session: Session) -> dict[str, int]:
    """Counters that differ from a fresh `count(*)`, by name (e.g. `tags.articles_count`): {} when exact.

    Values are how many rows disagree, or for the total the difference itself.
    """
    checks = {
        "articles.favorites_count": select(func.count()).where(
            Article.favorites_count
            != select(func.count()).where(Favorite.article_id == Article.id).scalar_subquery()
        ),
        "users.articles_count": select(func.count()).where(
            User.articles_count != select(func.count()).where(Article.author_id == User.id).scalar_subquery()
        ),
        "users.favorites_count": select(func.count()).where(
            User.favorites_count != select(func.count()).where(Favorite.user_id == User.id).scalar_subquery()
        ),
        "tags.articles_count": select(func.count()).where(
            Tag.articles_count != select(func.count()).where(ArticleTag.tag_id == Tag.id).scalar_subquery()
        ),
    }
    found = {name: session.scalar(query) or 0 for name, query in checks.items()}
    counted = session.scalar(select(func.count()).select_from(Article)) or 0
    found["counters.articles"] = (session.scalar(TOTAL) or 0) - counted
    return {name: value for name, value in found.items() if value}

"""The feed, walked or gathered: the same articles in the same order as one plain sorted query."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from shared import articles, db, feed, profiles, users
from shared.models import Article, Follow, User
from tests.shared.conftest import CHEAP, Database


def _user(session: Session, name: str) -> User:
    users.register(session, CHEAP, username=name, email=f"{name}@example.com", password="password123")
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def _expected(session: Session, viewer: User, limit: int, offset: int) -> list[str]:
    """The feed as one plain ORM query: every followed author's articles, newest first."""
    followed = select(Follow.followee_id).where(Follow.follower_id == viewer.id)
    query = (
        select(Article.slug)
        .where(Article.author_id.in_(followed))
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def _world(session: Session, authors: int, per_author: int) -> User:
    """`authors` authors writing in turns (so the walks interleave), one without articles, and a
    reader who follows them all; two articles share a creation time (the id breaks the tie)."""
    writers = [_user(session, f"author{i}") for i in range(authors)]
    for round_ in range(per_author):
        for i, writer in enumerate(writers):
            articles.create_article(
                session, writer, title=f"A{i} R{round_}", description="d", body="b", tag_list=[]
            )
    _user(session, "silent")
    reader = _user(session, "reader")
    for name in [f"author{i}" for i in range(authors)] + ["silent"]:
        profiles.follow(session, reader, name)
    session.execute(
        text("UPDATE articles SET created_at = (SELECT min(created_at) FROM articles) WHERE id <= 2")
    )
    session.commit()
    return reader


def _reads(monkeypatch: pytest.MonkeyPatch, read: str) -> None:
    """Forces the page's statement: `walked` (ids in a mask on SQLite, listed on PostgreSQL),
    `listed` (ids listed everywhere), `followed` (walk reads `follows`), `gathered`."""
    monkeypatch.setattr(feed, "walks", lambda *_: read != "gathered")
    if read == "followed":
        monkeypatch.setattr(feed, "LISTED_AUTHORS", 2)
    if read == "listed":
        monkeypatch.setattr(feed, "MASK_BYTES", 0)


@pytest.mark.parametrize("read", ["walked", "listed", "followed", "gathered"])
@pytest.mark.parametrize("authors", [1, 3, 5])
def test_every_read_gives_the_sorted_feed(
    database: Database, monkeypatch: pytest.MonkeyPatch, read: str, authors: int
) -> None:
    _reads(monkeypatch, read)
    with database.sessions() as session:
        reader = _world(session, authors, per_author=4)
        _user(session, "stranger")  # writes nothing the reader follows
        total = authors * 4
        for limit, offset in [(20, 0), (3, 0), (3, 2), (5, total - 2), (5, total), (100, 0)]:
            page = feed.feed(session, reader, limit, offset)
            assert [article.slug for article in page.articles] == _expected(session, reader, limit, offset)
            assert page.articles_count == total
            assert all(article.author.following for article in page.articles)


def test_articles_of_authors_not_followed_stay_out_of_every_read(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.sessions() as session:
        reader = _world(session, authors=2, per_author=2)
        other = _user(session, "other")
        for i in range(3):
            articles.create_article(session, other, title=f"O{i}", description="d", body="b", tag_list=[])
        for read in ("walked", "listed", "followed", "gathered"):
            with monkeypatch.context() as patch:
                _reads(patch, read)
                slugs = [article.slug for article in feed.feed(session, reader, 100, 0).articles]
            assert slugs == _expected(session, reader, 100, 0), read
            assert len(slugs) == 4, read


def test_a_mask_marks_each_followed_id_at_its_offset() -> None:
    assert feed.mask([3, 1]) == b"\x01\x00\x01"
    assert feed.mask([feed.MASK_BYTES]) == b"\x00" * (feed.MASK_BYTES - 1) + b"\x01"
    assert feed.mask([2, feed.MASK_BYTES + 1]) is None  # beyond the mask: the ids go as a list
    assert feed.mask([]) is None


@pytest.mark.parametrize(("mask_bytes", "checked_in"), [(feed.MASK_BYTES, "substr("), (1, " IN (")])
def test_sqlite_walks_with_a_mask_unless_an_id_is_beyond_it(
    database: Database, monkeypatch: pytest.MonkeyPatch, mask_bytes: int, checked_in: str
) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("the mask is SQLite's; PostgreSQL lists the ids")
    with database.sessions() as session:
        reader = _world(session, authors=3, per_author=2)
        expected = _expected(session, reader, 20, 0)
    monkeypatch.setattr(feed, "walks", lambda *_: True)
    monkeypatch.setattr(feed, "MASK_BYTES", mask_bytes)
    sent: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda _c, _k, sql, *_: sent.append(sql))
    page = db.run(database.sessions, feed.feed, reader, 20, 0)
    assert checked_in in sent[-1]
    assert [article.slug for article in page.articles] == expected
    assert page.articles_count == 6


def test_a_viewer_who_follows_nobody_with_articles_gets_an_empty_feed(database: Database) -> None:
    with database.sessions() as session:
        _user(session, "silent")
        reader = _user(session, "reader")
        assert feed.feed(session, reader, 20, 0).articles_count == 0
        profiles.follow(session, reader, "silent")
        page = feed.feed(session, reader, 20, 0)
        assert (page.articles, page.articles_count) == ([], 0)


ENTRIES = feed.PlanCosts(gathered_entry=1.0, kept_row=0.0)
"""Index entries alone: walk when it reads fewer entries than the gather."""


@pytest.mark.parametrize(
    ("size", "every", "limit", "offset", "walked"),
    [
        (386_788, 1_000_000, 20, 10_000, True),  # the sweep's deep page: walk about 26,000 entries
        (386_788, 1_000_000, 20, 0, True),
        (2_000, 1_000_000, 20, 10_000, False),  # a small feed: gather its 2,000 entries
        (100_001, 1_000_000, 20, 9_980, True),
        (100_000, 1_000_000, 20, 9_980, False),  # the break-even: 100,000**2 == 10,000 * 1,000,000
        (5, 5, 20, 0, False),
        (0, 5, 20, 0, False),
    ],
)
def test_by_entries_the_walk_is_chosen_when_it_reads_fewer(
    size: int, every: int, limit: int, offset: int, walked: bool
) -> None:
    assert feed.walks(size, every, limit, offset, ENTRIES) is walked


@pytest.mark.parametrize(
    ("size", "every", "limit", "offset", "walked"),
    [
        (6_875, 10_000, 20, 6_840, True),  # the demo feed's deep page at 10,000: the sort would keep 6,860
        (6_875, 10_000, 20, 0, True),
        (400, 10_000, 20, 380, False),  # 30 followed authors: walking all 10,000 costs more
        (140, 10_000, 20, 0, False),
        (386_788, 1_000_000, 20, 10_000, True),
        (2_000, 1_000_000, 20, 10_000, False),
        (50_000, 1_000_000, 20, 10_000, False),  # walks 200,400 entries; gathers 50,000 keeping 10,020
    ],
)
def test_on_sqlite_the_rows_the_sort_keeps_count_too(
    size: int, every: int, limit: int, offset: int, walked: bool
) -> None:
    assert feed.walks(size, every, limit, offset, feed.PLAN_COSTS["sqlite"]) is walked


@pytest.mark.parametrize(
    ("size", "every", "limit", "offset", "walked"),
    [
        (6_875, 10_000, 20, 6_840, True),  # walks 9,978 entries; gathers 6,875 and keeps 6,860
        (400, 10_000, 20, 380, False),
        (42, 10_000, 20, 0, False),
        (386_788, 1_000_000, 20, 10_000, True),
        (2_000, 1_000_000, 20, 10_000, False),
    ],
)
def test_on_postgresql_the_rows_the_sort_keeps_count_less(
    size: int, every: int, limit: int, offset: int, walked: bool
) -> None:
    assert feed.walks(size, every, limit, offset, feed.PLAN_COSTS["postgresql"]) is walked


@pytest.mark.parametrize("plan", ["walked", "gathered"])
def test_a_forced_plan_reads_the_same_page(database: Database, plan: str) -> None:
    with database.sessions() as session:
        reader = _world(session, authors=3, per_author=4)
        for offset in (0, 5, 11):
            page = feed.feed(session, reader, 3, offset, plan=plan)
            assert [a.slug for a in page.articles] == _expected(session, reader, 3, offset)
            assert page.articles_count == 12


def test_an_unknown_plan_is_refused(database: Database) -> None:
    with database.sessions() as session:
        reader = _world(session, authors=2, per_author=1)
        with pytest.raises(ValueError, match="plan must be"):
            feed.feed(session, reader, 3, 0, plan="sorted")

"""shared/feed_counted.py: a counted page is the walk's page, whatever its guesses and the data."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from shared import articles, db, feed, feed_counted, profiles
from shared.models import User
from tests.shared.conftest import Database
from tests.shared.test_feed import _expected, _user

LIMITS = (1, 3, 20)


def _sqlite(database: Database) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("the counted page is SQLite's (PostgreSQL walks its index, docs/bench/sweep-postgresql/)")


def _mixed_world(session: Session, *, followed: int, others: int, rounds: int) -> User:
    """Authors writing in turns, `followed` of them followed by the reader and `others` not, so the
    feed holds part of all articles; four articles share one creation time (ids break the tie)."""
    writers = [_user(session, f"author{i}") for i in range(followed + others)]
    for round_ in range(rounds):
        for i, writer in enumerate(writers):
            articles.create_article(
                session, writer, title=f"A{i} R{round_}", description="d", body="b", tag_list=[]
            )
    reader = _user(session, "reader")
    for i in range(followed):
        profiles.follow(session, reader, f"author{i}")
    session.execute(
        text(
            "UPDATE articles SET created_at = (SELECT created_at FROM articles WHERE id = 9)"
            " WHERE id BETWEEN 6 AND 9"
        )
    )
    session.commit()
    return reader


def _check_every_page(session: Session, reader: User, total: int) -> None:
    for limit in LIMITS:
        for offset in range(0, total + 3):
            page = feed.feed(session, reader, limit, offset, plan="counted")
            assert [a.slug for a in page.articles] == _expected(session, reader, limit, offset), (
                limit,
                offset,
            )
            assert page.articles_count == total


def test_every_counted_page_is_the_sorted_feed(database: Database) -> None:
    _sqlite(database)
    with database.sessions() as session:
        reader = _mixed_world(session, followed=2, others=3, rounds=6)
        _check_every_page(session, reader, total=12)


@pytest.mark.parametrize("guess", [0, 1, 7, 29, 10_000])
def test_a_wrong_guess_costs_entries_never_the_page(
    database: Database, monkeypatch: pytest.MonkeyPatch, guess: int
) -> None:
    _sqlite(database)
    monkeypatch.setattr(feed_counted, "estimate", lambda *_: guess)
    with database.sessions() as session:
        reader = _mixed_world(session, followed=2, others=2, rounds=5)
        _check_every_page(session, reader, total=10)


def test_ids_out_of_time_order_and_deleted_articles_leave_the_page_exact(database: Database) -> None:
    """The guesses take ids to follow creation times; here they run backwards and have gaps."""
    _sqlite(database)
    with database.sessions() as session:
        reader = _mixed_world(session, followed=3, others=2, rounds=6)
        session.execute(
            text("UPDATE articles SET created_at = datetime('2026-01-01', '-' || (id * 7 % 13) || ' hours')")
        )
        session.execute(text("DELETE FROM articles WHERE id IN (3, 4, 17)"))
        session.execute(
            text(
                "UPDATE users SET articles_count = (SELECT count(*) FROM articles WHERE author_id = users.id)"
            )
        )
        session.commit()
        total = len(_expected(session, reader, 1000, 0))
        assert total == 3 * 6 - 2  # ids 3 and 17 were followed authors' (author2 and author1)
        _check_every_page(session, reader, total)


def test_random_feeds_match_the_walk(database: Database) -> None:
    _sqlite(database)
    rng = random.Random(12)
    with database.sessions() as session:
        writers = [_user(session, f"w{i}") for i in range(6)]
        for _ in range(60):
            writer = rng.choice(writers)
            articles.create_article(
                session, writer, title=f"t{rng.random()}", description="d", body="b", tag_list=[]
            )
        session.execute(
            text(
                "UPDATE articles SET created_at ="
                " datetime('2026-01-01', '+' || (abs(random()) % 40) || ' minutes')"
            )
        )
        session.commit()
        reader = _user(session, "reader")
        for i in rng.sample(range(6), 3):
            profiles.follow(session, reader, f"w{i}")
        total = len(_expected(session, reader, 1000, 0))
        for _ in range(40):
            limit, offset = rng.randint(1, 25), rng.randint(0, total + 5)
            counted = feed.feed(session, reader, limit, offset, plan="counted")
            masked = feed.feed(session, reader, limit, offset, plan="masked")
            assert counted == masked
            assert [a.slug for a in counted.articles] == _expected(session, reader, limit, offset)


def test_the_rule_counts_from_counted_from_entries(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sqlite(database)
    with database.sessions() as session:
        reader = _mixed_world(session, followed=2, others=2, rounds=5)
        expected = _expected(session, reader, 3, 6)
    sent: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda _c, _k, sql, *_: sent.append(sql))
    monkeypatch.setattr(feed, "walks", lambda *_: True)
    for counted_from, counted in [((6 + 3) * 20 / 10, True), ((6 + 3) * 20 / 10 + 1, False)]:
        monkeypatch.setattr(feed_counted, "COUNTED_FROM", counted_from)
        page = db.run(database.sessions, feed.feed, reader, 3, 6)
        assert ("WITH top AS" in sent[-1]) is counted
        assert "substr(" in sent[-1]
        assert [a.slug for a in page.articles] == expected


def test_counted_and_masked_are_refused_where_there_is_no_mask(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed, "MASK_BYTES", 1)
    with database.sessions() as session:
        reader = _mixed_world(session, followed=2, others=0, rounds=1)
        for plan in ("counted", "masked"):
            with pytest.raises(ValueError, match="needs SQLite"):
                feed.feed(session, reader, 3, 0, plan=plan)


@pytest.mark.parametrize(
    ("size", "every", "limit", "offset", "expected"),
    [
        (386_788, 1_000_000, 20, 10_000, 25_904),  # the sweep's deep page: (10,020 * every / size) - 1
        (10, 10, 20, 0, 9),  # the whole table: the oldest article
        (10, 100, 20, 0, 99),
        (50, 100, 1, 0, 1),
        (0, 100, 20, 0, 0),
        (5, 0, 20, 0, 0),
    ],
)
def test_the_first_guess_spreads_the_feed_evenly(
    size: int, every: int, limit: int, offset: int, expected: int
) -> None:
    assert feed_counted.estimate(size, every, limit, offset) == expected

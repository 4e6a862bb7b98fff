"""The shape of the data: a long tail of tags, and a demo account with a long feed and many favorites."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from shared.models import Favorite, Follow, Tag, User
from shared.seed import DEMO_USERNAME, TOPICS, seed
from shared.seed.defaults import demo_favorites, demo_follows
from shared.seed.tagging import TagPicker, tail_names
from tests.shared.conftest import CHEAP, Database

NOW = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)


def test_the_tail_is_thousands_of_tag_names_apart_from_the_topics() -> None:
    tail = tail_names()
    assert len(tail) > 4000
    assert len(set(tail)) == len(tail)
    assert not set(tail) & {topic.tag for topic in TOPICS}
    assert all(
        name.isascii() and name.isalnum() and name == name.lower() and len(name) <= 64 for name in tail
    )
    assert tail == tail_names()  # one fixed order, whatever the seed


def test_an_article_has_its_titles_topics_first_and_one_to_four_distinct_tags() -> None:
    import random

    picker, rng = TagPicker(), random.Random(3)
    for _ in range(2000):
        first, second = picker.topic(rng), picker.topic(rng)
        topics = (first,) if first == second else (first, second)
        names = picker.names(rng, topics)
        assert names[: len(topics)] == [topic.tag for topic in topics]
        assert len(topics) <= len(names) <= 4
        assert len(set(names)) == len(names)


def test_a_few_tags_are_on_many_articles_and_most_on_few(database: Database) -> None:
    seed(database.sessions, articles=2000, seed=5, settings=CHEAP, progress=False, now=NOW)
    with database.sessions() as session:
        counts = sorted(session.scalars(select(Tag.articles_count)), reverse=True)
    assert len(counts) >= 400
    assert counts[0] >= 200  # the most used tag is on a tenth of the articles or more
    assert statistics.median(counts) <= 2
    assert sum(1 for count in counts if count == 1) >= len(counts) // 3


@pytest.mark.parametrize(("articles", "users"), [(2000, 150), (300, 30), (5, 1)])
def test_the_demo_account_follows_the_busiest_authors_and_favorites_a_tenth(
    database: Database, articles: int, users: int
) -> None:
    seed(database.sessions, articles=articles, users=users, seed=2, settings=CHEAP, progress=False, now=NOW)
    with database.sessions() as session:
        demo = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        followed = set(session.scalars(select(Follow.followee_id).where(Follow.follower_id == demo.id)))
        favorites = list(session.scalars(select(Favorite.article_id).where(Favorite.user_id == demo.id)))
        counted = session.execute(select(User.id, User.articles_count).where(User.id != demo.id))
        written = {row.id: row.articles_count for row in counted}
    assert len(followed) == demo_follows(users) == min(100, users - 1)
    assert len(favorites) == demo.favorites_count == demo_favorites(articles) == min(1000, articles // 10)
    others = [count for user, count in written.items() if user not in followed]
    if followed and others:
        assert min(written[user] for user in followed) >= max(others)


def test_the_demo_account_is_the_biggest_fan(database: Database) -> None:
    seed(database.sessions, articles=2000, seed=2, settings=CHEAP, progress=False, now=NOW)
    with database.sessions() as session:
        top = session.execute(select(User.username).order_by(User.favorites_count.desc()).limit(1)).scalar()
    assert top == DEMO_USERNAME

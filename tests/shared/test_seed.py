"""The demo data: the counts asked for, valid for the API, deterministic, and a demo login that works."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import articles, errors, limits, security, slugs, users
from shared.models import Article, ArticleTag, Comment, Favorite, Follow, Tag, User
from shared.seed import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    EMAIL_DOMAIN,
    SPAN,
    TOPICS,
    SeedSummary,
    default_users,
    main,
    seed,
)
from shared.seed.tagging import tail_names
from tests.shared.conftest import CHEAP, Database

NOW = datetime(2026, 6, 15, 12, 30, 45, 123000, tzinfo=UTC)


def _seed(database: Database, **options: Any) -> SeedSummary:
    options = {"articles": 50, "users": 12, "seed": 7, "now": NOW, **options}
    return seed(database.sessions, settings=CHEAP, progress=False, **options)


def _count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _titles(database: Database) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(Article.title).order_by(Article.id)))


@pytest.fixture
def seeded(database: Database) -> tuple[Database, SeedSummary]:
    return database, _seed(database)


def test_counts_match_the_request_and_the_summary(seeded: tuple[Database, SeedSummary]) -> None:
    database, summary = seeded
    assert (summary.skipped, summary.articles, summary.users) == (False, 50, 12)
    with database.sessions() as session:
        assert _count(session, Article) == 50
        assert _count(session, User) == 12
        assert _count(session, Follow) == summary.follows > 0
        assert _count(session, Favorite) == summary.favorites > 0
        assert _count(session, Comment) == summary.comments > 0
        used = session.scalar(select(func.count(func.distinct(ArticleTag.tag_id))))
        assert used == summary.tags > 1


def test_users_scale_with_articles(database: Database) -> None:
    assert [default_users(n) for n in (0, 50, 1000, 100_000)] == [10, 10, 50, 5000]
    summary = _seed(database, articles=30, users=None)
    with database.sessions() as session:
        assert summary.users == _count(session, User) == 10


def test_slugs_are_unique_and_come_from_titles(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.sessions() as session:
        rows = session.execute(select(Article.slug, Article.title)).all()
    assert len({slug for slug, _ in rows}) == len(rows) == 50
    for slug, title in rows:
        base = slugs.base_slug(title)
        assert slug == base or re.fullmatch(re.escape(base) + r"-[0-9a-f]{8}", slug), (slug, title)


def test_every_article_has_one_to_four_tags_from_the_pool(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    topics = {topic.tag for topic in TOPICS}
    assert 35 <= len(topics) <= 45
    pool = topics | set(tail_names())
    with database.sessions() as session:
        rows = session.execute(
            select(Article.id, Tag.name, ArticleTag.position)
            .outerjoin(ArticleTag, ArticleTag.article_id == Article.id)
            .outerjoin(Tag, Tag.id == ArticleTag.tag_id)
        ).all()
    by_article: dict[int, list[tuple[int, str]]] = {}
    for article_id, name, position in rows:
        assert name in pool
        by_article.setdefault(article_id, []).append((position, name))
    assert len(by_article) == 50
    for links in by_article.values():
        assert 1 <= len(links) <= 4
        assert sorted(position for position, _ in links) == list(range(len(links)))
        assert min(links)[1] in topics  # the first tag is the title's topic


def test_rows_fit_the_api_limits(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.sessions() as session:
        people = session.scalars(select(User)).all()
        written = session.scalars(select(Article)).all()
    for user in people:
        assert len(user.username) <= limits.USERNAME_MAX
        assert re.match(limits.EMAIL_PATTERN, user.email)
        assert user.email == f"{user.username}@{EMAIL_DOMAIN}" or user.username == DEMO_USERNAME
        assert user.bio is None or len(user.bio) <= limits.BIO_MAX
        assert user.image is None or user.image.startswith("https://")
    for article in written:
        assert 0 < len(article.title) <= limits.TITLE_MAX
        assert 0 < len(article.description) <= limits.DESCRIPTION_MAX
        assert 0 < len(article.body) <= limits.BODY_MAX


def test_timestamps_lie_in_the_past_year_in_order(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.sessions() as session:
        joined = {user.id: user.created_at for user in session.scalars(select(User))}
        written = {a.id: (a.created_at, a.updated_at, a.author_id) for a in session.scalars(select(Article))}
        remarks = session.scalars(select(Comment)).all()
    moments = [*joined.values(), *(m for c, u, _ in written.values() for m in (c, u))]
    moments += [m for comment in remarks for m in (comment.created_at, comment.updated_at)]
    for moment in moments:
        assert moment.utcoffset() == timedelta(0)
        assert moment.microsecond % 1000 == 0
        assert NOW - SPAN <= moment <= NOW
    for created, updated, author_id in written.values():
        assert joined[author_id] <= created <= updated
    assert any(created < updated for created, updated, _ in written.values())
    for comment in remarks:
        assert comment.created_at == comment.updated_at >= written[comment.article_id][0]


def test_the_same_seed_gives_the_same_data(make_database: Callable[[], Database]) -> None:
    first, second, third = make_database(), make_database(), make_database()
    _seed(first, seed=3)
    _seed(second, seed=3)
    _seed(third, seed=4)
    assert _titles(first) == _titles(second)
    assert _titles(first) != _titles(third)
    with first.sessions() as one, second.sessions() as other:
        query = select(User.username, User.bio).order_by(User.id)
        assert one.execute(query).all() == other.execute(query).all()
        query = select(Article.slug, Article.body).order_by(Article.id)
        assert one.execute(query).all() == other.execute(query).all()


def test_seeding_again_keeps_names_and_slugs_unique(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    first_titles = set(_titles(database))
    again = _seed(database)
    assert again.users == 11  # the demo account is reused
    with database.sessions() as session:
        assert _count(session, User) == 23
        assert _count(session, Article) == 100
        assert session.scalar(select(func.count(func.distinct(Article.slug)))) == 100
        assert session.scalar(select(func.count()).where(User.username == DEMO_USERNAME)) == 1
    # The same seed wrote the same titles again, so those slugs had to take a suffix.
    assert len(first_titles & set(_titles(database)[50:])) > 10


def test_a_reused_demo_account_writes_only_after_it_joined(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    again = _seed(database, users=1, articles=20, now=NOW - timedelta(days=200))
    assert again.users == 0
    with database.sessions() as session:
        demo = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        written = list(session.scalars(select(Article.created_at).where(Article.author_id == demo.id)))
    assert len(written) >= 20
    assert min(written) >= demo.created_at


def test_if_empty_skips_a_database_with_users(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    summary = _seed(database, if_empty=True)
    assert summary.skipped
    assert summary.articles == summary.users == 0
    with database.sessions() as session:
        assert _count(session, Article) == 50


def test_if_empty_seeds_an_empty_database(database: Database) -> None:
    summary = _seed(database, if_empty=True, articles=5, users=3)
    assert not summary.skipped
    with database.sessions() as session:
        assert _count(session, Article) == 5


def test_the_demo_user_logs_in_and_has_a_feed(seeded: tuple[Database, SeedSummary]) -> None:
    database, summary = seeded
    assert (summary.demo_email, summary.demo_password) == (DEMO_EMAIL, DEMO_PASSWORD)
    with database.sessions() as session:
        signed_in = users.login(session, CHEAP, email=DEMO_EMAIL, password=DEMO_PASSWORD)
        assert signed_in.username == DEMO_USERNAME
        demo = users.user_for_token(session, CHEAP, signed_in.token)
        page = articles.feed(session, demo, limit=20, offset=0)
        assert page.articles_count > 0
        assert {view.author.following for view in page.articles} == {True}
        with pytest.raises(errors.Unauthorized):
            users.login(session, CHEAP, email=DEMO_EMAIL, password="wrong-password")


def test_every_seeded_user_logs_in_with_the_demo_password(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.sessions() as session:
        other = session.scalars(select(User).where(User.username != DEMO_USERNAME).order_by(User.id)).first()
        assert other is not None
        email = f"{other.username}@{EMAIL_DOMAIN}"
        assert users.login(session, CHEAP, email=email, password=DEMO_PASSWORD).username == other.username


def test_one_hash_for_everyone_made_with_the_settings_profile(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.sessions() as session:
        hashes = set(session.scalars(select(User.password_hash)))
    assert len(hashes) == 1
    (hashed,) = hashes
    assert "$m=8,t=1,p=1$" in hashed  # argon2-cffi's CHEAPEST profile, not the production default
    assert security.verify_password(hashed, DEMO_PASSWORD, "CHEAPEST")


def test_the_command_seeds_once_with_if_empty(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("PASSWORD_HASH_PROFILE", "CHEAPEST")
    assert main(["--articles", "6", "--users", "4", "--if-empty", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "Seeded 4 users, 6 articles" in out
    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in out
    assert main(["--articles", "6", "--users", "4", "--if-empty"]) == 0
    assert "nothing seeded" in capsys.readouterr().out
    with database.sessions() as session:
        assert (_count(session, User), _count(session, Article)) == (4, 6)


@pytest.mark.parametrize("argv", [["--articles", "-1"], ["--users", "0"], ["--articles", "many"]])
def test_the_command_rejects_bad_counts(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "--" in capsys.readouterr().err


def test_the_function_rejects_bad_counts(database: Database) -> None:
    with pytest.raises(ValueError, match="users"):
        _seed(database, users=0)
    with pytest.raises(ValueError, match="articles"):
        _seed(database, articles=-1)

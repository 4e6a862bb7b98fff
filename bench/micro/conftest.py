"""A seeded database and the sample arguments of every read, for the micro-benchmarks.

SQLite (a file in pytest's temporary folder) by default; PostgreSQL when DATABASE_URL
names one, as the database `<name>_micro`, created, seeded and dropped by this run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from shared import articles, db, users
from shared.migrate import upgrade
from shared.models import Article, Comment, Tag, User
from shared.seed import DEMO_USERNAME, seed
from shared.settings import DatabaseLimits, Settings
from shared.views import ArticlePage, ArticleView
from tools import pg_database

ARTICLES = int(os.environ.get("BENCH_MICRO_ARTICLES", "1000"))
LIMITS = DatabaseLimits(pool_size=1, max_overflow=0, pool_timeout=10)
"""One pooled connection: every read, and the SQL replayed beside it (`test_shared._replay`), runs on
it; a benchmark that took a second one would fail after 10 s instead of timing another connection."""


@dataclass(frozen=True)
class Sample:
    """What the reads ask for: the seeded demo account (following and favoriting), a mid-table
    article with comments, the most used tag and the author with the most articles."""

    viewer: User
    token: str
    slug: str
    tag: str
    author: str


def _url(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bool]:
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgresql"):
        url = make_url(configured)
        micro = url.set(database=f"{url.database}_micro").render_as_string(hide_password=False)
        pg_database.reset(micro)
        return micro, True
    path: Path = tmp_path_factory.mktemp("micro") / "micro.sqlite3"
    return f"sqlite:///{path}", False


@pytest.fixture(scope="session")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    url, postgres = _url(tmp_path_factory)
    upgrade(url)
    seeding = db.make_engine(url)
    seed(seeding, articles=ARTICLES, progress=False)
    if postgres:
        with seeding.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    seeding.dispose()
    engine = db.make_engine(url, LIMITS)
    yield db.make_session_factory(engine)
    engine.dispose()
    if postgres:
        pg_database.drop(url)


@pytest.fixture(scope="session")
def sample(factory: sessionmaker[Session]) -> Sample:
    with factory() as session:
        viewer = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        commented = select(Comment.article_id).group_by(Comment.article_id).having(func.count() >= 3)
        slug = session.scalars(
            select(Article.slug).where(Article.id.in_(commented)).order_by(Article.id).offset(ARTICLES // 20)
        ).first()
        tag = session.scalars(select(Tag.name).order_by(Tag.articles_count.desc(), Tag.id)).first()
        author = session.scalars(select(User.username).order_by(User.articles_count.desc(), User.id)).first()
        token = users.authenticated(viewer, Settings.from_env()).token
        return Sample(viewer=viewer, token=token, slug=slug or "", tag=tag or "", author=author or "")


@pytest.fixture(scope="session")
def slug(sample: Sample) -> str:
    return sample.slug


@pytest.fixture(scope="session")
def one_article(factory: sessionmaker[Session], slug: str) -> ArticleView:
    with factory() as session:
        return articles.get_article(session, None, slug)


@pytest.fixture(scope="session")
def page(factory: sessionmaker[Session]) -> ArticlePage:
    with factory() as session:
        return articles.list_articles(session, None, articles.ArticleFilters(limit=20))

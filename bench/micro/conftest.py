"""A seeded SQLite database and sample records for the micro-benchmarks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from shared import articles, db
from shared.migrate import upgrade
from shared.models import Article
from shared.seed import seed
from shared.views import ArticlePage, ArticleView

ARTICLES = int(os.environ.get("BENCH_MICRO_ARTICLES", "1000"))


@pytest.fixture(scope="session")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    path: Path = tmp_path_factory.mktemp("micro") / "micro.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = db.make_engine(url)
    seed(engine, articles=ARTICLES, progress=False)
    yield db.make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def slug(factory: sessionmaker[Session]) -> str:
    with factory() as session:
        found: str = (
            session.scalars(select(Article.slug).order_by(Article.id).offset(ARTICLES // 2)).first() or ""
        )
        return found


@pytest.fixture(scope="session")
def one_article(factory: sessionmaker[Session], slug: str) -> ArticleView:
    with factory() as session:
        return articles.get_article(session, None, slug)


@pytest.fixture(scope="session")
def page(factory: sessionmaker[Session]) -> ArticlePage:
    with factory() as session:
        return articles.list_articles(session, None, articles.ArticleFilters(limit=20))

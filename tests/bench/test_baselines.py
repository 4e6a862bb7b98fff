"""The framework-free baselines make the backends' own shared call for GET article: `shared.db.run`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from bench import baseline_asgi, baseline_wsgi
from shared import articles, db, startup, users
from shared.settings import Settings
from tests.shared.conftest import CHEAP


def _seeded(tmp_path: Path) -> tuple[Settings, str]:
    """A database with one article; its settings and the article's slug."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'baseline.sqlite3'}", access_log=False)
    factory = startup.open_database(settings.database_url)
    with factory() as session:
        users.register(session, CHEAP, username="writer", email="writer@example.com", password="password123")
    with factory() as session:
        author = users.user_for_token(
            session,
            CHEAP,
            users.login(session, CHEAP, email="writer@example.com", password="password123").token,
        )
        slug = articles.create_article(
            session, author, title="Raw", description="d", body="b", tag_list=[]
        ).slug
    factory.kw["bind"].dispose()
    return settings, slug


def _client(kind: str, settings: Settings) -> TestClient | httpx.Client:
    if kind == "asgi":
        return TestClient(baseline_asgi.create_app(settings))
    transport = httpx.WSGITransport(app=baseline_wsgi.create_app(settings))
    return httpx.Client(transport=transport, base_url="http://t")


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_get_article_goes_through_db_run(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, slug = _seeded(tmp_path)
    calls: list[Callable[..., Any]] = []
    real_run = db.run

    def recording(factory: Any, operation: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        calls.append(operation)
        return real_run(factory, operation, *args, **kwargs)

    monkeypatch.setattr(db, "run", recording)
    with _client(kind, settings) as client:
        found = client.get(f"/api/articles/{slug}")
        missing = client.get("/api/articles/no-such-article")
    assert (found.status_code, found.json()["article"]["slug"]) == (200, slug)
    assert (missing.status_code, missing.json()) == (404, {"errors": {"article": ["not found"]}})
    assert calls == [articles.get_article, articles.get_article]

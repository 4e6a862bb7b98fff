"""Fixtures for tests that look inside the backends (SQL statement counts), in-process only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from shared import db, migrate
from shared.settings import Settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    url = os.environ.get("CONDUIT_TEST_DATABASE_URL", "").strip()
    if url:
        migrate.upgrade(url)
    else:
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('services-db')) / 'conduit.sqlite3'}"
    return Settings(database_url=url, password_hash_profile="CHEAPEST")


@pytest.fixture(scope="session")
def session_factory(settings: Settings) -> Iterator[sessionmaker[Session]]:
    factory = db.open_database(settings.database_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture(scope="session", params=["fastapi", "flask"])
def client(request: pytest.FixtureRequest, settings: Settings) -> Iterator[httpx.Client]:
    """An in-process client of each backend: Starlette's TestClient, or httpx over WSGI."""
    if request.param == "fastapi":
        from fastapi.testclient import TestClient

        from services.fastapi_impl.app import create_app as create_fastapi

        with TestClient(create_fastapi(settings)) as test_client:
            yield test_client  # type: ignore[misc]
    else:
        from services.flask_impl import database
        from services.flask_impl.app import create_app as create_flask

        app = create_flask(settings)
        with httpx.Client(
            transport=httpx.WSGITransport(app=app), base_url="http://testserver"
        ) as flask_client:
            yield flask_client
        database.dispose(app)

"""Fixtures for tests that look inside the backends (SQL statement counts), in-process only."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from sqlalchemy.orm import Session, sessionmaker

from shared import migrate, startup, users
from shared.settings import Settings
from tests import backends

BASE_URL = "http://testserver"


def free_tcp_port() -> int:
    """A port nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def as_wsgi_server_would(app: Any) -> Any:
    """Hand the app PATH_INFO as PEP 3333 says: UTF-8 bytes read as latin-1.

    httpx's WSGITransport passes the decoded path as it is, which werkzeug
    cannot read when it holds a character beyond latin-1 (`/api/profiles/Ā`).
    """

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        environ["PATH_INFO"] = environ["PATH_INFO"].encode("utf-8").decode("latin-1")
        return app(environ, start_response)

    return wsgi


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
    factory = startup.open_database(settings.database_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture(scope="session", params=backends.NAMES)
def client(request: pytest.FixtureRequest, settings: Settings) -> Iterator[httpx.Client]:
    """An in-process client of each configuration: Starlette's TestClient, or httpx over WSGI."""
    backend = backends.BY_NAME[request.param]
    own = replace(settings, database_url=backend.database_url(settings.database_url))
    if backend.app == "fastapi":
        from fastapi.testclient import TestClient

        from services.fastapi_impl.app import create_app as create_fastapi

        with TestClient(create_fastapi(own)) as test_client:
            yield test_client  # type: ignore[misc]
    else:
        from services.flask_impl import database
        from services.flask_impl.app import create_app as create_flask

        app = create_flask(own)
        with httpx.Client(transport=httpx.WSGITransport(app=app), base_url=BASE_URL) as flask_client:
            yield flask_client
        database.dispose(app)


@pytest.fixture(scope="session")
def docs_clients(settings: Settings) -> Iterator[dict[str, httpx.Client]]:
    """Both backends in-process at once, for their documents and docs pages."""
    from fastapi.testclient import TestClient

    from services.fastapi_impl.app import create_app as create_fastapi
    from services.flask_impl import database
    from services.flask_impl.app import create_app as create_flask

    flask_app = create_flask(settings)
    with (
        TestClient(create_fastapi(settings)) as fastapi_client,
        httpx.Client(transport=httpx.WSGITransport(app=flask_app), base_url=BASE_URL) as flask_client,
    ):
        yield {"fastapi": fastapi_client, "flask": flask_client}  # type: ignore[dict-item]
    database.dispose(flask_app)


@pytest.fixture(scope="session")
def documents(docs_clients: dict[str, httpx.Client]) -> dict[str, dict[str, Any]]:
    """Each backend's `/openapi.json`, as served."""
    return {name: client.get("/openapi.json").json() for name, client in docs_clients.items()}


def token_provider(settings: Settings, session_factory: sessionmaker[Session]) -> type:
    """A schemathesis auth provider: a freshly registered user's token for each request.

    Fresh, so an operation that renames the user or changes the password (which
    retires the token) cannot lock the rest of the run out.
    """

    class TokenAuth:
        def get(self, case: Any, context: Any) -> str:
            name = f"fuzz{uuid.uuid4().hex[:12]}"
            with session_factory() as session:
                user = users.register(
                    session, settings, username=name, email=f"{name}@example.com", password="password123"
                )
            return user.token

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}

    return TokenAuth


@pytest.fixture(scope="session")
def fastapi_document(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[Any]:
    """The FastAPI backend's document, loaded by schemathesis from the app itself."""
    yield from _fastapi_document(settings, session_factory, backends.BY_NAME["fastapi"])


@pytest.fixture(scope="session")
def fastapi_async_document(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[Any]:
    """The same, with the app in its async mode (the asyncio driver of the same database)."""
    yield from _fastapi_document(settings, session_factory, backends.BY_NAME["fastapi-async"])


def _fastapi_document(
    settings: Settings, session_factory: sessionmaker[Session], backend: backends.Backend
) -> Iterator[Any]:
    from services.fastapi_impl import database
    from services.fastapi_impl.app import create_app as create_fastapi

    app = create_fastapi(replace(settings, database_url=backend.database_url(settings.database_url)))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.auth(token_provider(settings, session_factory), refresh_interval=None)
    yield schema
    asyncio.run(database.dispose(app))


@pytest.fixture(scope="session")
def flask_document(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[Any]:
    """The Flask backend's document, loaded by schemathesis from the app itself."""
    from services.flask_impl import database
    from services.flask_impl.app import create_app as create_flask

    app = create_flask(settings)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    schema.auth(token_provider(settings, session_factory), refresh_interval=None)
    yield schema
    database.dispose(app)

"""Fixtures of the contract suite: every test runs once against each backend configuration.

The configurations (tests/backends.py): `fastapi` (FastAPI in its thread-pool mode),
`fastapi-async` (the same app in its async mode, on the asyncio driver of the same
database) and `flask`. By default the apps are built in-process, once per session, from
`create_app(Settings(database_url=..., password_hash_profile="CHEAPEST"))`:
FastAPI behind Starlette's TestClient, Flask behind `httpx.WSGITransport` (made to pass
headers and paths as a WSGI server does). Either way
a test receives a plain `httpx.Client` whose base URL is the backend root, so a
request reads `client.post("/api/users", json=...)`.

Environment variables:

CONDUIT_TEST_DATABASE_URL
    SQLAlchemy URL of the database the in-process apps share, e.g.
    `postgresql+psycopg://postgres@127.0.0.1:5432/test`. It is migrated once per
    session with `shared.migrate.upgrade(url)` before the apps are built. Unset: one
    SQLite file in a session temporary directory (`create_app` migrates SQLite itself).

CONDUIT_BASE_URLS
    `fastapi=http://127.0.0.1:8001,flask=http://127.0.0.1:8002`: run over real HTTP
    against servers that are already running; no app is built and
    CONDUIT_TEST_DATABASE_URL is ignored; the configurations are the ones it names. Tokens
    the suite signs itself (expired ones)
    use `Settings.from_env().jwt_secret`, i.e. the JWT_SECRET the servers read, and CORS
    tests the first of their CORS_ORIGINS.
    Several instances of one backend are joined with `|`
    (`fastapi=http://127.0.0.1:8001|http://127.0.0.1:8011,...`): requests then go to
    them in turn, so a scenario never depends on which instance answers.

Both backends may share one database, and so may repeated runs: every test makes its
own uniquely named users, tags and titles and never assumes an empty database.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from shared.settings import Settings
from tests import backends

# helpers.py asserts too: let pytest rewrite it so its failures show a diff.
pytest.register_assert_rewrite(f"{__package__}.helpers")

IN_PROCESS_BASE_URL = "http://testserver"
BASE_URLS_VAR = "CONDUIT_BASE_URLS"
DATABASE_URL_VAR = "CONDUIT_TEST_DATABASE_URL"


def _base_urls() -> dict[str, str] | None:
    """The backend URLs of CONDUIT_BASE_URLS, or None to run in-process."""
    raw = os.environ.get(BASE_URLS_VAR, "").strip()
    if not raw:
        return None
    urls: dict[str, str] = {}
    for part in raw.split(","):
        name, _, url = part.partition("=")
        if name.strip() and url.strip():
            urls[name.strip()] = url.strip().rstrip("/")
    return urls


def _backends() -> tuple[str, ...]:
    """Every configuration in-process; over HTTP, those CONDUIT_BASE_URLS names, in the usual order."""
    urls = _base_urls()
    if urls is None:
        return backends.NAMES
    return tuple(name for name in backends.NAMES if name in urls) + tuple(
        name for name in urls if name not in backends.BY_NAME
    )


BACKENDS = _backends()


class _RoundRobin(httpx.HTTPTransport):
    """Sends each request to the next of several instances of one backend, in turn.

    With every request of a scenario landing on another process, any state kept
    in a process instead of the database shows up as a failure.
    """

    def __init__(self, instances: list[str]) -> None:
        super().__init__()
        self._next = itertools.cycle([httpx.URL(instance) for instance in instances])

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = next(self._next)
        request.url = request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port)
        request.headers["Host"] = target.netloc.decode()
        return super().handle_request(request)


class _StarletteBridge(httpx.BaseTransport):
    """Serves a real `httpx.Client` through Starlette's TestClient.

    The TestClient is built on httpx2 (plain httpx makes Starlette warn, an error under
    filterwarnings=error), so it is not an `httpx.Client` itself; this transport hands
    each request to it and copies the answer back into httpx types.
    """

    def __init__(self, test_client: Any) -> None:
        self._test_client = test_client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self._test_client.request(
            request.method,
            str(request.url),
            content=request.read() or None,
            headers=request.headers.multi_items(),
            follow_redirects=False,
        )
        # The body arrives decoded: drop the header that would make httpx decode it again.
        headers = [(k, v) for k, v in answer.headers.multi_items() if k.lower() != "content-encoding"]
        return httpx.Response(answer.status_code, headers=headers, content=answer.content, request=request)


class _AsWsgiServer(httpx.WSGITransport):
    """httpx's WSGI transport, handing the app what a WSGI server such as gunicorn hands it.

    Repeated header fields arrive joined with "," in one environ key (RFC 9110 §5.3;
    httpx would keep only the last), and PATH_INFO is the path's UTF-8 bytes read as
    latin-1, as PEP 3333 says (httpx passes the decoded text, which werkzeug cannot
    read when it holds a character beyond latin-1).
    """

    def __init__(self, app: Any) -> None:
        def as_a_server_would(environ: dict[str, Any], start_response: Any) -> Any:
            environ["PATH_INFO"] = environ["PATH_INFO"].encode("utf-8").decode("latin-1")
            return app(environ, start_response)

        super().__init__(app=as_a_server_would)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        joined: dict[str, list[str]] = {}
        for name, value in request.headers.multi_items():
            joined.setdefault(name, []).append(value)
        request.headers = httpx.Headers([(name, ",".join(values)) for name, values in joined.items()])
        return super().handle_request(request)


def _as_an_asgi_server(app: Any) -> Any:
    """The app, given the path an ASGI server gives: `raw_path` percent-decoded once, as uvicorn does.

    Starlette's TestClient decodes the path twice (Kludex/starlette#2587), so `%2F` or
    `%25` in a path segment would reach the app as `/` or a broken escape.
    """

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("raw_path") is not None:
            scope = {**scope, "path": unquote(scope["raw_path"].decode("ascii"))}
        await app(scope, receive, send)

    return asgi


@contextmanager
def _fastapi_client(settings: Settings) -> Iterator[httpx.Client]:
    from fastapi.testclient import TestClient

    from services.fastapi_impl.app import create_app

    # Entering the TestClient runs the app's lifespan; its shutdown closes the database pool.
    with (
        TestClient(_as_an_asgi_server(create_app(settings)), base_url=IN_PROCESS_BASE_URL) as test_client,
        httpx.Client(transport=_StarletteBridge(test_client), base_url=IN_PROCESS_BASE_URL) as client,
    ):
        yield client


@contextmanager
def _flask_client(settings: Settings) -> Iterator[httpx.Client]:
    from services.flask_impl.app import create_app
    from services.flask_impl.database import dispose

    app = create_app(settings)
    try:
        with httpx.Client(transport=_AsWsgiServer(app), base_url=IN_PROCESS_BASE_URL) as client:
            yield client
    finally:
        # Flask has no shutdown event: close the pool here, or psycopg warns (an error) at exit.
        dispose(app)


_IN_PROCESS = {"fastapi": _fastapi_client, "flask": _flask_client}
"""The in-process client of each application; a configuration also sets the database URL it uses."""


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The settings of the in-process apps (cheap password hashing keeps the suite fast)."""
    if _base_urls() is not None:
        return Settings.from_env()
    url = os.environ.get(DATABASE_URL_VAR, "").strip()
    if url:
        from shared.migrate import upgrade

        upgrade(url)
    else:
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('conduit-db')) / 'conduit.sqlite3'}"
    return Settings(database_url=url, password_hash_profile="CHEAPEST")


@dataclass(frozen=True)
class Cors:
    origin: str
    """An origin the backends accept."""
    allow: str
    """What they answer in Access-Control-Allow-Origin for it."""


@pytest.fixture(scope="session")
def cors(settings: Settings) -> Cors:
    """The origin to test CORS with: any, under the default `*`; else the first configured one."""
    if "*" in settings.cors_origins:
        return Cors(origin="http://example.com", allow="*")
    return Cors(origin=settings.cors_origins[0], allow=settings.cors_origins[0])


@pytest.fixture(scope="session")
def jwt_secret(settings: Settings) -> str:
    """The secret the backends sign with, for tests that forge their own tokens."""
    return settings.jwt_secret


@pytest.fixture(scope="session")
def connect(settings: Settings) -> Iterator[Callable[[str], httpx.Client]]:
    """Opens a backend's client on first use and keeps it for the session.

    Lazy, so a backend that does not import yet fails only its own tests.
    """
    urls = _base_urls()
    opened: dict[str, httpx.Client] = {}
    with ExitStack() as stack:

        def open_backend(name: str) -> httpx.Client:
            if name not in opened:
                if urls is None:
                    backend = backends.BY_NAME[name]
                    own = replace(settings, database_url=backend.database_url(settings.database_url))
                    opened[name] = stack.enter_context(_IN_PROCESS[backend.app](own))
                elif name in urls:
                    instances = urls[name].split("|")
                    opened[name] = stack.enter_context(
                        httpx.Client(base_url=instances[0], transport=_RoundRobin(instances), timeout=30)
                    )
                else:
                    pytest.skip(f"{BASE_URLS_VAR} names no URL for {name}")
            return opened[name]

        yield open_backend


@pytest.fixture(params=BACKENDS, ids=BACKENDS)
def client(request: pytest.FixtureRequest, connect: Callable[[str], httpx.Client]) -> httpx.Client:
    """An httpx.Client on one backend's root; each test runs once per backend."""
    return connect(request.param)


@pytest.fixture
def clients(connect: Callable[[str], httpx.Client]) -> dict[str, httpx.Client]:
    """Both backends at once, for the parity test."""
    return {name: connect(name) for name in BACKENDS}

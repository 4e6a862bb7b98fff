"""The benchmark-only routes exist only with BENCHMARK_ENDPOINTS on, and never in the API documents."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from services.fastapi_impl.app import create_app as create_fastapi
from services.flask_impl.app import create_app as create_flask
from shared import bench
from shared.settings import Settings

BODY = {"article": {"title": "Bench", "description": "d", "body": "b", "tagList": ["x", "y", "x"]}}


@pytest.fixture(params=["fastapi", "flask"])
def make_client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[bool], httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(enabled: bool) -> httpx.Client:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
            benchmark_endpoints=enabled,
            access_log=False,
        )
        client: httpx.Client
        if request.param == "fastapi":
            client = TestClient(create_fastapi(settings))
        else:
            client = httpx.Client(
                transport=httpx.WSGITransport(app=create_flask(settings)), base_url="http://t"
            )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_absent_by_default(make_client: Callable[[bool], httpx.Client]) -> None:
    client = make_client(False)
    for path in (
        "/api/bench/json",
        "/api/bench/wait?ms=0",
        "/api/bench/pool",
        "/api/bench/tutorial/articles/x",
    ):
        assert client.get(path).status_code == 404
    assert client.post("/api/bench/validate", json=BODY).status_code == 404


def test_mounted_when_enabled_but_undocumented(make_client: Callable[[bool], httpx.Client]) -> None:
    client = make_client(True)
    assert client.get("/api/bench/json").json() == bench.HELLO
    assert client.get("/api/bench/wait?ms=0").json() == {"waited": 0}
    created = client.post("/api/bench/validate", json=BODY)
    assert created.status_code == 201
    assert created.json()["article"]["tagList"] == ["x", "y"]
    assert client.post("/api/bench/validate", json={"article": {}}).status_code == 422
    paths = client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if "bench" in path]


def test_the_tutorial_pattern_answers_as_the_api_and_the_pool_is_reported(
    make_client: Callable[[bool], httpx.Client],
) -> None:
    """The trap's route is FastAPI's alone; the pool endpoint answers on both with the same shape."""
    client = make_client(True)
    pool = client.get("/api/bench/pool").json()
    assert set(pool) == {"threads", "pool"}
    assert set(pool["pool"]) == {"size", "checked_out", "overflow"}
    assert pool["pool"]["checked_out"] == 0, "no request holds a connection between requests"
    name = f"bench{uuid.uuid4().hex[:8]}"
    user = {"username": name, "email": f"{name}@example.com", "password": "password123"}
    token = client.post("/api/users", json={"user": user}).json()["user"]["token"]
    article = {"article": {"title": "Trap", "description": "d", "body": "b"}}
    slug = client.post("/api/articles", json=article, headers={"Authorization": f"Token {token}"}).json()[
        "article"
    ]["slug"]
    tutorial = client.get(f"/api/bench/tutorial/articles/{slug}")
    if pool["threads"] is None:  # Flask: a request runs on one thread, the pattern is safe and not kept
        assert tutorial.status_code == 404
    else:
        assert pool["threads"]["borrowed"] == 0
        assert tutorial.status_code == 200
        assert tutorial.json() == client.get(f"/api/articles/{slug}").json()


def test_wait_is_bounded() -> None:
    assert bench.wait_seconds(-5) == 0
    assert bench.wait_seconds(10) == 0.01
    assert bench.wait_seconds(10**9) == bench.WAIT_MS_MAX / 1000

"""The benchmark-only routes exist only with BENCHMARK_ENDPOINTS on, and never in the API documents."""

from __future__ import annotations

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
    for path in ("/api/bench/json", "/api/bench/wait?ms=0"):
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


def test_wait_is_bounded() -> None:
    assert bench.wait_seconds(-5) == 0
    assert bench.wait_seconds(10) == 0.01
    assert bench.wait_seconds(10**9) == bench.WAIT_MS_MAX / 1000

"""PostgreSQL goes away under load and comes back: fast 503s meanwhile, no restart, nothing acknowledged lost.

A TCP proxy (proxy.py) sits between both backends and PostgreSQL; cutting it
drops every open connection and refuses new ones, as a crashed or unreachable
database would, without touching the machine's PostgreSQL server.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from shared import migrate

from .conftest import BACKENDS, Live, serve
from .proxy import Proxy

pytestmark = pytest.mark.skipif(
    not os.environ.get("CONDUIT_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="the outage test needs PostgreSQL (CONDUIT_TEST_DATABASE_URL)",
)
UNAVAILABLE = {"errors": {"database": ["unavailable"]}}
FAST = 6.0
"""Seconds any answer may take during the outage: bounded connect and pool timeouts, not a hang."""
OUTAGE = 4.0
LOAD_LIMIT = 60.0


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, Proxy]]:
    migrate.upgrade(os.environ["CONDUIT_TEST_DATABASE_URL"])  # also when this module runs alone
    url = make_url(os.environ["CONDUIT_TEST_DATABASE_URL"])
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    limits = {"DB_CONNECT_TIMEOUT": "2", "DB_POOL_TIMEOUT": "3", "DB_STATEMENT_TIMEOUT_MS": "3000"}
    try:
        with serve(proxied, Path(tmp_path_factory.mktemp("outage-logs")), limits) as live:
            yield live, proxy
    finally:
        proxy.close()


def _workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def _load(
    client: httpx.Client, token: str, stop: threading.Event, seen: list[tuple[str, int, float, Any]]
) -> None:
    """Reads and writes until stopped (bounded by LOAD_LIMIT); every answer is kept with its duration."""
    deadline = time.monotonic() + LOAD_LIMIT
    headers = {"Authorization": f"Token {token}"}
    while not stop.is_set() and time.monotonic() < deadline:
        for kind in ("read", "write"):
            started = time.monotonic()
            try:
                if kind == "read":
                    response = client.get("/api/articles", params={"limit": 5})
                else:
                    title = f"Under load {uuid.uuid4().hex[:8]}"
                    article = {"article": {"title": title, "description": "d", "body": "b"}}
                    response = client.post("/api/articles", json=article, headers=headers)
            except httpx.HTTPError as exc:
                seen.append((kind, -1, time.monotonic() - started, repr(exc)))
                continue
            body = (
                response.json()
                if response.headers.get("content-type", "").startswith("application/json")
                else None
            )
            seen.append((kind, response.status_code, time.monotonic() - started, body))


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_outage_under_load(behind_proxy: tuple[Live, Proxy], backend: str, record: Any) -> None:
    live, proxy = behind_proxy
    master = live.processes[backend].pid
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        name = f"outage{uuid.uuid4().hex[:8]}"
        body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
        token = client.post("/api/users", json=body).json()["user"]["token"]
        workers_before = _workers(master)

        seen: list[tuple[str, int, float, Any]] = []
        stop = threading.Event()
        threads = [threading.Thread(target=_load, args=(client, token, stop, seen)) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)

        proxy.cut()
        probes = []
        deadline = time.monotonic() + OUTAGE
        while time.monotonic() < deadline:
            for path in ("/readyz", "/api/tags", "/healthz"):
                started = time.monotonic()
                response = client.get(path)
                probes.append((path, response.status_code, time.monotonic() - started, response.json()))
            time.sleep(0.2)
        proxy.restore()

        recovered_at = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if client.get("/readyz").status_code == 200 and client.get("/api/tags").status_code == 200:
                recovered_at = time.monotonic()
                break
            time.sleep(0.2)
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=LOAD_LIMIT)

        acknowledged = [answer[3]["article"]["slug"] for answer in seen if answer[1] == 201]
        missing = [slug for slug in acknowledged if client.get(f"/api/articles/{slug}").status_code != 200]
        workers_after = _workers(master)

    bad = [answer for answer in seen if answer[1] not in (200, 201, 503) or answer[2] > FAST]
    bad += [answer for answer in seen if answer[1] == 503 and answer[3] != UNAVAILABLE]
    record("database outage", len(seen) + len(probes), len(bad) + len(missing))
    assert recovered_at is not None, "requests did not succeed again after the database came back"
    assert not bad, bad[:5]
    assert any(answer[1] == 503 for answer in seen), "the load never met the outage"
    assert {(path, status) for path, status, _, _ in probes} == {
        ("/readyz", 503),
        ("/api/tags", 503),
        ("/healthz", 200),
    }
    assert all(body == UNAVAILABLE for path, status, _, body in probes if status == 503)
    assert max(duration for _, _, duration, _ in probes) < FAST
    assert not missing, f"acknowledged writes lost: {missing}"
    assert acknowledged, "no write was acknowledged around the outage"
    assert live.processes[backend].poll() is None, "the server died"
    assert workers_after == workers_before, "workers were restarted"

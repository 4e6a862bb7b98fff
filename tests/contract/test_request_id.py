"""Every response carries `X-Request-ID`: the caller's when it is a sane token, a fresh one otherwise."""

from __future__ import annotations

import httpx
import pytest

from .conftest import Cors
from .helpers import uid


@pytest.mark.parametrize("path", ["/api/tags", "/api/nope", "/api/user", "/healthz"])
def test_every_response_has_a_request_id(client: httpx.Client, path: str) -> None:
    """Successes and errors alike (200, 404, 401)."""
    first, second = client.get(path), client.get(path)
    assert first.headers["x-request-id"]
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_a_valid_incoming_request_id_is_kept(client: httpx.Client) -> None:
    trace = f"trace-{uid()}"
    assert client.get("/api/tags", headers={"X-Request-ID": trace}).headers["x-request-id"] == trace


@pytest.mark.parametrize("bad", ["has spaces", "x" * 500, "<script>"])
def test_an_unsafe_incoming_request_id_is_replaced(client: httpx.Client, bad: str) -> None:
    returned = client.get("/api/tags", headers={"X-Request-ID": bad}).headers["x-request-id"]
    assert returned
    assert returned != bad


def test_browsers_may_read_the_request_id(client: httpx.Client, cors: Cors) -> None:
    response = client.get("/api/tags", headers={"Origin": cors.origin})
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()

"""Security headers on every response, successes and errors alike."""

from __future__ import annotations

import httpx
import pytest

from shared import headers


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/tags"),
        ("GET", "/api/nope"),
        ("GET", "/api/user"),
        ("PATCH", "/api/tags"),
        ("GET", "/healthz"),
    ],
)
def test_every_json_response_carries_the_security_headers(
    client: httpx.Client, method: str, path: str
) -> None:
    response = client.request(method, path)
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == headers.API_POLICY


def test_a_body_over_the_limit_is_413_before_it_is_read(client: httpx.Client) -> None:
    """1 MiB by default (MAX_BODY_BYTES); the body is not valid JSON either, and the size wins."""
    response = client.post(
        "/api/users", content=b"x" * (1024 * 1024 + 1), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {"errors": {"body": ["is too large"]}}

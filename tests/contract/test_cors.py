"""CORS: browsers on other origins may call the API, including the preflight for authenticated writes."""

from __future__ import annotations

import httpx

from .conftest import Cors
from .helpers import auth, register


def allowed_origin(response: httpx.Response) -> str | None:
    return response.headers.get("access-control-allow-origin")


def test_simple_request_gets_allow_origin(client: httpx.Client, cors: Cors) -> None:
    response = client.get("/api/tags", headers={"Origin": cors.origin})
    assert response.status_code == 200
    assert allowed_origin(response) == cors.allow


def test_error_answers_carry_cors_headers_too(client: httpx.Client, cors: Cors) -> None:
    """A browser can only read a 401 or 404 envelope if the answer is CORS-enabled as well."""
    for response in (
        client.get("/api/user", headers={"Origin": cors.origin}),
        client.get("/api/articles/no-such-slug-for-cors", headers={"Origin": cors.origin}),
    ):
        assert response.status_code in (401, 404)
        assert allowed_origin(response) == cors.allow, response.headers


def test_authenticated_request_gets_allow_origin(client: httpx.Client, cors: Cors) -> None:
    user = register(client)
    response = client.get("/api/user", headers={"Origin": cors.origin, **auth(user["token"])})
    assert response.status_code == 200
    assert allowed_origin(response) == cors.allow


def test_preflight_allows_post_with_authorization_and_json(client: httpx.Client, cors: Cors) -> None:
    response = client.options(
        "/api/articles",
        headers={
            "Origin": cors.origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert response.status_code == 200, response.text
    assert allowed_origin(response) == cors.allow
    methods = {m.strip().upper() for m in response.headers.get("access-control-allow-methods", "").split(",")}
    assert "POST" in methods, response.headers
    # Listed by name: a `*` wildcard never covers Authorization (Fetch standard).
    allowed_headers = {
        h.strip().lower() for h in response.headers.get("access-control-allow-headers", "").split(",")
    }
    assert {"authorization", "content-type"} <= allowed_headers, response.headers


def test_preflight_on_a_parametrized_route(client: httpx.Client, cors: Cors) -> None:
    response = client.options(
        "/api/articles/any-slug/comments/1",
        headers={"Origin": cors.origin, "Access-Control-Request-Method": "DELETE"},
    )
    assert response.status_code == 200, response.text
    assert allowed_origin(response) == cors.allow
    methods = {m.strip().upper() for m in response.headers.get("access-control-allow-methods", "").split(",")}
    assert "DELETE" in methods, response.headers

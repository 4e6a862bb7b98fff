"""HTTP methods (RFC 9110 §9): HEAD wherever GET is served, OPTIONS everywhere, a full `Allow`,
CORS preflights answered alike, and no empty answer that claims to be HTML or text."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import Cors
from .helpers import add_comment, assert_error, auth, create_article, register

# Every route of the API, with the exact `Allow` both backends send for it (RFC 9110 §10.2.1).
ALLOW = {
    "/api/users": "OPTIONS, POST",
    "/api/users/login": "OPTIONS, POST",
    "/api/user": "GET, HEAD, OPTIONS, PUT",
    "/api/profiles/{username}": "GET, HEAD, OPTIONS",
    "/api/profiles/{username}/follow": "DELETE, OPTIONS, POST",
    "/api/articles": "GET, HEAD, OPTIONS, POST",
    "/api/articles/feed": "GET, HEAD, OPTIONS",
    "/api/articles/{slug}": "DELETE, GET, HEAD, OPTIONS, PUT",
    "/api/articles/{slug}/favorite": "DELETE, OPTIONS, POST",
    "/api/articles/{slug}/comments": "GET, HEAD, OPTIONS, POST",
    "/api/articles/{slug}/comments/{id}": "DELETE, OPTIONS",
    "/api/tags": "GET, HEAD, OPTIONS",
    "/healthz": "GET, HEAD, OPTIONS",
    "/readyz": "GET, HEAD, OPTIONS",
}
GET_ROUTES = [path for path, allow in ALLOW.items() if "GET" in allow]


@pytest.fixture
def world(client: httpx.Client) -> dict[str, Any]:
    """A user with an article and a comment, so every path names something that exists."""
    user = register(client)
    slug = create_article(client, user["token"])["slug"]
    comment = add_comment(client, user["token"], slug)
    return {"user": user, "slug": slug, "id": comment["id"]}


def fill(template: str, world: dict[str, Any]) -> str:
    return template.format(username=world["user"]["username"], slug=world["slug"], id=world["id"])


def is_empty(response: httpx.Response) -> None:
    """An empty answer: no body, and no Content-Type claiming one (HTML, text or anything else)."""
    assert response.content == b"", response.content
    assert "content-type" not in response.headers, response.headers
    assert response.headers.get("content-length", "0") == "0", response.headers


# --- HEAD (RFC 9110 §9.3.2: "identical to GET except that the server MUST NOT send content") --


@pytest.mark.parametrize("template", GET_ROUTES)
def test_head_is_get_without_the_body(client: httpx.Client, world: dict[str, Any], template: str) -> None:
    path, headers = fill(template, world), auth(world["user"]["token"])
    got = client.get(path, headers=headers)
    head = client.head(path, headers=headers)
    assert got.status_code == 200, got.text
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-length") in (None, str(len(got.content)))


@pytest.mark.parametrize(
    ("path", "status", "errors"),
    [
        ("/api/articles/no-such-article-for-head", 404, {"article": ["not found"]}),
        ("/api/user", 401, {"token": ["is missing"]}),
        ("/api/nope", 404, {"route": ["not found"]}),
    ],
)
def test_head_of_an_error_has_the_get_status_and_headers(
    client: httpx.Client, path: str, status: int, errors: dict[str, list[str]]
) -> None:
    assert_error(client.get(path), status, errors)
    head = client.head(path)
    assert head.status_code == status
    assert head.content == b""
    assert head.headers["content-type"].startswith("application/json")


def test_head_where_no_get_is_served_is_405(client: httpx.Client) -> None:
    response = client.head("/api/users")
    assert response.status_code == 405
    assert response.headers["allow"] == ALLOW["/api/users"]


# --- Allow (RFC 9110 §10.2.1) and OPTIONS (§9.3.7) ----------------------------------------------


@pytest.mark.parametrize("template", list(ALLOW))
def test_options_answers_200_with_allow_and_no_body(
    client: httpx.Client, world: dict[str, Any], template: str
) -> None:
    """No `Origin`, so not a CORS preflight: the plain OPTIONS of RFC 9110, the same on both."""
    response = client.options(fill(template, world))
    assert response.status_code == 200
    assert response.headers["allow"] == ALLOW[template]
    is_empty(response)


@pytest.mark.parametrize("template", list(ALLOW))
def test_405_lists_every_method_the_route_serves(
    client: httpx.Client, world: dict[str, Any], template: str
) -> None:
    response = client.request("PATCH", fill(template, world))
    assert_error(response, 405, {"method": ["not allowed"]})
    assert response.headers["allow"] == ALLOW[template]


def test_allow_of_the_feed_is_the_feed_s_own(client: httpx.Client) -> None:
    """`/api/articles/feed` also fits `/api/articles/{slug}`: only the more specific route counts."""
    assert client.options("/api/articles/feed").headers["allow"] == ALLOW["/api/articles/feed"]
    assert client.request("PATCH", "/api/articles/feed").headers["allow"] == ALLOW["/api/articles/feed"]


def test_options_of_an_unknown_route_is_404(client: httpx.Client) -> None:
    assert_error(client.options("/api/nope"), 404, {"route": ["not found"]})


# --- CORS preflights (Fetch standard, "CORS-preflight fetch") -----------------------------------


def preflight(client: httpx.Client, cors: Cors, method: str, headers: str | None = None) -> httpx.Response:
    sent = {"Origin": cors.origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return client.options("/api/articles", headers=sent)


def test_an_allowed_preflight_is_an_empty_200_with_allow(client: httpx.Client, cors: Cors) -> None:
    response = preflight(client, cors, "POST", "authorization,content-type")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == cors.allow
    assert response.headers["allow"] == ALLOW["/api/articles"]
    is_empty(response)


@pytest.mark.parametrize(
    "headers", ["authorization,x-requested-with", "X-Custom", "content-type, cookie"], ids=str
)
def test_a_preflight_asking_for_another_header_is_400_in_the_envelope(
    client: httpx.Client, cors: Cors, headers: str
) -> None:
    assert_error(
        preflight(client, cors, "POST", headers),
        400,
        {
            "Access-Control-Request-Headers": [
                "may only list accept, accept-language, authorization, content-language, content-type"
            ]
        },
    )


@pytest.mark.parametrize("method", ["PATCH", "TRACE", "post"])
def test_a_preflight_asking_for_another_method_is_400_in_the_envelope(
    client: httpx.Client, cors: Cors, method: str
) -> None:
    assert_error(
        preflight(client, cors, method),
        400,
        {"Access-Control-Request-Method": ["must be one of DELETE, GET, HEAD, OPTIONS, POST, PUT"]},
    )


def test_a_preflight_of_an_unknown_route_is_404(client: httpx.Client, cors: Cors) -> None:
    headers = {"Origin": cors.origin, "Access-Control-Request-Method": "GET"}
    assert_error(client.options("/api/nope", headers=headers), 404, {"route": ["not found"]})


@pytest.mark.parametrize(
    ("method", "headers"), [("POST", "x-requested-with"), ("PATCH", None), ("GET", None)]
)
def test_a_refused_preflight_grants_nothing(
    client: httpx.Client, cors: Cors, method: str, headers: str | None
) -> None:
    """No Access-Control-* header on a refused preflight (or one of an unknown route), on either backend."""
    response = (
        client.options("/api/nope", headers={"Origin": cors.origin, "Access-Control-Request-Method": method})
        if method == "GET"
        else preflight(client, cors, method, headers)
    )
    assert response.status_code >= 400
    assert not [name for name in response.headers if name.lower().startswith("access-control-")], (
        response.headers
    )


# --- empty answers ------------------------------------------------------------------------------


def test_deletes_answer_204_with_nothing_at_all(client: httpx.Client, world: dict[str, Any]) -> None:
    headers = auth(world["user"]["token"])
    comment = client.delete(f"/api/articles/{world['slug']}/comments/{world['id']}", headers=headers)
    assert comment.status_code == 204
    is_empty(comment)
    article = client.delete(f"/api/articles/{world['slug']}", headers=headers)
    assert article.status_code == 204
    is_empty(article)

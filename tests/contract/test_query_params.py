"""Query parameters: each one a route reads may be given once; a repeated one is 422 `must be given once`.

Frameworks disagree on which of two values to keep (FastAPI the last, Flask the
first), and so do proxies and caches: the API keeps neither.
"""

from __future__ import annotations

import httpx
import pytest

from .helpers import assert_error, assert_json, auth, create_article, register, uid

ONCE = ["must be given once"]


@pytest.mark.parametrize(
    "query",
    ["limit=1&limit=2", "offset=0&offset=1", "tag=a&tag=b", "author=a&author=b", "favorited=a&favorited=b"],
)
def test_a_repeated_list_parameter_is_refused(client: httpx.Client, query: str) -> None:
    name = query.split("=", 1)[0]
    assert_error(client.get(f"/api/articles?{query}"), 422, {name: ONCE})


def test_the_same_value_twice_is_refused_too(client: httpx.Client) -> None:
    assert_error(client.get("/api/articles?limit=5&limit=5"), 422, {"limit": ONCE})


def test_every_repeated_parameter_is_named(client: httpx.Client) -> None:
    response = client.get("/api/articles?tag=a&limit=1&tag=b&limit=2&offset=0")
    assert_error(response, 422, {"tag": ONCE, "limit": ONCE})


@pytest.mark.parametrize("query", ["limit=1&limit=2", "offset=0&offset=1"])
def test_a_repeated_feed_parameter_is_refused(client: httpx.Client, query: str) -> None:
    user = register(client)
    name = query.split("=", 1)[0]
    assert_error(client.get(f"/api/articles/feed?{query}", headers=auth(user["token"])), 422, {name: ONCE})


def test_a_repeated_parameter_the_route_does_not_read_is_ignored(client: httpx.Client) -> None:
    """Unknown parameters are ignored, once or twice."""
    assert_json(client.get("/api/articles?limit=1&utm=a&utm=b"), 200)


def test_each_parameter_once_still_filters(client: httpx.Client) -> None:
    author = register(client)
    tag = f"once-{uid()}"
    slug = create_article(client, author["token"], tag_list=[tag])["slug"]
    query = f"tag={tag}&author={author['username']}&limit=1&offset=0"
    body = assert_json(client.get(f"/api/articles?{query}"), 200)
    assert [article["slug"] for article in body["articles"]] == [slug]

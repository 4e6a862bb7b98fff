"""Favorites: idempotent, counted per user, and `favorited` is relative to the caller."""

from __future__ import annotations

import httpx

from .helpers import ARTICLE_KEYS, assert_error, assert_json, auth, create_article, favorite, register, uid


def fav(client: httpx.Client, method: str, slug: str, token: str) -> httpx.Response:
    return client.request(method, f"/api/articles/{slug}/favorite", headers=auth(token))


def test_favorite_returns_the_article_favorited(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    created = create_article(client, author["token"])
    article = assert_json(fav(client, "POST", created["slug"], fan["token"]), 200)["article"]
    assert set(article) == ARTICLE_KEYS
    assert (article["slug"], article["favorited"], article["favoritesCount"]) == (created["slug"], True, 1)
    assert article["body"] == created["body"]


def test_favorite_twice_counts_once(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    slug = create_article(client, author["token"])["slug"]
    for _ in range(2):
        article = assert_json(fav(client, "POST", slug, fan["token"]), 200)["article"]
        assert (article["favorited"], article["favoritesCount"]) == (True, 1)


def test_unfavorite_twice_is_idempotent(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    slug = create_article(client, author["token"])["slug"]
    favorite(client, fan["token"], slug)
    for _ in range(2):
        article = assert_json(fav(client, "DELETE", slug, fan["token"]), 200)["article"]
        assert (article["favorited"], article["favoritesCount"]) == (False, 0)


def test_favorites_are_counted_per_user(client: httpx.Client) -> None:
    author = register(client)
    fans = [register(client) for _ in range(2)]
    slug = create_article(client, author["token"])["slug"]
    favorite(client, fans[0]["token"], slug)
    article = assert_json(fav(client, "POST", slug, fans[1]["token"]), 200)["article"]
    assert (article["favorited"], article["favoritesCount"]) == (True, 2)
    article = assert_json(fav(client, "DELETE", slug, fans[0]["token"]), 200)["article"]
    assert (article["favorited"], article["favoritesCount"]) == (False, 1)


def test_favorited_is_relative_to_the_caller(client: httpx.Client) -> None:
    """The fan sees `favorited: true`; everyone sees the same count."""
    author = register(client)
    fan = register(client)
    slug = create_article(client, author["token"])["slug"]
    favorite(client, fan["token"], slug)

    def seen_by(token: str | None) -> tuple[bool, int]:
        response = client.get(f"/api/articles/{slug}", headers=auth(token) if token else {})
        article = assert_json(response, 200)["article"]
        return article["favorited"], article["favoritesCount"]

    assert seen_by(fan["token"]) == (True, 1)
    assert seen_by(author["token"]) == (False, 1)
    assert seen_by(None) == (False, 1)


def test_authors_may_favorite_their_own_article(client: httpx.Client) -> None:
    author = register(client)
    slug = create_article(client, author["token"])["slug"]
    article = assert_json(fav(client, "POST", slug, author["token"]), 200)["article"]
    assert (article["favorited"], article["favoritesCount"]) == (True, 1)


def test_favorite_unknown_article_is_404(client: httpx.Client) -> None:
    user = register(client)
    for method in ("POST", "DELETE"):
        assert_error(fav(client, method, f"nope-{uid()}", user["token"]), 404, {"article": ["not found"]})


def test_deleting_an_article_removes_it_from_favorites(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    slug = create_article(client, author["token"])["slug"]
    favorite(client, fan["token"], slug)
    assert client.delete(f"/api/articles/{slug}", headers=auth(author["token"])).status_code == 204
    body = assert_json(client.get("/api/articles", params={"favorited": fan["username"]}), 200)
    assert body == {"articles": [], "articlesCount": 0}

"""Article lists and the feed: newest first, filters combine, `articlesCount` counts all matches."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.limits import LIMIT_DEFAULT, LIMIT_MAX

from .helpers import (
    LIST_ARTICLE_KEYS,
    assert_error,
    assert_json,
    auth,
    create_article,
    favorite,
    follow,
    register,
    uid,
)


def listing(client: httpx.Client, token: str | None = None, **params: Any) -> dict[str, Any]:
    response = client.get("/api/articles", params=params, headers=auth(token) if token else {})
    body: dict[str, Any] = assert_json(response, 200)
    assert set(body) == {"articles", "articlesCount"}
    return body


def feed(client: httpx.Client, token: str, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = assert_json(
        client.get("/api/articles/feed", params=params, headers=auth(token)), 200
    )
    assert set(body) == {"articles", "articlesCount"}
    return body


@pytest.fixture
def three(client: httpx.Client) -> dict[str, Any]:
    """Three articles sharing one unique tag, created oldest to newest."""
    author = register(client)
    tag = f"three-{uid()}"
    created = [
        create_article(client, author["token"], title=f"Number {n} {uid()}", tag_list=[tag]) for n in range(3)
    ]
    return {"author": author, "tag": tag, "slugs": [a["slug"] for a in created]}


def test_list_is_newest_first_without_bodies(client: httpx.Client, three: dict[str, Any]) -> None:
    body = listing(client, tag=three["tag"])
    assert [a["slug"] for a in body["articles"]] == list(reversed(three["slugs"]))
    assert body["articlesCount"] == 3
    for article in body["articles"]:
        assert set(article) == LIST_ARTICLE_KEYS, article
        assert article["tagList"] == [three["tag"]]
        assert article["author"]["username"] == three["author"]["username"]


def test_limit_and_offset_page_through_the_list(client: httpx.Client, three: dict[str, Any]) -> None:
    """`articlesCount` is the total matching the filters, not the size of the page."""
    newest_first = list(reversed(three["slugs"]))
    first_page = listing(client, tag=three["tag"], limit=2)
    assert [a["slug"] for a in first_page["articles"]] == newest_first[:2]
    assert first_page["articlesCount"] == 3
    last_page = listing(client, tag=three["tag"], limit=2, offset=2)
    assert [a["slug"] for a in last_page["articles"]] == newest_first[2:]
    assert last_page["articlesCount"] == 3
    middle = listing(client, tag=three["tag"], limit=1, offset=1)
    assert [a["slug"] for a in middle["articles"]] == newest_first[1:2]
    beyond = listing(client, tag=three["tag"], offset=3)
    assert (beyond["articles"], beyond["articlesCount"]) == ([], 3)


def test_limit_defaults_to_20(client: httpx.Client) -> None:
    author = register(client)
    tag = f"many-{uid()}"
    created = [
        create_article(client, author["token"], tag_list=[tag])["slug"] for _ in range(LIMIT_DEFAULT + 1)
    ]
    body = listing(client, tag=tag)
    assert len(body["articles"]) == LIMIT_DEFAULT
    assert body["articlesCount"] == LIMIT_DEFAULT + 1
    assert [a["slug"] for a in body["articles"]] == list(reversed(created))[:LIMIT_DEFAULT]
    assert [a["slug"] for a in listing(client, tag=tag, limit=LIMIT_MAX)["articles"]] == list(
        reversed(created)
    )


def test_filters_by_tag_author_and_favorited_combine(client: httpx.Client) -> None:
    """Each filter narrows the list; together they are an AND."""
    alice = register(client)
    bob = register(client)
    fan = register(client)
    tag = f"combo-{uid()}"
    a_tagged = create_article(client, alice["token"], tag_list=[tag, f"other-{uid()}"])["slug"]
    a_plain = create_article(client, alice["token"])["slug"]
    b_tagged = create_article(client, bob["token"], tag_list=[tag])["slug"]
    favorite(client, fan["token"], a_tagged)
    favorite(client, fan["token"], a_plain)

    def found(**params: Any) -> tuple[set[str], int]:
        body = listing(client, **params)
        return {a["slug"] for a in body["articles"]}, body["articlesCount"]

    assert found(tag=tag) == ({a_tagged, b_tagged}, 2)
    assert found(author=alice["username"]) == ({a_tagged, a_plain}, 2)
    assert found(favorited=fan["username"]) == ({a_tagged, a_plain}, 2)
    assert found(tag=tag, author=alice["username"]) == ({a_tagged}, 1)
    assert found(tag=tag, author=bob["username"]) == ({b_tagged}, 1)
    assert found(tag=tag, favorited=fan["username"]) == ({a_tagged}, 1)
    assert found(author=bob["username"], favorited=fan["username"]) == (set(), 0)
    assert found(tag=tag, author=alice["username"], favorited=fan["username"]) == ({a_tagged}, 1)


@pytest.mark.parametrize("param", ["tag", "author", "favorited"])
def test_filter_on_something_unknown_is_an_empty_list(client: httpx.Client, param: str) -> None:
    assert listing(client, **{param: f"nothing-{uid()}"}) == {"articles": [], "articlesCount": 0}


def test_list_favorited_is_relative_to_the_caller(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    tag = f"fav-{uid()}"
    slug = create_article(client, author["token"], tag_list=[tag])["slug"]
    favorite(client, fan["token"], slug)
    (as_fan,) = listing(client, fan["token"], tag=tag)["articles"]
    assert (as_fan["favorited"], as_fan["favoritesCount"]) == (True, 1)
    (anonymous,) = listing(client, tag=tag)["articles"]
    assert (anonymous["favorited"], anonymous["favoritesCount"]) == (False, 1)
    (as_author,) = listing(client, author["token"], tag=tag)["articles"]
    assert (as_author["favorited"], as_author["favoritesCount"]) == (False, 1)


def test_list_author_following_is_relative_to_the_caller(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    tag = f"fol-{uid()}"
    create_article(client, author["token"], tag_list=[tag])
    follow(client, fan["token"], author["username"])
    assert listing(client, fan["token"], tag=tag)["articles"][0]["author"]["following"] is True
    assert listing(client, tag=tag)["articles"][0]["author"]["following"] is False


# --- feed -----------------------------------------------------------------------------------


def test_feed_holds_only_followed_authors_newest_first(client: httpx.Client) -> None:
    reader = register(client)
    followed_1 = register(client)
    followed_2 = register(client)
    stranger = register(client)
    follow(client, reader["token"], followed_1["username"])
    follow(client, reader["token"], followed_2["username"])
    expected = [
        create_article(client, followed_1["token"])["slug"],
        create_article(client, stranger["token"])["slug"],
        create_article(client, followed_2["token"])["slug"],
        create_article(client, followed_1["token"])["slug"],
    ]
    del expected[1]
    create_article(client, reader["token"])  # one's own articles are not in one's feed
    body = feed(client, reader["token"])
    assert [a["slug"] for a in body["articles"]] == list(reversed(expected))
    assert body["articlesCount"] == 3
    for article in body["articles"]:
        assert set(article) == LIST_ARTICLE_KEYS, article
        assert article["author"]["following"] is True


def test_feed_pages_with_limit_and_offset(client: httpx.Client) -> None:
    reader = register(client)
    author = register(client)
    follow(client, reader["token"], author["username"])
    created = [create_article(client, author["token"])["slug"] for _ in range(3)]
    newest_first = list(reversed(created))
    first = feed(client, reader["token"], limit=2)
    assert ([a["slug"] for a in first["articles"]], first["articlesCount"]) == (newest_first[:2], 3)
    rest = feed(client, reader["token"], limit=2, offset=2)
    assert ([a["slug"] for a in rest["articles"]], rest["articlesCount"]) == (newest_first[2:], 3)


def test_feed_is_empty_without_follows_and_after_unfollow(client: httpx.Client) -> None:
    reader = register(client)
    author = register(client)
    create_article(client, author["token"])
    assert feed(client, reader["token"]) == {"articles": [], "articlesCount": 0}
    follow(client, reader["token"], author["username"])
    assert feed(client, reader["token"])["articlesCount"] == 1
    response = client.delete(f"/api/profiles/{author['username']}/follow", headers=auth(reader["token"]))
    assert response.status_code == 200
    assert feed(client, reader["token"]) == {"articles": [], "articlesCount": 0}


def test_feed_requires_a_token(client: httpx.Client) -> None:
    assert_error(client.get("/api/articles/feed"), 401, {"token": ["is missing"]})


def test_feed_is_not_an_article_slug(client: httpx.Client) -> None:
    """`/api/articles/feed` is the feed even when an article titled "feed" exists."""
    author = register(client)
    article = create_article(client, author["token"], title="feed")
    assert article["slug"].startswith("feed")
    assert_error(client.get("/api/articles/feed"), 401, {"token": ["is missing"]})


# --- query validation -----------------------------------------------------------------------

BAD_QUERIES = [
    ({"limit": "0"}, {"limit": ["must be greater than or equal to 1"]}),
    ({"limit": "-5"}, {"limit": ["must be greater than or equal to 1"]}),
    ({"limit": str(LIMIT_MAX + 1)}, {"limit": [f"must be less than or equal to {LIMIT_MAX}"]}),
    ({"offset": "-1"}, {"offset": ["must be greater than or equal to 0"]}),
    ({"limit": "abc"}, {"limit": ["must be an integer"]}),
    ({"limit": "1.5"}, {"limit": ["must be an integer"]}),
    ({"offset": "abc"}, {"offset": ["must be an integer"]}),
    (
        {"limit": "0", "offset": "-1"},
        {"limit": ["must be greater than or equal to 1"], "offset": ["must be greater than or equal to 0"]},
    ),
]
BAD_QUERY_IDS = ["&".join(f"{k}={v}" for k, v in query.items()) for query, _ in BAD_QUERIES]


@pytest.mark.parametrize(("query", "errors"), BAD_QUERIES, ids=BAD_QUERY_IDS)
def test_list_rejects_bad_paging(
    client: httpx.Client, query: dict[str, str], errors: dict[str, list[str]]
) -> None:
    assert_error(client.get("/api/articles", params=query), 422, errors)


@pytest.mark.parametrize(("query", "errors"), BAD_QUERIES, ids=BAD_QUERY_IDS)
def test_feed_rejects_bad_paging(
    client: httpx.Client, query: dict[str, str], errors: dict[str, list[str]]
) -> None:
    reader = register(client)
    assert_error(client.get("/api/articles/feed", params=query, headers=auth(reader["token"])), 422, errors)


def test_paging_bounds_are_accepted(client: httpx.Client, three: dict[str, Any]) -> None:
    assert len(listing(client, tag=three["tag"], limit=1, offset=0)["articles"]) == 1
    assert len(listing(client, tag=three["tag"], limit=LIMIT_MAX)["articles"]) == 3

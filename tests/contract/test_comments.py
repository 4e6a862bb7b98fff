"""Comments: listed oldest first, integer ids, found only under their own article, deleted by their author."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.limits import COMMENT_MAX

from .helpers import (
    COMMENT_KEYS,
    PROFILE_KEYS,
    TIMESTAMP,
    add_comment,
    assert_error,
    assert_json,
    auth,
    create_article,
    follow,
    register,
    uid,
)


def comments_of(client: httpx.Client, slug: str, token: str | None = None) -> list[dict[str, Any]]:
    response = client.get(f"/api/articles/{slug}/comments", headers=auth(token) if token else {})
    body = assert_json(response, 200)
    assert set(body) == {"comments"}
    comments: list[dict[str, Any]] = body["comments"]
    return comments


def post_comment(client: httpx.Client, token: str, slug: str, comment: Any) -> httpx.Response:
    return client.post(f"/api/articles/{slug}/comments", json={"comment": comment}, headers=auth(token))


@pytest.fixture
def article(client: httpx.Client) -> dict[str, Any]:
    author = register(client)
    return {"author": author, "slug": create_article(client, author["token"])["slug"]}


def test_add_comment_returns_201_and_the_comment(client: httpx.Client, article: dict[str, Any]) -> None:
    commenter = register(client)
    response = post_comment(client, commenter["token"], article["slug"], {"body": "Nice read."})
    comment = assert_json(response, 201)["comment"]
    assert set(comment) == COMMENT_KEYS
    assert isinstance(comment["id"], int)
    assert not isinstance(comment["id"], bool)
    assert comment["body"] == "Nice read."
    assert TIMESTAMP.match(comment["createdAt"]), comment["createdAt"]
    assert TIMESTAMP.match(comment["updatedAt"]), comment["updatedAt"]
    assert set(comment["author"]) == PROFILE_KEYS
    assert comment["author"] == {
        "username": commenter["username"],
        "bio": None,
        "image": None,
        "following": False,
    }


def test_comments_are_public_and_oldest_first(client: httpx.Client, article: dict[str, Any]) -> None:
    commenter = register(client)
    created = [add_comment(client, commenter["token"], article["slug"], f"Comment {n}") for n in range(3)]
    listed = comments_of(client, article["slug"])
    assert [c["id"] for c in listed] == [c["id"] for c in created]
    assert [c["body"] for c in listed] == ["Comment 0", "Comment 1", "Comment 2"]
    assert listed == created


def test_an_article_without_comments_has_an_empty_list(client: httpx.Client, article: dict[str, Any]) -> None:
    assert comments_of(client, article["slug"]) == []


def test_comment_author_following_is_relative_to_the_caller(
    client: httpx.Client, article: dict[str, Any]
) -> None:
    commenter = register(client)
    fan = register(client)
    add_comment(client, commenter["token"], article["slug"])
    follow(client, fan["token"], commenter["username"])
    assert comments_of(client, article["slug"], fan["token"])[0]["author"]["following"] is True
    assert comments_of(client, article["slug"], article["author"]["token"])[0]["author"]["following"] is False
    assert comments_of(client, article["slug"])[0]["author"]["following"] is False


def test_comments_belong_to_their_article(client: httpx.Client, article: dict[str, Any]) -> None:
    other_slug = create_article(client, article["author"]["token"])["slug"]
    add_comment(client, article["author"]["token"], article["slug"], "here")
    assert comments_of(client, other_slug) == []


def test_comments_on_unknown_article_are_404(client: httpx.Client) -> None:
    user = register(client)
    slug = f"nope-{uid()}"
    assert_error(client.get(f"/api/articles/{slug}/comments"), 404, {"article": ["not found"]})
    assert_error(post_comment(client, user["token"], slug, {"body": "x"}), 404, {"article": ["not found"]})
    response = client.delete(f"/api/articles/{slug}/comments/1", headers=auth(user["token"]))
    assert_error(response, 404, {"article": ["not found"]})


@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "whitespace"])
def test_comment_with_an_empty_body_is_blank(
    client: httpx.Client, article: dict[str, Any], value: str
) -> None:
    response = post_comment(client, article["author"]["token"], article["slug"], {"body": value})
    assert_error(response, 422, {"body": ["can't be blank"]})


def test_comment_validation(client: httpx.Client, article: dict[str, Any]) -> None:
    token, slug = article["author"]["token"], article["slug"]
    assert_error(post_comment(client, token, slug, {}), 422, {"body": ["can't be blank"]})
    assert_error(post_comment(client, token, slug, {"body": 7}), 422, {"body": ["must be a string"]})
    assert_error(post_comment(client, token, slug, "text"), 422, {"comment": ["must be an object"]})
    response = client.post(f"/api/articles/{slug}/comments", json={"body": "x"}, headers=auth(token))
    assert_error(response, 422, {"comment": ["can't be blank"]})
    too_long = post_comment(client, token, slug, {"body": "c" * (COMMENT_MAX + 1)})
    assert_error(too_long, 422, {"body": [f"is too long (maximum is {COMMENT_MAX} characters)"]})
    assert comments_of(client, slug) == []


def test_comment_ignores_unknown_fields(client: httpx.Client, article: dict[str, Any]) -> None:
    fields = {
        "body": "b",
        "id": 999_999,
        "author": {"username": "someone"},
        "createdAt": "2000-01-01T00:00:00.000Z",
    }
    comment = assert_json(post_comment(client, article["author"]["token"], article["slug"], fields), 201)[
        "comment"
    ]
    assert comment["id"] != 999_999
    assert comment["author"]["username"] == article["author"]["username"]
    assert comment["createdAt"] != "2000-01-01T00:00:00.000Z"


# --- delete ---------------------------------------------------------------------------------


def test_delete_comment_returns_204_and_a_second_delete_is_404(
    client: httpx.Client, article: dict[str, Any]
) -> None:
    token, slug = article["author"]["token"], article["slug"]
    kept = add_comment(client, token, slug, "kept")
    doomed = add_comment(client, token, slug, "doomed")
    response = client.delete(f"/api/articles/{slug}/comments/{doomed['id']}", headers=auth(token))
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert [c["id"] for c in comments_of(client, slug)] == [kept["id"]]
    again = client.delete(f"/api/articles/{slug}/comments/{doomed['id']}", headers=auth(token))
    assert_error(again, 404, {"comment": ["not found"]})


def test_only_the_comment_author_may_delete_it(client: httpx.Client, article: dict[str, Any]) -> None:
    """Not even the article's author may delete someone else's comment."""
    commenter = register(client)
    comment = add_comment(client, commenter["token"], article["slug"])
    path = f"/api/articles/{article['slug']}/comments/{comment['id']}"
    assert_error(
        client.delete(path, headers=auth(article["author"]["token"])), 403, {"comment": ["forbidden"]}
    )
    assert [c["id"] for c in comments_of(client, article["slug"])] == [comment["id"]]


def test_comment_is_found_only_under_its_own_article(client: httpx.Client, article: dict[str, Any]) -> None:
    token = article["author"]["token"]
    comment = add_comment(client, token, article["slug"])
    other_slug = create_article(client, token)["slug"]
    response = client.delete(f"/api/articles/{other_slug}/comments/{comment['id']}", headers=auth(token))
    assert_error(response, 404, {"comment": ["not found"]})
    assert [c["id"] for c in comments_of(client, article["slug"])] == [comment["id"]]


def test_unknown_comment_id_is_404(client: httpx.Client, article: dict[str, Any]) -> None:
    token, slug = article["author"]["token"], article["slug"]
    response = client.delete(f"/api/articles/{slug}/comments/2147483000", headers=auth(token))
    assert_error(response, 404, {"comment": ["not found"]})


@pytest.mark.parametrize("bad_id", ["abc", "1.5"])
def test_comment_id_must_be_an_integer(client: httpx.Client, article: dict[str, Any], bad_id: str) -> None:
    token, slug = article["author"]["token"], article["slug"]
    response = client.delete(f"/api/articles/{slug}/comments/{bad_id}", headers=auth(token))
    assert_error(response, 422, {"id": ["must be an integer"]})

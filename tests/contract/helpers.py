"""Plain helpers shared by the contract tests: unique names, users, articles, error checks."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import httpx

PASSWORD = "correct-horse-battery"
"""A valid password (8+ characters) for the users the tests register."""

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
"""ISO 8601 in UTC with milliseconds and `Z`, the only timestamp form the API shows."""

USER_KEYS = {"email", "token", "username", "bio", "image"}
PROFILE_KEYS = {"username", "bio", "image", "following"}
ARTICLE_KEYS = {
    "slug",
    "title",
    "description",
    "body",
    "tagList",
    "createdAt",
    "updatedAt",
    "favorited",
    "favoritesCount",
    "author",
}
LIST_ARTICLE_KEYS = ARTICLE_KEYS - {"body"}
COMMENT_KEYS = {"id", "createdAt", "updatedAt", "body", "author"}


def uid() -> str:
    """A short unique suffix, so tests never collide on a shared database."""
    return uuid4().hex[:10]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def register(
    client: httpx.Client,
    *,
    username: str | None = None,
    email: str | None = None,
    password: str = PASSWORD,
) -> dict[str, Any]:
    """Register a fresh user and return the `user` object of the answer (with its token)."""
    name = username or f"user_{uid()}"
    response = client.post(
        "/api/users",
        json={"user": {"username": name, "email": email or f"{name}@example.com", "password": password}},
    )
    assert response.status_code == 201, response.text
    user: dict[str, Any] = response.json()["user"]
    return user


def create_article(
    client: httpx.Client,
    token: str,
    *,
    title: str | None = None,
    description: str = "A short description",
    body: str = "The body of the article.",
    tag_list: list[str] | None = None,
) -> dict[str, Any]:
    """Create an article and return the `article` object of the 201 answer."""
    payload: dict[str, Any] = {
        "title": title or f"Article {uid()}",
        "description": description,
        "body": body,
    }
    if tag_list is not None:
        payload["tagList"] = tag_list
    response = client.post("/api/articles", json={"article": payload}, headers=auth(token))
    assert response.status_code == 201, response.text
    article: dict[str, Any] = response.json()["article"]
    return article


def add_comment(client: httpx.Client, token: str, slug: str, body: str = "A comment.") -> dict[str, Any]:
    response = client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": body}}, headers=auth(token)
    )
    assert response.status_code == 201, response.text
    comment: dict[str, Any] = response.json()["comment"]
    return comment


def follow(client: httpx.Client, token: str, username: str) -> None:
    response = client.post(f"/api/profiles/{username}/follow", headers=auth(token))
    assert response.status_code == 200, response.text


def favorite(client: httpx.Client, token: str, slug: str) -> None:
    response = client.post(f"/api/articles/{slug}/favorite", headers=auth(token))
    assert response.status_code == 200, response.text


def slugs(response: httpx.Response) -> list[str]:
    """The slugs of a list answer, in order."""
    assert response.status_code == 200, response.text
    return [article["slug"] for article in response.json()["articles"]]


def assert_json(response: httpx.Response, status: int) -> Any:
    """The status is as expected and the answer is JSON; returns the parsed body."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    return response.json()


def assert_error(response: httpx.Response, status: int, errors: dict[str, list[str]]) -> None:
    """The answer is exactly the error envelope `{"errors": errors}` with this status."""
    assert assert_json(response, status) == {"errors": errors}


def assert_field_error(response: httpx.Response, status: int, field: str) -> list[str]:
    """The envelope names `field` with exactly one message; other keys may appear too."""
    body = assert_json(response, status)
    assert set(body) == {"errors"}, body
    assert field in body["errors"], body
    for messages in body["errors"].values():
        assert isinstance(messages, list), body
        assert len(messages) == 1, body
        assert isinstance(messages[0], str), body
    messages: list[str] = body["errors"][field]
    return messages


def assert_no_secrets(response: httpx.Response) -> None:
    """No password and no password hash ever leaves the API."""
    text = response.text.lower()
    assert "password" not in text, response.text
    assert "$argon2" not in text, response.text

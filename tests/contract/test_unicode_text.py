"""Text that is not valid Unicode: a lone surrogate (`"\\ud83d"`) in any string field is 422 `is invalid`.

JSON's grammar lets a string escape half of a surrogate pair, which encodes no
character at all (RFC 8259 §8.2); no database, hash or token can hold it.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from .helpers import PASSWORD, assert_field_error, auth, create_article, register, uid

JSON = {"Content-Type": "application/json"}
LONE = "\ud83d"
"""The high half of a surrogate pair, alone: json.dumps writes it as the escape `\\ud83d`."""


@pytest.fixture
def world(client: httpx.Client) -> dict[str, Any]:
    user = register(client)
    return {"token": user["token"], "slug": create_article(client, user["token"])["slug"]}


def new_user() -> dict[str, str]:
    name = f"user_{uid()}"
    return {"username": name, "email": f"{name}@example.com", "password": PASSWORD}


def article() -> dict[str, Any]:
    return {"title": f"T {uid()}", "description": "d", "body": "b", "tagList": ["ok"]}


# (method, path, envelope key, other fields the body needs, the field under test, needs a token)
ROUTES: list[tuple[str, str, str, Any, tuple[str, ...], bool]] = [
    ("POST", "/api/users", "user", new_user, ("username", "email", "password"), False),
    ("POST", "/api/users/login", "user", lambda: {"email": "a@example.com", "password": PASSWORD},
     ("email", "password"), False),
    ("PUT", "/api/user", "user", dict, ("username", "email", "password", "bio", "image"), True),
    ("POST", "/api/articles", "article", article, ("title", "description", "body", "tagList"), True),
    ("PUT", "/api/articles/{slug}", "article", dict, ("title", "description", "body", "tagList"), True),
    ("POST", "/api/articles/{slug}/comments", "comment", dict, ("body",), True),
]  # fmt: skip
CASES = [
    (method, path, key, base, field, token)
    for method, path, key, base, names, token in ROUTES
    for field in names
]


def body(key: str, base: Any, field: str) -> bytes:
    """The route's body with a lone surrogate in `field` (inside a list for `tagList`)."""
    value: Any = [f"ok{uid()}", f"sur{LONE}"] if field == "tagList" else f"sur{LONE}"
    return json.dumps({key: {**base(), field: value}}).encode()


@pytest.mark.parametrize(
    ("method", "path", "key", "base", "field", "token"),
    CASES,
    ids=[f"{method} {path} {field}" for method, path, _, _, field, _ in CASES],
)
def test_a_lone_surrogate_is_invalid_text(
    client: httpx.Client,
    world: dict[str, Any],
    method: str,
    path: str,
    key: str,
    base: Any,
    field: str,
    token: bool,
) -> None:
    content = body(key, base, field)
    assert b"\\ud83d" in content
    headers = {**JSON, **(auth(world["token"]) if token else {})}
    response = client.request(method, path.format(slug=world["slug"]), content=content, headers=headers)
    assert assert_field_error(response, 422, field) == ["is invalid"]


def test_a_whole_surrogate_pair_is_a_character(client: httpx.Client) -> None:
    """Control: the pair `\\ud83d\\ude00` is 😀, valid text that is stored and returned."""
    user = register(client)
    content = json.dumps({"article": {**article(), "body": "smile \ud83d\ude00"}}).encode()
    response = client.post("/api/articles", content=content, headers={**JSON, **auth(user["token"])})
    assert response.status_code == 201, response.text
    assert response.json()["article"]["body"] == "smile 😀"

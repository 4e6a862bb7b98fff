"""Usernames live in URL paths: every username the API accepts is reachable through its percent-encoded
form, and the ones no path can carry (a `/`, or the dot segments `.` and `..`, RFC 3986 §3.3 and
§5.2.4) are refused when they are chosen, on registration and on update alike."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from .helpers import PASSWORD, assert_error, assert_json, auth, create_article, register, uid

REFUSED = ['can\'t contain "/" or a NUL character, or be "." or ".."']
UNREACHABLE = ["ab/cd", "/", "a/", ".", ".."]


def reachable(tag: str) -> list[str]:
    """Usernames that hold characters a URL path must percent-encode, or that look like paths."""
    return [
        f"a b?c#d%e{tag}",
        f"semi;colon+plus&amp=eq:at@{tag}",
        f"back\\slash{tag}",
        f"...{tag}",
        f".{tag}",
        f"..{tag}",
        f"Jos\u00e9 \u5c71\u7530 {tag}",
        f"emoji\U0001f600{tag}",
        f"%2F{tag}",
    ]


def path_of(username: str) -> str:
    return quote(username, safe="")


@pytest.mark.parametrize("name", UNREACHABLE)
def test_a_username_no_path_can_hold_is_refused_on_registration(client: httpx.Client, name: str) -> None:
    body = {"user": {"username": name, "email": f"path_{uid()}@example.test", "password": PASSWORD}}
    assert_error(client.post("/api/users", json=body), 422, {"username": REFUSED})


@pytest.mark.parametrize("name", UNREACHABLE)
def test_a_username_no_path_can_hold_is_refused_on_update(client: httpx.Client, name: str) -> None:
    user = register(client)
    response = client.put("/api/user", json={"user": {"username": name}}, headers=auth(user["token"]))
    assert_error(response, 422, {"username": REFUSED})


@pytest.mark.parametrize("index", range(len(reachable(""))))
def test_every_accepted_username_is_reachable_encoded(client: httpx.Client, index: int) -> None:
    """Registered, then read, followed, unfollowed and filtered by, through its percent-encoded form."""
    tag = uid()
    name = reachable(tag)[index]
    user = register(client, username=name, email=f"reach_{tag}@example.test")
    assert user["username"] == name
    fan = register(client)
    path = path_of(name)
    profile = assert_json(client.get(f"/api/profiles/{path}"), 200)["profile"]
    assert profile["username"] == name
    followed = client.post(f"/api/profiles/{path}/follow", headers=auth(fan["token"]))
    assert assert_json(followed, 200)["profile"] == {**profile, "following": True}
    unfollowed = client.delete(f"/api/profiles/{path}/follow", headers=auth(fan["token"]))
    assert assert_json(unfollowed, 200)["profile"]["following"] is False
    slug = create_article(client, user["token"])["slug"]
    listed = assert_json(client.get("/api/articles", params={"author": name}), 200)
    assert [article["slug"] for article in listed["articles"]] == [slug]


def test_a_username_renamed_to_a_reachable_one_is_reachable(client: httpx.Client) -> None:
    user = register(client)
    name = reachable(uid())[0]
    response = client.put("/api/user", json={"user": {"username": name}}, headers=auth(user["token"]))
    assert assert_json(response, 200)["user"]["username"] == name
    assert_json(client.get(f"/api/profiles/{path_of(name)}"), 200)

"""Profiles and follows: `following` is relative to the caller, and following is idempotent."""

from __future__ import annotations

import httpx

from .helpers import PROFILE_KEYS, assert_error, assert_json, auth, follow, register, uid


def get_profile(client: httpx.Client, username: str, token: str | None = None) -> httpx.Response:
    return client.get(f"/api/profiles/{username}", headers=auth(token) if token else {})


def test_profile_is_public(client: httpx.Client) -> None:
    user = register(client)
    profile = assert_json(get_profile(client, user["username"]), 200)["profile"]
    assert set(profile) == PROFILE_KEYS
    assert profile == {"username": user["username"], "bio": None, "image": None, "following": False}


def test_profile_shows_bio_and_image(client: httpx.Client) -> None:
    user = register(client)
    fields = {"bio": "Hello", "image": "https://example.com/a.png"}
    response = client.put("/api/user", json={"user": fields}, headers=auth(user["token"]))
    assert response.status_code == 200, response.text
    profile = assert_json(get_profile(client, user["username"]), 200)["profile"]
    assert (profile["bio"], profile["image"]) == ("Hello", "https://example.com/a.png")
    assert "email" not in profile


def test_unknown_profile_is_404(client: httpx.Client) -> None:
    assert_error(get_profile(client, f"nobody_{uid()}"), 404, {"profile": ["not found"]})


def test_follow_returns_the_profile_followed(client: httpx.Client) -> None:
    fan = register(client)
    star = register(client)
    response = client.post(f"/api/profiles/{star['username']}/follow", headers=auth(fan["token"]))
    profile = assert_json(response, 200)["profile"]
    assert profile == {"username": star["username"], "bio": None, "image": None, "following": True}


def test_following_is_relative_to_the_caller(client: httpx.Client) -> None:
    """The fan sees `following: true`; the anonymous caller and a third user see false."""
    fan = register(client)
    star = register(client)
    stranger = register(client)
    follow(client, fan["token"], star["username"])
    assert (
        assert_json(get_profile(client, star["username"], fan["token"]), 200)["profile"]["following"] is True
    )
    assert assert_json(get_profile(client, star["username"]), 200)["profile"]["following"] is False
    as_stranger = get_profile(client, star["username"], stranger["token"])
    assert assert_json(as_stranger, 200)["profile"]["following"] is False
    # Following is one way.
    assert (
        assert_json(get_profile(client, fan["username"], star["token"]), 200)["profile"]["following"] is False
    )


def test_follow_twice_is_idempotent(client: httpx.Client) -> None:
    fan = register(client)
    star = register(client)
    for _ in range(2):
        response = client.post(f"/api/profiles/{star['username']}/follow", headers=auth(fan["token"]))
        assert assert_json(response, 200)["profile"]["following"] is True
    assert (
        assert_json(get_profile(client, star["username"], fan["token"]), 200)["profile"]["following"] is True
    )


def test_unfollow_twice_is_idempotent(client: httpx.Client) -> None:
    fan = register(client)
    star = register(client)
    follow(client, fan["token"], star["username"])
    for _ in range(2):
        response = client.delete(f"/api/profiles/{star['username']}/follow", headers=auth(fan["token"]))
        profile = assert_json(response, 200)["profile"]
        assert profile == {"username": star["username"], "bio": None, "image": None, "following": False}
    assert (
        assert_json(get_profile(client, star["username"], fan["token"]), 200)["profile"]["following"] is False
    )


def test_unfollow_without_following_first(client: httpx.Client) -> None:
    fan = register(client)
    star = register(client)
    response = client.delete(f"/api/profiles/{star['username']}/follow", headers=auth(fan["token"]))
    assert assert_json(response, 200)["profile"]["following"] is False


def test_cannot_follow_yourself(client: httpx.Client) -> None:
    user = register(client)
    response = client.post(f"/api/profiles/{user['username']}/follow", headers=auth(user["token"]))
    assert_error(response, 422, {"profile": ["can't follow yourself"]})


def test_follow_unknown_profile_is_404(client: httpx.Client) -> None:
    user = register(client)
    for method in ("POST", "DELETE"):
        response = client.request(method, f"/api/profiles/nobody_{uid()}/follow", headers=auth(user["token"]))
        assert_error(response, 404, {"profile": ["not found"]})


def test_profile_follows_a_username_change(client: httpx.Client) -> None:
    """A follow is between users, not names: it survives the followee renaming itself."""
    fan = register(client)
    star = register(client)
    follow(client, fan["token"], star["username"])
    renamed = f"renamed_{uid()}"
    response = client.put("/api/user", json={"user": {"username": renamed}}, headers=auth(star["token"]))
    assert response.status_code == 200, response.text
    assert_error(get_profile(client, star["username"]), 404, {"profile": ["not found"]})
    assert assert_json(get_profile(client, renamed, fan["token"]), 200)["profile"]["following"] is True

"""The token rules: `Authorization: Token <jwt>`, 401 `is missing` versus 401 `is invalid`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from .helpers import add_comment, assert_error, assert_json, auth, create_article, register, uid

MISSING = {"token": ["is missing"]}
INVALID = {"token": ["is invalid"]}


def resign(token: str, secret: str, **changes: Any) -> str:
    """The claims of a real token, changed and signed again with `secret`."""
    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update(changes)
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.fixture
def world(client: httpx.Client) -> dict[str, Any]:
    """An owner with an article and a comment, and another user to follow: real targets for every route."""
    owner = register(client)
    other = register(client)
    article = create_article(client, owner["token"])
    comment = add_comment(client, owner["token"], article["slug"])
    return {"owner": owner, "other": other, "slug": article["slug"], "comment_id": comment["id"]}


# (method, path template, JSON body) of every route that requires a token.
PROTECTED: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/user", None),
    ("PUT", "/api/user", {"user": {"bio": "x"}}),
    ("POST", "/api/profiles/{other}/follow", None),
    ("DELETE", "/api/profiles/{other}/follow", None),
    ("GET", "/api/articles/feed", None),
    ("POST", "/api/articles", {"article": {"title": "t", "description": "d", "body": "b"}}),
    ("PUT", "/api/articles/{slug}", {"article": {"body": "changed"}}),
    ("DELETE", "/api/articles/{slug}", None),
    ("POST", "/api/articles/{slug}/comments", {"comment": {"body": "hi"}}),
    ("DELETE", "/api/articles/{slug}/comments/{comment_id}", None),
    ("POST", "/api/articles/{slug}/favorite", None),
    ("DELETE", "/api/articles/{slug}/favorite", None),
]

# Public routes whose answers depend on the caller, so they read a token when one is sent.
PUBLIC = [
    "/api/articles",
    "/api/articles/{slug}",
    "/api/articles/{slug}/comments",
    "/api/profiles/{other}",
]


def call(
    client: httpx.Client,
    world: dict[str, Any],
    method: str,
    template: str,
    body: dict[str, Any] | None,
    headers: dict[str, str],
) -> httpx.Response:
    path = template.format(
        other=world["other"]["username"], slug=world["slug"], comment_id=world["comment_id"]
    )
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "template", "body"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_protected_route_without_a_token_is_missing(
    client: httpx.Client, world: dict[str, Any], method: str, template: str, body: dict[str, Any] | None
) -> None:
    """Every protected route refuses an anonymous caller, before touching the resource."""
    assert_error(call(client, world, method, template, body, {}), 401, MISSING)


@pytest.mark.parametrize(("method", "template", "body"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_protected_route_with_a_malformed_token_is_invalid(
    client: httpx.Client, world: dict[str, Any], method: str, template: str, body: dict[str, Any] | None
) -> None:
    assert_error(call(client, world, method, template, body, auth("not-a-jwt")), 401, INVALID)


BadHeader = Callable[[dict[str, Any], str], str]

BAD_HEADERS: dict[str, BadHeader] = {
    "malformed": lambda user, secret: "Token not.a.jwt",
    "garbage": lambda user, secret: "Token " + uid(),
    "wrong-secret": lambda user, secret: "Token " + resign(user["token"], secret + "-not-the-secret"),
    "expired": lambda user, secret: (
        "Token "
        + resign(
            user["token"],
            secret,
            iat=datetime.now(UTC) - timedelta(hours=2),
            nbf=datetime.now(UTC) - timedelta(hours=2),
            exp=datetime.now(UTC) - timedelta(hours=1),
        )
    ),
    "bearer-scheme": lambda user, secret: f"Bearer {user['token']}",
    "scheme-only": lambda user, secret: "Token",
    "no-scheme": lambda user, secret: user["token"],
    "tampered-username": lambda user, secret: (
        "Token " + resign(user["token"], secret, username="someone-else")
    ),
}


@pytest.mark.parametrize("kind", list(BAD_HEADERS))
def test_bad_token_on_a_protected_route_is_invalid(client: httpx.Client, jwt_secret: str, kind: str) -> None:
    """A header that is present but wrong is `is invalid`, never `is missing`."""
    user = register(client)
    header = BAD_HEADERS[kind](user, jwt_secret)
    assert_error(client.get("/api/user", headers={"Authorization": header}), 401, INVALID)


@pytest.mark.parametrize("kind", list(BAD_HEADERS))
@pytest.mark.parametrize("template", PUBLIC)
def test_bad_token_on_a_public_route_is_invalid(
    client: httpx.Client, world: dict[str, Any], jwt_secret: str, kind: str, template: str
) -> None:
    """Anonymous access is allowed, but a caller who sends a bad token is told so."""
    header = BAD_HEADERS[kind](world["other"], jwt_secret)
    response = call(client, world, "GET", template, None, {"Authorization": header})
    assert_error(response, 401, INVALID)


def test_resigned_token_with_the_real_secret_works(client: httpx.Client, jwt_secret: str) -> None:
    """Control for the forged tokens above: same claims, real secret, future expiry is accepted.

    So the `expired` and `tampered` cases fail for their own reason, not a wrong secret.
    """
    user = register(client)
    token = resign(user["token"], jwt_secret, exp=datetime.now(UTC) + timedelta(hours=1))
    me = assert_json(client.get("/api/user", headers=auth(token)), 200)["user"]
    assert me["username"] == user["username"]


@pytest.mark.parametrize("template", PUBLIC)
def test_public_route_accepts_anonymous_and_authenticated_callers(
    client: httpx.Client, world: dict[str, Any], template: str
) -> None:
    assert call(client, world, "GET", template, None, {}).status_code == 200
    assert call(client, world, "GET", template, None, auth(world["owner"]["token"])).status_code == 200


def test_tags_are_public(client: httpx.Client) -> None:
    assert client.get("/api/tags").status_code == 200


# --- the header's syntax: scheme case, repeated fields ----------------------------------------


@pytest.mark.parametrize("scheme", ["token", "TOKEN", "tOkEn"])
def test_the_scheme_is_case_insensitive(client: httpx.Client, world: dict[str, Any], scheme: str) -> None:
    """RFC 9110 §11.1: the authentication scheme is a case-insensitive token."""
    token = world["owner"]["token"]
    header = {"Authorization": f"{scheme} {token}"}
    me = assert_json(client.get("/api/user", headers=header), 200)["user"]
    assert me["username"] == world["owner"]["username"]
    assert me["token"] == token
    assert call(client, world, "POST", "/api/profiles/{other}/follow", None, header).status_code == 200
    profile = assert_json(call(client, world, "GET", "/api/profiles/{other}", None, header), 200)
    assert profile["profile"]["following"] is True


def test_several_spaces_after_the_scheme_are_one(client: httpx.Client, world: dict[str, Any]) -> None:
    """RFC 9110 §11.4: `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`."""
    header = {"Authorization": f"Token   {world['owner']['token']}"}
    assert_json(client.get("/api/user", headers=header), 200)


@pytest.mark.parametrize("same", [True, False], ids=["same-token-twice", "two-tokens"])
@pytest.mark.parametrize("template", ["/api/user", *PUBLIC])
def test_two_authorization_headers_are_an_invalid_token(
    client: httpx.Client, world: dict[str, Any], same: bool, template: str
) -> None:
    """Authorization is not a list (RFC 9110 §5.3, §11.6.2): two of them on one request are refused,
    never "the first" or "the last" one, which proxies and servers pick differently."""
    first = world["owner"]["token"]
    second = first if same else world["other"]["token"]
    headers = [("Authorization", f"Token {first}"), ("Authorization", f"Token {second}")]
    path = template.format(other=world["other"]["username"], slug=world["slug"])
    assert_error(client.get(path, headers=headers), 401, INVALID)


@pytest.mark.parametrize("header", ["Token a,b", "Token abc def", 'Token a"b', "Token ,"])
def test_a_token_that_is_not_a_token68_is_invalid(client: httpx.Client, header: str) -> None:
    assert_error(client.get("/api/user", headers={"Authorization": header}), 401, INVALID)

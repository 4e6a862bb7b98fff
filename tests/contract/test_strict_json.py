"""Strict JSON (RFC 8259): `NaN`, `Infinity` and `-Infinity` are not JSON, wherever they appear in a body."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from .helpers import PASSWORD, assert_error, assert_json, auth, create_article, register, uid

JSON = {"Content-Type": "application/json"}
NOT_JSON = {"body": ["is not valid JSON"]}
CONSTANTS = ["NaN", "Infinity", "-Infinity"]


@pytest.fixture
def world(client: httpx.Client) -> dict[str, Any]:
    user = register(client)
    return {"token": user["token"], "slug": create_article(client, user["token"])["slug"]}


def with_constant(body: dict[str, Any], constant: str) -> bytes:
    """A valid body with one extra top-level member whose value is the constant, written raw."""
    return json.dumps({**body, "x": "PLACEHOLDER"}).replace('"PLACEHOLDER"', constant).encode()


# (method, path, body, needs a token) for every route that reads a JSON body.
ROUTES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("POST", "/api/users", {"user": {"username": "u", "email": "u@x.io", "password": PASSWORD}}, False),
    ("POST", "/api/users/login", {"user": {"email": "u@example.com", "password": PASSWORD}}, False),
    ("PUT", "/api/user", {"user": {"bio": "b"}}, True),
    ("POST", "/api/articles", {"article": {"title": "t", "description": "d", "body": "b"}}, True),
    ("PUT", "/api/articles/{slug}", {"article": {"body": "b"}}, True),
    ("POST", "/api/articles/{slug}/comments", {"comment": {"body": "c"}}, True),
]


@pytest.mark.parametrize("constant", CONSTANTS)
@pytest.mark.parametrize(("method", "path", "body", "token"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES])
def test_non_finite_constants_are_not_json(
    client: httpx.Client,
    world: dict[str, Any],
    method: str,
    path: str,
    body: dict[str, Any],
    token: bool,
    constant: str,
) -> None:
    headers = {**JSON, **(auth(world["token"]) if token else {})}
    response = client.request(
        method, path.format(slug=world["slug"]), content=with_constant(body, constant), headers=headers
    )
    assert_error(response, 400, NOT_JSON)


@pytest.mark.parametrize("constant", CONSTANTS)
def test_a_constant_inside_a_field_is_not_json(client: httpx.Client, constant: str) -> None:
    content = b'{"user": {"username": %s, "email": "a@example.com", "password": "x"}}' % constant.encode()
    assert_error(client.post("/api/users", content=content, headers=JSON), 400, NOT_JSON)


def test_a_refused_registration_creates_no_account(client: httpx.Client) -> None:
    name = f"user_{uid()}"
    fields = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
    refused = client.post("/api/users", content=with_constant({"user": fields}, "Infinity"), headers=JSON)
    assert refused.status_code == 400
    assert_json(client.post("/api/users", json={"user": fields}), 201)


def test_large_finite_numbers_are_still_json(client: httpx.Client) -> None:
    """Only the three non-finite words are refused; an ordinary number in an ignored member is fine."""
    name = f"user_{uid()}"
    fields = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
    content = json.dumps({"user": fields, "x": 1e308}).encode()
    assert_json(client.post("/api/users", content=content, headers=JSON), 201)

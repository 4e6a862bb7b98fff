"""The error envelope beyond validation: unreadable bodies, wrong media types, routes and methods."""

from __future__ import annotations

import json

import httpx
import pytest

from .helpers import PASSWORD, assert_error, assert_json, auth, register, uid

JSON = {"Content-Type": "application/json"}


def registration() -> dict[str, dict[str, str]]:
    name = f"user_{uid()}"
    return {"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"user": ', b"\xff\xfe", b"{'user': {}}"],
    ids=["broken", "cut", "bytes", "quotes"],
)
def test_body_that_is_not_json_is_400(client: httpx.Client, content: bytes) -> None:
    response = client.post("/api/users", content=content, headers=JSON)
    assert_error(response, 400, {"body": ["is not valid JSON"]})


def test_body_that_is_not_json_is_400_on_authenticated_routes(client: httpx.Client) -> None:
    user = register(client)
    headers = {**JSON, **auth(user["token"])}
    for method, path in (("PUT", "/api/user"), ("POST", "/api/articles")):
        response = client.request(method, path, content=b"{oops", headers=headers)
        assert_error(response, 400, {"body": ["is not valid JSON"]})


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_body_that_is_not_declared_json_is_415(client: httpx.Client, content_type: str) -> None:
    """Even a body that happens to be JSON text must say it is JSON."""
    response = client.post(
        "/api/users", content=json.dumps(registration()).encode(), headers={"Content-Type": content_type}
    )
    assert_error(response, 415, {"Content-Type": ["must be application/json"]})


def test_json_with_a_charset_is_json(client: httpx.Client) -> None:
    response = client.post(
        "/api/users",
        content=json.dumps(registration()).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert_json(response, 201)


@pytest.mark.parametrize("path", ["/api/nope", "/api/articles/x/y/z", "/api/users/nope"])
def test_unknown_route_is_404_route(client: httpx.Client, path: str) -> None:
    assert_error(client.get(path), 404, {"route": ["not found"]})


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PATCH", "/api/tags", {"GET"}),
        ("DELETE", "/api/tags", {"GET"}),
        ("PATCH", "/api/user", {"GET", "PUT"}),
        ("GET", "/api/users", {"POST"}),
        ("GET", "/api/users/login", {"POST"}),
    ],
)
def test_wrong_method_is_405_with_allow(
    client: httpx.Client, method: str, path: str, allowed: set[str]
) -> None:
    response = client.request(method, path)
    assert_error(response, 405, {"method": ["not allowed"]})
    methods = {m.strip().upper() for m in response.headers.get("allow", "").split(",")}
    assert allowed <= methods, response.headers.get("allow")
    assert method not in methods


def test_errors_are_json_objects_with_one_message_per_key(client: httpx.Client) -> None:
    """The envelope is the same for every kind of failure: a dict of lists of strings."""
    responses = [
        client.get("/api/user"),
        client.get(f"/api/profiles/nobody_{uid()}"),
        client.post("/api/users", json={"user": {}}),
        client.post("/api/users", content=b"{", headers=JSON),
        client.get("/api/nope"),
    ]
    for response in responses:
        body = assert_json(response, response.status_code)
        assert response.status_code >= 400
        assert set(body) == {"errors"}, body
        assert body["errors"], body
        for key, messages in body["errors"].items():
            assert isinstance(key, str)
            assert isinstance(messages, list)
            assert len(messages) == 1, body
            assert isinstance(messages[0], str)

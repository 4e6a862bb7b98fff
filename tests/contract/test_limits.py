"""Request limits both backends enforce themselves, in the envelope, below the servers' own limits.

URL (path and query, as sent): 8 000 characters, else 414; one header field's value:
8 192 characters, else 431 naming the header; 100 header fields, else 431.
"""

from __future__ import annotations

import httpx
import pytest

from shared import limits

from .helpers import assert_error, assert_json, register


def test_a_url_at_the_limit_is_served(client: httpx.Client) -> None:
    prefix = "/api/articles/"
    path = prefix + "a" * (limits.URL_MAX - len(prefix))
    assert_error(client.get(path), 404, {"article": ["not found"]})


@pytest.mark.parametrize("where", ["path", "query"])
def test_a_longer_url_is_414_in_the_envelope(client: httpx.Client, where: str) -> None:
    prefix = "/api/articles/" if where == "path" else "/api/articles?tag="
    response = client.get(prefix + "a" * (limits.URL_MAX + 1 - len(prefix)))
    assert_error(response, 414, {"url": [f"is too long (maximum is {limits.URL_MAX} characters)"]})


def test_a_five_thousand_character_path_reaches_the_api(client: httpx.Client) -> None:
    assert_error(client.get("/api/profiles/" + "a" * 5000), 404, {"profile": ["not found"]})


def test_a_header_at_the_limit_is_served(client: httpx.Client) -> None:
    assert_json(client.get("/api/tags", headers={"X-Padding": "a" * limits.HEADER_MAX}), 200)


@pytest.mark.parametrize("name", ["Authorization", "X-Padding"])
def test_a_longer_header_is_431_naming_it(client: httpx.Client, name: str) -> None:
    user = register(client)
    value = f"Token {user['token']}".ljust(20_000, "a") if name == "Authorization" else "a" * 20_000
    response = client.get("/api/user", headers={name: value})
    assert_error(response, 431, {name: [f"is too long (maximum is {limits.HEADER_MAX} characters)"]})


def test_too_many_header_fields_is_431(client: httpx.Client) -> None:
    headers = {f"X-Field-{number}": "x" for number in range(limits.HEADERS_MAX + 1)}
    response = client.get("/api/tags", headers=headers)
    assert_error(response, 431, {"headers": [f"has too many items (maximum is {limits.HEADERS_MAX})"]})


def test_many_header_fields_under_the_limit_are_served(client: httpx.Client) -> None:
    headers = {f"X-Field-{number}": "x" for number in range(limits.HEADERS_MAX // 2)}
    assert_json(client.get("/api/tags", headers=headers), 200)

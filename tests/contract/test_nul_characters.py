"""NUL characters: PostgreSQL cannot store them, so no text holds one and no lookup by one finds anything."""

from __future__ import annotations

import httpx
import pytest

from .helpers import assert_error, assert_field_error, assert_json, auth, create_article, register


@pytest.mark.parametrize("field", ["title", "description", "body"])
def test_article_text_with_nul_is_invalid(client: httpx.Client, field: str) -> None:
    user = register(client)
    article = {"title": "Title", "description": "Description", "body": "Body", field: "a\x00b"}
    response = client.post("/api/articles", json={"article": article}, headers=auth(user["token"]))
    assert assert_field_error(response, 422, field) == ["is invalid"]


def test_tag_with_nul_is_invalid(client: httpx.Client) -> None:
    user = register(client)
    article = {"title": "T", "description": "D", "body": "B", "tagList": ["ok", "a\x00"]}
    response = client.post("/api/articles", json={"article": article}, headers=auth(user["token"]))
    assert assert_field_error(response, 422, "tagList") == ["is invalid"]


def test_bio_with_nul_is_invalid(client: httpx.Client) -> None:
    user = register(client)
    response = client.put("/api/user", json={"user": {"bio": "x\x00"}}, headers=auth(user["token"]))
    assert assert_field_error(response, 422, "bio") == ["is invalid"]


def test_lookups_with_nul_find_nothing(client: httpx.Client) -> None:
    user = register(client)
    slug = create_article(client, user["token"])["slug"]
    assert_error(client.get(f"/api/articles/{slug}%00"), 404, {"article": ["not found"]})
    assert_error(client.get(f"/api/articles/{slug}%00/comments"), 404, {"article": ["not found"]})
    assert_error(client.get(f"/api/profiles/{user['username']}%00"), 404, {"profile": ["not found"]})
    headers = auth(user["token"])
    assert_error(client.post("/api/profiles/x%00/follow", headers=headers), 404, {"profile": ["not found"]})
    assert_error(client.delete(f"/api/articles/{slug}%00", headers=headers), 404, {"article": ["not found"]})


@pytest.mark.parametrize("name", ["tag", "author", "favorited"])
def test_list_filters_with_nul_match_nothing(client: httpx.Client, name: str) -> None:
    body = assert_json(client.get(f"/api/articles?{name}=x%00y"), 200)
    assert body == {"articles": [], "articlesCount": 0}

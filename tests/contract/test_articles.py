"""Articles: create, read, partial update, delete; slugs are permalinks; timestamps only move forward."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.limits import DESCRIPTION_MAX, TAG_MAX, TITLE_MAX

from .helpers import (
    ARTICLE_KEYS,
    PROFILE_KEYS,
    TIMESTAMP,
    add_comment,
    assert_error,
    assert_field_error,
    assert_json,
    auth,
    create_article,
    register,
    uid,
)

BLANK = "can't be blank"


def valid_article(**overrides: Any) -> dict[str, Any]:
    return {"title": f"Title {uid()}", "description": "Desc", "body": "Body", **overrides}


def post(client: httpx.Client, token: str, article: Any) -> httpx.Response:
    return client.post("/api/articles", json={"article": article}, headers=auth(token))


def put(client: httpx.Client, token: str, slug: str, article: Any) -> httpx.Response:
    return client.put(f"/api/articles/{slug}", json={"article": article}, headers=auth(token))


# --- create and read ------------------------------------------------------------------------


def test_create_returns_201_and_the_full_article(client: httpx.Client) -> None:
    author = register(client)
    tag = f"tag-{uid()}"
    fields = valid_article(tagList=[tag])
    article = assert_json(post(client, author["token"], fields), 201)["article"]
    assert set(article) == ARTICLE_KEYS
    assert {k: article[k] for k in ("title", "description", "body", "tagList")} == {
        "title": fields["title"],
        "description": "Desc",
        "body": "Body",
        "tagList": [tag],
    }
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert set(article["author"]) == PROFILE_KEYS
    assert article["author"] == {
        "username": author["username"],
        "bio": None,
        "image": None,
        "following": False,
    }
    assert TIMESTAMP.match(article["createdAt"]), article["createdAt"]
    assert TIMESTAMP.match(article["updatedAt"]), article["updatedAt"]
    assert isinstance(article["slug"], str)
    assert article["slug"]


def test_create_without_tags_has_an_empty_tag_list(client: httpx.Client) -> None:
    author = register(client)
    assert create_article(client, author["token"])["tagList"] == []


def test_get_article_is_public_and_equals_the_created_one(client: httpx.Client) -> None:
    author = register(client)
    created = create_article(client, author["token"], tag_list=[f"t-{uid()}"])
    fetched = assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]
    assert fetched == created


def test_unknown_article_is_404(client: httpx.Client) -> None:
    assert_error(client.get(f"/api/articles/no-such-article-{uid()}"), 404, {"article": ["not found"]})


def test_slug_comes_from_the_title(client: httpx.Client) -> None:
    author = register(client)
    article = create_article(client, author["token"], title=f"How to Train Your Dragon {uid()}")
    assert article["slug"].startswith("how-to-train-your-dragon")
    assert article["slug"] == article["slug"].lower()
    assert " " not in article["slug"]


def test_same_title_twice_gives_two_slugs(client: httpx.Client) -> None:
    """Slugs are unique; both articles stay reachable under their own slug."""
    author = register(client)
    title = f"Same Title {uid()}"
    first = create_article(client, author["token"], title=title, body="first")
    second = create_article(client, author["token"], title=title, body="second")
    assert first["slug"] != second["slug"]
    assert assert_json(client.get(f"/api/articles/{first['slug']}"), 200)["article"]["body"] == "first"
    assert assert_json(client.get(f"/api/articles/{second['slug']}"), 200)["article"]["body"] == "second"


def test_tag_list_keeps_the_authors_order_and_drops_duplicates(client: httpx.Client) -> None:
    author = register(client)
    b, a = f"b-{uid()}", f"a-{uid()}"
    article = create_article(client, author["token"], tag_list=[b, a, b])
    assert article["tagList"] == [b, a]
    fetched = assert_json(client.get(f"/api/articles/{article['slug']}"), 200)["article"]
    assert fetched["tagList"] == [b, a]


def test_create_ignores_unknown_and_read_only_fields(client: httpx.Client) -> None:
    """A client cannot choose the slug, the counts, the author or the timestamps."""
    author = register(client)
    fields = valid_article(
        slug=f"chosen-{uid()}",
        favoritesCount=99,
        favorited=True,
        createdAt="2000-01-01T00:00:00.000Z",
        author={"username": "someone-else", "following": True},
        unknown="x",
    )
    article = assert_json(post(client, author["token"], fields), 201)["article"]
    assert article["slug"] != fields["slug"]
    assert article["slug"].startswith("title-")
    assert (article["favoritesCount"], article["favorited"]) == (0, False)
    assert article["createdAt"] != "2000-01-01T00:00:00.000Z"
    assert article["author"]["username"] == author["username"]
    assert "unknown" not in article
    assert_error(client.get(f"/api/articles/{fields['slug']}"), 404, {"article": ["not found"]})


@pytest.mark.parametrize("field", ["title", "description", "body"])
def test_create_without_a_required_field_is_blank(client: httpx.Client, field: str) -> None:
    author = register(client)
    fields = valid_article()
    del fields[field]
    assert_error(post(client, author["token"], fields), 422, {field: [BLANK]})


@pytest.mark.parametrize("field", ["title", "description", "body"])
@pytest.mark.parametrize("value", ["", "  \n\t "], ids=["empty", "whitespace"])
def test_create_with_an_empty_field_is_blank(client: httpx.Client, field: str, value: str) -> None:
    author = register(client)
    assert_error(post(client, author["token"], valid_article(**{field: value})), 422, {field: [BLANK]})


def test_create_reports_every_failing_field(client: httpx.Client) -> None:
    author = register(client)
    assert_error(
        post(client, author["token"], {}),
        422,
        {"title": [BLANK], "description": [BLANK], "body": [BLANK]},
    )


def test_create_without_the_article_object(client: httpx.Client) -> None:
    author = register(client)
    response = client.post("/api/articles", json={"title": "x"}, headers=auth(author["token"]))
    assert_error(response, 422, {"article": [BLANK]})
    assert_error(post(client, author["token"], ["x"]), 422, {"article": ["must be an object"]})


@pytest.mark.parametrize("field", ["title", "description", "body"])
def test_create_with_a_non_string_field(client: httpx.Client, field: str) -> None:
    author = register(client)
    response = post(client, author["token"], valid_article(**{field: 42}))
    assert_error(response, 422, {field: ["must be a string"]})


@pytest.mark.parametrize("value", ["a-tag", {"a": 1}, 3], ids=["string", "object", "number"])
def test_create_with_a_tag_list_that_is_not_a_list(client: httpx.Client, value: Any) -> None:
    author = register(client)
    response = post(client, author["token"], valid_article(tagList=value))
    assert_error(response, 422, {"tagList": ["must be a list"]})


@pytest.mark.parametrize(
    ("field", "limit"), [("title", TITLE_MAX), ("description", DESCRIPTION_MAX)], ids=["title", "description"]
)
def test_create_with_a_too_long_field(client: httpx.Client, field: str, limit: int) -> None:
    author = register(client)
    response = post(client, author["token"], valid_article(**{field: uid() + "x" * limit}))
    assert_error(response, 422, {field: [f"is too long (maximum is {limit} characters)"]})


def test_create_accepts_a_title_of_maximum_length(client: httpx.Client) -> None:
    author = register(client)
    title = f"Long {uid()} " + "x" * (TITLE_MAX - 16)
    assert len(title) == TITLE_MAX
    article = create_article(client, author["token"], title=title)
    assert article["title"] == title
    assert client.get(f"/api/articles/{article['slug']}").status_code == 200


def test_create_with_a_too_long_tag(client: httpx.Client) -> None:
    author = register(client)
    response = post(client, author["token"], valid_article(tagList=["t" * (TAG_MAX + 1)]))
    messages = assert_field_error(response, 422, "tagList")
    assert messages == [f"is too long (maximum is {TAG_MAX} characters)"]


def test_create_with_a_non_string_tag(client: httpx.Client) -> None:
    author = register(client)
    assert_field_error(post(client, author["token"], valid_article(tagList=["ok", 5])), 422, "tagList")


# --- update ---------------------------------------------------------------------------------


def test_update_body_keeps_slug_and_other_fields(client: httpx.Client) -> None:
    """The update is partial: only what is sent changes."""
    author = register(client)
    created = create_article(client, author["token"], tag_list=[f"t-{uid()}"])
    updated = assert_json(put(client, author["token"], created["slug"], {"body": "New body"}), 200)["article"]
    assert updated["body"] == "New body"
    assert updated["slug"] == created["slug"]
    assert {k: updated[k] for k in ("title", "description", "tagList")} == {
        k: created[k] for k in ("title", "description", "tagList")
    }
    assert assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]["body"] == "New body"


def test_update_title_keeps_the_slug(client: httpx.Client) -> None:
    """Slugs are permalinks: a new title does not move the article."""
    author = register(client)
    created = create_article(client, author["token"], title=f"Old Title {uid()}")
    new_title = f"Brand New Title {uid()}"
    updated = assert_json(put(client, author["token"], created["slug"], {"title": new_title}), 200)["article"]
    assert updated["title"] == new_title
    assert updated["slug"] == created["slug"]
    fetched = assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]
    assert fetched["title"] == new_title


def test_update_without_tag_list_keeps_the_tags(client: httpx.Client) -> None:
    author = register(client)
    tags = [f"x-{uid()}", f"y-{uid()}"]
    created = create_article(client, author["token"], tag_list=tags)
    updated = assert_json(put(client, author["token"], created["slug"], {"description": "D2"}), 200)[
        "article"
    ]
    assert updated["tagList"] == tags


def test_update_with_an_empty_tag_list_removes_all_tags(client: httpx.Client) -> None:
    author = register(client)
    created = create_article(client, author["token"], tag_list=[f"x-{uid()}"])
    updated = assert_json(put(client, author["token"], created["slug"], {"tagList": []}), 200)["article"]
    assert updated["tagList"] == []
    assert assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]["tagList"] == []


def test_update_tag_list_replaces_in_order_without_duplicates(client: httpx.Client) -> None:
    author = register(client)
    old, b, a = f"old-{uid()}", f"b-{uid()}", f"a-{uid()}"
    created = create_article(client, author["token"], tag_list=[old, a])
    updated = assert_json(put(client, author["token"], created["slug"], {"tagList": [b, a, b]}), 200)[
        "article"
    ]
    assert updated["tagList"] == [b, a]


def test_update_with_a_null_tag_list_is_refused(client: httpx.Client) -> None:
    """`[]` means "no tags"; `null` means nothing and is an error."""
    author = register(client)
    created = create_article(client, author["token"], tag_list=[f"x-{uid()}"])
    assert_field_error(put(client, author["token"], created["slug"], {"tagList": None}), 422, "tagList")
    assert (
        assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]["tagList"]
        == created["tagList"]
    )


@pytest.mark.parametrize("field", ["title", "description", "body"])
@pytest.mark.parametrize("value", ["", "   ", None], ids=["empty", "whitespace", "null"])
def test_update_cannot_blank_a_field(client: httpx.Client, field: str, value: Any) -> None:
    author = register(client)
    created = create_article(client, author["token"])
    assert_error(put(client, author["token"], created["slug"], {field: value}), 422, {field: [BLANK]})


def test_update_validates_types(client: httpx.Client) -> None:
    author = register(client)
    created = create_article(client, author["token"])
    assert_error(
        put(client, author["token"], created["slug"], {"title": 1}), 422, {"title": ["must be a string"]}
    )
    assert_error(
        put(client, author["token"], created["slug"], {"tagList": "x"}), 422, {"tagList": ["must be a list"]}
    )


def test_update_without_the_article_object(client: httpx.Client) -> None:
    author = register(client)
    created = create_article(client, author["token"])
    response = client.put(f"/api/articles/{created['slug']}", json={}, headers=auth(author["token"]))
    assert_error(response, 422, {"article": [BLANK]})


def test_update_ignores_unknown_fields(client: httpx.Client) -> None:
    author = register(client)
    created = create_article(client, author["token"])
    changes = {
        "body": "B2",
        "slug": f"moved-{uid()}",
        "favoritesCount": 7,
        "createdAt": "2000-01-01T00:00:00.000Z",
    }
    updated = assert_json(put(client, author["token"], created["slug"], changes), 200)["article"]
    assert updated["slug"] == created["slug"]
    assert updated["favoritesCount"] == 0
    assert updated["createdAt"] == created["createdAt"]
    assert updated["body"] == "B2"


def test_timestamps_created_stays_updated_moves(client: httpx.Client) -> None:
    """`createdAt` never changes; `updatedAt` is strictly later after every update."""
    author = register(client)
    created = create_article(client, author["token"])
    previous = created["updatedAt"]
    for body in ("one", "two", "three"):
        updated = assert_json(put(client, author["token"], created["slug"], {"body": body}), 200)["article"]
        assert updated["createdAt"] == created["createdAt"]
        assert TIMESTAMP.match(updated["updatedAt"]), updated["updatedAt"]
        assert updated["updatedAt"] > previous  # same fixed-width UTC format, so text order is time order
        previous = updated["updatedAt"]
    fetched = assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]
    assert (fetched["createdAt"], fetched["updatedAt"]) == (created["createdAt"], previous)


def test_only_the_author_may_update(client: httpx.Client) -> None:
    author = register(client)
    intruder = register(client)
    created = create_article(client, author["token"])
    assert_error(
        put(client, intruder["token"], created["slug"], {"body": "mine"}), 403, {"article": ["forbidden"]}
    )
    assert (
        assert_json(client.get(f"/api/articles/{created['slug']}"), 200)["article"]["body"] == created["body"]
    )


def test_update_unknown_article_is_404(client: httpx.Client) -> None:
    user = register(client)
    assert_error(put(client, user["token"], f"nope-{uid()}", {"body": "x"}), 404, {"article": ["not found"]})


def test_update_shows_favorites_of_the_caller(client: httpx.Client) -> None:
    """The answer to an update is the article as the author sees it, counts included."""
    author = register(client)
    fan = register(client)
    created = create_article(client, author["token"])
    assert (
        client.post(f"/api/articles/{created['slug']}/favorite", headers=auth(fan["token"])).status_code
        == 200
    )
    updated = assert_json(put(client, author["token"], created["slug"], {"body": "x"}), 200)["article"]
    assert (updated["favoritesCount"], updated["favorited"]) == (1, False)


# --- delete ---------------------------------------------------------------------------------


def test_delete_returns_204_and_the_article_is_gone(client: httpx.Client) -> None:
    author = register(client)
    created = create_article(client, author["token"])
    add_comment(client, author["token"], created["slug"])
    response = client.delete(f"/api/articles/{created['slug']}", headers=auth(author["token"]))
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert_error(client.get(f"/api/articles/{created['slug']}"), 404, {"article": ["not found"]})
    assert_error(client.get(f"/api/articles/{created['slug']}/comments"), 404, {"article": ["not found"]})
    again = client.delete(f"/api/articles/{created['slug']}", headers=auth(author["token"]))
    assert_error(again, 404, {"article": ["not found"]})


def test_only_the_author_may_delete(client: httpx.Client) -> None:
    author = register(client)
    intruder = register(client)
    created = create_article(client, author["token"])
    response = client.delete(f"/api/articles/{created['slug']}", headers=auth(intruder["token"]))
    assert_error(response, 403, {"article": ["forbidden"]})
    assert client.get(f"/api/articles/{created['slug']}").status_code == 200


def test_delete_unknown_article_is_404(client: httpx.Client) -> None:
    user = register(client)
    response = client.delete(f"/api/articles/nope-{uid()}", headers=auth(user["token"]))
    assert_error(response, 404, {"article": ["not found"]})


def test_article_author_following_is_relative_to_the_caller(client: httpx.Client) -> None:
    author = register(client)
    fan = register(client)
    created = create_article(client, author["token"])
    assert (
        client.post(f"/api/profiles/{author['username']}/follow", headers=auth(fan["token"])).status_code
        == 200
    )
    as_fan = assert_json(client.get(f"/api/articles/{created['slug']}", headers=auth(fan["token"])), 200)
    assert as_fan["article"]["author"]["following"] is True
    anonymous = assert_json(client.get(f"/api/articles/{created['slug']}"), 200)
    assert anonymous["article"]["author"]["following"] is False

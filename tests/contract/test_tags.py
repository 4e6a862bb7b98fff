"""Tags: `GET /api/tags` lists the tags in use by existing articles, and nothing else."""

from __future__ import annotations

import httpx
import pytest

from shared.limits import TAG_MAX

from .helpers import assert_error, assert_json, auth, create_article, register, uid


def all_tags(client: httpx.Client) -> list[str]:
    body = assert_json(client.get("/api/tags"), 200)
    assert set(body) == {"tags"}
    tags: list[str] = body["tags"]
    assert all(isinstance(tag, str) for tag in tags)
    return tags


def test_tags_of_a_new_article_are_listed_once(client: httpx.Client) -> None:
    author = register(client)
    first, second = f"first-{uid()}", f"second-{uid()}"
    create_article(client, author["token"], tag_list=[first, second])
    create_article(client, author["token"], tag_list=[first])
    tags = all_tags(client)
    assert tags.count(first) == 1
    assert tags.count(second) == 1
    assert len(tags) == len(set(tags))


def test_tag_of_the_only_deleted_article_disappears(client: httpx.Client) -> None:
    author = register(client)
    tag = f"gone-{uid()}"
    slug = create_article(client, author["token"], tag_list=[tag])["slug"]
    assert tag in all_tags(client)
    assert client.delete(f"/api/articles/{slug}", headers=auth(author["token"])).status_code == 204
    assert tag not in all_tags(client)


def test_tag_still_in_use_elsewhere_stays(client: httpx.Client) -> None:
    author = register(client)
    tag = f"shared-{uid()}"
    slug = create_article(client, author["token"], tag_list=[tag])["slug"]
    create_article(client, author["token"], tag_list=[tag])
    assert client.delete(f"/api/articles/{slug}", headers=auth(author["token"])).status_code == 204
    assert tag in all_tags(client)


def test_tag_removed_from_its_only_article_disappears(client: httpx.Client) -> None:
    """ "In use" means attached to an article now, not once upon a time."""
    author = register(client)
    tag, kept = f"dropped-{uid()}", f"kept-{uid()}"
    slug = create_article(client, author["token"], tag_list=[tag, kept])["slug"]
    response = client.put(
        f"/api/articles/{slug}", json={"article": {"tagList": [kept]}}, headers=auth(author["token"])
    )
    assert response.status_code == 200, response.text
    tags = all_tags(client)
    assert tag not in tags
    assert kept in tags


def test_a_tag_is_stored_trimmed_and_in_lower_case(client: httpx.Client) -> None:
    """One canonical form: trimmed, NFKC, lower case; the author's spelling is not kept."""
    author = register(client)
    tag = f"MiXeD-{uid()}"
    assert create_article(client, author["token"], tag_list=[f"  {tag}\t"])["tagList"] == [tag.lower()]
    tags = all_tags(client)
    assert tag.lower() in tags
    assert tag not in tags


def test_spellings_of_one_tag_are_one_tag(client: httpx.Client) -> None:
    """The issue's example: `dragons`, ` dragons ` and `Dragons` store one tag, listed once."""
    author = register(client)
    tag = f"dragons{uid()}"
    article = create_article(client, author["token"], tag_list=[tag, f" {tag} ", tag.capitalize()])
    assert article["tagList"] == [tag]
    create_article(client, author["token"], tag_list=[tag.upper()])
    assert all_tags(client).count(tag) == 1


def test_a_compatibility_form_is_the_same_tag(client: httpx.Client) -> None:
    """NFKC: fullwidth letters are their plain letters."""
    author = register(client)
    suffix = uid()
    fullwidth = "".join(chr(ord(letter) + 0xFEE0) for letter in "DRAGONS")
    assert create_article(client, author["token"], tag_list=[fullwidth + suffix])["tagList"] == [
        f"dragons{suffix}"
    ]


@pytest.mark.parametrize("written", ["Dragons{}", " DRAGONS{} ", "dragons{}"])
def test_the_tag_filter_finds_any_spelling(client: httpx.Client, written: str) -> None:
    author = register(client)
    suffix = uid()
    slug = create_article(client, author["token"], tag_list=[f"dragons{suffix}"])["slug"]
    body = assert_json(client.get("/api/articles", params={"tag": written.format(suffix)}), 200)
    assert [article["slug"] for article in body["articles"]] == [slug]


def test_an_update_merges_spellings_too(client: httpx.Client) -> None:
    author = register(client)
    suffix = uid()
    slug = create_article(client, author["token"])["slug"]
    response = client.put(
        f"/api/articles/{slug}",
        json={"article": {"tagList": [f"B{suffix}", f"a{suffix}", f" b{suffix}", f"A{suffix}"]}},
        headers=auth(author["token"]),
    )
    assert assert_json(response, 200)["article"]["tagList"] == [f"b{suffix}", f"a{suffix}"]


@pytest.mark.parametrize(
    "blank", ["", "   ", "\t\n", "\u3000"], ids=["empty", "spaces", "tab", "ideographic"]
)
def test_a_tag_empty_once_trimmed_is_refused(client: httpx.Client, blank: str) -> None:
    author = register(client)
    article = {"title": f"T {uid()}", "description": "d", "body": "b", "tagList": ["ok", blank]}
    response = client.post("/api/articles", json={"article": article}, headers=auth(author["token"]))
    assert_error(response, 422, {"tagList": ["can't be blank"]})


def test_the_tag_limit_applies_to_the_stored_form(client: httpx.Client) -> None:
    """`㍻` (one character) is `平成` in NFKC: 40 of them are 80 characters stored, over the 64 allowed."""
    author = register(client)
    article = {"title": f"T {uid()}", "description": "d", "body": "b", "tagList": ["\u337b" * 40]}
    response = client.post("/api/articles", json={"article": article}, headers=auth(author["token"]))
    assert_error(response, 422, {"tagList": [f"is too long (maximum is {TAG_MAX} characters)"]})

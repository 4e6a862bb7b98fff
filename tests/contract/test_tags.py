"""Tags: `GET /api/tags` lists the tags in use by existing articles, and nothing else."""

from __future__ import annotations

import httpx

from .helpers import assert_json, auth, create_article, register, uid


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


def test_tags_are_case_sensitive_text_kept_as_written(client: httpx.Client) -> None:
    """A tag comes back exactly as the author wrote it."""
    author = register(client)
    tag = f"MiXeD-{uid()}"
    assert create_article(client, author["token"], tag_list=[tag])["tagList"] == [tag]
    assert tag in all_tags(client)

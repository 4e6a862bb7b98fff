"""Both API documents: valid OpenAPI, complete, describing one API, with docs pages that stay offline."""

from __future__ import annotations

import copy
import re
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from shared import errors

from .spec_diff import compare, operations

OPERATIONS = {
    "Login", "CreateUser", "GetCurrentUser", "UpdateCurrentUser", "GetProfileByUsername",
    "FollowUserByUsername", "UnfollowUserByUsername", "GetArticlesFeed", "GetArticles", "CreateArticle",
    "GetArticle", "UpdateArticle", "DeleteArticle", "GetArticleComments", "CreateArticleComment",
    "DeleteArticleComment", "CreateArticleFavorite", "DeleteArticleFavorite", "GetTags", "GetHealth",
    "GetReadiness",
}  # fmt: skip
DOCS_PAGES = {"fastapi": ["/docs", "/redoc"], "flask": ["/apidocs/"]}
ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?(?:src|href)\s*=\s*["']([^"']+)["']""")
"""What a page loads: scripts, stylesheets, icons and images (not the links a reader may follow)."""


def test_documents_are_valid_openapi(documents: dict[str, dict[str, Any]]) -> None:
    for document in documents.values():
        validate(document)  # raises with the failing path on any error
    assert documents["fastapi"]["openapi"].startswith("3.1")
    assert documents["flask"]["openapi"] == "3.0.3"


@pytest.mark.parametrize("backend", ["fastapi", "flask"])
def test_every_operation_is_documented_with_its_errors(documents: dict[str, Any], backend: str) -> None:
    found = operations(documents[backend])
    assert {operation["operationId"] for operation in found.values()} == OPERATIONS
    envelope = {"errors"}
    for key, operation in found.items():
        statuses = set(operation["responses"])
        assert ("503" in statuses) == (operation["operationId"] != "GetHealth"), key
        for status in statuses - {"200", "201", "204"}:
            schema = operation["responses"][status]
            assert schema is not None, f"{key} {status}"
            assert set(schema["properties"]) == envelope, f"{key} {status}"
            assert int(status) in errors.DESCRIPTIONS
        if operation["requestBody"]:
            assert {"400", "415", "422"} <= statuses, key
        if operation["security"]:
            assert "401" in statuses, key


def test_both_documents_describe_the_same_api(documents: dict[str, dict[str, Any]]) -> None:
    lines = compare(documents["fastapi"], documents["flask"])
    assert not lines, "the documents disagree:\n" + "\n".join(lines)


def test_a_difference_is_reported_with_operation_and_field(documents: dict[str, dict[str, Any]]) -> None:
    """The comparison itself can fail: drop one property and one status and it says where."""
    changed = copy.deepcopy(documents["flask"])
    del changed["components"]["schemas"]["Profile"]["properties"]["bio"]
    del changed["paths"]["/api/tags"]["get"]["responses"]["503"]
    lines = compare(documents["fastapi"], changed)
    assert any(line.startswith("GET /api/tags.responses.503: only in fastapi") for line in lines), lines
    assert any(
        line.startswith("GET /api/profiles/{username}.responses.200.properties.profile.properties.bio")
        for line in lines
    ), lines


@pytest.mark.parametrize(("backend", "page"), [(b, p) for b, pages in DOCS_PAGES.items() for p in pages])
def test_docs_pages_load_only_their_own_assets(
    docs_clients: dict[str, httpx.Client], backend: str, page: str
) -> None:
    client = docs_clients[backend]
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assets = [url for url in ASSET.findall(response.text) if not url.startswith("#")]
    assert assets, "the page references no assets at all"
    for url in assets:
        assert not url.startswith(("http://", "https://", "//")), f"{page} loads {url} from another host"
        assert client.get(url).status_code == 200, url
    assert "fonts.googleapis.com" not in response.text
    assert "cdn.jsdelivr.net" not in response.text

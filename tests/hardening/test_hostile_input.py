"""The hostile corpus against both backends, served for real: 4xx in the envelope, never 5xx or HTML."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from shared.tags import canonical

from .conftest import Live
from .corpus import CORPUS, Case

INJECTIONS = [
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "{{7*7}}",
    "${7*7}",
    "../../etc/passwd",
    '"><img src=x onerror=alert(1)>',
    "Robert'); DROP TABLE articles;--",
]


@pytest.fixture(scope="module")
def fixtures(live: Live) -> dict[str, dict[str, str]]:
    """Per backend: a user's token, one of its articles and a comment on it."""
    found = {}
    for backend, url in live.urls.items():
        with httpx.Client(base_url=url, timeout=30) as client:
            name = f"hostile{uuid.uuid4().hex[:8]}"
            body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
            token = client.post("/api/users", json=body).json()["user"]["token"]
            headers = {"Authorization": f"Token {token}"}
            article = {"article": {"title": "Target", "description": "d", "body": "b"}}
            slug = client.post("/api/articles", json=article, headers=headers).json()["article"]["slug"]
            comment = client.post(
                f"/api/articles/{slug}/comments", json={"comment": {"body": "c"}}, headers=headers
            )
            found[backend] = {"token": token, "slug": slug, "comment": str(comment.json()["comment"]["id"])}
    return found


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.mark.parametrize("case", CORPUS, ids=[f"{case.category}: {case.name}" for case in CORPUS])
def test_hostile_request_gets_a_4xx_envelope(
    live: Live, backend: str, fixtures: dict[str, dict[str, str]], case: Case, record: Any
) -> None:
    values = fixtures[backend]
    headers = {key: _fill(value, values) for key, value in case.headers.items()}
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        response = client.request(case.method, _fill(case.path, values), content=case.body, headers=headers)
    ok = 400 <= response.status_code < 500 and response.headers.get("content-type", "").startswith(
        "application/json"
    )
    record(case.category, 1, 0 if ok else 1)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), response.text[:300]
    errors = response.json()["errors"]
    assert errors
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert "<html" not in response.text.lower()


def test_a_streamed_body_over_the_limit_is_413(live: Live, backend: str, record: Any) -> None:
    """No Content-Length to refuse up front: the server must stop counting at the limit."""

    def chunks() -> Any:
        for _ in range(20):
            yield b" " * 65536

    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        response = client.post("/api/users", content=chunks(), headers={"Content-Type": "application/json"})
    record("bodies", 1, 0 if response.status_code == 413 else 1)
    assert response.status_code == 413
    assert response.json() == {"errors": {"body": ["is too large"]}}


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_and_markup_are_stored_and_returned_verbatim(
    live: Live, backend: str, fixtures: dict[str, dict[str, str]], text: str, record: Any
) -> None:
    headers = {"Authorization": f"Token {fixtures[backend]['token']}"}
    tag = f"{text[:40]}{uuid.uuid4().hex[:6]}"
    article = {"article": {"title": text, "description": text, "body": text, "tagList": [tag]}}
    with httpx.Client(base_url=live.urls[backend], timeout=30) as client:
        created = client.post("/api/articles", json=article, headers=headers)
        assert created.status_code == 201, created.text
        slug = created.json()["article"]["slug"]
        comment = client.post(
            f"/api/articles/{slug}/comments", json={"comment": {"body": text}}, headers=headers
        )
        read = client.get(f"/api/articles/{slug}").json()["article"]
        listed = client.get("/api/articles", params={"tag": tag}).json()
        comments = client.get(f"/api/articles/{slug}/comments").json()["comments"]
    record("injection and markup", 1, 0)
    assert comment.status_code == 201
    # Text comes back verbatim; a tag in its canonical form (trimmed, NFKC, lower case), as every tag.
    assert (read["title"], read["description"], read["body"], read["tagList"]) == (
        text,
        text,
        text,
        [canonical(tag)],
    )
    assert listed["articlesCount"] == 1
    assert comments[0]["body"] == text
    assert json.loads(json.dumps(text)) == text

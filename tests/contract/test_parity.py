"""Parity: one scenario through both backends gives the same statuses and bodies, step by step.

The per-test contract tests check each rule; this one catches what they do not name
(a key order in the envelope aside): an extra field, a different message, a status
off by one. Each backend runs with its own unique suffix; tokens, timestamps, comment
ids and the suffix are normalized away before comparing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from .helpers import PASSWORD, auth, uid

VOLATILE = {"token": "<token>", "createdAt": "<ts>", "updatedAt": "<ts>", "id": "<id>"}


def scrub(value: Any) -> Any:
    """Replace values that differ by nature between two runs: tokens, timestamps, ids.

    Only scalars are replaced, so an error envelope keyed `token` or `id` stays as it is.
    """
    if isinstance(value, dict):
        return {
            key: VOLATILE[key] if key in VOLATILE and isinstance(item, str | int) else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


@dataclass
class Recorder:
    """Drives one backend and records each step as (step, status, normalized body)."""

    client: httpx.Client
    suffix: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    expected: list[tuple[str, int]] = field(default_factory=list)

    def __call__(
        self, step: str, expect: int, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> Any:
        headers = {**kwargs.pop("headers", {}), **(auth(token) if token else {})}
        response = self.client.request(method, path, headers=headers, **kwargs)
        text = response.text.replace(self.suffix, "<uid>")
        try:
            body = scrub(json.loads(text)) if text else None
        except ValueError:
            body = f"<not JSON> {text[:200]}"
        # The media type of a body; a bodiless 204 has none worth comparing.
        media_type = (
            response.headers.get("content-type", "").split(";")[0].strip() if response.content else None
        )
        self.steps.append({"step": step, "status": response.status_code, "type": media_type, "body": body})
        self.expected.append((step, expect))
        try:
            return response.json() if response.content else {}
        except ValueError:
            return {}


def scenario(run: Recorder) -> None:
    s = run.suffix

    def user(name: str, password: str = PASSWORD) -> dict[str, Any]:
        return {"user": {"username": f"{name}_{s}", "email": f"{name}_{s}@example.com", "password": password}}

    alice = run("register alice", 201, "POST", "/api/users", json=user("alice")).get("user", {})
    bob = run("register bob", 201, "POST", "/api/users", json=user("bob")).get("user", {})
    a, b = alice.get("token", "x"), bob.get("token", "x")
    run("register taken username", 409, "POST", "/api/users", json=user("alice"))
    run(
        "register invalid",
        422,
        "POST",
        "/api/users",
        json={"user": {"username": "", "email": "not-an-email", "password": "short"}},
    )
    login = {"user": {"email": f"alice_{s}@example.com", "password": PASSWORD}}
    run("login alice", 200, "POST", "/api/users/login", json=login)
    login["user"]["password"] = "wrong-password"
    run("login wrong password", 401, "POST", "/api/users/login", json=login)
    run("current user anonymous", 401, "GET", "/api/user")
    run("current user bad token", 401, "GET", "/api/user", token="not-a-jwt")
    run("current user bob", 200, "GET", "/api/user", token=b)
    run("bob updates bio", 200, "PUT", "/api/user", token=b, json={"user": {"bio": "Bob's bio", "image": ""}})
    run(
        "bob takes alice's email",
        409,
        "PUT",
        "/api/user",
        token=b,
        json={"user": {"email": f"alice_{s}@example.com"}},
    )
    run("bob follows alice", 200, "POST", f"/api/profiles/alice_{s}/follow", token=b)
    run("alice profile as bob", 200, "GET", f"/api/profiles/alice_{s}", token=b)
    run("bob profile anonymous", 200, "GET", f"/api/profiles/bob_{s}")
    run("alice follows herself", 422, "POST", f"/api/profiles/alice_{s}/follow", token=a)
    run("unknown profile", 404, "GET", f"/api/profiles/nobody_{s}")

    new_article = {
        "title": f"Parity Article {s}",
        "description": "Both backends, one answer",
        "body": "Body text",
        "tagList": [f"p2-{s}", f"p1-{s}", f"p2-{s}"],
        "favoritesCount": 5,
    }
    article = run(
        "alice creates article", 201, "POST", "/api/articles", token=a, json={"article": new_article}
    )
    slug = article.get("article", {}).get("slug", "missing-slug")
    run("article anonymous", 200, "GET", f"/api/articles/{slug}")
    run("bob favorites", 200, "POST", f"/api/articles/{slug}/favorite", token=b)
    run("bob favorites again", 200, "POST", f"/api/articles/{slug}/favorite", token=b)
    comment = run(
        "bob comments",
        201,
        "POST",
        f"/api/articles/{slug}/comments",
        token=b,
        json={"comment": {"body": "Hi"}},
    )
    comment_id = comment.get("comment", {}).get("id", 0)
    run(
        "blank comment",
        422,
        "POST",
        f"/api/articles/{slug}/comments",
        token=b,
        json={"comment": {"body": " "}},
    )
    run("comments anonymous", 200, "GET", f"/api/articles/{slug}/comments")
    run("comments as alice", 200, "GET", f"/api/articles/{slug}/comments", token=a)
    run("list by author as bob", 200, "GET", "/api/articles", token=b, params={"author": f"alice_{s}"})
    run("list by tag", 200, "GET", "/api/articles", params={"tag": f"p1-{s}"})
    run("list favorited by bob", 200, "GET", "/api/articles", params={"favorited": f"bob_{s}", "limit": 5})
    run("list bad limit", 422, "GET", "/api/articles", params={"limit": "0"})
    run("list bad offset", 422, "GET", "/api/articles", params={"offset": "x"})
    run("feed bob", 200, "GET", "/api/articles/feed", token=b)
    run("feed alice", 200, "GET", "/api/articles/feed", token=a)
    run("feed anonymous", 401, "GET", "/api/articles/feed")
    changes = {"article": {"title": f"Parity Article Renamed {s}", "tagList": [f"p3-{s}"]}}
    run("alice updates article", 200, "PUT", f"/api/articles/{slug}", token=a, json=changes)
    run("bob updates alice's article", 403, "PUT", f"/api/articles/{slug}", token=b, json=changes)
    run(
        "update with null tagList",
        422,
        "PUT",
        f"/api/articles/{slug}",
        token=a,
        json={"article": {"tagList": None}},
    )
    run("unknown article", 404, "GET", f"/api/articles/nope-{s}")
    run("alice deletes bob's comment", 403, "DELETE", f"/api/articles/{slug}/comments/{comment_id}", token=a)
    run("comment id not an integer", 422, "DELETE", f"/api/articles/{slug}/comments/abc", token=b)
    run("bob deletes his comment", 204, "DELETE", f"/api/articles/{slug}/comments/{comment_id}", token=b)
    run("bob deletes it again", 404, "DELETE", f"/api/articles/{slug}/comments/{comment_id}", token=b)
    run("bob unfavorites", 200, "DELETE", f"/api/articles/{slug}/favorite", token=b)
    run("bob unfollows alice", 200, "DELETE", f"/api/profiles/alice_{s}/follow", token=b)
    run("bob deletes alice's article", 403, "DELETE", f"/api/articles/{slug}", token=b)
    run("alice deletes article", 204, "DELETE", f"/api/articles/{slug}", token=a)
    run("deleted article", 404, "GET", f"/api/articles/{slug}")
    run("comments of deleted article", 404, "GET", f"/api/articles/{slug}/comments")
    json_header = {"Content-Type": "application/json"}
    run("body not JSON", 400, "POST", "/api/users", content=b"{", headers=json_header)
    run(
        "body not declared JSON",
        415,
        "POST",
        "/api/users",
        content=b"{}",
        headers={"Content-Type": "text/plain"},
    )
    run("unknown route", 404, "GET", "/api/nope")
    run("wrong method", 405, "PATCH", "/api/tags")


def test_both_backends_answer_the_same_scenario_alike(clients: dict[str, httpx.Client]) -> None:
    recorded = {name: Recorder(client, uid()) for name, client in clients.items()}
    for run in recorded.values():
        scenario(run)
    fastapi, flask = recorded["fastapi"], recorded["flask"]
    assert fastapi.steps == flask.steps
    # Same answers could still be the same wrong answers: check the statuses of the contract too.
    assert [(step["step"], step["status"]) for step in fastapi.steps] == fastapi.expected

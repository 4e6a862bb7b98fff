"""Races over real HTTP against several workers: no 5xx, no lost or duplicated rows.

The database's unique constraints decide every race; a lost one must come back
as the right 409 or 404, never as a 500.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import sqlalchemy

from shared import counters
from shared.db import make_engine, make_session_factory
from shared.models import User

from .conftest import Live

TIMEOUT = httpx.Timeout(30.0)


def _name() -> str:
    return f"race{uuid.uuid4().hex[:10]}"


def _register(client: httpx.Client, name: str | None = None) -> dict[str, Any]:
    name = name or _name()
    body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
    response = client.post("/api/users", json=body)
    assert response.status_code == 201, response.text
    user: dict[str, Any] = response.json()["user"]
    return user


def _auth(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Token {user['token']}"}


def _all(count: int, call: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """`count` calls at once (one thread each), every one bounded by the client timeout."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def _client(live: Live, backend: str) -> httpx.Client:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    return httpx.Client(base_url=live.urls[backend], timeout=TIMEOUT, limits=limits)


def _drift(live: Live) -> dict[str, int]:
    """The counters that differ from a fresh `count(*)` once the race is over ({} when all are exact)."""
    engine = make_engine(live.database_url)
    try:
        with make_session_factory(engine)() as session:
            return counters.drift(session)
    finally:
        engine.dispose()


def test_same_registration_forty_times_at_once(live: Live, backend: str, record: Any) -> None:
    name = _name()
    body = {"user": {"username": name, "email": f"{name}@example.com", "password": "password123"}}
    with _client(live, backend) as client:
        answers = _all(40, lambda _: client.post("/api/users", json=body))
    statuses = Counter(response.status_code for response in answers)
    record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
    assert statuses == {201: 1, 409: 39}, statuses
    for response in answers:
        if response.status_code == 409:
            errors = response.json()["errors"]
            assert list(errors.values()) == [["has already been taken"]]
            assert set(errors) <= {"username", "email"}


def test_same_title_twenty_times_at_once(live: Live, backend: str, record: Any) -> None:
    with _client(live, backend) as client:
        author = _register(client)
        title = f"Concurrent title {uuid.uuid4().hex[:6]}"
        article = {"article": {"title": title, "description": "d", "body": "b", "tagList": ["race"]}}
        answers = _all(20, lambda _: client.post("/api/articles", json=article, headers=_auth(author)))
        record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
        assert [r.status_code for r in answers] == [201] * 20, [
            r.text for r in answers if r.status_code != 201
        ]
        assert _drift(live) == {}
        slugs = {response.json()["article"]["slug"] for response in answers}
        assert len(slugs) == 20
        listed = client.get("/api/articles", params={"author": author["username"], "limit": 100}).json()
        assert listed["articlesCount"] == 20
        assert {item["slug"] for item in listed["articles"]} == slugs


def test_favorites_count_matches_the_real_favorites(live: Live, backend: str, record: Any) -> None:
    with _client(live, backend) as client:
        author = _register(client)
        slug = client.post(
            "/api/articles",
            json={"article": {"title": "Popular", "description": "d", "body": "b"}},
            headers=_auth(author),
        ).json()["article"]["slug"]
        fans = [_register(client) for _ in range(12)]

        def toggle(index: int) -> httpx.Response:
            fan = fans[index % len(fans)]
            method = "POST" if index < len(fans) or index % 3 else "DELETE"
            return client.request(method, f"/api/articles/{slug}/favorite", headers=_auth(fan))

        answers = _all(36, toggle)
        one = fans[0]
        answers += _all(10, lambda _: client.post(f"/api/articles/{slug}/favorite", headers=_auth(one)))
        record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
        assert {r.status_code for r in answers} == {200}, [r.text for r in answers if r.status_code != 200]
        really = sum(
            client.get(f"/api/articles/{slug}", headers=_auth(fan)).json()["article"]["favorited"]
            for fan in fans
        )
        assert client.get(f"/api/articles/{slug}").json()["article"]["favoritesCount"] == really
        favorited = client.get("/api/articles", params={"favorited": one["username"]}).json()
        assert [item["slug"] for item in favorited["articles"]].count(slug) == 1
        assert favorited["articlesCount"] == 1
        assert _drift(live) == {}


def test_follow_and_unfollow_at_once(live: Live, backend: str, record: Any) -> None:
    with _client(live, backend) as client:
        star, fan = _register(client), _register(client)
        path = f"/api/profiles/{star['username']}/follow"
        answers = _all(30, lambda i: client.request("POST" if i % 2 else "DELETE", path, headers=_auth(fan)))
        answers += _all(10, lambda _: client.post(path, headers=_auth(fan)))
        record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
        assert {r.status_code for r in answers} == {200}
        profile = client.get(f"/api/profiles/{star['username']}", headers=_auth(fan)).json()["profile"]
        assert profile["following"] is True
        article = {"article": {"title": "Followed", "description": "d", "body": "b"}}
        client.post("/api/articles", json=article, headers=_auth(star))
        feed = client.get("/api/articles/feed", headers=_auth(fan)).json()
        assert feed["articlesCount"] == len(feed["articles"]) == 1
        assert _drift(live) == {}


def test_one_article_updated_at_once(live: Live, backend: str, record: Any) -> None:
    with _client(live, backend) as client:
        author = _register(client)
        slug = client.post(
            "/api/articles",
            json={"article": {"title": "Edited", "description": "d", "body": "b", "tagList": ["a"]}},
            headers=_auth(author),
        ).json()["article"]["slug"]

        def update(index: int) -> httpx.Response:
            change = {"body": f"version {index}", "tagList": [f"t{index}", "shared", f"u{index}"]}
            return client.put(f"/api/articles/{slug}", json={"article": change}, headers=_auth(author))

        answers = _all(20, update)
        record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
        assert {r.status_code for r in answers} == {200}, [r.text for r in answers if r.status_code != 200]
        final = client.get(f"/api/articles/{slug}").json()["article"]
        version = int(final["body"].split()[-1])
        assert final["tagList"] == [f"t{version}", "shared", f"u{version}"], "tags of one update, not a mix"


def test_one_comment_deleted_at_once(live: Live, backend: str, record: Any) -> None:
    with _client(live, backend) as client:
        author = _register(client)
        slug = client.post(
            "/api/articles",
            json={"article": {"title": "Commented", "description": "d", "body": "b"}},
            headers=_auth(author),
        ).json()["article"]["slug"]
        comment = client.post(
            f"/api/articles/{slug}/comments", json={"comment": {"body": "x"}}, headers=_auth(author)
        ).json()["comment"]
        path = f"/api/articles/{slug}/comments/{comment['id']}"
        answers = _all(20, lambda _: client.delete(path, headers=_auth(author)))
        record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
        assert Counter(r.status_code for r in answers) == {204: 1, 404: 19}
        assert all(
            r.json() == {"errors": {"comment": ["not found"]}} for r in answers if r.status_code == 404
        )


# --- a write racing a delete of the row it references -------------------------------------------

ROUNDS, WRITERS = 30, 10
GONE = {"article": {"errors": {"article": ["not found"]}}, "profile": {"errors": {"profile": ["not found"]}}}
GONE["comment"] = {"errors": {"comment": ["not found"]}}


def _released_together(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Every call on its own thread, all let go at one barrier, so they meet in the database."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _lost_races(answers: list[httpx.Response], won: int, *gone: str) -> list[tuple[int, str]]:
    """The answers that neither won (`won`) nor lost properly (404 naming one of `gone`)."""
    lost = [GONE[name] for name in gone]
    return [
        (r.status_code, r.text)
        for r in answers
        if r.status_code != won and not (r.status_code == 404 and r.json() in lost)
    ]


WRITES: dict[str, tuple[str, str, int]] = {
    "comment": ("POST", "/comments", 201),
    "favorite": ("POST", "/favorite", 200),
    "unfavorite": ("DELETE", "/favorite", 200),
    "update": ("PUT", "", 200),
    "delete a comment": ("DELETE", "/comments/{comment}", 204),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_a_write_racing_the_delete_of_its_article_is_a_404(
    live: Live, backend: str, record: Any, kind: str
) -> None:
    """One DELETE of an article released with 10 writes that reference it, 30 times: each write lands
    before the delete (and goes with the article) or answers 404 `article: not found`, never a 500."""
    method, suffix, won = WRITES[kind]
    body = (
        {"comment": {"body": "late"}}
        if kind == "comment"
        else {"article": {"body": "late", "tagList": ["y"]}}
    )
    with _client(live, backend) as client:
        author, other = _register(client), _register(client)
        writer = author if kind == "update" else other  # only the author may update
        answers: list[httpx.Response] = []
        for _round in range(ROUNDS):
            article = {
                "article": {"title": f"Doomed {uuid.uuid4().hex[:8]}", "description": "d", "body": "b"}
            }
            slug = client.post("/api/articles", json=article, headers=_auth(author)).json()["article"]["slug"]
            comment = client.post(
                f"/api/articles/{slug}/comments", json={"comment": {"body": "c"}}, headers=_auth(writer)
            )
            path = f"/api/articles/{slug}" + suffix.format(comment=comment.json()["comment"]["id"])
            calls = [lambda slug=slug: client.delete(f"/api/articles/{slug}", headers=_auth(author))]
            calls += [
                lambda path=path: client.request(method, path, json=body, headers=_auth(writer))
            ] * WRITERS
            released = _released_together(calls)
            assert released[0].status_code == 204, released[0].text
            answers += released[1:]
            assert client.get(f"/api/articles/{slug}/comments").status_code == 404
        record("races", len(answers) + ROUNDS, sum(1 for r in answers if r.status_code >= 500))
        assert (
            _lost_races(answers, won, "article", *(["comment"] if kind == "delete a comment" else [])) == []
        )
        assert _drift(live) == {}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_follow_racing_the_delete_of_its_user_is_a_404(
    live: Live, backend: str, record: Any, method: str
) -> None:
    """Users are not deleted through the API, but an operator may delete one: a follow or unfollow
    that loses that race is 404 `profile: not found`, never a foreign-key 500."""
    engine = make_engine(live.database_url)
    try:
        with _client(live, backend) as client:
            fan = _register(client)
            answers: list[httpx.Response] = []
            for _round in range(ROUNDS):
                name = _register(client)["username"]

                def remove(name: str = name) -> httpx.Response:
                    with engine.begin() as connection:
                        connection.execute(sqlalchemy.delete(User).where(User.username == name))
                    return httpx.Response(204)

                path = f"/api/profiles/{name}/follow"
                follow = [lambda path=path: client.request(method, path, headers=_auth(fan))] * WRITERS
                answers += _released_together([remove, *follow])[1:]
        record("races", len(answers), sum(1 for r in answers if r.status_code >= 500))
        assert _lost_races(answers, 200, "profile") == []
    finally:
        engine.dispose()

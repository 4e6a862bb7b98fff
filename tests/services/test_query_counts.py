"""No N+1 queries: a page costs the same number of SQL statements whatever its size."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from shared import articles, profiles, users
from shared.settings import Settings

LIST_BUDGET = 5
ARTICLE_BUDGET = 3


@contextmanager
def counted() -> Iterator[list[str]]:
    """Every SQL statement any engine runs inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture(scope="module")
def world(session_factory: sessionmaker[Session], settings: Settings) -> dict[str, str]:
    """An author with 50 tagged, favorited, commented articles, and a reader who follows them."""
    uid = uuid.uuid4().hex[:8]
    with session_factory() as session:
        author = users.register(
            session,
            settings,
            username=f"author{uid}",
            email=f"author{uid}@example.com",
            password="password123",
        )
        reader = users.register(
            session,
            settings,
            username=f"reader{uid}",
            email=f"reader{uid}@example.com",
            password="password123",
        )
        author_user = users.user_for_token(session, settings, author.token)
        reader_user = users.user_for_token(session, settings, reader.token)
        for number in range(50):
            created = articles.create_article(
                session,
                author_user,
                title=f"Article {number} {uid}",
                description="d",
                body="b",
                tag_list=[f"tag{uid}", f"t{number % 3}{uid}", "common"],
            )
            articles.favorite(session, reader_user, created.slug)
        profiles.follow(session, reader_user, author.username)
    return {"author": author.username, "token": reader.token, "tag": f"tag{uid}", "slug": created.slug}


@pytest.mark.parametrize("limit", [1, 50])
@pytest.mark.parametrize(
    ("path", "authenticated"),
    [
        ("/api/articles?author={author}&limit={limit}", False),
        ("/api/articles?author={author}&limit={limit}", True),
        ("/api/articles?tag={tag}&limit={limit}", False),
        ("/api/articles?tag={tag}&limit={limit}", True),
        ("/api/articles/feed?limit={limit}", True),
    ],
)
def test_list_pages_cost_a_fixed_number_of_statements(
    client: httpx.Client, world: dict[str, str], limit: int, authenticated: bool, path: str
) -> None:
    headers = {"Authorization": f"Token {world['token']}"} if authenticated else {}
    with counted() as statements:
        response = client.get(path.format(limit=limit, **world), headers=headers)
    assert response.status_code == 200
    assert len(response.json()["articles"]) == limit
    assert response.json()["articlesCount"] == 50
    assert len(statements) <= LIST_BUDGET, statements


@pytest.mark.parametrize("authenticated", [False, True])
def test_one_article_costs_at_most_three_statements(
    client: httpx.Client, world: dict[str, str], authenticated: bool
) -> None:
    headers = {"Authorization": f"Token {world['token']}"} if authenticated else {}
    with counted() as statements:
        response = client.get(f"/api/articles/{world['slug']}", headers=headers)
    assert response.status_code == 200
    assert response.json()["article"]["favorited"] is authenticated
    assert len(statements) <= ARTICLE_BUDGET, statements


def test_page_size_does_not_change_the_statement_count(client: httpx.Client, world: dict[str, str]) -> None:
    """The same statements for 1 article and for 50: nothing is loaded per row."""
    headers = {"Authorization": f"Token {world['token']}"}
    counts = []
    for limit in (1, 50):
        with counted() as statements:
            response = client.get(f"/api/articles?tag={world['tag']}&limit={limit}", headers=headers)
        assert len(response.json()["articles"]) == limit
        counts.append(len(statements))
    assert counts[0] == counts[1]

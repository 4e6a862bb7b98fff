"""The data migrations: a database at the previous revision, with rows, upgraded one step, then checked."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, text

from shared.db import make_engine
from shared.migrate import alembic_config

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    made = make_engine(empty_database_url)
    yield made
    made.dispose()


def at(url: str, revision: str) -> None:
    command.upgrade(alembic_config(url), revision)


def insert(engine: Engine, table: str, *rows: dict[str, Any]) -> None:
    columns = list(rows[0])
    names, values = ", ".join(columns), ", ".join(f":{column}" for column in columns)
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({values})"), list(rows))


def user(row_id: int, username: str, email: str) -> dict[str, Any]:
    return {
        "id": row_id,
        "username": username,
        "email": email,
        "password_hash": f"hash{row_id}",
        "created_at": NOW,
    }


def users(engine: Engine) -> dict[int, tuple[str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, username, email, password_hash FROM users ORDER BY id"))
        return {row.id: (row.username, row.email, row.password_hash) for row in rows}


# --- 0002: normalised identities ----------------------------------------------------------------

JOSE = "Jos\u00e9"
JOSE_NFD = unicodedata.normalize("NFD", JOSE)


def test_0002_writes_usernames_nfkc_and_emails_nfc_in_lower_case(
    empty_database_url: str, engine: Engine
) -> None:
    at(empty_database_url, "0001")
    insert(
        engine,
        "users",
        user(1, JOSE_NFD, "Mixed.Case@Example.TEST"),
        user(2, "\uff42\uff4f\uff42", "JOS\u0045\u0301@EXAMPLE.TEST"),
        user(3, "plain", "plain@example.test"),
    )
    at(empty_database_url, "0002")
    assert users(engine) == {
        1: (JOSE, "mixed.case@example.test", "hash1"),
        2: ("bob", "jos\u00e9@example.test", "hash2"),
        3: ("plain", "plain@example.test", "hash3"),
    }


def test_0002_makes_every_username_reachable_in_a_path(empty_database_url: str, engine: Engine) -> None:
    at(empty_database_url, "0001")
    insert(
        engine,
        "users",
        user(1, "ab/cd", "a@example.test"),
        user(2, "..", "b@example.test"),
        user(3, ".", "c@x.io"),
    )
    at(empty_database_url, "0002")
    assert [name for name, _, _ in users(engine).values()] == ["ab-cd", "..-2", ".-3"]


def test_0002_on_a_collision_the_oldest_account_keeps_the_value(
    empty_database_url: str, engine: Engine
) -> None:
    """Later accounts get `<name>-<id>` and `<local>+<id>@<domain>`, never a value another account holds."""
    at(empty_database_url, "0001")
    insert(
        engine,
        "users",
        user(1, JOSE_NFD, "Mixed.Case@Example.TEST"),
        user(2, JOSE, "mixed.case@example.test"),
        user(3, f"{JOSE}-4", "MIXED.case@example.test"),
        user(4, "\uff2aos\u00e9", "mixed.case+4@example.test"),  # fullwidth J: NFKC makes it José
    )
    at(empty_database_url, "0002")
    assert users(engine) == {
        1: (JOSE, "mixed.case@example.test", "hash1"),
        2: (f"{JOSE}-2", "mixed.case+2@example.test", "hash2"),
        3: (f"{JOSE}-4", "mixed.case+3@example.test", "hash3"),
        4: (f"{JOSE}-4-1", "mixed.case+4@example.test", "hash4"),
    }


def test_0002_keeps_renamed_values_within_the_column_limits(empty_database_url: str, engine: Engine) -> None:
    at(empty_database_url, "0001")
    long_name, long_local = "n" * 64, "l" * 240
    insert(
        engine,
        "users",
        user(1, long_name, f"{long_local}@example.io"),
        user(2, "\uff4e" * 64, f"{long_local.upper()}@example.io"),
    )
    at(empty_database_url, "0002")
    renamed_name, renamed_email, _ = users(engine)[2]
    assert renamed_name == "n" * 62 + "-2"
    assert renamed_email.endswith("+2@example.io")
    assert len(renamed_email) <= 255


def test_0002_leaves_articles_and_follows_with_their_accounts(
    empty_database_url: str, engine: Engine
) -> None:
    at(empty_database_url, "0001")
    insert(engine, "users", user(1, JOSE_NFD, "A@x.io"), user(2, JOSE, "a@x.io"))
    insert(engine, "follows", {"follower_id": 2, "followee_id": 1})
    at(empty_database_url, "0002")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT follower_id, followee_id FROM follows")).all() == [(2, 1)]
    assert len(users(engine)) == 2


# --- 0003: canonical tags -----------------------------------------------------------------------


def article(row_id: int) -> dict[str, Any]:
    return {
        "id": row_id,
        "slug": f"article-{row_id}",
        "title": "T",
        "description": "D",
        "body": "B",
        "author_id": 1,
        "created_at": NOW,
        "updated_at": NOW,
    }


def tag_links(engine: Engine) -> tuple[dict[int, str], dict[int, list[tuple[int, int]]]]:
    """The tags by id, and each article's (position, tag id) links in order."""
    with engine.connect() as connection:
        names = dict(connection.execute(text("SELECT id, name FROM tags ORDER BY id")).all())
        found: dict[int, list[tuple[int, int]]] = {}
        query = text("SELECT article_id, position, tag_id FROM article_tags ORDER BY article_id, position")
        for row in connection.execute(query):
            found.setdefault(row.article_id, []).append((row.position, row.tag_id))
    return names, found


def test_0003_merges_the_spellings_of_a_tag_into_the_oldest(empty_database_url: str, engine: Engine) -> None:
    at(empty_database_url, "0002")
    insert(engine, "users", user(1, "author", "author@example.test"))
    insert(engine, "articles", article(1), article(2), article(3), article(4))
    insert(
        engine,
        "tags",
        {"id": 1, "name": "Dragons"},
        {"id": 2, "name": " dragons "},
        {"id": 3, "name": "dragons"},
        {"id": 4, "name": "Other"},
        {"id": 5, "name": "  "},
        {"id": 6, "name": "\uff24\uff32\uff21\uff27\uff2f\uff2e\uff33"},  # fullwidth: NFKC makes it DRAGONS
        {"id": 7, "name": "kept"},
    )
    insert(
        engine,
        "article_tags",
        *(
            {"article_id": article_id, "tag_id": tag_id, "position": position}
            for article_id, tag_id, position in [
                (1, 3, 0),  # `dragons` first, then `Dragons`: one link, at the first place
                (1, 4, 1),
                (1, 1, 2),
                (2, 2, 0),
                (3, 5, 0),  # a blank tag: gone with its link
                (3, 6, 1),
                (4, 7, 0),
            ]
        ),
    )
    at(empty_database_url, "0003")
    names, linked = tag_links(engine)
    assert names == {1: "dragons", 4: "other", 7: "kept"}
    assert linked == {1: [(0, 1), (1, 4)], 2: [(0, 1)], 3: [(1, 1)], 4: [(0, 7)]}


def test_0003_leaves_canonical_tags_alone(empty_database_url: str, engine: Engine) -> None:
    at(empty_database_url, "0002")
    insert(engine, "users", user(1, "author", "author@example.test"))
    insert(engine, "articles", article(1))
    insert(engine, "tags", {"id": 1, "name": "python"}, {"id": 2, "name": "web dev"})
    insert(
        engine,
        "article_tags",
        {"article_id": 1, "tag_id": 2, "position": 0},
        {"article_id": 1, "tag_id": 1, "position": 1},
    )
    at(empty_database_url, "0003")
    assert tag_links(engine) == ({1: "python", 2: "web dev"}, {1: [(0, 2), (1, 1)]})

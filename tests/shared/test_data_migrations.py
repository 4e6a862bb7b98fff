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

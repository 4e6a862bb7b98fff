"""Rows into records: each way `shared/` builds a read's records, against the way it replaced.

No database: the same row, value or text converted both ways, so the "x fastest" column of each
group is what the change saves per value (`shared.models.UTCDateTime`, `shared.article_rows`,
`shared.accounts.AccountRecord`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy.dialects import sqlite

from shared import article_rows, users
from shared.accounts import Account, AccountRecord
from shared.models import User, UTCDateTime

STORED_TIME = "2026-12-01 18:55:45.151000"
"""A time as SQLite stores it (UTC, no offset)."""
TAG_PAIRS = '[[0,"kubernetes"],[1,"react"]]'
"""An article's tags as SQLite's `json_group_array` returns them: `[position, name]` pairs."""
ARTICLE_ROW = (
    "why-we-moved",
    "Why we moved",
    "Former local everyone heart travel.",
    None,
    datetime(2026, 12, 1, 18, 55, 45, tzinfo=UTC),
    datetime(2026, 12, 1, 19, 8, 39, tzinfo=UTC),
    3,
    "steven.nichols",
    None,
    "https://picsum.photos/seed/steven.nichols/256/256",
    0,
    1,
    TAG_PAIRS,
)
"""A page's row in `shared.article_rows.columns` order."""
USER_ROW = (42, "jake", "jake@conduit.example", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", None, None)


@dataclass(frozen=True, slots=True)
class _FrozenProfile:
    username: str
    bio: str | None
    image: str | None
    following: bool


@dataclass(frozen=True, slots=True)
class _FrozenArticle:
    slug: str
    title: str
    description: str
    body: str | None
    tag_list: list[str]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: _FrozenProfile


def _frozen_view(row: Any) -> _FrozenArticle:
    """The article's record as it was built before: frozen records, keyword arguments, `json.loads`."""
    slug, title, description, body, created, updated, count, username, bio, image, *rest = row
    favorited, following, tags = rest
    return _FrozenArticle(
        slug=slug,
        title=title,
        description=description,
        body=body,
        tag_list=[name for _position, name in sorted(json.loads(tags))],
        created_at=created,
        updated_at=updated,
        favorited=bool(favorited),
        favorites_count=count,
        author=_FrozenProfile(username=username, bio=bio, image=image, following=bool(following)),
    )


def _sqlite_time() -> Any:
    dialect = sqlite.dialect()
    return UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)


@pytest.mark.parametrize("way", ["offset appended (shared)", "zone set after parsing"])
def test_sqlite_time(benchmark: BenchmarkFixture, way: str) -> None:
    benchmark.group = "records: one SQLite time"
    benchmark.name = f"test_{way}"
    parse = _sqlite_time() if way.endswith("(shared)") else _replaced
    assert parse(STORED_TIME) == _replaced(STORED_TIME)
    benchmark(parse, STORED_TIME)


def _replaced(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@pytest.mark.parametrize("way", ["raw_decode (shared)", "json.loads"])
def test_tag_list(benchmark: BenchmarkFixture, way: str) -> None:
    benchmark.group = "records: an article's two tags"
    benchmark.name = f"test_{way}"

    def loads(value: str) -> list[str]:
        return [name for _position, name in sorted(json.loads(value))]

    names = article_rows._names if way.endswith("(shared)") else loads
    assert names(TAG_PAIRS) == ["kubernetes", "react"]
    benchmark(names, TAG_PAIRS)


@pytest.mark.parametrize("way", ["positional, not frozen (shared)", "keywords, frozen, json.loads"])
def test_article_record(benchmark: BenchmarkFixture, way: str) -> None:
    benchmark.group = "records: an article and its author from a row"
    benchmark.name = f"test_{way}"
    build = article_rows.view if way.endswith("(shared)") else _frozen_view
    assert build(ARTICLE_ROW).tag_list == ["kubernetes", "react"]
    benchmark(build, ARTICLE_ROW)


CALLER_WAYS = ["AccountRecord (shared)", "User as the ORM loads one", "User(**fields)"]


@pytest.mark.parametrize("way", CALLER_WAYS)
def test_caller(benchmark: BenchmarkFixture, way: str) -> None:
    """A read's caller built from its row, then the fields `GET /api/user` answers with read from it
    (`shared.users.me`): a record (`shared.accounts.AccountRecord`) against an ORM `User`."""
    benchmark.group = "records: the caller from its row, its fields read"
    benchmark.name = f"test_{way}"
    password_hash = USER_ROW[3]
    account_row = tuple(value for value in USER_ROW if value is not password_hash)

    def read(caller: Account) -> tuple[object, ...]:
        return (caller.id, caller.email, caller.username, caller.bio, caller.image)

    def record() -> tuple[object, ...]:
        return read(AccountRecord._make(account_row))

    def loaded() -> tuple[object, ...]:
        return read(users._detached(USER_ROW))

    def constructed() -> tuple[object, ...]:
        return read(User(**dict(zip(users._FIELDS, USER_ROW, strict=True))))

    build = {CALLER_WAYS[0]: record, CALLER_WAYS[1]: loaded, CALLER_WAYS[2]: constructed}[way]
    assert build() == (42, "jake@conduit.example", "jake", None, None)
    benchmark(build)

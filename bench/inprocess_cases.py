"""The requests `bench/inprocess.py` counts, and the shared domain calls behind the reads.

Every read of the API is a case: one article, the list and each of its filters, the
feed, the tags, an article's comments, a profile and the current user, plus the
matrix's other workloads (trivial JSON, validation alone, a create). Their subjects
come from the seeded database: the given article, its author and its first tag; the
`favorited=` list and the feed are the demo account's.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from sqlalchemy import select

from shared import db, startup
from shared.models import Article, ArticleTag, Tag, User
from shared.seed import DEMO_USERNAME
from shared.settings import Settings


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    body: bytes = b""
    auth: bool = False
    expect: int = 200
    backends: tuple[str, ...] = ("fastapi", "fastapi-async", "flask")


@dataclass(frozen=True)
class Subjects:
    """What the reads ask for: an article's `slug`, its `author`'s username and its first `tag`."""

    slug: str
    author: str
    tag: str


@cache
def subjects(database_url: str, slug: str) -> Subjects:
    """The article `slug` of the database at `database_url` (sync or async URL), its author and
    first tag (by position; the article must have one: every seeded article has). Raises
    `LookupError` for an unknown slug or an article without tags."""
    engine = db.make_engine(db.sync_url(database_url))
    try:
        with engine.connect() as connection:
            row = connection.execute(
                select(User.username, Tag.name)
                .join_from(Article, User, User.id == Article.author_id)
                .join(ArticleTag, ArticleTag.article_id == Article.id)
                .join(Tag, Tag.id == ArticleTag.tag_id)
                .where(Article.slug == slug)
                .order_by(ArticleTag.position)
                .limit(1)
            ).first()
    finally:
        engine.dispose()
    if row is None:
        raise LookupError(f"no article {slug!r} with a tag")
    return Subjects(slug=slug, author=row[0], tag=row[1])


def cases(database_url: str, slug: str) -> list[Case]:
    """Every read of the API (subjects from `subjects`), the tutorial route, and the matrix's other
    workloads; reads first, the create last (it adds an article per request)."""
    found = subjects(database_url, slug)
    create = json.dumps(
        {"article": {"title": "Counted", "description": "d", "body": "b", "tagList": ["counted"]}}
    ).encode()
    return [
        Case("json", "GET", "/api/bench/json"),
        Case("validate", "POST", "/api/bench/validate", _validate_body(), expect=201),
        Case("article", "GET", f"/api/articles/{slug}"),
        Case(
            "article (tutorial pattern)", "GET", f"/api/bench/tutorial/articles/{slug}", backends=("fastapi",)
        ),
        Case("list", "GET", "/api/articles?limit=20"),
        Case("feed", "GET", "/api/articles/feed?limit=20", auth=True),
        Case("tag", "GET", f"/api/articles?tag={quote(found.tag)}&limit=20"),
        Case("author", "GET", f"/api/articles?author={quote(found.author)}&limit=20"),
        Case("favorited", "GET", f"/api/articles?favorited={quote(DEMO_USERNAME)}&limit=20"),
        Case("tags", "GET", "/api/tags"),
        Case("comments", "GET", f"/api/articles/{slug}/comments"),
        Case("profile", "GET", f"/api/profiles/{quote(found.author)}"),
        Case("current user", "GET", "/api/user", auth=True),
        Case("create", "POST", "/api/articles", create, auth=True, expect=201),
    ]


def _validate_body() -> bytes:
    from bench.plan import CREATE_BODY

    return CREATE_BODY.encode()


def shared_calls(
    settings: Settings, slug: str, token: str, stack: contextlib.AsyncExitStack
) -> Iterator[tuple[str, Any]]:
    """(case name, the domain call both backends make for it) for every read case, each through
    `shared.db.run` as a request makes it; authenticated reads find their user in the same call."""
    from shared import articles, comments, profiles, tags, users

    factory = startup.open_database(settings.database_url, settings.limits)
    stack.callback(factory.kw["bind"].dispose)
    header = f"Token {token}"
    found = subjects(settings.database_url, slug)

    def filtered(filters: articles.ArticleFilters) -> Any:
        return lambda: db.run(factory, articles.list_articles, None, filters)

    def feed() -> None:
        @db.read_only  # as the backends' callers keep `articles.feed`'s mark
        def work(session: Any) -> object:
            return articles.feed(session, users.current_user(session, settings, header), 20, 0)

        db.run(factory, work)

    def current_user() -> None:
        @db.read_only
        def work(session: Any) -> object:
            return users.me(session, users.current_user(session, settings, header), settings, header)

        db.run(factory, work)

    yield ("article", lambda: db.run(factory, articles.get_article, None, slug))
    yield ("list", filtered(articles.ArticleFilters(limit=20)))
    yield ("feed", feed)
    yield ("tag", filtered(articles.ArticleFilters(tag=found.tag, limit=20)))
    yield ("author", filtered(articles.ArticleFilters(author=found.author, limit=20)))
    yield ("favorited", filtered(articles.ArticleFilters(favorited=DEMO_USERNAME, limit=20)))
    yield ("tags", lambda: db.run(factory, tags.list_tags))
    yield ("comments", lambda: db.run(factory, comments.list_comments, None, slug))
    yield ("profile", lambda: db.run(factory, profiles.get_profile, None, found.author))
    yield ("current user", current_user)

"""What the domain operations return: plain records, relative to the caller.

They carry Python names and types; each backend's serializer renders them to the
API's JSON (camelCase keys, ISO timestamps) with its own schema library. Nothing changes
them once built, but they are not `frozen`: a page builds 20 articles and their authors,
and a frozen pair took 1.16 µs to build against 0.27 µs (timed by hand, positional arguments;
bench/micro/test_records.py times a whole article's record both ways).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class AuthenticatedUser:
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


@dataclass(slots=True)
class ProfileView:
    username: str
    bio: str | None
    image: str | None
    following: bool


@dataclass(slots=True)
class ArticleView:
    slug: str
    title: str
    description: str
    body: str | None
    """None in list views, which leave the body out."""
    tag_list: list[str]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: ProfileView


@dataclass(slots=True)
class ArticlePage:
    articles: list[ArticleView]
    articles_count: int
    """All articles matching the filters, not only this page."""


@dataclass(slots=True)
class CommentView:
    id: int
    created_at: datetime
    updated_at: datetime
    body: str
    author: ProfileView

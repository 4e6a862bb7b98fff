"""What the domain operations return: plain read-only records, relative to the caller.

They carry Python names and types; each backend's serializer renders them to the
API's JSON (camelCase keys, ISO timestamps) with its own schema library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AuthenticatedUser:
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


@dataclass(frozen=True, slots=True)
class ProfileView:
    username: str
    bio: str | None
    image: str | None
    following: bool


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ArticlePage:
    articles: list[ArticleView]
    articles_count: int
    """All articles matching the filters, not only this page."""


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    created_at: datetime
    updated_at: datetime
    body: str
    author: ProfileView

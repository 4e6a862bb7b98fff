"""The SQLAlchemy 2.0 typed models; the Alembic migrations are generated from and checked against them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _unchanged(value: Any) -> Any:
    return value


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every database: SQLite keeps no zone, so one is added back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use shared.clock")
        return value.astimezone(UTC) if value is not None else None

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], datetime | None]:
        """On SQLite, the stored text (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC) parsed by the C ISO parser.

        SQLAlchemy's own SQLite processor parses with a regular expression and builds the
        datetime in Python, twice per article of every page read. The text is parsed with its
        offset appended (`UTC_OFFSET`): 0.11 µs a value, where parsing it and then setting the zone
        with `datetime.replace` took 0.73 µs (timed by hand; bench/micro/test_records.py: 0.2 and 0.8 µs).
        """
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype) or _unchanged

        def parse(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                return datetime.fromisoformat(value + UTC_OFFSET)
            except (TypeError, ValueError):  # a value that carries its own offset, or not text
                return _as_utc(datetime.fromisoformat(str(value)))

        return parse

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else _as_utc(value)


UTC_OFFSET = "+00:00"
"""What SQLite's stored times lack (they are UTC): appended before parsing them."""


def _as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive one is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    bio: Mapped[str | None] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    articles_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Articles this user wrote: `articlesCount` of `?author=` (`shared.counters`)."""
    favorites_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Articles this user favorited: `articlesCount` of `?favorited=` (`shared.counters`)."""

    def __repr__(self) -> str:  # never show the hash, even in a debugger
        return f"User(id={self.id!r}, username={self.username!r})"


class Follow(Base):
    __tablename__ = "follows"

    follower_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    followee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    articles_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Articles carrying this tag: `articlesCount` of `?tag=` (`shared.counters`)."""


class Counter(Base):
    """Counts that belong to no row: `articles` is `articlesCount` of the unfiltered list."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ArticleTag(Base):
    """A tag on an article, at the position the author gave it.

    It carries its article's `created_at`, so `?tag=` walks one index in list order
    (tag, newest first) and stops after `offset + limit` rows, however many articles
    carry the tag.
    """

    __tablename__ = "article_tags"
    __table_args__ = (
        Index("ix_article_tags_tag_id_created_at", "tag_id", "article_created_at", "article_id"),
    )

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    article_created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    tag: Mapped[Tag] = relationship(lazy="joined", innerjoin=True)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_created_at_id_author_id", "created_at", "id", "author_id"),
        Index("ix_articles_author_id_created_at_id", "author_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    favorites_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Users who favorited it: the API's `favoritesCount` (`shared.counters`)."""

    author: Mapped[User] = relationship(lazy="raise")
    tag_links: Mapped[list[ArticleTag]] = relationship(
        order_by=ArticleTag.position,
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
    )

    @property
    def tag_list(self) -> list[str]:
        return [link.tag.name for link in self.tag_links]


class Favorite(Base):
    """A user's favorite, with its article's `created_at` so `?favorited=` walks one index in list order."""

    __tablename__ = "favorites"
    __table_args__ = (
        Index("ix_favorites_user_id_created_at", "user_id", "article_created_at", "article_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    article_created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_article_id_created_at", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    author: Mapped[User] = relationship(lazy="raise")

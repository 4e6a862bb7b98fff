"""Comments on articles, listed oldest first; only their author may delete them."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.orm import Session

from shared import clock, db, errors, reader
from shared.accounts import Account, entity
from shared.articles import article_id
from shared.limits import storable
from shared.models import Article, Comment, Follow, User
from shared.profiles import followed_by_viewer, profile_view
from shared.views import CommentView, ProfileView


def _view(comment: Comment, following: bool) -> CommentView:
    return CommentView(
        id=comment.id,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
        body=comment.body,
        author=profile_view(comment.author, following),
    )


articles = Article.__table__
comments = Comment.__table__
users = User.__table__
follows = Follow.__table__


@cache
def _comments_query(viewer: bool) -> Select[Any]:
    """The article (one row with NULL comment columns if it has none) and its comments, oldest first."""
    return (
        select(
            comments.c.id,
            comments.c.created_at,
            comments.c.updated_at,
            comments.c.body,
            users.c.username,
            users.c.bio,
            users.c.image,
            followed_by_viewer(viewer, users.c.id),
        )
        .select_from(articles)
        .outerjoin(comments, comments.c.article_id == articles.c.id)
        .outerjoin(users, users.c.id == comments.c.author_id)
        .where(articles.c.slug == bindparam("slug"))
        .order_by(comments.c.created_at, comments.c.id)
    )


@db.read_only
def list_comments(source: reader.Source, viewer: Account | None, slug: str) -> list[CommentView]:
    """The article's comments, oldest first, relative to `viewer`; `errors.NotFound` for an unknown
    slug. One statement, built once (SQLAlchemy Core): no rows means no article."""
    if not storable(slug):
        raise errors.NotFound("article")
    params = {"slug": slug, "viewer": viewer.id if viewer is not None else None}
    rows = reader.of(source).rows(_comments_query(viewer is not None), params)
    if not rows:
        raise errors.NotFound("article")
    return [
        CommentView(
            id=comment_id,
            created_at=created,
            updated_at=updated,
            body=body,
            author=ProfileView(username=username, bio=bio, image=image, following=bool(following)),
        )
        for comment_id, created, updated, body, username, bio, image, following in rows
        if comment_id is not None
    ]


def add_comment(session: Session, author: Account, slug: str, body: str) -> CommentView:
    """A new comment; 404 if the article is gone, also when it is deleted while the comment is written."""
    moment = clock.now()
    comment = Comment(
        body=body,
        article_id=article_id(session, slug),
        author=entity(session, author),
        created_at=moment,
        updated_at=moment,
    )
    session.add(comment)
    with db.gone_if_deleted(session, "article"):
        session.commit()
    return _view(comment, following=False)


def delete_comment(session: Session, user: Account, slug: str, comment_id: int) -> None:
    """A comment is found only under its own article; deleting twice is a 404."""
    found = article_id(session, slug)
    comment = session.scalar(select(Comment).where(Comment.id == comment_id, Comment.article_id == found))
    if comment is None:
        raise errors.NotFound("comment")
    if comment.author_id != user.id:
        raise errors.Forbidden("comment")
    result = session.execute(delete(Comment).where(Comment.id == comment.id))
    session.commit()
    if getattr(result, "rowcount", 1) == 0:
        raise errors.NotFound("comment")

"""Comments on articles, listed oldest first; only their author may delete them."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, contains_eager

from shared import clock, db, errors
from shared.articles import article_id
from shared.models import Comment, User
from shared.profiles import following_clause, profile_view
from shared.views import CommentView


def _view(comment: Comment, following: bool) -> CommentView:
    return CommentView(
        id=comment.id,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
        body=comment.body,
        author=profile_view(comment.author, following),
    )


def list_comments(session: Session, viewer: User | None, slug: str) -> list[CommentView]:
    found = article_id(session, slug)
    rows = session.execute(
        select(Comment, following_clause(viewer, Comment.author_id))
        .join(Comment.author)
        .options(contains_eager(Comment.author))
        .where(Comment.article_id == found)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    return [_view(comment, following) for comment, following in rows]


def add_comment(session: Session, author: User, slug: str, body: str) -> CommentView:
    """A new comment; 404 if the article is gone, also when it is deleted while the comment is written."""
    moment = clock.now()
    comment = Comment(
        body=body, article_id=article_id(session, slug), author=author, created_at=moment, updated_at=moment
    )
    session.add(comment)
    with db.gone_if_deleted(session, "article"):
        session.commit()
    return _view(comment, following=False)


def delete_comment(session: Session, user: User, slug: str, comment_id: int) -> None:
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

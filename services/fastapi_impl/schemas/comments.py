"""Comment schemas; twin of `flask_impl/schemas/comments.py`."""

from __future__ import annotations

from pydantic import BaseModel

from services.fastapi_impl.schemas.fields import CommentText, Id, RequestModel, ResponseModel, Timestamp
from services.fastapi_impl.schemas.profiles import Profile


class NewComment(RequestModel):
    body: CommentText


class NewCommentRequest(RequestModel):
    comment: NewComment


class CommentPath(BaseModel):
    """The comment id in the path: an integer that fits the database's id column."""

    id: Id


class Comment(ResponseModel):
    id: int
    created_at: Timestamp
    updated_at: Timestamp
    body: str
    author: Profile


class SingleCommentResponse(ResponseModel):
    comment: Comment


class MultipleCommentsResponse(ResponseModel):
    comments: list[Comment]
